"""Writes to the activity ledger. Each function checks the actor's right at the activity's place itself, so the
page, the import and the API go through the same rule. `user=None` means the system (demo builder, commands)."""

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.activities.models import Activity, KindDefinition
from tuanjie.activities.selectors import DEFAULT_LABELS, KindIndex, kind_in_use, kind_label_taken
from tuanjie.analytics import facts
from tuanjie.attachments.services import attach_files
from tuanjie.core import recyclebin
from tuanjie.core.access import ADD, CHANGE, DELETE, may
from tuanjie.core.bulk import insert_new
from tuanjie.core.changelog import log_bulk_created
from tuanjie.core.dates import when
from tuanjie.core.models import DeletedRecord
from tuanjie.people.selectors import staff_of

EDITABLE = ("start_date", "end_date", "title", "kind", "creation_field", "plan_task", "location", "participants",
            "output_text", "output_quantity", "description", "education_base")


def _check_allowed(user, action: str, place) -> None:
    if user is not None and not may(user, action, Activity, place):
        raise PermissionDenied(_("您无权为“%(place)s”登记或修改活动") % {"place": place})


def activity_check(activity: Activity, today: date | None = None, kinds: KindIndex | None = None) -> None:
    """The ledger's own rules beyond each field's: raises ValidationError keyed by field. `kinds` answers which
    kinds apply where from memory (an import); without it the kind is looked up."""
    today = today or timezone.localdate()
    errors = {}
    if activity.kind and activity.kind not in DEFAULT_LABELS:
        kinds = kinds if kinds is not None else KindIndex([activity.kind])
        problem = kinds.problem(activity.kind, activity.place, new=activity.pk is None)
        if problem:
            errors["kind"] = problem
    if activity.start_date and activity.start_date > today:
        errors["start_date"] = _("活动台账只登记已开展的活动，开始日期不能晚于今天（%(d)s）") % {"d": when(today)}
    if activity.end_date and activity.start_date and activity.end_date < activity.start_date:
        errors["end_date"] = _("结束日期不能早于开始日期")
    task = activity.plan_task
    if task is not None and not activity.place.path.startswith(task.plan.place.path):
        errors["plan_task"] = _("所选重点任务属于“%(p)s”的方案，不适用于本单位") % {"p": task.plan.place}
    if activity.education_base_id is not None and activity.kind != Activity.Kind.STUDY_VISIT:
        errors["education_base"] = _("只有“参观学习”类的活动可以选择教育基地；请把活动类型改为参观学习，或不选基地")
    if errors:
        raise ValidationError(errors)


def _attach(activity: Activity, files, user) -> None:
    if files:
        attach_files(owner=activity, files=files, by=user)


def _set_attendees(activity: Activity, attendees) -> None:
    """The people named as taking part: only from the unit's own staff list."""
    if attendees is None:
        return
    attendees = list(attendees)
    staff = {person.pk for person in staff_of([activity.place_id])[activity.place_id]}
    strangers = [person for person in attendees if person.pk not in staff]
    if strangers:
        raise ValidationError({"attendees": _("%(names)s不在“%(place)s”的人员名单中，只能勾选本单位人员") % {
            "names": "、".join(p.full_name or p.username for p in strangers), "place": activity.place.name}})
    activity.attendees.set(attendees)


@transaction.atomic
def activity_create(*, by, place, start_date, title, kind, files=(), attendees=None, **fields) -> Activity:
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
    _set_attendees(activity, attendees)
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
def activity_update(*, by, activity: Activity, place=None, files=(), attendees=None, **fields) -> Activity:
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
    _set_attendees(activity, attendees)
    _attach(activity, files, by)
    return activity


@transaction.atomic
def activity_delete(*, by, activity: Activity) -> DeletedRecord:
    _check_allowed(by, DELETE, Activity.objects.select_related("place").get(pk=activity.pk).place)
    return recyclebin.record_delete(by=by, obj=activity)     # photos go along, kept until the bin is purged


# ------------------------------------------------------------------------------------------------------ kinds
def _check_kind_allowed(by, action: str, place) -> None:
    if by is not None and not may(by, action, KindDefinition, place):
        raise PermissionDenied(_("您无权为“%(place)s”设置活动类型") % {"place": place})


def _check_label(place, label: str, exclude_pk=None) -> str:
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": _("请填写类型名称")})
    if kind_label_taken(place, label, exclude_pk=exclude_pk):
        raise ValidationError({"label": _("“%(label)s”已是本地区或上下级可用的活动类型，无需重复设置") % {"label": label}})
    return label


@transaction.atomic
def kind_create(*, by, place, label: str) -> KindDefinition:
    """An office adds a kind for its subtree. Its code is made here, once, and never changes."""
    _check_kind_allowed(by, ADD, place)
    if not place.is_area:
        raise ValidationError({"place": _("活动类型须由行政区域的创建办设置，请选择省、市、县等地区")})
    kind = KindDefinition(place=place, label=_check_label(place, label), code=f"k{uuid.uuid4().hex[:12]}")
    kind.full_clean()
    kind.save()
    return kind


@transaction.atomic
def kind_update(*, by, kind: KindDefinition, label: str | None = None, is_archived: bool | None = None,
                place=None) -> KindDefinition:
    """Rename (only while no activity uses it) or archive/restore a kind. It stays where it was defined."""
    kind = KindDefinition.objects.select_for_update().select_related("place").get(pk=kind.pk)
    _check_kind_allowed(by, CHANGE, kind.place)
    if place is not None and place.pk != kind.place_id:
        raise ValidationError({"place": _("活动类型设置后不能改到其他地区；请在该地区另行设置")})
    if label is not None and label.strip() != kind.label:
        if kind_in_use(kind):
            raise ValidationError({"label": _("已有活动使用“%(label)s”，不能改名；如不再使用请停用") % {
                "label": kind.label}})
        kind.label = _check_label(kind.place, label, exclude_pk=kind.pk)
    if is_archived is not None:
        kind.is_archived = is_archived
    kind.full_clean()
    kind.save()
    return kind


@transaction.atomic
def kind_delete(*, by, kind: KindDefinition) -> DeletedRecord:
    _check_kind_allowed(by, DELETE, kind.place)
    if kind_in_use(kind):
        raise ValidationError(_("已有活动使用“%(label)s”，不能删除；如不再使用请停用") % {"label": kind.label})
    return recyclebin.record_delete(by=by, obj=kind)
