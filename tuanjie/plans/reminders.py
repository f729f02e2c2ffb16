"""Daily reminders (run by `tuanjie remind`): a task's deadline approaching (to the lead unit) and a task overdue
(to the lead unit and the plan's office). Each goes once per task and deadline (dedupe keys)."""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from tuanjie.core.roles import Role
from tuanjie.plans import selectors
from tuanjie.plans.models import PlanTask

DAYS_BEFORE = 5
OVERDUE_LOOKBACK = 30   # an overdue task is reported when it falls overdue, not years later


def _responsible_staff(place, task=None):
    """The lead unit's staff, and the task's responsible person (责任人) where one is named."""
    from tuanjie.people.selectors import people_with_role

    role = Role.OFFICE if place.is_area else Role.UNIT
    people = people_with_role(role, place, upward=False)
    if task is not None and task.responsible_id and task.responsible not in people:
        people.append(task.responsible)
    return people


def task_deadline_near(today: date) -> int:
    from tuanjie.notifications.services import notify

    sent = 0
    for task in selectors.due_soon(PlanTask.objects.all(), today, DAYS_BEFORE).select_related(
            "lead_unit", "plan", "responsible"):
        sent += notify(
            _responsible_staff(task.lead_unit, task), kind="deadline",
            title=_("任务临近截止：%(task)s（%(day)s）") % {"task": task.title, "day": task.deadline.isoformat()},
            body=_("您单位牵头的任务“%(task)s”将于%(day)s到期，当前进度%(p)d%%，请及时推进并报送进展。") % {
                "task": task.title, "day": task.deadline.isoformat(), "p": task.percent},
            url=task.get_absolute_url(), dedupe_key=f"plans-task-due:{task.pk}:{task.deadline.isoformat()}")
    return sent


def task_overdue(today: date) -> int:
    from tuanjie.notifications.services import notify
    from tuanjie.people.selectors import people_with_role

    sent = 0
    tasks = selectors.overdue(PlanTask.objects.filter(deadline__gte=today - timedelta(days=OVERDUE_LOOKBACK)), today)
    for task in tasks.select_related("lead_unit", "plan__place", "responsible"):
        title = _("任务已逾期：%(task)s") % {"task": task.title}
        body = _("“%(task)s”（牵头单位：%(unit)s）已于%(day)s到期，当前进度%(p)d%%。") % {
            "task": task.title, "unit": task.lead_unit.name, "day": task.deadline.isoformat(), "p": task.percent}
        key = f"plans-task-overdue:{task.pk}:{task.deadline.isoformat()}"
        recipients = _responsible_staff(task.lead_unit, task) + people_with_role(Role.OFFICE, task.plan.place,
                                                                           upward=False)
        sent += notify(recipients, kind="overdue", title=title, body=body, url=task.get_absolute_url(),
                       dedupe_key=key)
    return sent


REMINDERS = [task_deadline_near, task_overdue]
