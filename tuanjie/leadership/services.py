from collections.abc import Sequence

from django.db import transaction

from tuanjie.leadership.models import DEFAULT_OFFICE_DUTIES, LeadingGroup, Member, OfficeDuty


@transaction.atomic
def leading_group_create(*, place, members: Sequence[dict] = (), duties: list[str] | None = None, **fields) -> LeadingGroup:
    group = LeadingGroup.objects.create(place=place, **fields)
    for order, member in enumerate(members, start=1):
        Member.objects.create(group=group, order=order, **member)
    for order, text in enumerate(DEFAULT_OFFICE_DUTIES if duties is None else duties, start=1):
        OfficeDuty.objects.create(group=group, order=order, text=text)
    return group
