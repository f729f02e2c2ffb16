"""Creation units' own leading groups (issue 16), registered by their liaisons: schools, agencies, hospitals and
enterprises, so that the progress report's "创建单位成立领导小组 N 个" has something to count. The county's and the
townships' groups come with the demo's foundation."""

import random

from tuanjie.leadership.models import Member
from tuanjie.leadership.services import leading_group_open, member_save

FIELDS = {"学校": "校长", "机关": "主要负责人", "医院": "院长", "企业": "董事长"}


def build(world) -> None:
    rng = random.Random(16)     # its own: the shared generator's draws stay as the other apps' demos expect
    tried = world.people["danwei"].home_place     # left for the demo's unit login to register, as a new user would
    units = [u for u in world.units if u.creation_field and u.creation_field.name in FIELDS and u != tried]
    for number, unit in enumerate(units[::3][:16], start=1):
        staff = world.staff_by_unit[unit.pk]
        group = leading_group_open(by=staff, place=unit, name="民族团结进步创建工作领导小组",
                                   document_no=f"{unit.name[:4]}发〔2026〕{number}号",
                                   office_location=f"{unit.name}办公室")
        head = FIELDS[unit.creation_field.name]
        member_save(by=staff, group=group, position=Member.Position.LEADER, name=_name(rng), title=head, order=1)
        member_save(by=staff, group=group, position=Member.Position.DEPUTY, name=_name(rng), title="分管负责人",
                    order=2)
        member_save(by=staff, group=group, position=Member.Position.OFFICE_DIRECTOR, name=_name(rng),
                    title="创建工作联络员", order=3)


def _name(rng) -> str:
    from tuanjie.demo.foundation import _person_name

    return _person_name(rng)
