"""The one way a date or a moment is written on pages, in exports and in documents: 2026年12月1日 for a day,
12月1日 15:33 for a moment of the current year and 2025年12月1日 15:33 for an earlier (or later) one, in the
platform's time zone (Asia/Shanghai). Templates use the `when` filter (core/templatetags/tuanjie.py), Python
code `when()`; nothing else formats dates for people to read."""

from datetime import date, datetime

from django.utils import timezone


def day_text(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def moment_text(value: datetime, *, seconds: bool = False, now: datetime | None = None) -> str:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    this_year = timezone.localtime(now).year if now is not None else timezone.localdate().year
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    day = f"{local.month}月{local.day}日" if local.year == this_year else day_text(local)
    return f"{day} {clock}"


def when(value, *, seconds: bool = False, now: datetime | None = None) -> str:
    """A date or datetime as people read it; "" for nothing. Anything else is returned as text unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return moment_text(value, seconds=seconds, now=now)
    if isinstance(value, date):
        return day_text(value)
    return str(value)
