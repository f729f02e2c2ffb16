"""Writes of quota rules. Compliance is never written: it is computed from the records."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuanjie.core import recyclebin
from tuanjie.core.access import ADD, CHANGE, DELETE, may
from tuanjie.core.models import DeletedRecord
from tuanjie.quotas.models import QuotaRule

RULE_FIELDS = ("name", "year", "countable", "minimum", "period", "per", "basis", "is_active")


def _check(by, action, place):
    if by is not None and not may(by, action, QuotaRule, place):
        raise PermissionDenied(_("您无权在“%(place)s”设定规定动作") % {"place": place})


def _validate(rule: QuotaRule) -> None:
    if not rule.place.is_area:
        raise ValidationError({"place": _("规定动作须由行政区域的创建办设定，请选择县、乡等地区")})
    rule.full_clean()


@transaction.atomic
def quota_rule_create(*, by, place, creation_fields=(), **fields) -> QuotaRule:
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    _check(by, ADD, place)
    rule = QuotaRule(place=place, **fields)
    _validate(rule)
    rule.save()
    rule.creation_fields.set(creation_fields)
    return rule


@transaction.atomic
def quota_rule_update(*, by, rule: QuotaRule, creation_fields=None, **fields) -> QuotaRule:
    _check(by, CHANGE, rule.place)
    for name, value in fields.items():
        if name not in RULE_FIELDS + ("place",):
            raise TypeError(f"unknown field {name}")
        setattr(rule, name, value)
    _check(by, CHANGE, rule.place)
    _validate(rule)
    rule.save()
    if creation_fields is not None:
        rule.creation_fields.set(creation_fields)
    return rule


@transaction.atomic
def quota_rule_delete(*, by, rule: QuotaRule) -> DeletedRecord:
    _check(by, DELETE, rule.place)
    return recyclebin.record_delete(by=by, obj=rule)
