"""Who sees which plan and task, and the pages a unit and an office use."""

from datetime import date

from django.urls import reverse

from tuanjie.core.context import acting_as
from tuanjie.plans import selectors, services
from tuanjie.plans.models import Plan, PlanTask


def test_a_unit_sees_the_county_tasks_assigned_to_it_but_not_the_county_plan(tree, plan, task, unit_staff):
    assert list(selectors.tasks_for_my_units(unit_staff)) == [task]
    assert not Plan.objects.restrict(unit_staff).filter(pk=plan.pk).exists()      # the subtree rule stands
    assert not PlanTask.objects.restrict(unit_staff).exists()


def test_a_partner_unit_sees_the_task_too_and_an_unrelated_unit_does_not(tree, task):
    partner = tree.person("unit", tree.u2, "u2_staff")
    other = tree.person("unit", tree.t2, "t2_unit")
    assert list(selectors.tasks_for_my_units(partner)) == [task]
    assert not selectors.tasks_for_my_units(other).exists()


def test_a_township_office_sees_the_tasks_of_units_in_its_township(task, township_office, neighbour_office):
    assert list(selectors.tasks_visible_to(township_office)) == [task]
    assert not selectors.tasks_visible_to(neighbour_office).exists()


def test_the_unit_opens_its_task_and_reports_with_a_photo_from_the_page(task, unit_staff, client_for):
    from tests.plans.test_progress import _photo

    client = client_for(unit_staff)
    page = client.get(task.get_absolute_url())
    assert page.status_code == 200 and "报送进展" in page.content.decode()
    response = client.post(reverse("plans:task_progress", args=[task.pk]), {
        "status": "in_progress", "percent": 30, "text": "已开展3场", "files": [_photo()]})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.percent == 30


def test_a_refused_report_shows_the_reason_on_the_page(task, unit_staff, client_for):
    response = client_for(unit_staff).post(reverse("plans:task_progress", args=[task.pk]), {
        "status": "done", "percent": 50, "text": "x"})
    assert response.status_code == 422 and "应为100%" in response.content.decode()


def test_other_units_cannot_open_the_task(tree, task, client_for, neighbour_office):
    other = tree.person("unit", tree.t2, "t2_unit")
    assert client_for(other).get(task.get_absolute_url()).status_code == 404
    assert client_for(neighbour_office).get(task.get_absolute_url()).status_code == 404


def test_my_tasks_lists_assigned_tasks_and_flags_overdue_ones(tree, plan, task, county_office, unit_staff, client_for):
    with acting_as(county_office, source="test"):
        services.task_create(by=county_office, plan=plan, title="远期任务", lead_unit=tree.u1,
                             deadline=date(2027, 12, 31))
    client = client_for(unit_staff)
    text = client.get(reverse("plans:my_tasks")).content.decode()
    assert "开展民族团结宣讲" in text and "远期任务" in text
    overdue_only = client.get(reverse("plans:my_tasks"), {"overdue": "1"}).content.decode()
    assert ("远期任务" in overdue_only) is False
    assert ("开展民族团结宣讲" in overdue_only) == (date.today() > date(2026, 6, 30))


def test_the_plan_page_shows_sections_phases_and_tasks(plan, task, county_office, client_for):
    text = client_for(county_office).get(plan.get_absolute_url()).content.decode()
    for expected in ("指导思想", "宣传动员", "开展民族团结宣讲", "城关镇中心学校", "10 场"):
        assert expected in text


def test_the_office_writes_a_plan_with_its_phases_in_one_form(tree, county_office, client_for):
    data = {"place": tree.county.pk, "year": 2027, "title": "团结县2027年实施方案", "status": "draft",
            "guiding_ideology": "指导思想正文", "phases-TOTAL_FORMS": 1, "phases-INITIAL_FORMS": 0,
            "phases-0-order": 1, "phases-0-name": "宣传动员", "phases-0-start": "2027-03-01",
            "phases-0-end": "2027-03-31"}
    response = client_for(county_office).post(reverse("plans:plan_add"), data)
    assert response.status_code == 302
    assert Plan.objects.get(year=2027).phases.get().name == "宣传动员"


def test_a_phase_ending_before_it_starts_saves_nothing(tree, county_office, client_for):
    data = {"place": tree.county.pk, "year": 2027, "title": "x", "status": "draft", "phases-TOTAL_FORMS": 1,
            "phases-INITIAL_FORMS": 0, "phases-0-order": 1, "phases-0-name": "倒序",
            "phases-0-start": "2027-05-01", "phases-0-end": "2027-04-01"}
    response = client_for(county_office).post(reverse("plans:plan_add"), data)
    assert response.status_code == 200 and "结束日期不能早于开始日期" in response.content.decode()
    assert not Plan.objects.exists()


