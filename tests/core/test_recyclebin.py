"""The recycle bin: a deleted record, with what cascaded, its photos and the links it cut, comes back whole for the
office of its place; the change log has every side effect of the deletion and the restore; the roll-up figures
follow (equal to a rebuild); files go only when the period ends. Records other work rests on are refused."""

from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.analytics.helpers import rebuilt_facts, stored_facts
from tests.factories_attachments import PNG_1PX
from tuanjie.activities.models import Activity
from tuanjie.activities.services import activity_create
from tuanjie.attachments.models import Attachment
from tuanjie.core.context import acting_as
from tuanjie.core.models import ChangeLogEntry, DeletedRecord
from tuanjie.core.recyclebin import bin_purge, record_restore
from tuanjie.core.roles import Role
from tuanjie.plans import services as plans
from tuanjie.plans.models import Plan, PlanPhase, PlanTask, ScheduledActivity, TaskProgress

# The county plan built by `county_plan`: what deleting it removes and what it unlinks.
PHASES, TASKS, PROGRESS, SCHEDULE = 2, 3, 4, 2
PARTNER_LINKS = 2                        # task 1 has two partner units, and so has its copy in the township
LINKED_ACTIVITIES, DERIVED_PLANS, DERIVED_TASKS = 3, 1, 3


def rows(*querysets) -> list:
    """Every field of every row, as saved, for an exact before/after comparison."""
    out = []
    for qs in querysets:
        model = qs.model
        fields = [f.attname for f in model._meta.concrete_fields]
        out.append(sorted(qs.values_list(*fields)))
    return out


@pytest.fixture
def county_plan(tree, county_office, township_office):
    """A draft county plan with phases, tasks (one with partners), progress and schedule; the township's plan
    derived from it; and activities logged against its tasks, one with a photo."""
    with acting_as(county_office, source="test"):
        plan = plans.plan_create(by=county_office, place=tree.county, year=2026, title="团结县2026年实施方案",
                                 goals="全覆盖")
        phases = [plans.phase_add(by=county_office, plan=plan, name=name, start=date(2026, m, 1),
                                  end=date(2026, m + 2, 28)) for name, m in (("宣传动员", 1), ("组织实施", 4))]
        tasks = [plans.task_create(by=county_office, plan=plan, title=f"任务{i}", lead_unit=tree.u1,
                                   partner_units=[tree.u2, tree.u1a] if i == 1 else [], deadline=date(2026, 6, 30),
                                   target_quantity=10, target_unit="场", phase=phases[0]) for i in (1, 2, 3)]
        for i, (task, percent) in enumerate(((tasks[0], 20), (tasks[0], 50), (tasks[1], 30), (tasks[2], 10))):
            plans.task_progress_report(by=county_office, task=task, status="in_progress", percent=percent,
                                       text=f"进展{i}", reported_on=date(2026, 3, 1 + i))
        plans.schedule_add(by=county_office, plan=plan, title="启动仪式", start=date(2026, 2, 1), task=tasks[0])
        plans.schedule_add(by=county_office, plan=plan, title="总结会", start=date(2026, 11, 1))
        derived = plans.plan_derive(by=county_office, source=plan, place=tree.t1)
        photo = SimpleUploadedFile("现场.png", PNG_1PX)
        activities = [activity_create(by=county_office, place=tree.u1, start_date=date(2026, 5, d), kind="lecture",
                                      title=f"宣讲{d}", participants=30 + d, plan_task=tasks[d % 2],
                                      files=[photo] if d == 1 else ())
                      for d in (1, 2, 3)]
    return plan, derived, activities


