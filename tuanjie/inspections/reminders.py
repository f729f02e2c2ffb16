"""Daily reminders: overdue rectification items are flagged to their responsible unit once a day."""

from datetime import date

from django.utils.translation import gettext as _

from tuanjie.inspections.selectors import overdue_rectifications
from tuanjie.inspections.services import notify_unit


def remind_overdue_rectifications(today: date) -> int:
    sent = 0
    for item in overdue_rectifications(today):
        days = (today - item.deadline).days
        sent += notify_unit(item, _("整改事项已超期%(d)d天，请尽快整改并反馈") % {"d": days},
                             dedupe_key=f"inspections.rectification.{item.pk}.overdue.{today:%Y%m%d}")
    return sent


REMINDERS = [remind_overdue_rectifications]
