"""Registers for the generated access battery: bases, the cultivation list, liaisons, briefings, decisions."""

from datetime import date
from decimal import Decimal

from tests.factories import factory


@factory("registers.EducationBase")
def make_base(place, tree):
    from tuanjie.registers.services import base_create

    return base_create(by=None, place=place, name=f"{place.name}民族团结进步教育基地", level="county",
                       named_by="团结县委", named_year=2024)


@factory("registers.CultivationEntry")
def make_cultivation(place, tree):
    from tuanjie.registers.services import cultivation_create

    return cultivation_create(by=None, place=place, year=2026, target="达到县级示范单位标准",
                              planned_funds=Decimal("30000"))


@factory("registers.Liaison")
def make_liaison(place, tree):
    from tuanjie.core.roles import Role
    from tuanjie.registers.services import liaison_create

    person = tree.person(Role.OFFICE if place.is_area else Role.UNIT, place, f"liaison-{place.code}")
    return liaison_create(by=None, place=place, person=person, post="办公室主任", office_phone="0951-1234567")


def accepted_item(place):
    from django.utils import timezone

    from tuanjie.information.models import InformationItem

    return InformationItem.objects.create(place=place, title=f"{place.name}开展民族团结宣讲", body="<p>正文</p>",
                                          status=InformationItem.Status.ACCEPTED, accepted_at=timezone.now())


@factory("registers.Briefing")
def make_briefing(place, tree):
    from tuanjie.registers.models import Briefing, BriefingItem
    from tuanjie.registers.services import briefing_create

    item = accepted_item(place)
    if place.is_area:
        return briefing_create(by=None, place=place, items=[item], issued_on=date(2026, 6, 1))
    # Offices compile briefings of their areas; a record at a unit is made only so the battery has one everywhere.
    briefing = Briefing.objects.create(place=place, year=2026, number=1, issued_on=date(2026, 6, 1))
    BriefingItem.objects.create(briefing=briefing, item=item)
    return briefing


@factory("registers.GroupDecision")
def make_decision(place, tree):
    from tests.factories import make_group
    from tuanjie.registers.services import decision_create

    return decision_create(by=None, group=make_group(place, tree), decided_on=date(2026, 3, 1),
                           title="领导小组第一次全体会议纪要", summary="研究部署年度创建工作")
