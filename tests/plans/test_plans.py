"""Plans, phases and tasks through the services: allowed and refused."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.plans import services
from tuanjie.plans.models import Plan, PlanTask


def test_county_office_writes_the_county_plan_with_sections_and_phases(plan):
    assert plan.guiding_ideology.startswith("以铸牢")
    assert [p.name for p in plan.phases.all()] == ["宣传动员", "组织实施"]


def test_a_place_has_one_plan_a_year(tree, plan, county_office):
    with pytest.raises(ValidationError, match="已有2026年度实施方案"):
        services.plan_create(by=county_office, place=tree.county, year=2026, title="重复")


def test_unit_staff_township_and_neighbour_may_not_write_the_county_plan(
        tree, unit_staff, township_office, neighbour_office):
    for person in (unit_staff, township_office, neighbour_office):
        with pytest.raises(PermissionDenied):
            services.plan_create(by=person, place=tree.county, year=2026, title="越权")
    assert not Plan.objects.exists()


def test_a_unit_may_hold_a_plan_of_its_own_since_issue_16(tree, county_office):
    # Units write their own plans (issue 16); tests/plans/test_unit_plans.py covers who and how.
    plan = services.plan_create(by=county_office, place=tree.u1, year=2026, title="单位方案")
    assert plan.place == tree.u1 and plan.kind == Plan.Kind.ANNUAL


def test_a_phase_cannot_end_before_it_starts(plan, county_office):
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        services.phase_add(by=county_office, plan=plan, name="倒序", start=date(2026, 5, 1), end=date(2026, 4, 1))


def test_a_task_has_a_lead_unit_partners_deadline_and_a_quantified_target(task, tree):
    assert task.number == 1 and task.target_text == "10 场"
    assert list(task.partner_units.all()) == [tree.u2]


def test_a_task_cannot_be_given_to_a_unit_outside_the_plans_area(tree, plan, county_office):
    neighbour_unit = tree.b1
    with pytest.raises(ValidationError, match="不在“团结县”范围内"):
        services.task_create(by=county_office, plan=plan, title="x", lead_unit=neighbour_unit)
    with pytest.raises(ValidationError, match="配合单位"):
        services.task_create(by=county_office, plan=plan, title="x", lead_unit=tree.u1, partner_units=[tree.b1])
    assert not PlanTask.objects.exists()


def test_a_target_number_needs_its_unit_word(tree, plan, county_office):
    with pytest.raises(ValidationError, match="单位"):
        services.task_create(by=county_office, plan=plan, title="x", lead_unit=tree.u1, target_quantity=5)


def test_a_township_office_may_not_add_tasks_to_the_county_plan(tree, plan, township_office):
    with pytest.raises(PermissionDenied):
        services.task_create(by=township_office, plan=plan, title="x", lead_unit=tree.u1)


def test_an_unfinished_task_past_its_deadline_is_overdue(task):
    from tuanjie.plans.selectors import overdue

    assert not task.is_overdue(date(2026, 6, 30))
    assert task.is_overdue(date(2026, 7, 1))
    assert list(overdue(PlanTask.objects.all(), date(2026, 7, 1))) == [task]
    task.status = PlanTask.Status.DONE
    assert not task.is_overdue(date(2026, 7, 1))


def test_a_lower_level_derives_its_plan_from_the_upper_levels(tree, plan, task, township_office):
    derived = services.plan_derive(by=township_office, source=plan, place=tree.t1)
    assert derived.source == plan and derived.year == 2026
    assert derived.guiding_ideology == plan.guiding_ideology
    assert [p.name for p in derived.phases.all()] == ["宣传动员", "组织实施"]
    copy = derived.tasks.get()
    assert copy.source_task == task and copy.title == task.title and copy.target_text == "10 场"
    assert copy.lead_unit == tree.u1 and list(copy.partner_units.all()) == [tree.u2]   # both lie in 城关镇
    assert copy.phase.plan == derived
    assert list(task.derived.all()) == [copy]


def test_a_derived_task_with_no_responsible_unit_inside_is_led_by_the_lower_area(tree, plan, task, county_office):
    derived = services.plan_derive(by=county_office, source=plan, place=tree.t2)
    assert derived.tasks.get().lead_unit == tree.t2


def test_deriving_is_refused_for_a_place_outside_or_by_someone_without_reach(
        tree, plan, township_office, neighbour_office):
    with pytest.raises(ValidationError):
        services.plan_derive(by=neighbour_office, source=plan, place=tree.neighbour)
    with pytest.raises(PermissionDenied):
        services.plan_derive(by=township_office, source=plan, place=tree.t2)
    assert Plan.objects.count() == 1
