"""Reads of plans shared by pages, the API, reminders and reports."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q

from tuanjie.activities.models import Activity
from tuanjie.core.access import READERS, VIEW, path_q, reach
from tuanjie.plans.models import Plan, PlanTask, ScheduledActivity


def _assigned_q(paths) -> Q:
    return path_q("lead_unit__path", paths) | path_q("partner_units__path", paths)


def tasks_for_my_units(user):
    """Tasks whose lead or partner unit lies within the person's reach, whichever level's plan they belong to
    (a unit sees the county plan's tasks assigned to it)."""
    if not getattr(user, "is_authenticated", False):
        return PlanTask.objects.none()
    qs = PlanTask.objects.all()
    if not user.is_superuser:
        paths = reach(user, READERS)
        if not paths:
            return PlanTask.objects.none()
        ids = PlanTask.objects.filter(_assigned_q(paths)).values("pk")
        qs = qs.filter(pk__in=ids)
    return qs.select_related("plan__place", "lead_unit", "phase")


def tasks_visible_to(user):
    """What a person may open: the tasks of plans in their subtree (restrict) and the tasks assigned to their
    units."""
    if not getattr(user, "is_authenticated", False):
        return PlanTask.objects.none()
    if user.is_superuser:
        return PlanTask.objects.all()
    own = PlanTask.objects.restrict(user, VIEW).values("pk")
    assigned = tasks_for_my_units(user).values("pk")
    return PlanTask.objects.filter(Q(pk__in=own) | Q(pk__in=assigned))


def upper_plans_for(user):
    """Plans of the areas above the places where the person may write plans: the plans a lower level derives
    its own from (readable for that purpose although they lie outside the person's subtree)."""
    from tuanjie.core.access import ADD
    from tuanjie.places.models import Place

    if not getattr(user, "is_authenticated", False):
        return Plan.objects.none()
    if user.is_superuser:
        return Plan.objects.all()
    ancestors: set[str] = set()
    for path in reach(user, Plan.access.roles_for(ADD)):
        ancestors.update(path[: i * Place.steplen] for i in range(1, len(path) // Place.steplen))
    return Plan.objects.filter(place__path__in=ancestors).select_related("place")


def overdue(qs, today: date | None = None):
    today = today or date.today()
    return qs.filter(deadline__lt=today).exclude(status=PlanTask.Status.DONE)


def due_soon(qs, today: date, days: int):
    return qs.filter(deadline__gte=today, deadline__lte=today + timedelta(days=days)).exclude(
        status=PlanTask.Status.DONE)


@dataclass
class PlanFigures:
    tasks: int
    done: int
    overdue: int
    average_percent: int


def plan_figures(plan: Plan, today: date | None = None) -> PlanFigures:
    tasks = list(plan.tasks.all())
    today = today or date.today()
    n = len(tasks)
    return PlanFigures(
        tasks=n, done=sum(t.status == PlanTask.Status.DONE for t in tasks),
        overdue=sum(t.is_overdue(today) for t in tasks),
        average_percent=round(sum(t.percent for t in tasks) / n) if n else 0)


def plan_tasks(plan: Plan):
    return plan.tasks.select_related("lead_unit", "phase").prefetch_related("partner_units")


@dataclass
class Day:
    day: date
    in_month: bool
    items: list = field(default_factory=list)


def month_calendar(items, year: int, month: int) -> list[list[Day]]:
    """Weeks (Monday first) of a month with the scheduled activities of each day (a multi-day activity is shown
    on each of its days)."""
    cal = calendar.Calendar(firstweekday=0)
    weeks = [[Day(d, d.month == month) for d in week] for week in cal.monthdatescalendar(year, month)]
    by_day = {d.day: d for week in weeks for d in week}
    for item in items:
        day = item.start
        while day <= item.last_day:
            if day in by_day:
                by_day[day].items.append(item)
            day += timedelta(days=1)
    return weeks


def schedule_in_month(plan: Plan, year: int, month: int):
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    return (ScheduledActivity.objects.filter(plan=plan, start__lte=last)
            .filter(Q(end__gte=first) | Q(end__isnull=True, start__gte=first))
            .select_related("organiser", "task").order_by("start", "id"))


def task_activities(task: PlanTask, user, limit: int = 10) -> tuple[list[Activity], int]:
    """(latest activities logged against the task that the person may see, their number)."""
    qs = Activity.objects.restrict(user, VIEW).filter(plan_task=task)
    return list(qs.select_related("place").order_by("-start_date", "-pk")[:limit]), qs.count()


def area_plan_for(unit, year: int, kind: str):
    """The plan a unit's own plan of `year` and `kind` starts from: that of the nearest area above it, issued
    first (a draft only where nothing is issued yet); None where the areas above have none."""
    from tuanjie.places.models import Place

    paths = [unit.path[: i * Place.steplen] for i in range(1, unit.depth)]
    found = (Plan.objects.filter(place__path__in=paths, place__kind=Place.Kind.AREA, year=year, kind=kind)
             .exclude(status=Plan.Status.WITHDRAWN).select_related("place"))
    return min(found, key=lambda p: (-p.place.depth, p.status != Plan.Status.ISSUED, -p.pk), default=None)
