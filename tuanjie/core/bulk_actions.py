"""Actions on several records of a list at once (accept these items, verify these rectifications, grant this role).

Each selected record is taken on its own, through the same service or workflow step as its own page, in its own
transaction: one record refused (already accepted by a colleague, not this office's to verify) does not undo the
others, and the outcome names every refused record with the rule's own Chinese reason. All-or-nothing would make
one stale row in fifty block the office's whole batch; taken row by row, sending the same batch again is safe,
since a record already moved on is refused by its own rule instead of being moved twice."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

MAX_SELECTED = 500


@dataclass(frozen=True)
class BulkAction:
    name: str
    label: str
    run: Callable   # run(by=, record=, note=, choice=) takes the step on one record
    note_label: str = ""          # the step needs a note (退回意见), asked once for the batch
    note_required: bool = False
    choices: Callable | None = None   # choices(user) → [(value, label)]: what the step needs picked (a role)
    choice_label: str = ""


@dataclass
class BulkOutcome:
    done: list = field(default_factory=list)
    refused: list[tuple[object, str]] = field(default_factory=list)


def bulk_apply(*, by, records: Iterable, action: BulkAction, note: str = "", choice: str = "") -> BulkOutcome:
    outcome = BulkOutcome()
    for record in records:
        try:
            with transaction.atomic():
                action.run(by=by, record=record, note=note, choice=choice)
        except ValidationError as exc:
            outcome.refused.append((record, "；".join(exc.messages)))
        except PermissionDenied as exc:
            outcome.refused.append((record, str(exc)))
        else:
            outcome.done.append(record)
    return outcome


def workflow_step(workflow, step: str) -> Callable:
    """A bulk run that takes `step` of `workflow` (core/workflow.py) on each record, with the batch's note."""

    def run(*, by, record, note, choice):
        workflow.take(by=by, record=record, action=step, note=note)

    return run
