"""Reads of the roll-up figures, shared by the dashboard, its JSON, exports and reports.

Everything here reads the fact table (models.Fact), never the raw records: the figures of a place are its own
rows; its children's figures are the rows one level down; "active units" are unit rows with a count above
zero. Each function is one or two indexed queries whatever the size of the subtree."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from tuanjie.activities.selectors import kinds_for
from tuanjie.analytics import facts
from tuanjie.analytics.models import Fact
from tuanjie.core import countables
from tuanjie.places.models import CreationField, Place

ACTIVITY = "activity"
# The headline figures: (key, label of the measure when `which` is "total", unit, which number: n or total).
# Every key must be registered: a renamed countable raises here instead of showing an empty figure.
HEADLINE = [
    (ACTIVITY, "开展活动", "次", "n"),
    (ACTIVITY, "参与人数", "人次", "total"),
    ("information.submitted", "报送信息", "条", "n"),
    ("information.accepted", "采用信息", "条", "n"),
    ("information.published", "发布信息", "条", "n"),
    ("pairing.contact", "结对联系", "次", "n"),
    ("pairing.visit", "入户走访", "户次", "n"),
    ("pairing.need_raised", "群众诉求", "件", "n"),
    ("pairing.need_solved", "已解决诉求", "件", "n"),
]
TREND_KEYS = [ACTIVITY, "information.published", "pairing.contact"]
RANK_KEYS = [ACTIVITY, "information.accepted", "pairing.contact"]


# ------------------------------------------------------------------------------------------------------- periods
@dataclass(frozen=True)
class Span:
    grain: str        # "y", "q" or "m"
    start: date
    end: date

    @property
    def code(self) -> str:
        if self.grain == "y":
            return f"{self.start.year}"
        if self.grain == "q":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"

    @property
    def label(self) -> str:
        if self.grain == "y":
            return _("%(y)d年") % {"y": self.start.year}
        if self.grain == "q":
            return _("%(y)d年第%(q)d季度") % {"y": self.start.year, "q": (self.start.month - 1) // 3 + 1}
        return _("%(y)d年%(m)d月") % {"y": self.start.year, "m": self.start.month}

    def months(self) -> list[date]:
        out, day = [], self.start
        while day <= self.end:
            out.append(day)
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return out

    @classmethod
    def of(cls, grain: str, start: date) -> Span:
        if grain == "y":
            return cls("y", date(start.year, 1, 1), date(start.year, 12, 31))
        months = 3 if grain == "q" else 1
        first = date(start.year, start.month - (start.month - 1) % months if grain == "q" else start.month, 1)
        last_month = first.month + months - 1
        following = date(first.year + (last_month == 12), last_month % 12 + 1, 1)
        return cls(grain, first, following - timedelta(days=1))

    @classmethod
    def parse(cls, text: str | None, today: date) -> Span:
        """"2026" / "2026-Q2" / "2026-05"; anything else means this year."""
        text = (text or "").strip()
        if m := re.fullmatch(r"(\d{4})", text):
            return cls.of("y", date(int(m[1]), 1, 1))
        if (m := re.fullmatch(r"(\d{4})-Q([1-4])", text)):
            return cls.of("q", date(int(m[1]), 3 * int(m[2]) - 2, 1))
        if (m := re.fullmatch(r"(\d{4})-(\d{2})", text)) and 1 <= int(m[2]) <= 12:
            return cls.of("m", date(int(m[1]), int(m[2]), 1))
        return cls.of("y", today)

    def choices(self) -> list[tuple[str, str]]:
        """The periods of this span's year, for the period picker."""
        year = date(self.start.year, 1, 1)
        spans = [Span.of("y", year)] + [Span.of("q", date(year.year, 3 * q - 2, 1)) for q in range(1, 5)]
        spans += [Span.of("m", date(year.year, m, 1)) for m in range(1, 13)]
        return [(s.code, s.label) for s in spans]


def label_of(key: str) -> str:
    return str(countables.get(key).label)


def kind_keys(place=None) -> list[tuple[str, str]]:
    """(fact key, label) of the activity kinds that apply to the place: the national defaults in their order,
    then the kinds its offices added (archived ones too: their records still count)."""
    keys = [f"{ACTIVITY}.{code}" for code, _label in kinds_for(place, include_archived=True)]
    return [(key, label_of(key)) for key in keys]


