"""The plans API and the daily task reminders."""

from datetime import date

from tuanjie.notifications.models import Notification
from tuanjie.plans.models import PlanTask, TaskProgress
from tuanjie.plans.reminders import REMINDERS, task_deadline_near, task_overdue


def test_a_unit_lists_its_assigned_tasks_through_the_api(task, unit_staff, client_for):
    data = client_for(unit_staff).get("/api/plan-tasks/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [row["id"] for row in rows] == [task.pk]
    assert rows[0]["target_quantity"] == 10


def test_a_unit_reports_progress_through_the_api(task, unit_staff, client_for):
    response = client_for(unit_staff).post("/api/task-progress/", {
        "task": task.pk, "status": "in_progress", "percent": 20, "text": "已开展2场"})
    assert response.status_code == 201, response.content
    task.refresh_from_db()
    assert task.percent == 20


def test_the_api_refuses_a_report_from_a_cadre_and_writes_nothing(task, cadre, client_for):
    response = client_for(cadre).post("/api/task-progress/", {
        "task": task.pk, "status": "in_progress", "percent": 20, "text": "x"})
    assert response.status_code in (422, 403)
    assert not TaskProgress.objects.exists()


def test_status_and_percent_are_read_only_in_the_task_api(task, county_office, client_for):
    client_for(county_office).patch(f"/api/plan-tasks/{task.pk}/", {"percent": 100, "status": "done"},
                                    content_type="application/json")
    task.refresh_from_db()
    assert (task.status, task.percent) == ("not_started", 0)


def test_the_office_creates_a_task_through_the_api_and_a_township_cannot(tree, plan, county_office,
                                                                        township_office, client_for):
    payload = {"plan": plan.pk, "title": "举办培训班", "lead_unit": tree.u2.pk, "target_quantity": 2,
               "target_unit": "期"}
    assert client_for(township_office).post("/api/plan-tasks/", payload).status_code == 422   # the county's plan: 不存在
    assert client_for(county_office).post("/api/plan-tasks/", payload).status_code == 201
    assert PlanTask.objects.get().number == 1


def test_a_schedule_item_cannot_be_added_by_api_to_a_plan_out_of_reach(tree, plan, township_office, client_for):
    from tuanjie.plans.models import ScheduledActivity

    response = client_for(township_office).post("/api/plan-schedule/", {
        "plan": plan.pk, "title": "x", "start": "2026-05-01"})
    assert response.status_code in (422, 403)
    assert not ScheduledActivity.objects.exists()


def test_the_lead_unit_is_reminded_five_days_before_a_deadline_once(task, unit_staff):
    assert task_deadline_near(date(2026, 6, 24)) == 0
    assert task_deadline_near(date(2026, 6, 25)) == 1
    assert task_deadline_near(date(2026, 6, 26)) == 0
    note = Notification.objects.get(recipient=unit_staff)
    assert "临近截止" in note.title and note.url == task.get_absolute_url()


def test_an_overdue_task_is_reported_to_the_lead_unit_and_the_plans_office(task, unit_staff, county_office):
    assert task_overdue(date(2026, 6, 30)) == 0
    assert task_overdue(date(2026, 7, 1)) == 2
    assert task_overdue(date(2026, 7, 2)) == 0
    assert Notification.objects.get(recipient=county_office).kind == "overdue"


def test_a_finished_task_is_never_overdue(task, unit_staff):
    task.status = "done"
    task.save()
    assert task_overdue(date(2026, 7, 1)) == 0


def test_the_reminders_are_registered_for_the_daily_job():
    assert task_deadline_near in REMINDERS and task_overdue in REMINDERS
