"""Bulk step on the people list: grant one role to several people, each at their own place."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.bulk_actions import BulkAction
from tuanjie.core.roles import Role
from tuanjie.people.services import grantable_somewhere, role_grant


def _choices(user):
    allowed = grantable_somewhere(user)
    return [(value, label) for value, label in Role.choices if value in allowed]


def _grant(*, by, record, note, choice):
    if choice not in Role.values:
        raise ValidationError(_("请选择要授予的角色"))
    if record.home_place is None:
        raise ValidationError(_("该人员没有所在地区/单位，请先在其页面填写"))
    if record.assignments.filter(role=choice, place=record.home_place, active=True).exists():
        raise ValidationError(_("已有该角色"))
    role_grant(by=by, user=record, role=choice, place=record.home_place)


ACTIONS = (BulkAction("grant", _l("授予角色（在其所在地区/单位）"), _grant, choices=_choices,
                      choice_label=_l("角色")),)
