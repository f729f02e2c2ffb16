"""Reminders to units behind as a period's end nears, and to the office."""

from datetime import date

from tuanjie.notifications.models import Notification
from tuanjie.quotas.reminders import REMINDERS, quota_period_ending


def test_units_behind_and_their_office_are_reminded_five_days_before_month_end(
        tree, rule, record, unit_staff, county_office):
    other = tree.person("unit", tree.u2, "u2_staff")
    record(tree.u2, date(2026, 3, 2), n=2)                    # u2 has met March; u1 has not
    sent = quota_period_ending(date(2026, 3, 26))
    mine = Notification.objects.filter(recipient=unit_staff)
    assert mine.count() == 1
    assert "还差2次" in mine.get().title and mine.get().kind == "quota"
    assert not Notification.objects.filter(recipient=other).exists()
    office = Notification.objects.get(recipient=county_office)
    assert "城关镇中心学校" in office.body and "城关镇人民政府" not in office.body
    assert sent == 2


def test_a_reminder_is_sent_once_however_often_the_job_runs(tree, rule, unit_staff, county_office):
    assert quota_period_ending(date(2026, 3, 26)) == 2
    assert quota_period_ending(date(2026, 3, 27)) == 0
    assert Notification.objects.filter(recipient=unit_staff).count() == 1


def test_no_reminder_before_the_window_or_for_a_rule_of_another_year(tree, rule, unit_staff):
    assert quota_period_ending(date(2026, 3, 20)) == 0
    assert quota_period_ending(date(2027, 3, 27)) == 0
    assert not Notification.objects.exists()


def test_an_inactive_rule_reminds_nobody(tree, rule, unit_staff):
    rule.is_active = False
    rule.save()
    assert quota_period_ending(date(2026, 3, 26)) == 0


def test_the_reminder_is_registered_for_the_daily_job():
    assert quota_period_ending in REMINDERS