def office_figures(place, span: Span, *, link=lambda key, place, span, **kw: "",
                   own: dict[tuple[str, int], int] | None = None) -> list[Figure]:
    """The countables the place's offices (itself and above) defined, with their figures for the period: each is
    its source's fact rows, narrowed to its creation field (one query for all of them, none when `own` holds the
    place's rows of the period already: {(key, creation field id): n})."""
    from tuanjie.analytics.models import CountableDefinition

    defined = [d.as_countable() for d in CountableDefinition.objects.applying_to(place)]
    if not defined:
        return []
    keys = {c.figures_key for c in defined}
    found: defaultdict[tuple[str, int], int] = defaultdict(int)
    rows: Iterable[tuple[str, int, int]]
    if own is not None:
        rows = [(key, field_id, n) for (key, field_id), n in own.items() if key in keys]
    else:
        rows = (Fact.objects.filter(place=place, grain=span.grain, period=span.start, countable__in=keys)
                .values_list("countable", "creation_field_id").annotate(sn=Sum("n")).order_by())
    for key, field_id, n in rows:
        found[(key, field_id)] += n or 0
    figures = []
    for c in defined:
        value = (found[(c.figures_key, c.fact_field)] if c.fact_field else
                 sum(n for (key, _f), n in found.items() if key == c.figures_key))
        figures.append(Figure(c.key, str(c.label), value, c.unit, link(c.key, place, span)))
    return figures


def percent(part: int, whole: int) -> int | None:
    """A rate in whole per cent, always within 0–100 (None when there is nothing to divide by)."""
    if not whole:
        return None
    return max(0, min(100, round(100 * part / whole)))


# ---------------------------------------------------------------------------------------------------- roll-ups
def months_filter(start: date, end: date) -> dict:
    """The fact rows of the whole months start..end: the one row of a year, quarter or month, else the monthly
    rows (a report's "January to June"). Records and measures add up across months; coverage does not."""
    for grain in ("y", "q", "m"):
        span = Span.of(grain, start)
        if (span.start, span.end) == (start, end):
            return {"grain": grain, "period": start}
    if end < start or start.day != 1 or (end + timedelta(days=1)).day != 1:
        raise ValueError(f"facts hold whole months, not {start}..{end}")
    return {"grain": "m", "period__gte": start, "period__lte": end.replace(day=1)}


def totals(place, span: Span, keys=None) -> dict[str, dict[str, int]]:
    """{key: {"n": records, "total": measure}} for the place's subtree and the period: its own fact rows."""
    return totals_between(place, span.start, span.end, keys)


def totals_between(place, start: date, end: date, keys=None) -> dict[str, dict[str, int]]:
    """`totals` for whole months start..end (see `months_filter`)."""
    qs = Fact.objects.filter(place=place, **months_filter(start, end))
    if keys is not None:
        qs = qs.filter(countable__in=list(keys))
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"n": 0, "total": 0})
    for row in qs.values("countable").annotate(sn=Sum("n"), st=Sum("total")).order_by():
        out[row["countable"]] = {"n": row["sn"] or 0, "total": row["st"] or 0}
    return out


def by_field(place, span: Span, key: str = ACTIVITY) -> dict[int, int]:
    """{creation field id (0 = none): records}."""
    rows = (Fact.objects.filter(place=place, grain=span.grain, period=span.start, countable=key)
            .values("creation_field_id").annotate(sn=Sum("n")).order_by())
    return {r["creation_field_id"]: r["sn"] or 0 for r in rows}


def trend(place, year: int, keys=TREND_KEYS) -> dict[str, list[int]]:
    """Monthly counts over a year: {key: [12 numbers]}."""
    out = {key: [0] * 12 for key in keys}
    rows = (Fact.objects.filter(place=place, grain="m", period__gte=date(year, 1, 1), period__lte=date(year, 12, 1),
                                countable__in=list(keys))
            .values("countable", "period").annotate(sn=Sum("n")).order_by())
    for r in rows:
        out[r["countable"]][r["period"].month - 1] += r["sn"] or 0
    return out


def children_totals(place, span: Span, keys=RANK_KEYS) -> dict[int, dict[str, dict[str, int]]]:
    """{child place id: {key: {"n", "total"}}} for the children of the place (one query)."""
    return children_totals_between(place, span.start, span.end, keys)


def children_totals_between(place, start: date, end: date, keys=RANK_KEYS) -> dict[int, dict[str, dict[str, int]]]:
    """`children_totals` for whole months start..end (see `months_filter`)."""
    rows = (Fact.objects.filter(depth=place.depth + 1, path__startswith=place.path, countable__in=list(keys),
                                **months_filter(start, end))
            .values("place_id", "countable").annotate(sn=Sum("n"), st=Sum("total")).order_by())
    out: dict[int, dict] = defaultdict(lambda: defaultdict(lambda: {"n": 0, "total": 0}))
    for r in rows:
        out[r["place_id"]][r["countable"]] = {"n": r["sn"] or 0, "total": r["st"] or 0}
    return out


def _coverage(place, key: str, grain: str, period: date) -> dict[tuple[str, int], int]:
    rows = (Fact.objects.filter(grain=grain, depth=place.depth + 1, path__startswith=place.path, period=period,
                                countable=key)
            .values_list("path", "creation_field_id", "n"))
    return {(path, field_id): n for path, field_id, n in rows if n}


