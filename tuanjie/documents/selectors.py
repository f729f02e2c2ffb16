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

from tuanjie.activities.selectors import outputs_in, units_by_activity_count
from tuanjie.analytics import selectors as figures
from tuanjie.core import countables
from tuanjie.documents import phrasing
from tuanjie.funds.models import FundNeed, FundSource
from tuanjie.funds.selectors import fund_summary
from tuanjie.inspections.models import Finding, Rectification, Round, Talk
from tuanjie.inspections.selectors import OPEN_STATES, overdue_rectifications
from tuanjie.leadership.models import LeadingGroup, Member
from tuanjie.places.models import Place
from tuanjie.plans.models import Plan, PlanPhase, PlanTask, ScheduledActivity
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
    active_units: int          # creation units that registered an activity in the period (the idle list's complement)
    by_kind: list[tuple[str, int]] = field(default_factory=list)     # (label, count), non-zero, largest first
    outputs: list[str] = field(default_factory=list)                 # what activities produced, as written
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
        active_units=sum(1 for _u, n in units_by_activity_count(place, start, end) if n),
        by_kind=by_kind,
        outputs=[a.output_text for a in outputs_in(place, start, end, limit=200)],
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
    round_starts: list[date]
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
        round_starts=sorted(rounds.values_list("start_date", flat=True)),
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
    public: Decimal                         # 上级及财政资金: every source but the units' own (the 经费概况 page's figure)
    public_by_source: list[tuple[str, Decimal]]   # (source, amount), non-zero, in the sources' order
    self_funded: Decimal
    self_funding_units: int
    sites_funded: int
    allocated: Decimal                      # public + self-funded
    needed: Decimal | None
    needs_from: str                         # who stated the need: "own" (the office itself), "below", "both"
    gap: Decimal | None
    spent: Decimal | None


def funds(place: Place, year: int) -> Funds:
    """From the funds app's `fund_summary(place, year)`: the same figures as its 经费概况 page."""
    figures = fund_summary(place, year)
    labels = dict(FundSource.choices)
    gap = figures.gap
    holders = set(FundNeed.objects.filter(place__path__startswith=place.path, year=year)
                  .values_list("place_id", flat=True).distinct())
    needs_from = ("own" if holders == {place.pk} else "below" if place.pk not in holders else "both")
    return Funds(
        public=figures.public,
        public_by_source=[(str(labels[code]), figures.by_source[code]) for code in FundSource.values
                          if code != FundSource.SELF and figures.by_source[code]],
        self_funded=figures.self_funded,
        self_funding_units=figures.units_self_funding,
        sites_funded=figures.sites_funded,
        allocated=figures.allocated,
        needed=figures.need or None,
        needs_from=needs_from,
        gap=gap if gap > 0 else None,
        spent=figures.spent or None,
    )


def wan(amount) -> str:
    """Yuan → 万元 as offices write it (see phrasing.wan)."""
    return phrasing.wan(amount)


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
    quota_behind: list[tuple[str, list[str]]] = field(default_factory=list)  # (what is short, units short)
    # (task, target, unit, achieved, reported done)
    targets: list[tuple[str, int, str, int, bool]] = field(default_factory=list)


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
                          overdue_tasks=[(t.title, t.lead_unit.name if t.lead_unit_id else "") for t in late],
                          targets=task_targets(plan, date(year, 1, 1), today))
    result.quota_rules, result.quota_percent, result.quota_behind = _quota_standing(place, year, today)
    return result


def task_targets(plan: Plan, start: date, end: date) -> list[tuple[str, int, str, int, bool]]:
    """Tasks with a numeric target and what the ledger shows achieved from `start` to `end`: the activities
    registered against the task (their participants when the target counts 人次)."""
    from django.db.models import Count, Sum

    from tuanjie.activities.models import Activity

    tasks = list(plan.tasks.filter(target_quantity__isnull=False).order_by("number", "id"))
    if not tasks:
        return []
    done: dict[int, dict] = {row["plan_task"]: dict(row) for row in Activity.objects.filter(
        plan_task__in=tasks, start_date__range=(start, end)).values("plan_task")
        .annotate(n=Count("id"), people=Sum("participants")).order_by()}
    out: list[tuple[str, int, str, int, bool]] = []
    for task in tasks:
        row = done.get(task.pk, {})
        achieved = (row.get("people") or 0) if task.target_unit == "人次" else row.get("n", 0)
        out.append((task.title, task.target_quantity or 0, task.target_unit, int(achieved),
                    task.status == PlanTask.Status.DONE))
    return out


