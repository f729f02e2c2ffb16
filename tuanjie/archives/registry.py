"""What goes into a subject's year archive: each app declares its pieces in `<app>/archive.py` as
PIECES = [Piece(...)], found like search.py and countables.py (core/discovery.py). The same declarations say which
records a closed year makes read-only (closing.py): a piece's records, and `Piece(listed=False)` for the parts of a
record that the catalogue does not list on their own (a plan's tasks, a finding's rectification)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from django.db import models
from django.utils import timezone

from tuanjie.archives.models import Retention
from tuanjie.core.access import within


@dataclass(frozen=True)
class Piece:
    category: str                  # the catalogue's 类别 and the package's folder: "活动"
    series: str                    # the 档号's 问题代码: "HD"
    model: type
    year: str                      # lookup to the record's year: an integer year field, or a date ("start_date")
    dated: str = ""                # lookup to the piece's 日期 (default: `year` when it is a date)
    title: Callable | None = None  # record → 题名 (default str(record))
    responsible: Callable | None = None   # record → 责任者 (default: the record's place)
    retention: str = Retention.THIRTY
    files: bool = True             # the record's attachments go into the package
    document: Callable | None = None      # record → .docx bytes, filed as PDF
    listed: bool = True            # False: closed with its year, but not a catalogue line of its own
    select_related: tuple = ()
    extra: Callable | None = None  # (queryset) → queryset: further conditions (accepted items only)
    number: Callable | None = None        # record → its stored 件号 (paper documents); default: counted in order
    retention_of: Callable | None = None  # record → its own 保管期限, where each record has one

    @property
    def place_lookup(self) -> str:
        return self.model.place_path_lookup.removesuffix("__path").removesuffix("path").rstrip("_")

    @property
    def year_is_date(self) -> bool:
        return isinstance(final_field(self.model, self.year), models.DateField)

    def records(self, place, year: int):
        """The piece's records of `place`'s subtree and `year`, in a stable order (件号 follow it)."""
        qs = self.model._default_manager.filter(within(place, self.place_lookup))
        qs = qs.filter(**{f"{self.year}__year" if self.year_is_date else self.year: year})
        if self.extra is not None:
            qs = self.extra(qs)
        place_related = self.place_lookup
        return qs.select_related(place_related, *self.select_related).order_by("pk")

    def year_of(self, record) -> int | None:
        value = follow(record, self.year)
        return value.year if isinstance(value, datetime.date) else value

    def date_of(self, record):
        value = follow(record, self.dated) if self.dated else follow(record, self.year) if self.year_is_date else None
        # a moment (submitted_at) is filed under the day it was in Beijing; Excel holds no time zones
        return timezone.localdate(value) if isinstance(value, datetime.datetime) else value


def final_field(model, lookup: str):
    field = None
    for part in lookup.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model
    return field


def follow(record, lookup: str):
    value = record
    for part in lookup.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


@cache
def pieces() -> tuple[Piece, ...]:
    from tuanjie.core.discovery import app_modules

    return tuple(piece for _config, module in app_modules("archive") for piece in getattr(module, "PIECES", []))


def listed() -> Iterator[Piece]:
    return (p for p in pieces() if p.listed)


@cache
def by_model() -> dict[type, tuple[Piece, ...]]:
    found: dict[type, list[Piece]] = {}
    for piece in pieces():
        found.setdefault(piece.model, []).append(piece)
    return {model: tuple(found_) for model, found_ in found.items()}