def test_the_office_adds_a_task_through_the_form(tree, plan, county_office, client_for):
    response = client_for(county_office).post(reverse("plans:task_add", args=[plan.pk]), {
        "plan": plan.pk, "title": "举办培训班", "lead_unit": tree.u2.pk, "partner_units": [tree.u1.pk],
        "deadline": "2026-09-30", "target_quantity": 4, "target_unit": "期"})
    assert response.status_code == 302
    assert PlanTask.objects.get(title="举办培训班").number == 1


def test_the_township_derives_its_plan_from_the_page(tree, plan, task, township_office, client_for):
    client = client_for(township_office)
    assert plan.title in client.get(reverse("plans:upper_plans")).content.decode()
    assert client.get(reverse("plans:plan_derive", args=[plan.pk])).status_code == 200
    assert client.post(reverse("plans:plan_derive", args=[plan.pk]), {"place": tree.t2.pk}).status_code == 200
    response = client.post(reverse("plans:plan_derive", args=[plan.pk]), {"place": tree.t1.pk})
    assert response.status_code == 302
    assert Plan.objects.get(place=tree.t1).tasks.get().source_task == task
    assert not Plan.objects.filter(place=tree.t2).exists()


def test_the_neighbour_cannot_derive_from_the_county_plan(plan, neighbour_office, client_for):
    assert client_for(neighbour_office).get(reverse("plans:plan_derive", args=[plan.pk])).status_code == 404


def test_a_unit_derives_only_its_own_plan_from_the_county_plan(tree, plan, unit_staff, client_for):
    # Units write their own plans from their area's (issue 16), for themselves and nobody else.
    page = client_for(unit_staff).get(reverse("plans:plan_derive", args=[plan.pk]))
    assert page.status_code == 200
    assert set(page.context["form"].fields["place"].queryset) == {tree.u1, tree.u1a}
    response = client_for(unit_staff).post(reverse("plans:plan_derive", args=[plan.pk]), {"place": tree.t1.pk})
    assert response.status_code == 200 and not Plan.objects.filter(place=tree.t1).exists()


def test_the_schedule_is_a_month_calendar_with_a_phone_list(tree, plan, task, county_office, client_for):
    with acting_as(county_office, source="test"):
        services.schedule_add(by=county_office, plan=plan, title="民族团结进步宣传月", start=date(2026, 9, 1),
                              end=date(2026, 9, 30), organiser=tree.u1, task=task)
        services.schedule_add(by=county_office, plan=plan, title="动员大会", start=date(2026, 3, 12))
    weeks = selectors.month_calendar(list(selectors.schedule_in_month(plan, 2026, 9)), 2026, 9)
    days = [d for week in weeks for d in week if d.in_month]
    assert len(days) == 30 and all(d.items[0].title == "民族团结进步宣传月" for d in days)
    assert weeks[0][0].day.weekday() == 0
    page = client_for(county_office).get(reverse("plans:schedule", args=[plan.pk]), {"month": "2026-09"})
    text = page.content.decode()
    assert page.status_code == 200 and "民族团结进步宣传月" in text and "动员大会" not in text


def test_a_schedule_item_for_an_organiser_outside_the_area_is_refused(tree, plan, county_office):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="承办单位"):
        services.schedule_add(by=county_office, plan=plan, title="x", start=date(2026, 5, 1), organiser=tree.b1)


def test_every_list_page_opens_for_the_office_and_the_unit(tree, plan, task, county_office, unit_staff, client_for):
    from tests.plans.test_progress import _report

    progress = _report(unit_staff, task)
    for person in (county_office, unit_staff):
        client = client_for(person)
        for name in ("plans:plan_list", "plans:task_list", "plans:my_tasks", "plans:upper_plans"):
            assert client.get(reverse(name)).status_code == 200, name
        assert client.get(reverse("plans:task_list"), {"export": "xlsx"}).status_code == 200
    assert client_for(unit_staff).get(progress.get_absolute_url()).status_code == 200
    assert client_for(county_office).get(progress.get_absolute_url()).status_code == 200
    assert client_for(county_office).get(reverse("plans:task_edit", args=[task.pk])).status_code == 200
    assert client_for(unit_staff).get(reverse("plans:task_edit", args=[task.pk])).status_code == 404


def test_the_task_page_lists_the_activities_logged_against_it(tree, task, unit_staff, client_for):
    from tests.factories import FACTORIES

    make = FACTORIES["activities.Activity"]
    with acting_as(None, source="test"):
        activity = make(tree.u1, tree)
        activity.plan_task = task
        activity.save()
    assert selectors.task_activities(task, unit_staff)[1] == 1
    assert activity.title in client_for(unit_staff).get(task.get_absolute_url()).content.decode()
