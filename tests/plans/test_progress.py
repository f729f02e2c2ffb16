"""The progress workflow: responsible units report, the lead unit's report moves the task."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tuanjie.plans import services
from tuanjie.plans.models import PlanTask, TaskProgress


def _photo(name="现场.png"):
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def _report(by, task, **over):
    fields = dict(status="in_progress", percent=40, text="已开展宣讲4场")
    fields.update(over)
    return services.task_progress_report(by=by, task=task, **fields)


def test_the_lead_units_staff_report_progress_and_the_task_moves(task, unit_staff):
    progress = _report(unit_staff, task)
    task.refresh_from_db()
    assert progress.place == task.lead_unit and progress.reported_by == unit_staff
    assert (task.status, task.percent) == ("in_progress", 40)


def test_a_partner_units_report_is_kept_but_does_not_move_the_task(tree, task):
    partner = tree.person("unit", tree.u2, "u2_staff")
    progress = _report(partner, task, percent=90)
    task.refresh_from_db()
    assert progress.place == tree.u2 and task.percent == 0


def test_an_office_above_may_report_for_the_lead_unit(task, county_office):
    _report(county_office, task, status="done", percent=100, text="验收完成")
    task.refresh_from_db()
    assert task.status == "done"


def test_a_cadre_or_another_units_staff_may_not_report(tree, task, cadre):
    with pytest.raises(PermissionDenied):
        _report(cadre, task)
    sibling = tree.person("unit", tree.t2, "t2_unit")
    with pytest.raises(ValidationError, match="牵头单位和配合单位"):
        _report(sibling, task, place=tree.t2)
    with pytest.raises(PermissionDenied):
        _report(sibling, task)
    assert not TaskProgress.objects.exists()


def test_a_neighbouring_office_may_not_report(task, neighbour_office):
    with pytest.raises(PermissionDenied):
        _report(neighbour_office, task)


def test_a_unit_may_not_report_on_a_finished_task_but_the_office_may_reopen_it(task, unit_staff, county_office):
    _report(unit_staff, task, status="done", percent=100)
    with pytest.raises(ValidationError, match="任务已完成"):
        _report(unit_staff, task)
    _report(county_office, task, status="in_progress", percent=80, text="复核发现缺少佐证，重新推进")
    task.refresh_from_db()
    assert (task.status, task.percent) == ("in_progress", 80)


@pytest.mark.parametrize("fields, message", [
    ({"status": "done", "percent": 60}, "应为100%"),
    ({"status": "not_started", "percent": 30}, "推进中"),
    ({"percent": 120}, "0到100"),
    ({"text": "  "}, "进展情况"),
])
def test_inconsistent_reports_are_refused_in_chinese(task, unit_staff, fields, message):
    with pytest.raises(ValidationError, match=message):
        _report(unit_staff, task, **fields)
    assert not TaskProgress.objects.exists()


def test_evidence_files_are_attached_to_the_report(task, unit_staff):
    from tuanjie.attachments.models import Attachment

    progress = _report(unit_staff, task, files=[_photo(), _photo("第二张.png")])
    assert Attachment.objects.for_object(progress).count() == 2


def test_a_bad_evidence_file_refuses_the_whole_report(task, unit_staff):
    from tuanjie.attachments.models import Attachment

    bad = SimpleUploadedFile("病毒.exe", b"MZ\x90\x00not a picture", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="不是支持的文件类型"):
        _report(unit_staff, task, files=[_photo(), bad])
    assert not TaskProgress.objects.exists() and not Attachment.objects.exists()
    task.refresh_from_db()
    assert task.percent == 0


def test_reports_are_dated(task, unit_staff):
    progress = _report(unit_staff, task, reported_on=date(2026, 5, 31))
    assert progress.reported_on == date(2026, 5, 31)
    assert PlanTask.objects.get().progress.count() == 1
