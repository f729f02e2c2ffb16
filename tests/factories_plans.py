"""Records of the plans and quotas apps for the generated access battery."""

from datetime import date

from tests.factories import factory


def _plan(place):
    from tuanjie.plans.models import Plan

    plan = Plan.objects.filter(place=place, year=2026).first()
    return plan or Plan.objects.create(place=place, year=2026, title=f"{place.name}2026年实施方案")


def _task(place):
    from tuanjie.plans.models import PlanTask

    return PlanTask.objects.create(plan=_plan(place), number=1, title="开展民族团结宣讲", lead_unit=place,
                                   deadline=date(2026, 6, 30), target_quantity=10, target_unit="场")


@factory("plans.Plan")
def make_plan(place, tree):
    return _plan(place)


@factory("plans.PlanPhase")
def make_phase(place, tree):
    from tuanjie.plans.models import PlanPhase

    return PlanPhase.objects.create(plan=_plan(place), name="宣传动员", start=date(2026, 6, 20), end=date(2026, 7, 10))


@factory("plans.PlanTask")
def make_task(place, tree):
    return _task(place)


@factory("plans.TaskProgress")
def make_progress(place, tree):
    from tuanjie.plans.models import TaskProgress

    return TaskProgress.objects.create(task=_task(place), place=place, status="in_progress", percent=40,
                                       text="已开展宣讲4场")


@factory("plans.ScheduledActivity")
def make_scheduled(place, tree):
    from tuanjie.plans.models import ScheduledActivity

    return ScheduledActivity.objects.create(plan=_plan(place), title="民族团结进步宣传月启动仪式",
                                            start=date(2026, 9, 1))
