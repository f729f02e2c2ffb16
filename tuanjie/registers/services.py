"""Writes of the registers: education bases, the cultivation list, liaisons and numbered briefings. Each checks the
actor's right at the record's place (by=None is the system: demo, commands) and refuses bad input in Chinese."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.attachments.services import attach_files
from tuanjie.core import recyclebin
from tuanjie.core.access import ADD, CHANGE, DELETE, may
from tuanjie.core.models import DeletedRecord
from tuanjie.places.models import Place
from tuanjie.plans.services import is_staff_of
from tuanjie.registers.models import (
    Briefing,
    BriefingItem,
    CultivationEntry,
    EducationBase,
    GroupDecision,
    Liaison,
)

BASE_FIELDS = ("name", "level", "named_by", "named_year", "document_no", "address", "description", "is_active")
CULTIVATION_FIELDS = ("year", "target", "title_level", "planned_funds", "progress", "progress_note")
LIAISON_FIELDS = ("person", "post", "office_phone", "mobile", "email")


def _check(by, action: str, model, place: Place) -> None:
    if by is not None and not may(by, action, model, place):
        raise PermissionDenied(_("您无权在“%(p)s”下登记或修改%(what)s") % {"p": place, "what": model._meta.verbose_name})


def _apply(obj, allowed: tuple, fields: dict) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"unknown field {name}")
        setattr(obj, name, value)


def _stored(model, obj):
    return model.objects.select_for_update().select_related("place").get(pk=obj.pk)


def _move(by, model, obj, place: Place | None) -> None:
    if place is not None and place.pk != obj.place_id:
        _check(by, CHANGE, model, place)
        obj.place = place


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


# ---------------------------------------------------------------------------------------------------- bases

def _validate_base(base: EducationBase) -> None:
    base.name = (base.name or "").strip()
    if not base.name:
        raise ValidationError({"name": _("请填写基地名称")})
    clash = EducationBase.objects.filter(place=base.place, name=base.name).exclude(pk=base.pk)
    if clash.exists():
        raise ValidationError({"name": _("“%(p)s”已登记教育基地“%(n)s”") % {"p": base.place, "n": base.name}})
    if base.named_year and base.named_year > timezone.localdate().year:
        raise ValidationError({"named_year": _("命名年度不能晚于今年")})


@transaction.atomic
def base_create(*, by, place: Place, **fields) -> EducationBase:
    _check(by, ADD, EducationBase, place)
    base = EducationBase(place=place)
    _apply(base, BASE_FIELDS, fields)
    _validate_base(base)
    return _save(base)


@transaction.atomic
def base_update(*, by, instance: EducationBase, place: Place | None = None, **fields) -> EducationBase:
    base = _stored(EducationBase, instance)
    _check(by, CHANGE, EducationBase, base.place)
    _move(by, EducationBase, base, place)
    _apply(base, BASE_FIELDS, fields)
    _validate_base(base)
    return _save(base)


def base_delete(*, by, obj: EducationBase) -> DeletedRecord:
    _check(by, DELETE, EducationBase, obj.place)
    return recyclebin.record_delete(by=by, obj=obj)


# ---------------------------------------------------------------------------------------------------- cultivation

def _validate_cultivation(entry: CultivationEntry) -> None:
    if not (entry.target or "").strip():
        raise ValidationError({"target": _("请填写培育目标")})
    if CultivationEntry.objects.filter(place=entry.place, year=entry.year).exclude(pk=entry.pk).exists():
        raise ValidationError({"place": _("“%(p)s”已在%(y)s年培育名单中") % {"p": entry.place, "y": entry.year}})


@transaction.atomic
def cultivation_create(*, by, place: Place, **fields) -> CultivationEntry:
    _check(by, ADD, CultivationEntry, place)
    entry = CultivationEntry(place=place)
    _apply(entry, CULTIVATION_FIELDS, fields)
    _validate_cultivation(entry)
    return _save(entry)


@transaction.atomic
def cultivation_update(*, by, instance: CultivationEntry, place: Place | None = None, **fields) -> CultivationEntry:
    entry = _stored(CultivationEntry, instance)
    _check(by, CHANGE, CultivationEntry, entry.place)
    _move(by, CultivationEntry, entry, place)
    _apply(entry, CULTIVATION_FIELDS, fields)
    _validate_cultivation(entry)
    return _save(entry)


# ---------------------------------------------------------------------------------------------------- liaisons

def _validate_liaison(liaison: Liaison) -> None:
    # Staff only: the roster is a directory of people at work, never of the households they help.
    if not is_staff_of(liaison.person, liaison.place):
        raise ValidationError({"person": _("联络员须是“%(p)s”的工作人员（在本平台有本单位的账号和角色）") % {
            "p": liaison.place}})
    if not (liaison.post or "").strip():
        raise ValidationError({"post": _("请填写联络员的职务")})
    if not (liaison.office_phone or liaison.mobile):
        raise ValidationError({"office_phone": _("请至少填写办公电话或手机中的一项")})
    if Liaison.objects.filter(place=liaison.place).exclude(pk=liaison.pk).exists():
        raise ValidationError({"place": _("“%(p)s”已登记联络员，请修改已有的登记") % {"p": liaison.place}})


@transaction.atomic
def liaison_create(*, by, place: Place, **fields) -> Liaison:
    _check(by, ADD, Liaison, place)
    liaison = Liaison(place=place)
    _apply(liaison, LIAISON_FIELDS, fields)
    _validate_liaison(liaison)
    return _save(liaison)


@transaction.atomic
def liaison_update(*, by, instance: Liaison, place: Place | None = None, **fields) -> Liaison:
    liaison = _stored(Liaison, instance)
    _check(by, CHANGE, Liaison, liaison.place)
    _move(by, Liaison, liaison, place)
    _apply(liaison, LIAISON_FIELDS, fields)
    _validate_liaison(liaison)
    return _save(liaison)


# ---------------------------------------------------------------------------------------------------- briefings

def briefing_candidates(place: Place):
    """Information items of `place`'s subtree that its office (or one below) has accepted: what a briefing prints."""
    from tuanjie.core.access import within
    from tuanjie.information.models import InformationItem

    accepted = (InformationItem.Status.ACCEPTED, InformationItem.Status.FORWARDED, InformationItem.Status.PUBLISHED)
    return InformationItem.objects.filter(within(place), status__in=accepted)


