from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuanjie.core.access import ADD, CHANGE, may
from tuanjie.leadership.models import DEFAULT_OFFICE_DUTIES, LeadingGroup, Member, OfficeDuty


@transaction.atomic
def leading_group_create(*, place, members: Sequence[dict] = (), duties: list[str] | None = None, **fields) -> LeadingGroup:
    group = LeadingGroup(place=place, **fields)
    group.full_clean()
    group.save()
    for order, member in enumerate(members, start=1):
        Member.objects.create(group=group, order=order, **member)
    for order, text in enumerate(DEFAULT_OFFICE_DUTIES if duties is None else duties, start=1):
        OfficeDuty.objects.create(group=group, order=order, text=text)
    return group


def _check(by, action: str, place) -> None:
    if by is not None and not may(by, action, LeadingGroup, place):
        raise PermissionDenied(_("您无权在“%(place)s”设立或修改领导小组") % {"place": place.name})


GROUP_FIELDS = ("name", "document_no", "established_on", "office_location", "office_phone")
MEMBER_FIELDS = ("position", "name", "title", "unit", "order")


@transaction.atomic
def leading_group_open(*, by, place, **fields) -> LeadingGroup:
    """A new group at `place` (with the default office duties), checked as the group page checks it."""
    _check(by, ADD, place)
    if LeadingGroup.objects.filter(place=place).exists():
        raise ValidationError(_("%(place)s已登记领导小组，请修改已有的领导小组") % {"place": place})
    group = LeadingGroup(place=place, **{name: fields[name] for name in fields if name in GROUP_FIELDS})
    group.full_clean()
    return leading_group_create(place=place, **{name: getattr(group, name) for name in GROUP_FIELDS})


@transaction.atomic
def leading_group_update(*, by, group: LeadingGroup, **fields) -> LeadingGroup:
    _check(by, CHANGE, LeadingGroup.objects.select_related("place").get(pk=group.pk).place)
    for name, value in fields.items():
        if name not in GROUP_FIELDS:
            raise TypeError(f"unknown field {name}")
        setattr(group, name, value)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def member_save(*, by, group: LeadingGroup, member: Member | None = None, **fields) -> Member:
    """Add a member to the group, or change one of its members."""
    _check(by, CHANGE, group.place)
    if member is None:
        member = Member(group=group)
    elif member.group_id != group.pk:
        raise ValidationError(_("该成员不属于这个领导小组"))
    for name, value in fields.items():
        if name not in MEMBER_FIELDS:
            raise TypeError(f"unknown field {name}")
        setattr(member, name, value)
    member.full_clean(exclude=["user"])
    member.save()
    return member
