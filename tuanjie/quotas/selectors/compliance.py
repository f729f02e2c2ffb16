"""The compliance arithmetic of quota rules, as pure functions (no database): periods of a year, the target a
unit owes in a period, and its standing.

The rule for units that opened or closed mid-period (Place.active_from / active_until): the target is PRORATED
by the days the unit was active in the period, ROUNDED UP, so a unit active for any part of the period owes at
least one record; a unit active for none of it owes nothing and is shown as exempt (不考核). The rate counts at
most the records due, so it never exceeds 100 %:

    due  = ceil(minimum × active_days / period_days)      (0 when active_days == 0)
    rate = min(done, due) / due                           (None when due == 0)
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

MONTH, BIMONTH, QUARTER, HALF, YEAR = "month", "bimonth", "quarter", "half", "year"
MONTHS_PER_PERIOD = {MONTH: 1, BIMONTH: 2, QUARTER: 3, HALF: 6, YEAR: 12}

MET, BEHIND, MISSED, EXEMPT, UPCOMING = "met", "behind", "missed", "exempt", "upcoming"
STATE_LABELS = {MET: "已完成", BEHIND: "进行中未达标", MISSED: "未完成", EXEMPT: "不考核", UPCOMING: "未开始"}


@dataclass(frozen=True)
class Span:
    """One period of a rule, both ends inclusive."""

    key: str       # "2026-03", "2026-B2", "2026-Q1", "2026-H1", "2026"
    label: str     # "3月", "3—4月", "第一季度", "上半年", "全年"
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def days_left(self, today: date) -> int:
        """Days from today to the period's last day (0 on the last day)."""
        return (self.end - today).days


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def periods_of(year: int, kind: str) -> list[Span]:
    """The periods of one kind that make up a year, in order."""
    if kind not in MONTHS_PER_PERIOD:
        raise ValueError(f"unknown period kind {kind!r}")
    step = MONTHS_PER_PERIOD[kind]
    spans = []
    for index, first in enumerate(range(1, 13, step), start=1):
        start, end = date(year, first, 1), _month_end(year, first + step - 1)
        if kind == MONTH:
            key, label = f"{year}-{first:02d}", f"{first}月"
        elif kind == BIMONTH:
            key, label = f"{year}-B{index}", f"{first}—{first + 1}月"
        elif kind == QUARTER:
            key, label = f"{year}-Q{index}", f"第{'一二三四'[index - 1]}季度"
        elif kind == HALF:
            key, label = f"{year}-H{index}", ("上半年", "下半年")[index - 1]
        else:
            key, label = f"{year}", "全年"
        spans.append(Span(key, label, start, end))
    return spans


def period_containing(day: date, kind: str) -> Span:
    return next(span for span in periods_of(day.year, kind) if span.contains(day))


def active_days(span: Span, active_from: date | None, active_until: date | None) -> int:
    """Days of the period on which the unit was active (open ends mean always)."""
    start = max(span.start, active_from) if active_from else span.start
    end = min(span.end, active_until) if active_until else span.end
    return max(0, (end - start).days + 1)


def due_for(minimum: int, span: Span, active_from: date | None = None, active_until: date | None = None) -> int:
    """Records a unit owes in the period: the minimum prorated by active days, rounded up."""
    if minimum <= 0:
        return 0
    active = active_days(span, active_from, active_until)
    if active >= span.days:
        return minimum
    return -(-minimum * active // span.days)   # ceiling division in integers


@dataclass(frozen=True)
class Standing:
    done: int
    due: int
    state: str

    @property
    def rate(self) -> float | None:
        """Share of the due records done, 0..1; None when nothing is due."""
        if self.due <= 0:
            return None
        return min(self.done, self.due) / self.due

    @property
    def percent(self) -> int | None:
        rate = self.rate
        return None if rate is None else int(rate * 100)

    @property
    def missing(self) -> int:
        return max(0, self.due - self.done)

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def is_behind(self) -> bool:
        return self.state in (BEHIND, MISSED)


def standing(*, done: int, minimum: int, span: Span, today: date,
             active_from: date | None = None, active_until: date | None = None) -> Standing:
    """Where a unit stands in one period on `today`."""
    if span.start > today:
        return Standing(0, due_for(minimum, span, active_from, active_until), UPCOMING)
    due = due_for(minimum, span, active_from, active_until)
    if due == 0:
        return Standing(done, 0, EXEMPT)
    if done >= due:
        return Standing(done, due, MET)
    return Standing(done, due, MISSED if span.end < today else BEHIND)


@dataclass(frozen=True)
class Summary:
    units: int          # units assessed (not exempt, not upcoming)
    met: int
    behind: int         # still open and short
    missed: int         # closed and short
    exempt: int
    done: int           # records counted towards the due (capped per unit)
    due: int

    @property
    def rate(self) -> float | None:
        return None if self.due <= 0 else self.done / self.due

    @property
    def percent(self) -> int | None:
        rate = self.rate
        return None if rate is None else int(rate * 100)


def summarize(standings: Iterable[Standing]) -> Summary:
    """Totals over units for one period; the overall rate caps each unit at its due, so it never exceeds 100 %."""
    met = behind = missed = exempt = units = done = due = 0
    for s in standings:
        if s.state == UPCOMING:
            continue
        if s.state == EXEMPT:
            exempt += 1
            continue
        units += 1
        done += min(s.done, s.due)
        due += s.due
        met += s.state == MET
        behind += s.state == BEHIND
        missed += s.state == MISSED
    return Summary(units, met, behind, missed, exempt, done, due)


def days_before_end(day: date, kinds: Iterable[str] = (MONTH, BIMONTH, QUARTER, HALF, YEAR)) -> dict[str, int]:
    """For each period kind, days from `day` to the end of the period containing it."""
    return {kind: period_containing(day, kind).days_left(day) for kind in kinds}


__all__ = ["Span", "Standing", "Summary", "periods_of", "period_containing", "active_days", "due_for", "standing",
           "summarize", "days_before_end"]
