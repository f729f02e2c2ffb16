"""Writes to the activity ledger. Each function checks the actor's right at the activity's place itself, so the
page, the import and the API go through the same rule. `user=None` means the system (demo builder, commands)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.activities.models import Activity
from tuanjie.analytics import facts
from tuanjie.attachments.services import attach_files
from tuanjie.core import recyclebin
from tuanjie.core.access import ADD, CHANGE, DELETE, may
from tuanjie.core.bulk import insert_new
from tuanjie.core.changelog import log_bulk_created
from tuanjie.core.dates import when
from tuanjie.core.models import DeletedRecord

EDITABLE = ("start_date", "end_date", "title", "kind", "creation_field", "plan_task", "location", "participants",
            "output_text", "output_quantity", "description")


def _check_allowed(user, action: str, place) -> None:
    if user is not None and not may(user, action, Activity, place):
        raise PermissionDenied(_("您无权为“%(place)s”登记或修改活动") % {"place": place})


def activity_check(activity: Activity, today: date | None = None) -> None:
    """The ledger's own rules beyond each field's: raises ValidationError keyed by field."""
    today = today or timezone.localdate()
    errors = {}
    if activity.start_date and activity.start_date > today:
        errors["start_date"] = _("活动台账只登记已开展的活动，开始日期不能晚于今天（%(d)s）") % {"d": when(today)}
    if activity.end_date and activity.start_date and activity.end_date < activity.start_date:
        errors["end_date"] = _("结束日期不能早于开始日期")
    task = activity.plan_task
    if task is not None and not activity.place.path.startswith(task.plan.place.path):
        errors["plan_task"] = _("所选重点任务属于“%(p)s”的方案，不适用于本单位") % {"p": task.plan.place}
    if errors:
        raise ValidationError(errors)


def _attach(activity: Activity, files, user) -> None:
    if files:
        attach_files(owner=activity, files=files, by=user)


@transaction.atomic
def activity_create(*, by, place, start_date, title, kind, files=(), **fields) -> Activity:
    """Log one activity for `place`. The creation field defaults to the unit's own."""
    _check_allowed(by, ADD, place)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    activity = Activity(place=place, start_date=start_date, title=title, kind=kind,
                        recorded_by=by if getattr(by, "pk", None) else None, **fields)
    if activity.creation_field_id is None:
        activity.creation_field_id = place.creation_field_id
    activity_check(activity)
    activity.full_clean(exclude=["recorded_by"])
    activity.save()
    _attach(activity, files, by)
    return activity


@transaction.atomic
def activity_bulk_create(*, by, activities: list[Activity]) -> list[Activity]:
    """Log many activities at once (the Excel import). Each must already have passed `activity_check` and
    `full_clean` (the import checks row by row so that it can name each bad row); here the rights are checked once
    per place, the creation field defaults to the unit's, and the rows, their change-log entries and the roll-up
    facts are written in bulk, since bulk inserts send none of the signals a save() would."""
    for place in {activity.place_id: activity.place for activity in activities}.values():
        _check_allowed(by, ADD, place)
    recorder = by if getattr(by, "pk", None) else None
    for activity in activities:
        activity.recorded_by = recorder
        if activity.creation_field_id is None:
            activity.creation_field_id = activity.place.creation_field_id
    insert_new(activities)
    log_bulk_created(activities)
    facts.records_added(Activity, [activity.pk for activity in activities])
    return activities


@transaction.atomic
def activity_update(*, by, activity: Activity, place=None, files=(), **fields) -> Activity:
    # Rights are checked at the place the record is saved under (a model form may already have changed the
    # instance in memory) and at the place it ends up in.
    _check_allowed(by, CHANGE, Activity.objects.select_related("place").get(pk=activity.pk).place)
    _check_allowed(by, CHANGE, activity.place)
    if place is not None and place.pk != activity.place_id:
        _check_allowed(by, CHANGE, place)
        activity.place = place
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(f"unknown field {name}")
        setattr(activity, name, value)
    if activity.creation_field_id is None:
        activity.creation_field_id = activity.place.creation_field_id
    activity_check(activity)
    activity.full_clean(exclude=["recorded_by"])
    activity.save()
    _attach(activity, files, by)
    return activity


@transaction.atomic
def activity_delete(*, by, activity: Activity) -> DeletedRecord:
    _check_allowed(by, DELETE, Activity.objects.select_related("place").get(pk=activity.pk).place)
    return recyclebin.record_delete(by=by, obj=activity)     # photos go along, kept until the bin is purged
