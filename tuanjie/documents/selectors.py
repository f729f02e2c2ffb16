"""The figures a report states, gathered from the other apps' selectors.

A figure the dashboard shows (activities, participants, activities by kind, information submitted, accepted and
published, the units of a place, the monthly form's cells) is read from the analytics selectors, that is from the
fact table the dashboard reads, so a report and the dashboard can never disagree. Figures the dashboard does not
show (leading groups, plans, inspection rounds, funds, the units ranked by their own records) come from the owning
app's selectors. A part that breaks raises: a report is never drafted around a hole."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from tuanjie.activities.selectors import activity_totals, outputs_in, units_by_activity_count
from tuanjie.analytics import selectors as figures
from tuanjie.core import countables
from tuanjie.funds.models import FundSource
from tuanjie.funds.selectors import fund_summary
from tuanjie.inspections.models import Finding, Rectification, Round, Talk
from tuanjie.inspections.selectors import OPEN_STATES, overdue_rectifications
from tuanjie.leadership.models import LeadingGroup, Member
from tuanjie.places.models import Place
from tuanjie.plans.models import Plan, PlanPhase, ScheduledActivity
from tuanjie.plans.selectors import overdue, plan_figures
from tuanjie.quotas.models import QuotaRule
from tuanjie.quotas.selectors import compliance_table, rule_subjects, visible_periods

NO_DATA = "（暂无数据）"
INFORMATION_KEYS = ("information.submitted", "information.accepted", "information.published")


# ------------------------------------------------------------------------------------------------ organisation
@dataclass
class Organisation:
    units: int                 # creation units in the subtree
    leading_groups: int        # leading groups set up in the subtree (own included)
    unit_groups: int           # of which in creation units
    own_group: str             # the place's own group, with its leader's post ("" when none)
    plans: int                 # implementation plans of the year in the subtree


def organisation(place: Place, year: int) -> Organisation:
    groups = LeadingGroup.objects.filter(place__path__startswith=place.path)
    own = groups.filter(place=place).first()
    own_text = ""
    if own is not None:
        leader = own.members.filter(position=Member.Position.LEADER).first()
        own_text = f"{own.name}（组长：{leader.title}）" if leader and leader.title else str(own.name)
    return Organisation(
        units=figures.unit_total(place),
        leading_groups=groups.count(),
        unit_groups=groups.filter(place__kind=Place.Kind.UNIT).count(),
        own_group=own_text,
        plans=Plan.objects.filter(place__path__startswith=place.path, year=year).count(),
    )


# ------------------------------------------------------------------------------------------------ publicity
@dataclass
class Publicity:
    activities: int
    participants: int
    active_units: int          # places (areas and units) that held an activity themselves: not on the dashboard
    by_kind: list[tuple[str, int]] = field(default_factory=list)     # (label, count), non-zero, largest first
    outputs: list[str] = field(default_factory=list)                 # "制作宣传牌191个（某单位）"
    info_submitted: int = 0
    info_accepted: int = 0
    info_published: int = 0


def publicity(place: Place, start: date, end: date) -> Publicity:
    kinds = figures.kind_keys(place)
    found = figures.totals_between(place, start, end, [figures.ACTIVITY, *INFORMATION_KEYS, *(k for k, _ in kinds)])
    by_kind = sorted(((label, found[key]["n"]) for key, label in kinds if found[key]["n"]), key=lambda r: -r[1])
    return Publicity(
        activities=found[figures.ACTIVITY]["n"],
        participants=found[figures.ACTIVITY]["total"],
        active_units=activity_totals(place, start, end)["units"],
        by_kind=by_kind,
        outputs=[f"{a.output_text}（{a.place.name}）" for a in outputs_in(place, start, end, limit=5)],
        info_submitted=found["information.submitted"]["n"],
        info_accepted=found["information.accepted"]["n"],
        info_published=found["information.published"]["n"],
    )


# ------------------------------------------------------------------------------------------------ typical examples
@dataclass
class Examples:
    most_active: list[tuple[str, int]]       # (unit, activities)
    most_accepted: list[tuple[str, int]]     # (unit, accepted information items)


def examples(place: Place, start: date, end: date, top: int = 3) -> Examples:
    """Units ranked by their own records (the dashboard ranks only the children of a place)."""
    ranked = units_by_activity_count(place, start, end)
    most_active = [(u.name, n) for u, n in reversed(ranked) if n > 0][:top]
    units = {u.pk: u for u in Place.objects.subtree(place).units()}
    counts = countables.get("information.accepted").count_by_place(start, end, units.keys())
    most_accepted = [(units[pk].name, n) for pk, n in sorted(counts.items(), key=lambda kv: (-kv[1],
                                                                                          units[kv[0]].path))
                     if n > 0][:top]
    return Examples(most_active, most_accepted)


# ------------------------------------------------------------------------------------------------ inspections
@dataclass
class Inspections:
    rounds: int
    round_kinds: list[tuple[str, int]]
    highlights: int
    problems: int
    rectifications: int
    rectified: int               # verified (销号)
    open: int
    overdue: int
    talks: int
    overdue_units: list[str] = field(default_factory=list)


def inspections(place: Place, start: date, end: date, today: date) -> Inspections:
    rounds = Round.objects.filter(place__path__startswith=place.path, start_date__range=(start, end))
    kinds = dict(Round.Kind.choices)
    round_kinds: dict[str, int] = {}
    for kind in rounds.values_list("kind", flat=True):
        round_kinds[str(kinds.get(kind, kind))] = round_kinds.get(str(kinds.get(kind, kind)), 0) + 1
    findings = Finding.objects.filter(round__in=rounds)
    items = Rectification.objects.filter(unit__path__startswith=place.path, finding__round__in=rounds)
    overdue = overdue_rectifications(today, items)
    return Inspections(
        rounds=rounds.count(),
        round_kinds=sorted(round_kinds.items(), key=lambda kv: -kv[1]),
        highlights=findings.filter(kind=Finding.Kind.HIGHLIGHT).count(),
        problems=findings.filter(kind=Finding.Kind.PROBLEM).count(),
        rectifications=items.count(),
        rectified=items.filter(state=Rectification.State.VERIFIED).count(),
        open=items.filter(state__in=OPEN_STATES).count(),
        overdue=overdue.count(),
        talks=Talk.objects.filter(place__path__startswith=place.path, date__range=(start, end)).count(),
        overdue_units=sorted({r.unit.name for r in overdue}),
    )


# ------------------------------------------------------------------------------------------------ funds
@dataclass
class Funds:
    total: Decimal
    by_source: list[tuple[str, Decimal]]
    sites_funded: int
    self_funding_units: int
    needed: Decimal | None
    gap: Decimal | None
    spent: Decimal | None


def funds(place: Place, year: int) -> Funds:
    """From the funds app's `fund_summary(place, year)`: the same figures as its 经费概况 page."""
    figures = fund_summary(place, year)
    labels = dict(FundSource.choices)
    gap = figures.gap
    return Funds(
        total=figures.allocated,
        by_source=[(str(labels.get(code, code)), amount) for code, amount in figures.by_source.items()],
        sites_funded=figures.sites_funded,
        self_funding_units=figures.units_self_funding,
        needed=figures.need or None,
        gap=gap if gap > 0 else None,
        spent=figures.spent,
    )


