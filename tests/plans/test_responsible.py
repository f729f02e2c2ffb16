"""落实到人: a plan task names a responsible person from the lead unit's staff; their open tasks are on their to-do
and the deadline reminders reach them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from tuanjie.core import todo
from tuanjie.core.roles import Role
from tuanjie.plans.services import plan_create, task_create, task_progress_report, task_update


@pytest.fixture
def plan(tree, county_office):
    return plan_create(by=county_office, place=tree.county, year=date.today().year, title="实施方案", status="issued")


def test_the_responsible_person_is_one_of_the_lead_unit_staff(tree, plan, county_office, unit_staff):
    with pytest.raises(ValidationError, match="不是牵头单位"):
        task_create(by=county_office, plan=plan, title="主题宣讲", lead_unit=tree.u2, responsible=unit_staff)
    task = task_create(by=county_office, plan=plan, title="主题宣讲", lead_unit=tree.u1, responsible=unit_staff)
    assert task.responsible == unit_staff
    with pytest.raises(ValidationError, match="不是牵头单位"):
        task_update(by=county_office, task=task, lead_unit=tree.u2)


def test_open_tasks_are_on_the_responsible_person_to_do_until_done(tree, plan, county_office, unit_staff):
    colleague = tree.person(Role.UNIT, tree.u1, "colleague")
    task = task_create(by=county_office, plan=plan, title="主题宣讲", lead_unit=tree.u1, responsible=unit_staff)

    def mine(user):
        return {str(g.source.heading): [t.pk for t in g.items] for g in todo.groups(user)}.get("我负责的重点任务")

    assert mine(unit_staff) == [task.pk] and mine(colleague) is None
    task_progress_report(by=unit_staff, task=task, status="done", percent=100, text="已完成")
    assert mine(unit_staff) is None


def test_a_deadline_reminder_reaches_the_responsible_person(tree, plan, county_office, unit_staff):
    from tuanjie.notifications.models import Notification
    from tuanjie.plans.reminders import task_deadline_near

    helper = tree.person(Role.CADRE, tree.u1, "helper")     # staff of the unit, but not unit staff by role
    today = date.today()
    task_create(by=county_office, plan=plan, title="主题宣讲", lead_unit=tree.u1, responsible=helper,
                deadline=today + timedelta(days=3))
    task_deadline_near(today)
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"unit_staff", "helper"}