def test_deleting_a_plan_logs_every_cascaded_delete_and_every_unlink_and_restore_puts_all_back(
        county_plan, county_office, client_for):
    plan, derived, activities = county_plan
    watched = (Plan.objects.all(), PlanPhase.objects.all(), PlanTask.objects.all(), TaskProgress.objects.all(),
               ScheduledActivity.objects.all(), Activity.objects.all(), Attachment.objects.all(),
               PlanTask.partner_units.through.objects.all())
    before, facts_before = rows(*watched), stored_facts()
    last = ChangeLogEntry.objects.latest("id").pk

    response = client_for(county_office).delete(f"/api/plans/{plan.pk}/")

    assert response.status_code == 204
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert PlanTask.objects.filter(plan=plan.pk).count() == 0
    assert PlanTask.partner_units.through.objects.count() == PARTNER_LINKS       # the derived task's copies stay
    logged = ChangeLogEntry.objects.filter(pk__gt=last)
    deletes = {model: logged.filter(action="delete", content_type__model=model).count()
               for model in ("plan", "planphase", "plantask", "taskprogress", "scheduledactivity")}
    assert deletes == {"plan": 1, "planphase": PHASES, "plantask": TASKS, "taskprogress": PROGRESS,
                       "scheduledactivity": SCHEDULE}
    unlinks = {model: logged.filter(action="update", content_type__model=model).count()
               for model in ("activity", "plan", "plantask")}
    assert unlinks == {"activity": LINKED_ACTIVITIES, "plan": DERIVED_PLANS, "plantask": DERIVED_TASKS}
    assert all(e.after in ({"plan_task_id": None}, {"source_id": None}, {"source_task_id": None})
               for e in logged.filter(action="update"))
    assert Activity.objects.filter(plan_task__isnull=True).count() == LINKED_ACTIVITIES
    assert stored_facts() == rebuilt_facts()

    record = DeletedRecord.objects.restrict(county_office).get()
    with acting_as(county_office, source="test"):
        record_restore(by=county_office, record=record)

    assert rows(*watched) == before
    assert stored_facts() == facts_before == rebuilt_facts()
    restored = ChangeLogEntry.objects.filter(pk__gt=last, action="restore")
    assert restored.filter(content_type__model="plantask").count() == TASKS
    assert restored.filter(content_type__model="taskprogress").count() == PROGRESS
    relinked = ChangeLogEntry.objects.filter(pk__gt=last, action="update", content_type__model="activity",
                                             before={"plan_task_id": None})
    assert sorted(e.after["plan_task_id"] for e in relinked) == sorted(a.plan_task_id for a in activities)
    assert Plan.objects.get(pk=derived.pk).source_id == plan.pk


def test_an_activity_with_a_photo_deleted_on_its_page_is_restored_from_the_bin_with_its_file(
        county_plan, county_office, township_office, neighbour_office, client_for):
    _plan, _derived, activities = county_plan
    activity = activities[0]
    photo = Attachment.objects.for_object(activity).get()
    before, facts_before = rows(Activity.objects.all(), Attachment.objects.all()), stored_facts()

    client = client_for(township_office)
    response = client.post(f"/activities/{activity.pk}/delete/")

    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not Attachment.objects.filter(pk=photo.pk).exists()
    assert default_storage.exists(photo.file.name)           # kept for the bin
    assert stored_facts() == rebuilt_facts() != facts_before
    listing = client.get("/system/bin/")
    assert activity.title in listing.content.decode()
    assert activity.title not in client_for(neighbour_office).get("/system/bin/").content.decode()
    record = DeletedRecord.objects.get()
    detail = client_for(township_office).get(f"/system/bin/{record.pk}/").content.decode()
    assert "附件1条" in detail and f"/system/bin/{record.pk}/restore/" in detail
    assert client_for(neighbour_office).post(f"/system/bin/{record.pk}/restore/").status_code == 404

    client = client_for(township_office)
    response = client.post(f"/system/bin/{record.pk}/restore/")

    assert response.status_code == 302
    assert rows(Activity.objects.all(), Attachment.objects.all()) == before
    assert stored_facts() == facts_before == rebuilt_facts()
    assert default_storage.open(photo.file.name).read() == Attachment.objects.get(pk=photo.pk).file.read()
    log = ChangeLogEntry.objects.filter(content_type__model="activity", object_id=str(activity.pk))
    assert list(log.order_by("id").values_list("action", flat=True)) == ["create", "delete", "restore"]
    assert DeletedRecord.objects.get().restored_at is not None
    client.get("/")                                   # shows the "restored" message
    assert activity.title not in client.get("/system/bin/").content.decode()


def test_the_bin_keeps_files_for_the_period_and_purge_removes_them_after(
        county_plan, county_office, settings, django_capture_on_commit_callbacks):
    from tuanjie.activities.services import activity_delete

    settings.TUANJIE_RECYCLE_DAYS = 30
    _plan, _derived, activities = county_plan
    photo = Attachment.objects.for_object(activities[0]).get()
    names = [photo.file.name, photo.thumbnail.name]
    with acting_as(county_office, source="test"):
        activity_delete(by=county_office, activity=activities[0])
        activity_delete(by=county_office, activity=activities[1])
    restored = DeletedRecord.objects.get(object_id=str(activities[1].pk))
    with acting_as(county_office, source="test"):
        record_restore(by=county_office, record=restored)

    with django_capture_on_commit_callbacks(execute=True):
        assert bin_purge(now=timezone.now() + timedelta(days=29)) == 0
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        assert bin_purge(now=timezone.now() + timedelta(days=31)) == 2

    assert not DeletedRecord.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
    assert Activity.objects.filter(pk=activities[1].pk).exists()


