"""The to-do list (待办): what awaits a person's step, read from the live state of the records, never from stored
messages, so an item leaves everyone's list the moment anyone entitled takes its step.

Its sources are every workflow's waiting states (`core/workflow.py`: `Waiting` and each actor's `holds`), so a new
workflow is on the list without code here, and each app's `todo.py` (`TODO = [Source(...)]`) for what no workflow
step expresses: overdue items of the person's subtree, re-inspections falling due. The bell and the menu show the
count: one COUNT query per source the person may have items in, none for the others."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import QuerySet

from tuanjie.core.workflow import Text


@dataclass(frozen=True)
class Source:
    """One kind of item: `records(user)` are the ones awaiting `user` (a queryset), or None when the person cannot
    have any (no query is run). `related` is selected with them for the list."""

    key: str
    heading: Text
    records: Callable[[Any], QuerySet | None]
    related: tuple = ()


@dataclass
class Group:
    source: Source
    count: int
    items: list


@cache
def sources() -> tuple[Source, ...]:
    """The workflows' waiting states first (in the order the apps are installed), then the apps' own sources."""
    from tuanjie.core.discovery import app_modules
    from tuanjie.core.workflow import WORKFLOWS

    list(app_modules("services"))   # every workflow is declared in its app's services
    found = [_waiting_source(workflow, waiting) for workflow in WORKFLOWS for waiting in workflow.waiting]
    found += [source for _config, module in app_modules("todo") for source in getattr(module, "TODO", [])]
    return tuple(found)


def _waiting_source(workflow, waiting) -> Source:
    key = f"{workflow.model._meta.label_lower}.{waiting.state}.{waiting.actor}"
    return Source(key, waiting.heading, lambda user: workflow.awaiting(user, waiting), workflow.related)


def counts(user) -> list[tuple[Source, int]]:
    """(source, number of items) for the sources with items for `user`. A superuser may take every step but is
    nobody's reviewer: their list would be the whole country's, so it is empty."""
    found = []
    if user.is_superuser:
        return found
    for source in sources():
        records = source.records(user)
        if records is not None:
            n = records.count()
            if n:
                found.append((source, n))
    return found


def total(user) -> int:
    return sum(n for _source, n in counts(user))


def groups(user, limit: int = 50) -> list[Group]:
    """The to-do page: each source with items, its count and its first `limit` records."""
    found = []
    for source, n in counts(user):
        records = source.records(user)
        if source.related:
            records = records.select_related(*source.related)
        found.append(Group(source, n, list(records[:limit])))
    return found


def request_total(request) -> int:
    """The count on the bell and the menu, computed once per request whatever asks for it."""
    cached = getattr(request, "_tuanjie_todo_total", None)
    if cached is None:
        cached = request._tuanjie_todo_total = total(request.user)
    return cached