def unit_counts(place) -> dict[tuple[str, int], int]:
    """{(child path, creation field id): number of units} in each child's subtree (the child included), from the
    coverage rows of the children."""
    return _coverage(place, facts.UNITS, facts.ALL, facts.ALWAYS)


def unit_total(place) -> int:
    """The units in the place's subtree (the place included when it is one), as the coverage rows count them."""
    found = Fact.objects.filter(place=place, countable=facts.UNITS, grain=facts.ALL, period=facts.ALWAYS)
    return found.aggregate(n=Sum("n"))["n"] or 0


def active_unit_counts(place, span: Span) -> dict[tuple[str, int], int]:
    """{(child path, creation field id): units with at least one record of the coverage key in the period} in each
    child's subtree. A unit whose sub-unit did the work counts as active too; each unit counts under its own
    creation field."""
    return _coverage(place, facts.ACTIVE, span.grain, span.start)


# ----------------------------------------------------------------------------------------------------- dashboard
@dataclass
class BoardRows:
    """The fact rows of one dashboard, sorted by what reads them (see `board_rows`)."""
    own: defaultdict[tuple[str, int], int]                 # (key, creation field) -> records, the period
    own_total: defaultdict[str, int]                       # key -> measure (participants), the period
    trend: dict[str, list[int]]                            # key -> 12 monthly records
    children: defaultdict[int, defaultdict[str, int]]     # child place id -> key -> records, the period
    units: dict[tuple[str, int], int]                      # (child path, creation field) -> units
    active: dict[tuple[str, int], int]                     # (child path, creation field) -> active units

    def totals(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for (key, _field_id), n in self.own.items():
            out.setdefault(key, {"n": 0, "total": 0})["n"] += n
        for key, total in self.own_total.items():
            out.setdefault(key, {"n": 0, "total": 0})["total"] += total
        return out


def board_rows(place, span: Span) -> BoardRows:
    """Every fact row the dashboard shows, in one query: the place's own rows of the period and of its year's
    months (the trend), and its children's rows of the ranked keys, their active units and their units. The
    same figures as totals/trend/by_field/children_totals/unit_counts/active_unit_counts, read once."""
    year = span.start.year
    own = Q(place=place) & (Q(grain=span.grain, period=span.start)
                            | Q(grain="m", period__gte=date(year, 1, 1), period__lte=date(year, 12, 1),
                                countable__in=TREND_KEYS))
    below = Q(depth=place.depth + 1, path__startswith=place.path) & (
        Q(grain=span.grain, period=span.start, countable__in=[*RANK_KEYS, facts.ACTIVE])
        | Q(grain=facts.ALL, period=facts.ALWAYS, countable=facts.UNITS))
    found = BoardRows(defaultdict(int), defaultdict(int), {key: [0] * 12 for key in TREND_KEYS},
                      defaultdict(lambda: defaultdict(int)), {}, {})
    for place_id, path, key, grain, period, field_id, n, total in Fact.objects.filter(own | below).values_list(
            "place_id", "path", "countable", "grain", "period", "creation_field_id", "n", "total"):
        if place_id == place.pk:
            if grain == span.grain and period == span.start:
                found.own[(key, field_id)] += n
                found.own_total[key] += total
            if grain == "m" and key in found.trend and period.year == year:
                found.trend[key][period.month - 1] += n
        elif key == facts.UNITS:
            if n:
                found.units[(path, field_id)] = n
        elif key == facts.ACTIVE:
            if n:
                found.active[(path, field_id)] = n
        else:
            found.children[place_id][key] += n
    return found


@dataclass
class Figure:
    key: str
    label: str
    value: int
    unit: str
    url: str = ""


@dataclass
class ChildRow:
    place: Place
    figures: list[int]
    units: int
    active: int
    rate: int | None
    drill_url: str


@dataclass
class CoverageRow:
    label: str
    place: object | None
    cells: list[tuple[int, int, int | None]]     # (units, active units, rate) per creation field
    units: int = 0
    active: int = 0

    @property
    def rate(self) -> int | None:
        return percent(self.active, self.units)


@dataclass
class Dashboard:
    place: object
    span: Span
    headline: list[Figure] = field(default_factory=list)
    trend_months: list[str] = field(default_factory=list)
    trend: list[tuple[str, list[int]]] = field(default_factory=list)
    fields: list = field(default_factory=list)
    by_field: list[tuple[str, int, str]] = field(default_factory=list)
    by_kind: list[tuple[str, int, str]] = field(default_factory=list)
    own_countables: list[Figure] = field(default_factory=list)    # what the place's offices defined
    rank_labels: list[str] = field(default_factory=list)
    children: list[ChildRow] = field(default_factory=list)
    coverage: list[CoverageRow] = field(default_factory=list)
    coverage_total: CoverageRow | None = None
    extra: dict = field(default_factory=dict)


def dashboard(place, span: Span, *, link=lambda key, place, span, **kw: "",
              drill=lambda place: "") -> Dashboard:
    """Everything the dashboard shows for a place and period. `link(key, place, span, **filters)` makes the URL of
    the records behind a figure; `drill(place)` the dashboard URL of a child place."""
    board = Dashboard(place=place, span=span)
    read = board_rows(place, span)
    own = read.totals()
    for key, label, unit, which in HEADLINE:
        value = own[key][which] if key in own else 0
        board.headline.append(Figure(key, label_of(key) if which == "n" else _(label), value, unit,
                                     link(key, place, span)))

    year_trend = read.trend
    board.trend_months = [f"{m}月" for m in range(1, 13)]
    board.trend = [(label_of(k), year_trend[k]) for k in TREND_KEYS]

    board.fields = list(CreationField.objects.filter(is_active=True).order_by("order", "id"))
    per_field: defaultdict[int, int] = defaultdict(int)
    for (key, field_id), n in read.own.items():
        if key == ACTIVITY:
            per_field[field_id] += n
    board.by_field = [(f.name, per_field.get(f.pk, 0), link(ACTIVITY, place, span, creation_field=f.pk))
                      for f in board.fields if per_field.get(f.pk, 0)]
    if per_field.get(0):
        board.by_field.append((_("其他"), per_field[0], link(ACTIVITY, place, span)))
    board.by_kind = [(label, own[key]["n"], link(key, place, span)) for key, label in kind_keys(place)
                     if key in own and own[key]["n"]]
    board.own_countables = office_figures(place, span, link=link, own=read.own)

    # Ranking of the children (areas and units directly below), with coverage of each.
    children = list(Place.objects.filter(path__startswith=place.path, depth=place.depth + 1)
                    .select_related("level", "creation_field").order_by("path"))
    units, active = read.units, read.active
    units_by_child: defaultdict[str, int] = defaultdict(int)
    active_by_child: defaultdict[str, int] = defaultdict(int)
    for (child_path, _f), c in units.items():
        units_by_child[child_path] += c
    for (child_path, _f), c in active.items():
        active_by_child[child_path] += c
    board.rank_labels = [label_of(k) for k in RANK_KEYS]
    for child in children:
        figs = [read.children[child.pk][k] for k in RANK_KEYS]
        u, a = units_by_child[child.path], active_by_child[child.path]
        board.children.append(ChildRow(child, figs, u, a, percent(a, u), drill(child)))
    board.children.sort(key=lambda row: (-row.figures[0], row.place.path))

    # Coverage matrix: child areas × creation fields; units directly below the place form one more row.
    field_ids = [f.pk for f in board.fields]
    area_children = [c for c in children if c.kind == Place.Kind.AREA]
    direct_units = {c.path for c in children if c.kind == Place.Kind.UNIT}
    rows = [(c.name, c, [c.path]) for c in area_children]
    if direct_units:
        rows.append((_("本级直属单位"), None, sorted(direct_units)))
    total = CoverageRow(_("合计"), None, [])
    totals_by_field: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0])
    for label, child, paths in rows:
        cells: list[tuple[int, int, int | None]] = []
        row = CoverageRow(label, child, cells)
        for fid in field_ids:
            u = sum(units.get((p, fid), 0) for p in paths)
            a = sum(active.get((p, fid), 0) for p in paths)
            cells.append((u, a, percent(a, u)))
            row.units += u
            row.active += a
            totals_by_field[fid][0] += u
            totals_by_field[fid][1] += a
        board.coverage.append(row)
    total.cells = [(totals_by_field[f][0], totals_by_field[f][1], percent(totals_by_field[f][1], totals_by_field[f][0]))
                   for f in field_ids]
    total.units = sum(u for u, _a, _r in total.cells)
    total.active = sum(a for _u, a, _r in total.cells)
    board.coverage_total = total
    return board


# ------------------------------------------------------------------------------------- countables offices define
def countable_name_taken(place, name: str, *, exclude_pk=None) -> bool:
    from tuanjie.analytics.models import CountableDefinition

    return CountableDefinition._base_manager.filter(place=place, name=name).exclude(pk=exclude_pk).exists()


def countable_in_use(definition) -> bool:
    """Does a quota rule or an assessment indicator count by this definition?"""
    from tuanjie.assessments.models import Indicator
    from tuanjie.quotas.models import QuotaRule

    return (QuotaRule._base_manager.filter(countable=definition.key).exists()
            or Indicator._base_manager.filter(countable_key=definition.key).exists())