def wan(amount) -> str:
    """Yuan → "45万元" / "4.5万元" / "3000元" as offices write it."""
    amount = Decimal(amount or 0)
    if amount >= 10000:
        value = (amount / 10000).quantize(Decimal("0.01")).normalize()
        return f"{value:f}万元"
    return f"{amount.quantize(Decimal('1')):f}元"


# ------------------------------------------------------------------------------------------------ delivery
@dataclass
class Delivery:
    plan_title: str
    tasks: int
    done: int
    overdue: int
    average_percent: int
    overdue_tasks: list[tuple[str, str]] = field(default_factory=list)   # (task, lead unit)
    quota_rules: int = 0
    quota_percent: int | None = None
    quota_behind_units: list[tuple[str, int]] = field(default_factory=list)  # (unit, periods short)


def the_plan(place: Place, year: int) -> Plan | None:
    return Plan.objects.filter(place=place, year=year).order_by("-status", "-id").first()


def delivery(place: Place, year: int, today: date) -> Delivery:
    plan = the_plan(place, year)
    if plan is None:
        result = Delivery(plan_title="", tasks=0, done=0, overdue=0, average_percent=0)
    else:
        figures = plan_figures(plan, today)
        late = overdue(plan.tasks.select_related("lead_unit"), today).order_by("deadline", "number")[:5]
        result = Delivery(plan_title=plan.title, tasks=figures.tasks, done=figures.done, overdue=figures.overdue,
                          average_percent=figures.average_percent,
                          overdue_tasks=[(t.title, t.lead_unit.name if t.lead_unit_id else "") for t in late])
    result.quota_rules, result.quota_percent, result.quota_behind_units = _quota_standing(place, year, today)
    return result


