"""The one way a date or a moment is written on pages, in exports and in documents: 2026年12月1日 for a day,
12月1日 15:33 for a moment of the current year and 2025年12月1日 15:33 for an earlier (or later) one, in the
platform's time zone (Asia/Shanghai). Templates use the `when` filter (core/templatetags/tuanjie.py), Python
code `when()`; nothing else formats dates for people to read.

Below that, the one rule for which dates the platform accepts at all (FLOOR, CEILING, `happened`, `planned`)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _


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


# ------------------------------------------------------------------------------------------ plausible dates
# The one definition of a date the platform can hold. Nothing it records is older than FLOOR: the creation work
# (民族团结进步创建) and its commendations go back to the national commendation conference of 1988, and 1980
# leaves room for the older titles and documents an office enters late. A date of something that has happened
# (an activity held, money spent, a visit paid, a group set up) is not later than today; a planned one (a
# deadline, a schedule, a term, a validity) not later than CEILING, the end of the years a plan may name (YEARS).
FLOOR = date(1980, 1, 1)
CEILING = date(2100, 12, 31)
YEARS = range(FLOOR.year, CEILING.year + 1)


@deconstructible
class PlausibleDate:
    """A model field's validator (forms, serializers and `full_clean` all run it): FLOOR ≤ day ≤ today, or
    ≤ CEILING when `planned`. Its code, `implausible_date`, makes the API answer 422 (core/api.py)."""

    code = "implausible_date"

    def __init__(self, *, planned: bool = False):
        self.planned = planned

    def __call__(self, value) -> None:
        if value is None:
            return
        day = timezone.localtime(value).date() if isinstance(value, datetime) else value
        if day < FLOOR:
            raise ValidationError(_("日期%(day)s不能早于%(floor)s，请检查年份") % {"day": day_text(day),
                                                                          "floor": day_text(FLOOR)},
                                  code=self.code)
        latest = CEILING if self.planned else timezone.localdate()
        if day > latest:
            message = (_("日期%(day)s不能晚于%(latest)s，请检查年份") if self.planned
                       else _("日期%(day)s不能晚于今天（%(latest)s）：这里只登记已经发生的事"))
            raise ValidationError(message % {"day": day_text(day), "latest": day_text(latest)}, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, PlausibleDate) and other.planned == self.planned

    def __hash__(self) -> int:
        return hash((PlausibleDate, self.planned))


happened = PlausibleDate()
planned = PlausibleDate(planned=True)
year_range = [MinValueValidator(YEARS.start), MaxValueValidator(YEARS.stop - 1)]


def check_range(value, *, field: str, planned_date: bool = False) -> None:
    """For a service that takes a date outside a model field (and so outside its validators): the same rule, with
    the message under `field`."""
    try:
        PlausibleDate(planned=planned_date)(value)
    except ValidationError as error:
        raise ValidationError({field: error}) from None