def _quota_standing(place: Place, year: int, today: date) -> tuple[int, int | None, list[tuple[str, list[str]]]]:
    """Rules set at the place or above it for the year, over the place's units, periods begun by `today`:
    (rules, overall percent of due records done, [(what falls short, the units short in some period)])."""
    ancestors = [p.pk for p in place.ancestors_and_self()]
    rules = list(QuotaRule.objects.filter(place_id__in=ancestors, year=year, is_active=True)
                 .select_related("place").prefetch_related("creation_fields"))
    done = due = 0
    behind: list[tuple[str, list[str]]] = []
    for rule in rules:
        periods = [span for span in visible_periods(rule, today) if span.start <= today]
        if not periods:
            continue
        units = rule_subjects(rule).filter(path__startswith=place.path)
        table = compliance_table(rule, today=today, units=units, periods=periods)
        for summary in table.summaries:
            done += summary.done
            due += summary.due
        short = [row.place.name for row in table.rows if any(s.is_behind for s in row.standings)]
        if short:
            what = f"{countables.get(rule.countable).label}未达规定次数"
            known = next((names for label, names in behind if label == what), None)
            if known is None:
                behind.append((what, short))
            else:
                known.extend(name for name in short if name not in known)
    percent = int(done * 100 / due) if due else None
    return len(rules), percent, behind


# ------------------------------------------------------------------------------------------------ lagging units
def idle_units(place: Place, start: date, end: date) -> list[str]:
    """Units that registered no activity in the period (the activities app's own ranking, fewest first)."""
    return [u.name for u, n in units_by_activity_count(place, start, end) if n == 0]


# ------------------------------------------------------------------------------------------------ key results
def key_results(place: Place, start: date, end: date) -> list:
    """The key results (重要成效) the offices of the place and its subtree recorded for dates in the period."""
    from tuanjie.documents.models import KeyResult

    return list(KeyResult.objects.filter(place__path__startswith=place.path, achieved_on__range=(start, end))
                .select_related("place").order_by("achieved_on", "id"))


# ------------------------------------------------------------------------------------------------ what comes next
@dataclass
class Upcoming:
    phases: list[tuple[str, date, date, str]]          # (name, start, end, description)
    schedule: list[tuple[date, str, str]]               # (start, title, organiser)


def upcoming(place: Place, year: int, after: date, days: int = 92) -> Upcoming:
    """The plan's phases that end after `after` (the period's last day) and the scheduled activities of the
    `days` after it: what "下一步" is about, whatever day the report is drafted on."""
    plan = the_plan(place, year)
    if plan is None:
        return Upcoming([], [])
    phases = [(p.name, p.start, p.end, p.description)
              for p in PlanPhase.objects.filter(plan=plan, end__gt=after).order_by("start", "order")]
    horizon = after + timedelta(days=days)
    items = (ScheduledActivity.objects.filter(plan=plan, start__lte=horizon)
             .filter(Q(start__gt=after) | Q(end__gt=after)).select_related("organiser").order_by("start", "id"))
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
    key_results: list
    quizzes: object = None      # quizzes.selectors.Rates of the period (knowledge tests, satisfaction surveys)


def report_figures(place: Place, start: date, end: date, today: date | None = None) -> ReportFigures:
    """Everything a report of the period states, as it stood at the period's end (`today` only brings the end
    closer when the period has not ended yet): drafted in December or on 30 June, a 1—6月 report says the same."""
    today = today or date.today()
    as_of = min(today, end)
    year = start.year
    return ReportFigures(
        place=place, start=start, end=end, today=as_of,
        organisation=organisation(place, year),
        publicity=publicity(place, start, end),
        examples=examples(place, start, end),
        inspections=inspections(place, start, end, as_of),
        funds=funds(place, year),
        delivery=delivery(place, year, as_of),
        idle_units=idle_units(place, start, end),
        upcoming=upcoming(place, year, as_of),
        key_results=key_results(place, start, end),
        quizzes=quiz_rates(place, start, end),
    )


def quiz_rates(place: Place, start: date, end: date):
    """The quizzes' and surveys' rates of the period, the same figures as the dashboard tile and the rates page."""
    from tuanjie.quizzes.selectors import rates

    return rates(place, start, end)


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
