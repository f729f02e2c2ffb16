"""The one workflow engine. An app declares a `Workflow` (its model, its transition table, who each actor is, how to
write its history row and whom to tell) and takes every step through `Workflow.take`; pages, the API and templates
ask `Workflow.available` which steps a person may take on a record now.

One step, in one transaction: lock the row, check the state, then the actor, then the note; apply the step's own
effects, set the target state, save once (the save writes the change log), write the history row, send the
notification. Anything that raises leaves no trace: no state change, no history row, no change log, no message.

A workflow may also say when each step may be taken (`window`): a step outside its dates is refused, with the
dates in the message, before anyone's right to take it is asked (a call for applications closes for everyone).

The to-do list (core/todo.py) asks the same tables: a workflow names the states in which a record waits for one of
its actors (`Waiting`), each actor says in SQL which records it may act on (`Actor.holds`, the query form of `may`),
and `Workflow.awaiting(user)` is then one query per workflow, for every workflow declared (`WORKFLOWS`)."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

Text = str | Promise   # a label or message, translated now or lazily


@dataclass(frozen=True)
class Transition:
    """One row of a transition table: `action` from any of `sources` to `target` (None: the state stays, or `apply`
    sets it), taken by whoever the workflow's actor `actor` admits. `apply(step)` makes the step's own changes to the
    locked record (and may refuse with ValidationError); `offered=False` keeps a step out of `available` (it is taken
    elsewhere, e.g. for a whole campaign at once)."""

    action: str
    label: Text
    sources: frozenset
    target: str | None
    actor: str
    note_required: bool = False
    note_missing: Text = ""         # the message when the note is missing; default "请填写…的理由"
    apply: Callable[[Step], Any] | None = None
    offered: bool = True


@dataclass(frozen=True)
class Actor:
    """Who may take the steps of one actor: `may(user, record)` decides, `who` (text, or record → text) names them
    in the refusal "只有…可以…"."""

    may: Callable[..., bool]
    who: Text | Callable[[Any], Text]
    # The records `may` admits the user for, as a filter on the workflow's model (Q() for all); None when the user
    # plays this actor nowhere. It must agree with `may` on every waiting record (tests/core/test_todo.py checks).
    holds: Callable[[Any], Q | None] | None = None


@dataclass(frozen=True)
class Waiting:
    """A record in `state` waits for a step of `actor`: it is on the to-do of whoever that actor admits."""

    state: str
    actor: str
    heading: Text          # the to-do group it is listed under: "信息待审核"


@dataclass(frozen=True)
class Window:
    """The dates between which a step may be taken (both included), e.g. a call's "县级申报 9月1日至9月30日".
    `what` names the step in the refusal; `source` names who set the dates ("2026年省级示范县申报通知")."""

    opens: date
    closes: date
    what: Text
    source: Text = ""

    def refusal(self, today: date) -> ValidationError | None:
        from tuanjie.core.dates import when

        if self.opens <= today <= self.closes:
            return None
        args = {"what": self.what, "a": when(self.opens), "b": when(self.closes), "src": self.source}
        if today < self.opens:
            text = _("%(what)s的办理时间为%(a)s至%(b)s（%(src)s），尚未开始") % args
        else:
            text = _("%(what)s的办理时间为%(a)s至%(b)s（%(src)s），已经截止；如确需办理，请发布通知的创建办"
                     "说明理由后重新开放") % args
        return ValidationError(text.replace("（）", ""))


@dataclass(frozen=True)
class Notice:
    """A message the step sends (in the inbox, by email where configured), linking to the record."""

    recipients: Iterable
    title: str
    body: str = ""
    kind: str = "info"
    dedupe_key: str | None = None


@dataclass
class Step:
    """One step being taken: what `apply`, the history writer and the notifier receive."""

    workflow: Workflow
    transition: Transition
    record: Any
    by: Any
    note: str
    before: str
    params: Mapping = field(default_factory=dict)
    context: Mapping = field(default_factory=dict)
    history: dict = field(default_factory=dict)   # what `apply` hands the history writer (a step, an office…)
    result: Any = None                            # what `apply` returned
    entry: Any = None                             # the history row written

    @property
    def action(self) -> str:
        return self.transition.action

    @property
    def user(self):
        """The acting user as a foreign key takes it (None for the system)."""
        return self.by if getattr(self.by, "pk", None) else None


_quiet: contextvars.ContextVar[bool] = contextvars.ContextVar("workflow_quiet", default=False)


@contextlib.contextmanager
def quiet():
    """Take steps without notifying anyone (back-filling past records, e.g. the demo's earlier months)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


# Every workflow declared, in import order: the to-do reads them all, so a new workflow needs no to-do code.
WORKFLOWS: list[Workflow] = []


def table(*transitions: Transition) -> dict[str, Transition]:
    return {t.action: t for t in transitions}


@dataclass(frozen=True)
class Workflow:
    model: type
    transitions: dict[str, Transition]
    actors: dict[str, Actor]
    noun: Text                                  # names the record in messages: "该诉求", "申报"
    state_field: str = "status"
    related: tuple = ()                         # select_related when locking
    lock_first: Callable[[Any], None] | None = None   # rows to lock before the record's own (lock order)
    guard: Callable[[Step], None] | None = None       # further conditions, checked after the state
    history: Callable[[Step], Any] | None = None
    # whom to tell: one notice, several (the next office and the record's own people), or None
    notify: Callable[[Step], Notice | Iterable[Notice] | None] | None = None
    waiting: tuple[Waiting, ...] = ()
    window: Callable[[Step], Window | None] | None = None    # when the step may be taken (None: any day)

    def __post_init__(self):
        unknown = {t.actor for t in self.transitions.values()} - set(self.actors)
        unknown |= {w.actor for w in self.waiting} - set(self.actors)
        if unknown:
            raise ImproperlyConfigured(f"{self.model.__name__} workflow: no actor named {', '.join(sorted(unknown))}")
        idle = [w.state for w in self.waiting if not any(
            t.offered and t.actor == w.actor and w.state in t.sources for t in self.transitions.values())]
        if idle:
            raise ImproperlyConfigured(f"{self.model.__name__} workflow: nothing to take in {', '.join(idle)}")
        WORKFLOWS.append(self)

    # ------------------------------------------------------------------ questions

    def state_of(self, record) -> str:
        return getattr(record, self.state_field)

    def transition(self, action: str) -> Transition:
        t = self.transitions.get(action)
        if t is None:
            raise ValidationError(_("未知的办理操作：%(a)s") % {"a": action})
        return t

    def actor_may(self, user, record, t: Transition, context: Mapping | None = None) -> bool:
        actor = self.actors[t.actor]
        return bool(actor.may(user, record, **context) if context else actor.may(user, record))

    def available(self, user, record, **context) -> list[Transition]:
        """The steps `user` may take on `record` now, in table order (the pages' buttons, the API's `steps`)."""
        return [t for t in self.transitions.values()
                if t.offered and self._refusal(user, record, t, context) is None]

    def may(self, user, record, action: str, **context) -> bool:
        """May `user` take `action` on `record` now (offered in `available` or not)?"""
        t = self.transitions.get(action)
        return t is not None and self._refusal(user, record, t, context) is None

    def check(self, user, record, action: str, **context) -> Transition:
        """Raise ValidationError (state) or PermissionDenied (actor) as `take` would; return the transition."""
        t = self.transition(action)
        refusal = self._refusal(user, record, t, context)
        if refusal is not None:
            raise refusal
        return t

    def _refusal(self, user, record, t: Transition, context: Mapping) -> Exception | None:
        # The state first: whoever asks for a step the record is not ready for is told where it stands.
        state = self.state_of(record)
        if state not in t.sources:
            display = getattr(record, f"get_{self.state_field}_display")()
            return ValidationError(_("%(noun)s当前状态为“%(s)s”，不能%(a)s") % {
                "noun": self.noun, "s": display, "a": t.label})
        if self.guard is not None:
            try:
                self.guard(Step(self, t, record, user, "", state, context=context))
            except (ValidationError, PermissionDenied) as exc:
                return exc
        if self.window is not None:
            window = self.window(Step(self, t, record, user, "", state, context=context))
            refusal = window.refusal(timezone.localdate()) if window is not None else None
            if refusal is not None:
                return refusal
        if not self.actor_may(user, record, t, context):
            who = self.actors[t.actor].who
            return PermissionDenied(_("只有%(who)s可以%(a)s") % {
                "who": who(record) if callable(who) else who, "a": t.label})
        return None

    def awaiting(self, user, waiting: Waiting):
        """The records in `waiting.state` on which `user` may take a step of `waiting.actor`, as one queryset;
        None when the user plays that actor nowhere (no query to run)."""
        holds = self.actors[waiting.actor].holds
        held = holds(user) if holds is not None and getattr(user, "is_authenticated", False) else None
        if held is None:
            return None
        return self.model._default_manager.filter(held, **{self.state_field: waiting.state})

    def awaited_steps(self, user, record) -> list[Transition]:
        """The steps `user` may take on `record` that its waiting is for (what the to-do offers)."""
        state = self.state_of(record)
        actors = {w.actor for w in self.waiting if w.state == state}
        return [t for t in self.available(user, record) if t.actor in actors]

    # ------------------------------------------------------------------ the step

    def take(self, *, by, record, action: str, note: str = "", context: Mapping | None = None,
             **params) -> Step:
        """Take one step on `record` (its row is locked and re-read first). `params` go to the step's `apply`;
        `context` holds other objects the actor check depends on (e.g. the publication being withdrawn)."""
        t = self.transition(action)
        context = context or {}
        with transaction.atomic():
            if self.lock_first is not None:
                self.lock_first(record)
            qs = self.model._default_manager.select_for_update(of=("self",))
            if self.related:
                qs = qs.select_related(*self.related)
            record = qs.get(pk=record.pk)
            refusal = self._refusal(by, record, t, context)
            if refusal is not None:
                raise refusal
            note = (note or "").strip()
            if t.note_required and not note:
                raise ValidationError(str(t.note_missing) if t.note_missing else _("请填写%(a)s的理由") % {"a": t.label})
            step = Step(self, t, record, by, note, self.state_of(record), params=params, context=context)
            if t.apply is not None:
                step.result = t.apply(step)
            if t.target is not None:
                setattr(record, self.state_field, t.target)
            record.save()
            if self.history is not None:
                step.entry = self.history(step)
            if self.notify is not None and not _quiet.get():
                notices = self.notify(step)
                for notice in [notices] if isinstance(notices, Notice) else (notices or ()):
                    send(notice, record)
        return step


def send(notice: Notice, record) -> int:
    """Send a notice about `record` (the engine does after each step; reminders about a record do too)."""
    from tuanjie.notifications.services import notify

    recipients = [r for r in notice.recipients if r is not None]
    return notify(recipients, title=notice.title, body=notice.body, url=record.get_absolute_url(), kind=notice.kind,
               dedupe_key=notice.dedupe_key)
