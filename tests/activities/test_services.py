from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories_attachments import PNG_1PX
from tuanjie.activities.models import Activity
from tuanjie.activities.services import activity_create, activity_delete, activity_update
from tuanjie.attachments.models import Attachment
from tuanjie.core.models import ChangeLogEntry


def lecture(**extra):
    return {"start_date": date(2026, 5, 12), "title": "开展民族团结进步宣传月主题宣讲", "kind": "lecture", **extra}


def test_unit_logs_an_activity_and_it_takes_the_units_creation_field(tree, unit_staff):
    activity = activity_create(by=unit_staff, place=tree.u1, participants=120, **lecture())
    assert activity.creation_field == tree.u1.creation_field
    assert activity.recorded_by == unit_staff
    assert ChangeLogEntry.objects.filter(object_id=str(activity.pk), action="create").exists()


def test_unit_may_log_for_its_sub_unit_but_not_for_a_sibling(tree, unit_staff):
    activity_create(by=unit_staff, place=tree.u1a, **lecture())
    with pytest.raises(PermissionDenied, match="无权"):
        activity_create(by=unit_staff, place=tree.u2, **lecture())


def test_a_cadre_does_not_log_unit_activities(tree, cadre):
    with pytest.raises(PermissionDenied):
        activity_create(by=cadre, place=tree.u1, **lecture())


def test_township_office_logs_for_units_below_it_but_not_for_another_township(tree, township_office):
    activity_create(by=township_office, place=tree.u2, **lecture())
    with pytest.raises(PermissionDenied):
        activity_create(by=township_office, place=tree.t2, **lecture())


def test_an_activity_in_the_future_is_refused(tree, unit_staff):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        activity_create(by=unit_staff, place=tree.u1, **lecture(start_date=tomorrow))
    assert not Activity.objects.exists()


def test_end_date_before_start_is_refused(tree, unit_staff):
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        activity_create(by=unit_staff, place=tree.u1, **lecture(end_date=date(2026, 5, 1)))


def test_an_unknown_kind_is_refused(tree, unit_staff):
    with pytest.raises(ValidationError):
        activity_create(by=unit_staff, place=tree.u1, **lecture(kind="parade"))


def _county_task(place, lead_unit):
    from tuanjie.plans.services import plan_create, task_create

    plan = plan_create(by=None, place=place, year=2026, title=f"{place.name}2026年实施方案")
    return task_create(by=None, plan=plan, title="开展宣讲进机关、进学校、进社区", lead_unit=lead_unit)


def test_an_activity_serves_a_task_of_its_own_areas_plan(tree, unit_staff):
    task = _county_task(tree.county, tree.u1)
    activity = activity_create(by=unit_staff, place=tree.u1, plan_task=task, **lecture())
    assert list(task.activities.all()) == [activity]


def test_a_task_of_another_countys_plan_is_refused(tree, unit_staff):
    task = _county_task(tree.neighbour, tree.b1)
    with pytest.raises(ValidationError, match="不适用于本单位"):
        activity_create(by=unit_staff, place=tree.u1, plan_task=task, **lecture())


def test_photos_are_attached_with_the_activity_and_removed_with_it(tree, unit_staff):
    photo = SimpleUploadedFile("现场.png", PNG_1PX, content_type="image/png")
    activity = activity_create(by=unit_staff, place=tree.u1, files=[photo], **lecture())
    assert Attachment.objects.for_object(activity).count() == 1
    activity_delete(by=unit_staff, activity=activity)
    assert not Activity.objects.exists()
    assert not Attachment.objects.exists()


def test_a_file_that_is_not_a_photo_or_document_refuses_the_whole_activity(tree, unit_staff):
    bad = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(ValidationError):
        activity_create(by=unit_staff, place=tree.u1, files=[bad], **lecture())
    assert not Activity.objects.exists()


def test_neighbour_office_cannot_change_or_delete(tree, unit_staff, neighbour_office):
    activity = activity_create(by=unit_staff, place=tree.u1, **lecture())
    with pytest.raises(PermissionDenied):
        activity_update(by=neighbour_office, activity=activity, title="改")
    with pytest.raises(PermissionDenied):
        activity_delete(by=neighbour_office, activity=activity)


def test_unit_cannot_move_its_activity_to_a_sibling(tree, unit_staff):
    activity = activity_create(by=unit_staff, place=tree.u1, **lecture())
    with pytest.raises(PermissionDenied):
        activity_update(by=unit_staff, activity=activity, place=tree.u2)
    activity_update(by=unit_staff, activity=activity, participants=80)
    activity.refresh_from_db()
    assert activity.participants == 80 and activity.place == tree.u1
