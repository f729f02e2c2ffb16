"""Figures owned by other apps (quota compliance, plan tasks, inspections, funds), read through those apps'
selectors. Every app here ships with the product: a hook that breaks raises, it never turns into a blank figure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse

from tuanjie.assessments.selectors import aimed_level, title_distance
from tuanjie.core.access import within
from tuanjie.funds.selectors import fund_summary, wan
from tuanjie.inspections.models import Rectification
from tuanjie.inspections.selectors import OPEN_STATES
from tuanjie.inspections.selectors import overdue_rectifications as overdue_items
from tuanjie.places.models import Place
from tuanjie.plans.models import PlanTask
from tuanjie.plans.selectors import overdue as overdue_plan_tasks
from tuanjie.quizzes.selectors import rates as quiz_rates
from tuanjie.quotas.models import QuotaRule
from tuanjie.quotas.selectors import compliance_table
from tuanjie.quotas.selectors.compliance import period_containing

# Computing quota standing reads raw rows per rule; above this many units it waits until the person drills down.
QUOTA_UNIT_LIMIT = 3000
LIST_LIMIT = 8


@dataclass
class Lagging:
    title: str
    count: int | None                     # None = too many units to compute here (see `note`)
    names: list[tuple[str, str]] = field(default_factory=list)   # (text, url)
    note: str = ""
    url: str = ""


def behind_quota(place, *, today: date) -> Lagging:
    title = "未完成规定动作的单位"
    units = Place.objects.subtree(place).exclude(pk=place.pk).filter(creation_field__isnull=False)
    if units.count() > QUOTA_UNIT_LIMIT:
        return Lagging(title, None, note="单位较多，请下钻到县级查看")
    paths = [place.path[: i * Place.steplen] for i in range(1, place.depth + 1)]
    behind: dict[int, tuple[str, str]] = {}
    for rule in QuotaRule.objects.filter(place__path__in=paths, year=today.year, is_active=True)[:10]:
        # The period under way and the one before it: a unit is lagging now, not for a slip last spring.
        current = period_containing(today, rule.period)
        spans = [current]
        if current.start.year == rule.year and current.start > date(rule.year, 1, 1):
            spans.insert(0, period_containing(current.start.replace(day=1) - timedelta(days=1), rule.period))
        table = compliance_table(rule, today=today, units=units, periods=spans)
        for row in table.behind_rows:
            if row.place.pk not in behind:   # not setdefault: that reversed every unit's link for every rule
                behind[row.place.pk] = (f"{row.place.name}（{rule.name}）", row.place.get_absolute_url())
    return Lagging(title, len(behind), list(behind.values())[:LIST_LIMIT], url=reverse("quotas:rule_list"))


def overdue_tasks(place, *, today: date) -> Lagging:
    qs = overdue_plan_tasks(PlanTask.objects.filter(within(place, "lead_unit")), today).select_related("lead_unit")
    names = [(f"{t.lead_unit.name}：{t.title}", reverse("plans:task_detail", args=[t.pk]))
             for t in qs.select_related("plan").order_by("deadline")[:LIST_LIMIT]]
    return Lagging("逾期未完成的重点任务", qs.count(), names, url=reverse("plans:task_list"))


def overdue_rectifications(place, *, today: date) -> Lagging:
    qs = overdue_items(today, Rectification.objects.filter(within(place, "unit")))
    names = [(f"{item.unit.name}：{item}", item.get_absolute_url()) for item in qs.order_by("deadline")[:LIST_LIMIT]]
    return Lagging("逾期未整改的问题", qs.count(), names, url=reverse("inspections:rectification_list"))


def rectification_figures(place, *, start: date, end: date) -> dict:
    """{"open": n, "closed": n, "overdue": n} from the inspections app."""
    qs = Rectification.objects.filter(within(place, "unit"), deadline__range=(start, end))
    return {"open": qs.filter(state__in=OPEN_STATES).count(),
            "closed": qs.filter(state=Rectification.State.VERIFIED).count(),
            "overdue": overdue_items(end if end < date.today() else date.today(), qs).count()}


def funds_figures(place, *, year: int) -> dict:
    """{"allocated": 万元, "spent": 万元, "gap": 万元} from the funds app."""
    found = fund_summary(place, year)
    return {"allocated": wan(found.allocated), "spent": wan(found.spent), "gap": wan(max(found.gap, 0 * found.gap)),
            "url": reverse("funds:summary")}


def quiz_figures(place, *, start: date, end: date) -> dict | None:
    """Awareness, satisfaction and pass rates of the period from the quizzes app (None when nothing was asked)."""
    found = quiz_rates(place, start, end)
    if found.empty:
        return None
    return {"awareness": found.awareness, "satisfaction": found.satisfaction, "pass_rate": found.pass_rate,
            "answers": found.answers + found.responses, "url": reverse("quizzes:rates") + f"?place={place.pk}"}


def plan_task_figures(place, *, today: date) -> dict:
    qs = PlanTask.objects.filter(within(place, "lead_unit"), plan__year=today.year)
    total = qs.count()
    done = qs.filter(status=PlanTask.Status.DONE).count()
    return {"tasks": total, "done": done, "overdue": overdue_plan_tasks(qs, today).count(),
            "rate": round(100 * done / total) if total else None}


def lagging_panel(place, *, today: date) -> list[Lagging]:
    return [behind_quota(place, today=today), overdue_tasks(place, today=today),
            overdue_rectifications(place, today=today)]


@dataclass
class DistanceTile:
    level: str
    percent: object
    distance: object
    veto_risks: int
    url: str


def distance_tile(place, *, today: date) -> DistanceTile | None:
    """The place's distance to the title it works towards (assessments), or None when no title level fits it."""
    level = aimed_level(place, today)
    if level is None:
        return None
    found = title_distance(place, level, today)
    url = reverse("assessments:distance") + f"?place={place.pk}&level={level.pk}"
    return DistanceTile(f"{level.name}{level.title_name}", found.percent, found.distance, len(found.veto_risks), url)
