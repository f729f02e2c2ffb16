from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.core.roles import Role
from tuanjie.titles.models import DemonstrationTitle
from tuanjie.titles.services import may_reinspect, title_reinspect

T = DemonstrationTitle.Status


@pytest.fixture
def title(new_application, walk, city_quota):
    return walk(new_application(), 4).title


def test_a_passed_re_inspection_keeps_the_title_and_schedules_the_next(title, province_office):
    record = title_reinspect(by=province_office, title=title, passed=True, inspected_on=date(2029, 10, 1))
    title.refresh_from_db()
    assert title.status == T.ACTIVE and title.next_inspection_due == date(2032, 10, 1)
    assert record.result == "passed" and record.office.name == "同心省"


def test_fail_gives_a_deadline_then_a_second_fail_revokes(title, province_office, new_application):
    title_reinspect(by=province_office, title=title, passed=False, inspected_on=date(2029, 10, 1),
                    findings="创建台账不完整", rectification_deadline=date(2030, 3, 31))
    title.refresh_from_db()
    assert title.status == T.RECTIFYING
    assert title.rectification_deadline == date(2030, 3, 31) == title.next_inspection_due
    record = title_reinspect(by=province_office, title=title, passed=False, inspected_on=date(2030, 4, 2),
                             findings="整改不到位")
    title.refresh_from_db()
    assert title.status == T.REVOKED and title.revoked_on == date(2030, 4, 2)
    assert "整改不到位" in title.revoke_reason and record.title_status_after == T.REVOKED
    assert title.next_inspection_due is None
    with pytest.raises(ValidationError):
        title_reinspect(by=province_office, title=title, passed=True)
    assert not may_reinspect(province_office, title)
    # a revoked title no longer blocks a new application
    assert new_application().status == "draft"


def test_a_failed_re_inspection_without_a_deadline_gets_the_default(title, province_office):
    title_reinspect(by=province_office, title=title, passed=False, inspected_on=date(2029, 10, 31),
                    findings="活动记录缺失")
    title.refresh_from_db()
    assert title.rectification_deadline == date(2030, 4, 30)


def test_rectified_titles_return_to_active(title, province_office):
    title_reinspect(by=province_office, title=title, passed=False, inspected_on=date(2029, 10, 1), findings="缺")
    title_reinspect(by=province_office, title=title, passed=True, inspected_on=date(2030, 3, 1))
    title.refresh_from_db()
    assert title.status == T.ACTIVE and title.rectification_deadline is None
    assert title.next_inspection_due == date(2033, 3, 1)


def test_a_failure_needs_findings_and_a_later_deadline(title, province_office):
    with pytest.raises(ValidationError):
        title_reinspect(by=province_office, title=title, passed=False, inspected_on=date(2029, 10, 1))
    with pytest.raises(ValidationError):
        title_reinspect(by=province_office, title=title, passed=False, inspected_on=date(2029, 10, 1),
                        findings="缺", rectification_deadline=date(2029, 9, 1))
    title.refresh_from_db()
    assert title.status == T.ACTIVE and not title.reinspections.exists()


def test_only_the_office_at_the_re_inspection_level_re_inspects(tree, title, county_office, city_office,
                                                                unit_staff):
    for user in (county_office, city_office, unit_staff, tree.person(Role.INSPECTOR, tree.province),
                 tree.person(Role.OFFICE, tree.neighbour)):
        assert not may_reinspect(user, title)
        with pytest.raises(PermissionDenied):
            title_reinspect(by=user, title=title, passed=False, findings="x")
    title.refresh_from_db()
    assert title.status == T.ACTIVE


def test_titles_due_for_re_inspection_are_found(title):
    from tuanjie.titles.selectors import titles_due

    assert list(titles_due(date(2029, 11, 1))) == [title]
    assert list(titles_due(date(2029, 1, 1))) == []


def test_the_reminder_tells_the_province_office_and_the_unit_once(title, province_office, unit_staff):
    from tuanjie.notifications.models import Notification
    from tuanjie.titles.reminders import reinspections_due

    assert reinspections_due(date(2029, 1, 1)) == 0
    assert reinspections_due(date(2029, 11, 1)) == 2
    assert reinspections_due(date(2029, 11, 2)) == 0
    assert Notification.objects.filter(recipient=province_office, title__contains="复检复验临近").exists()
    assert Notification.objects.filter(recipient=unit_staff).exists()


def test_named_titles_are_countable(title):
    from tuanjie.core.countables import get

    assert get("title.named").count_in_subtree(title.place.path, date(2026, 1, 1), date(2026, 12, 31)) == 1
