"""Figures owned by other apps (quota compliance, plan tasks, inspections, funds, assessments), read through
those apps' selectors. Each hook imports lazily and returns None when the app (or the selector) is not there,
so the dashboard shows "—" instead of failing while an app is missing or being built."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import NoReverseMatch, reverse

log = logging.getLogger(__name__)

# Computing quota standing reads raw rows per rule; above this many units it waits until the person drills down.
QUOTA_UNIT_LIMIT = 3000
LIST_LIMIT = 8


@dataclass
class Lagging:
    title: str
    count: int | None                     # None = not available
    names: list[tuple[str, str]] = field(default_factory=list)   # (text, url)
    note: str = ""
    url: str = ""


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _safely(fn):
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (ImportError, LookupError, AttributeError, TypeError) as exc:
            log.warning("analytics hook %s unavailable: %s", fn.__name__, exc)
            return None
    wrapper.__name__ = fn.__name__
    return wrapper


@_safely
def behind_quota(place, *, today: date) -> Lagging | None:
    from tuanjie.places.models import Place
    from tuanjie.quotas.models import QuotaRule
    from tuanjie.quotas.selectors import compliance_table
    from tuanjie.quotas.selectors.compliance import period_containing

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
    return Lagging(title, len(behind), list(behind.values())[:LIST_LIMIT], url=_url("quotas:rule_list"))


@_safely
def overdue_tasks(place, *, today: date) -> Lagging | None:
    from tuanjie.plans.models import PlanTask
    from tuanjie.plans.selectors import overdue

    qs = overdue(PlanTask.objects.filter(lead_unit__path__startswith=place.path), today).select_related("lead_unit")
    names = [(f"{t.lead_unit.name}：{t.title}", _url("plans:task_detail", t.pk) or t.plan.get_absolute_url())
             for t in qs.select_related("plan").order_by("deadline")[:LIST_LIMIT]]
    return Lagging("逾期未完成的重点任务", qs.count(), names, url=_url("plans:task_list"))


@_safely
def overdue_rectifications(place, *, today: date) -> Lagging | None:
    from tuanjie.inspections.models import Rectification
    from tuanjie.inspections.selectors import overdue_rectifications as overdue

    qs = overdue(today, Rectification.objects.filter(unit__path__startswith=place.path))
    names = [(f"{item.unit.name}：{item}", item.get_absolute_url()) for item in qs.order_by("deadline")[:LIST_LIMIT]]
    return Lagging("逾期未整改的问题", qs.count(), names, url=_url("inspections:rectification_list"))


@_safely
def rectification_figures(place, *, start: date, end: date) -> dict | None:
    """{"open": n, "closed": n, "overdue": n} from the inspections app."""
    from tuanjie.inspections.models import Rectification
    from tuanjie.inspections.selectors import OPEN_STATES
    from tuanjie.inspections.selectors import overdue_rectifications as overdue

    qs = Rectification.objects.filter(unit__path__startswith=place.path, deadline__range=(start, end))
    return {"open": qs.filter(state__in=OPEN_STATES).count(),
            "closed": qs.filter(state=Rectification.State.VERIFIED).count(),
            "overdue": overdue(end if end < date.today() else date.today(), qs).count()}


@_safely
def funds_figures(place, *, year: int) -> dict | None:
    """{"allocated": 万元, "spent": 万元, "gap": 万元} from the funds app."""
    from tuanjie.funds.selectors import fund_summary, wan

    found = fund_summary(place, year)
    return {"allocated": wan(found.allocated), "spent": wan(found.spent), "gap": wan(max(found.gap, 0 * found.gap)),
            "url": _url("funds:summary")}


@_safely
def assessment_figures(place, *, year: int) -> dict | None:
    """{"average": score, "assessed": n} from the assessments app."""
    from tuanjie.assessments import selectors

    return selectors.assessment_figures(place=place, year=year)


@_safely
def plan_task_figures(place, *, today: date) -> dict | None:
    from tuanjie.plans.models import PlanTask
    from tuanjie.plans.selectors import overdue

    qs = PlanTask.objects.filter(lead_unit__path__startswith=place.path, plan__year=today.year)
    total = qs.count()
    done = qs.filter(status=PlanTask.Status.DONE).count()
    return {"tasks": total, "done": done, "overdue": overdue(qs, today).count(),
            "rate": round(100 * done / total) if total else None}


def lagging_panel(place, *, today: date) -> list[Lagging]:
    panel = []
    for hook, title in ((behind_quota, "未完成规定动作的单位"), (overdue_tasks, "逾期未完成的重点任务"),
                        (overdue_rectifications, "逾期未整改的问题")):
        found = hook(place, today=today)
        panel.append(found if found is not None else Lagging(title, None, note="该模块尚未启用"))
    return panel