def _quota_standing(place: Place, year: int, today: date) -> tuple[int, int | None, list[tuple[str, int]]]:
    """Rules set at the place or above it for the year, over the place's units, periods begun by `today`:
    (rules, overall percent of due records done, units short in most periods)."""
    ancestors = [p.pk for p in place.ancestors_and_self()]
    rules = list(QuotaRule.objects.filter(place_id__in=ancestors, year=year, is_active=True)
                 .select_related("place").prefetch_related("creation_fields"))
    done = due = 0
    short: dict[str, int] = {}
    for rule in rules:
        periods = [span for span in visible_periods(rule, today) if span.start <= today]
        if not periods:
            continue
        units = rule_subjects(rule).filter(path__startswith=place.path)
        table = compliance_table(rule, today=today, units=units, periods=periods)
        for summary in table.summaries:
            done += summary.done
            due += summary.due
        for row in table.rows:
            missed = sum(1 for s in row.standings if s.is_behind)
            if missed:
                short[row.place.name] = short.get(row.place.name, 0) + missed
    percent = int(done * 100 / due) if due else None
    behind = sorted(short.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    return len(rules), percent, behind


# ------------------------------------------------------------------------------------------------ lagging units
def idle_units(place: Place, start: date, end: date, limit: int = 5) -> list[str]:
    """Units that held no activity in the period (the activities app's own ranking, fewest first)."""
    return [u.name for u, n in units_by_activity_count(place, start, end) if n == 0][:limit]


# ------------------------------------------------------------------------------------------------ what comes next
@dataclass
class Upcoming:
    phases: list[tuple[str, date, date, str]]          # (name, start, end, description)
    schedule: list[tuple[date, str, str]]               # (start, title, organiser)


def upcoming(place: Place, year: int, today: date, days: int = 92) -> Upcoming:
    plan = the_plan(place, year)
    if plan is None:
        return Upcoming([], [])
    phases = [(p.name, p.start, p.end, p.description)
              for p in PlanPhase.objects.filter(plan=plan, end__gte=today).order_by("start", "order")]
    horizon = today + timedelta(days=days)
    items = (ScheduledActivity.objects.filter(plan=plan, start__lte=horizon)
             .filter(Q(start__gte=today) | Q(end__gte=today)).select_related("organiser").order_by("start", "id"))
    schedule = [(s.start, s.title, s.organiser.name if s.organiser is not None else "") for s in items[:8]]
    return Upcoming(phases, schedule)


# ------------------------------------------------------------------------------------------------ all of it
@dataclass
class ReportFigures:
    place: Place
    start: date
    end: date
    today: date
    organisation: Organisation
    publicity: Publicity
    examples: Examples
    inspections: Inspections
    funds: Funds
    delivery: Delivery
    idle_units: list[str]
    upcoming: Upcoming


def report_figures(place: Place, start: date, end: date, today: date | None = None) -> ReportFigures:
    today = today or date.today()
    as_of = min(today, end)
    year = start.year
    return ReportFigures(
        place=place, start=start, end=end, today=today,
        organisation=organisation(place, year),
        publicity=publicity(place, start, end),
        examples=examples(place, start, end),
        inspections=inspections(place, start, end, as_of),
        funds=funds(place, year),
        delivery=delivery(place, year, as_of),
        idle_units=idle_units(place, start, end),
        upcoming=upcoming(place, year, today),
    )


# ------------------------------------------------------------------------------------------------ monthly form
MONTHLY_COLUMNS = [
    ("activity", "开展活动（次）"),
    ("information.submitted", "报送信息（条）"),
    ("information.accepted", "采用信息（条）"),
    ("information.published", "发布信息（条）"),
    ("information.late", "其中补录（条）"),
    ("pairing.visit", "入户走访（户次）"),
    ("pairing.need_solved", "解决诉求（件）"),
]


def monthly_rows(place: Place, start: date, end: date) -> tuple[list[str], list[list]]:
    """The monthly form: one row per child place (areas and units directly below), one column per countable, each
    cell the child's figure on the dashboard (its whole subtree); the place's own records, then a total row last."""
    keys = [key for key, _label in MONTHLY_COLUMNS]
    children = list(Place.objects.filter(path__startswith=place.path, depth=place.depth + 1).order_by("path"))
    per_child = figures.children_totals_between(place, start, end, keys)
    whole = figures.totals_between(place, start, end, keys)
    headers = ["地区/单位"] + [label for _key, label in MONTHLY_COLUMNS]
    rows: list[list] = []
    for child in children:
        found = per_child.get(child.pk, {})
        rows.append([child.name] + [found[key]["n"] if key in found else 0 for key in keys])
    totals = [whole[key]["n"] for key in keys]
    own = [total - sum(row[i + 1] for row in rows) for i, total in enumerate(totals)]
    if any(own):
        rows.append([f"{place.name}（本级）"] + own)
    rows.append(["合计"] + totals)
    return headers, rows
