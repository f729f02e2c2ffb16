"""Units write their own plans (issue 16): annual and topic plans (十进方案, 宣传月方案) derived from their area's
where one exists, and multi-year plans (三年创建规划) with the annual plans under them."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tuanjie.plans import services
from tuanjie.plans.models import Plan


@pytest.fixture
def township_plan(tree, township_office):
    plan = services.plan_create(by=township_office, place=tree.t1, year=2026, title="城关镇2026年实施方案",
                                goals="全镇创建目标", safeguards="镇保障措施")
    services.task_create(by=township_office, plan=plan, title="学校开展主题班会", lead_unit=tree.u1)
    services.task_create(by=township_office, plan=plan, title="镇政府开展宣讲", lead_unit=tree.u2)
    services.task_create(by=township_office, plan=plan, title="政府牵头、学校配合的联谊", lead_unit=tree.u2,
                         partner_units=[tree.u1])
    return plan


def test_a_unit_writes_its_annual_plan_from_its_townships(tree, unit_staff, township_plan):
    plan = services.plan_create(by=unit_staff, place=tree.u1, year=2026, title="中心学校2026年创建方案",
                                goals="本校目标")
    assert plan.source == township_plan and plan.kind == Plan.Kind.ANNUAL
    assert plan.goals == "本校目标" and plan.safeguards == "镇保障措施"   # its own words kept, blanks from above
    # only the tasks the school answers for come along, never its area's whole plan
    assert sorted(plan.tasks.values_list("title", flat=True)) == ["学校开展主题班会", "政府牵头、学校配合的联谊"]
    assert all(t.lead_unit == tree.u1 for t in plan.tasks.all())


def test_a_unit_without_an_area_plan_starts_from_a_blank_page(tree, unit_staff):
    plan = services.plan_create(by=unit_staff, place=tree.u1, year=2026, title="中心学校方案")
    assert plan.source is None and not plan.tasks.exists()


def test_a_unit_writes_topic_plans_beside_its_annual_plan(tree, unit_staff):
    services.plan_create(by=unit_staff, place=tree.u1, year=2026, title="年度方案")
    for title in ("民族团结进步创建“十进”活动方案", "民族团结进步宣传月活动方案"):
        services.plan_create(by=unit_staff, place=tree.u1, year=2026, title=title, kind=Plan.Kind.TOPIC)
    assert Plan.objects.filter(place=tree.u1, year=2026).count() == 3
    with pytest.raises(ValidationError, match="已有2026年度实施方案"):
        services.plan_create(by=unit_staff, place=tree.u1, year=2026, title="第二份年度方案")


def test_a_multi_year_plan_holds_the_annual_plans_of_its_years(tree, unit_staff):
    programme = services.plan_create(by=unit_staff, place=tree.u1, year=2026, end_year=2028,
                                     title="中心学校民族团结进步创建三年规划（2026—2028年）", kind=Plan.Kind.MULTIYEAR)
    for year in (2026, 2027):
        services.plan_create(by=unit_staff, place=tree.u1, year=year, title=f"{year}年方案", programme=programme)
    assert list(programme.annual_plans.order_by("year").values_list("year", flat=True)) == [2026, 2027]
    assert programme.years_text == "2026—2028年"
    with pytest.raises(ValidationError, match="不在"):
        services.plan_create(by=unit_staff, place=tree.u1, year=2029, title="越界", programme=programme)


@pytest.mark.parametrize("end_year, kind, message", [
    (None, Plan.Kind.MULTIYEAR, "请填截止年度"),
    (2026, Plan.Kind.MULTIYEAR, "请填截止年度"),
    (2031, Plan.Kind.MULTIYEAR, "最长5年"),
    (2028, Plan.Kind.ANNUAL, "只有多年创建规划"),
])
def test_the_years_of_a_plan_are_checked(tree, unit_staff, end_year, kind, message):
    with pytest.raises(ValidationError, match=message):
        services.plan_create(by=unit_staff, place=tree.u1, year=2026, end_year=end_year, title="x", kind=kind)


def test_a_programme_belongs_to_the_same_place(tree, unit_staff, township_office):
    other = services.plan_create(by=township_office, place=tree.t1, year=2026, end_year=2028, title="镇三年规划",
                                 kind=Plan.Kind.MULTIYEAR)
    with pytest.raises(ValidationError, match="本地区/本单位"):
        services.plan_create(by=unit_staff, place=tree.u1, year=2026, title="x", programme=other)


def test_a_unit_writes_no_plan_for_its_area_or_its_neighbour(tree, unit_staff):
    for place in (tree.t1, tree.u2):
        with pytest.raises(PermissionDenied):
            services.plan_create(by=unit_staff, place=place, year=2026, title="越权")


def test_a_unit_adds_tasks_and_phases_to_its_own_plan_only(tree, unit_staff, township_plan):
    own = services.plan_create(by=unit_staff, place=tree.u1, year=2026, title="中心学校方案")
    task = services.task_create(by=unit_staff, plan=own, title="开展宣传月", lead_unit=tree.u1)
    phase = services.phase_add(by=unit_staff, plan=own, name="宣传月", start=date(2026, 9, 1), end=date(2026, 9, 30))
    assert task.plan == own and phase.plan == own
    with pytest.raises(PermissionDenied):
        services.task_create(by=unit_staff, plan=township_plan, title="越权", lead_unit=tree.u1)


def test_the_unit_writes_its_plan_through_the_page(tree, unit_staff, client_for):
    response = client_for(unit_staff).post(reverse("plans:plan_add"), {
        "place": tree.u1.pk, "kind": "topic", "year": 2026, "title": "宣传月活动方案", "status": "draft",
        "phases-TOTAL_FORMS": 0, "phases-INITIAL_FORMS": 0})
    assert response.status_code == 302
    assert Plan.objects.get(place=tree.u1).kind == Plan.Kind.TOPIC
    assert client_for(unit_staff).get(reverse("plans:plan_list")).status_code == 200
