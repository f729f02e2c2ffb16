"""Writes of the countables offices define. Their figures are never written: they are the fact rows of the records
they count (see models.CountableDefinition)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuanjie.analytics.models import CountableDefinition
from tuanjie.analytics.selectors import countable_in_use, countable_name_taken
from tuanjie.core import countables, recyclebin
from tuanjie.core.access import ADD, CHANGE, DELETE, may
from tuanjie.core.models import DeletedRecord

FIELDS = ("name", "source", "creation_field")


def _check(by, action, place) -> None:
    if by is not None and not may(by, action, CountableDefinition, place):
        raise PermissionDenied(_("您无权为“%(place)s”设置计数项目") % {"place": place})


def source_choices(place) -> list[tuple[str, str]]:
    """What an office at `place` may count: the countables listed in code and the kinds that apply there (not
    other offices' countables: a definition counts records, it does not stack on another definition)."""
    return [(key, label) for key, label in countables.choices(place) if not key.startswith(countables.OFFICE_PREFIX)]


def _validate(definition: CountableDefinition) -> None:
    place = definition.place
    if not place.is_area:
        raise ValidationError({"place": _("计数项目须由行政区域的创建办设置，请选择省、市、县等地区")})
    definition.name = (definition.name or "").strip()
    if definition.source not in dict(source_choices(place)):
        raise ValidationError({"source": _("“%(key)s”不是“%(place)s”可统计的项目，请从列表中选择") % {
            "key": definition.source, "place": place}})
    if definition.creation_field_id and not countables.get(definition.source).split_by_field:
        raise ValidationError({"creation_field": _("只有活动可按创建领域统计；“%(label)s”请不选创建领域") % {
            "label": countables.get(definition.source).label}})
    if countable_name_taken(place, definition.name, exclude_pk=definition.pk):
        raise ValidationError({"name": _("本地区已有名为“%(name)s”的计数项目，请换一个名称") % {"name": definition.name}})
    definition.full_clean(validate_unique=False)


@transaction.atomic
def countable_define(*, by, place, name: str, source: str, creation_field=None) -> CountableDefinition:
    _check(by, ADD, place)
    definition = CountableDefinition(place=place, name=name, source=source, creation_field=creation_field)
    _validate(definition)
    definition.save()
    return definition


@transaction.atomic
def countable_update(*, by, definition: CountableDefinition, **fields) -> CountableDefinition:
    """Rename freely; what it counts is fixed once a quota rule or an indicator uses it (their figures would
    change under them): define a new one instead."""
    definition = CountableDefinition.objects.select_for_update().select_related("place").get(pk=definition.pk)
    _check(by, CHANGE, definition.place)
    unknown = set(fields) - set(FIELDS) - {"place"}
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if "place" in fields and fields.pop("place").pk != definition.place_id:
        raise ValidationError({"place": _("计数项目设置后不能改到其他地区；请在该地区另行设置")})
    changes_what = any(name in fields and fields[name] != getattr(definition, name) for name in ("source",
                                                                                                  "creation_field"))
    if changes_what and countable_in_use(definition):
        raise ValidationError(_("规定动作或考核指标已使用“%(name)s”，统计内容不能再改；如需调整请新建计数项目") % {
            "name": definition.name})
    for name, value in fields.items():
        setattr(definition, name, value)
    _validate(definition)
    definition.save()
    return definition


@transaction.atomic
def countable_delete(*, by, definition: CountableDefinition) -> DeletedRecord:
    _check(by, DELETE, definition.place)
    if countable_in_use(definition):
        raise ValidationError(_("规定动作或考核指标已使用“%(name)s”，不能删除") % {"name": definition.name})
    return recyclebin.record_delete(by=by, obj=definition)