def test_an_issued_plan_cannot_be_deleted_on_the_page_or_the_api_and_can_be_withdrawn(
        county_plan, county_office, client_for):
    plan, _derived, _activities = county_plan
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ISSUED)
    client = client_for(county_office)

    page = client.get(f"/plans/{plan.pk}/delete/").content.decode()
    posted = client.post(f"/plans/{plan.pk}/delete/", follow=True).content.decode()
    api = client.delete(f"/api/plans/{plan.pk}/")

    assert "已印发" in page and "废止" in page and "确定删除" not in page
    assert "不能删除" in posted
    assert api.status_code == 422 and "不能删除" in api.json()[0]
    assert Plan.objects.filter(pk=plan.pk).exists() and not DeletedRecord.objects.exists()

    client.post(f"/plans/{plan.pk}/withdraw/")

    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.WITHDRAWN
    assert ChangeLogEntry.objects.filter(content_type__model="plan", object_id=str(plan.pk),
                                         action="update", after__status="withdrawn").exists()
    assert client.delete(f"/api/plans/{plan.pk}/").status_code == 422


def test_an_issued_plan_cannot_be_set_back_to_draft_to_delete_it(county_plan, county_office):
    from django.core.exceptions import ValidationError

    plan, _derived, _activities = county_plan
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ISSUED)
    with pytest.raises(ValidationError, match="废止"):
        plans.plan_update(by=county_office, plan=Plan.objects.get(pk=plan.pk), status=Plan.Status.DRAFT)


def test_a_round_with_findings_and_an_accepted_item_cannot_be_deleted(tree, county_office):
    from django.core.exceptions import ValidationError

    from tests.factories import FACTORIES
    from tuanjie.core.recyclebin import record_delete
    from tuanjie.information.models import InformationItem

    with acting_as(None, source="test"):
        finding = FACTORIES["inspections.Finding"](tree.county, tree)
        item = FACTORIES["information.InformationItem"](tree.u1, tree)
    InformationItem.objects.filter(pk=item.pk).update(status=InformationItem.Status.ACCEPTED)

    with pytest.raises(ValidationError, match="结束督查"):
        record_delete(by=county_office, obj=finding.round)
    with pytest.raises(ValidationError, match="点击“撤回”"):
        record_delete(by=county_office, obj=InformationItem.objects.get(pk=item.pk))
    assert not DeletedRecord.objects.exists()


def test_a_task_whose_plan_was_deleted_after_it_asks_for_the_plan_to_be_restored_first(county_plan, county_office):
    from django.core.exceptions import ValidationError

    from tuanjie.core.recyclebin import record_delete

    plan, _derived, _activities = county_plan
    task = plan.tasks.order_by("number").last()
    with acting_as(county_office, source="test"):
        record_delete(by=county_office, obj=task)
        record_delete(by=county_office, obj=Plan.objects.get(pk=plan.pk))
        with pytest.raises(ValidationError, match="请先恢复那一条"):
            record_restore(by=county_office, record=DeletedRecord.objects.get(object_id=str(task.pk),
                                                                              content_type__model="plantask"))
        record_restore(by=county_office, record=DeletedRecord.objects.get(object_id=str(plan.pk),
                                                                          content_type__model="plan"))
        record_restore(by=county_office, record=DeletedRecord.objects.get(object_id=str(task.pk),
                                                                          content_type__model="plantask"))

    assert PlanTask.objects.filter(plan=plan.pk).count() == TASKS
    assert stored_facts() == rebuilt_facts()


@pytest.mark.parametrize(("label", "settle", "reason"), [
    ("commendations.Campaign", {"status": "decided"}, "已作出表彰决定"),
    ("assessments.Campaign", {"state": "finished"}, "已出结果"),
    ("titles.DemonstrationTitle", {}, "复检"),
])
def test_decided_campaigns_finished_assessments_and_named_titles_refuse_deletion_even_by_an_admin(
        tree, label, settle, reason):
    from django.apps import apps
    from django.core.exceptions import ValidationError

    from tests.factories import FACTORIES
    from tuanjie.core.recyclebin import record_delete

    model = apps.get_model(label)
    with acting_as(None, source="test"):
        record = FACTORIES[label](tree.county, tree)
    model.objects.filter(pk=record.pk).update(**settle)

    with pytest.raises(ValidationError, match=reason):
        record_delete(by=tree.person(Role.ADMIN, tree.province, "admin"), obj=model.objects.get(pk=record.pk))
    assert model.objects.filter(pk=record.pk).exists()


def test_the_daily_remind_run_also_purges_the_bin(tree):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("remind", date="2026-05-12", stdout=out)

    assert "回收站：清除 0 条超过 30 天的记录" in out.getvalue()


def test_a_deletion_by_a_command_names_the_system_in_the_bin_not_the_sources_code(tree, county_office, client_for):
    from tuanjie.core.recyclebin import record_delete

    with acting_as(None, source="command"):
        activity = activity_create(by=None, place=tree.u1, start_date=date(2026, 5, 12), kind="lecture", title="宣讲")
        record_delete(by=None, obj=activity)
    html = client_for(county_office).get("/system/bin/").content.decode()
    results = html.split('id="results"')[1]
    assert "系统（命令）" in results and "command" not in results
