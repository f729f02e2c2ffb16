"""What a task's responsible person (责任人, 落实到人) answers for: the open tasks of issued plans named to them."""

from django.utils.translation import gettext_lazy as _

from tuanjie.core.todo import Source
from tuanjie.plans.models import Plan, PlanTask


def _mine(user):
    if not getattr(user, "pk", None):
        return None
    return (PlanTask.objects.filter(responsible=user, plan__status=Plan.Status.ISSUED)
            .exclude(status=PlanTask.Status.DONE))


TODO = [Source("plans.task.responsible", _("我负责的重点任务"), _mine, ("plan", "lead_unit"))]