def _check_items(place: Place, items: list) -> None:
    if not items:
        raise ValidationError({"items": _("请至少选择一条已采用的信息")})
    allowed = set(briefing_candidates(place).filter(pk__in=[i.pk for i in items]).values_list("pk", flat=True))
    wrong = [str(i) for i in items if i.pk not in allowed]
    if wrong:
        raise ValidationError({"items": _("只能刊发本地区已采用的信息：%(t)s") % {"t": "、".join(wrong)}})


def _set_items(briefing: Briefing, items: list) -> None:
    BriefingItem.objects.filter(briefing=briefing).delete()
    for order, item in enumerate(items, start=1):
        BriefingItem.objects.create(briefing=briefing, item=item, order=order)


@transaction.atomic
def briefing_create(*, by, place: Place, items: Iterable, issued_on: date | None = None, title: str = "",
                    editor: str = "", year: int | None = None) -> Briefing:
    """Compile the next numbered briefing of `place` from accepted items. The number is the next one of the area's
    year, taken under a lock on the area, so two offices compiling at once never print the same 第N期."""
    _check(by, ADD, Briefing, place)
    if not place.is_area:
        raise ValidationError({"place": _("简报由行政区域的创建办编发")})
    items = list(items)
    _check_items(place, items)
    issued_on = issued_on or timezone.localdate()
    year = year or issued_on.year
    if issued_on.year != year:
        raise ValidationError({"issued_on": _("编发日期应在%(y)d年内") % {"y": year}})
    Place.objects.select_for_update().filter(pk=place.pk).first()
    last = Briefing.objects.filter(place=place, year=year).aggregate(n=Max("number"))["n"] or 0
    briefing = Briefing(place=place, year=year, number=last + 1, issued_on=issued_on, editor=(editor or "").strip())
    if title and title.strip():
        briefing.title = title.strip()
    _save(briefing)
    _set_items(briefing, items)
    return briefing


@transaction.atomic
def briefing_update(*, by, instance: Briefing, items: Iterable | None = None, issued_on: date | None = None,
                    title: str = "", editor: str = "", place: Place | None = None, year: int | None = None,
                    number: int | None = None) -> Briefing:
    """Change the items, the date or the masthead; the number and the area stay (a printed 第N期 keeps its number)."""
    briefing = _stored(Briefing, instance)
    _check(by, CHANGE, Briefing, briefing.place)
    if place is not None and place.pk != briefing.place_id:
        raise ValidationError({"place": _("简报的编发地区不能更改")})
    if (year is not None and year != briefing.year) or (number is not None and number != briefing.number):
        raise ValidationError(_("简报的年度和期数编定后不能更改"))
    if issued_on is not None:
        if issued_on.year != briefing.year:
            raise ValidationError({"issued_on": _("编发日期应在%(y)d年内") % {"y": briefing.year}})
        briefing.issued_on = issued_on
    if title and title.strip():
        briefing.title = title.strip()
    briefing.editor = (editor or "").strip()
    _save(briefing)
    if items is not None:
        items = list(items)
        _check_items(briefing.place, items)
        _set_items(briefing, items)
    return briefing


# ---------------------------------------------------------------------------------------------------- decisions

DECISION_FIELDS = ("decided_on", "title", "document_no", "summary")


def _validate_decision(decision: GroupDecision) -> None:
    if not (decision.title or "").strip():
        raise ValidationError({"title": _("请填写标题")})
    if decision.decided_on and decision.decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("会议/决定日期不能晚于今天")})


@transaction.atomic
def decision_create(*, by, group, files=(), **fields) -> GroupDecision:
    _check(by, ADD, GroupDecision, group.place)
    decision = GroupDecision(group=group)
    _apply(decision, DECISION_FIELDS, fields)
    _validate_decision(decision)
    _save(decision)
    if files:
        attach_files(owner=decision, files=files, by=by, caption=decision.title[:200])
    return decision


@transaction.atomic
def decision_update(*, by, instance: GroupDecision, group=None, files=(), **fields) -> GroupDecision:
    decision = GroupDecision.objects.select_for_update().select_related("group__place").get(pk=instance.pk)
    _check(by, CHANGE, GroupDecision, decision.group.place)
    if group is not None and group.pk != decision.group_id:
        _check(by, CHANGE, GroupDecision, group.place)
        decision.group = group
    _apply(decision, DECISION_FIELDS, fields)
    _validate_decision(decision)
    _save(decision)
    if files:
        attach_files(owner=decision, files=files, by=by, caption=decision.title[:200])
    return decision
