from dataclasses import dataclass
from datetime import date

import pytest

from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role


@dataclass
class Scene:
    programme: object
    group: object
    leader: object
    cadre: object
    other_cadre: object
    household: object
    other_household: object
    pair: object
    other_pair: object


@pytest.fixture
def scene(tree, cadre, unit_staff) -> Scene:
    """The school U1 runs a programme; group leader 'leader' leads one group; 'cadre' is paired with 王秀英,
    'other_cadre' with 李桂兰."""
    from tuanjie.pairing import services
    from tuanjie.pairing.models import Programme

    leader = tree.person(Role.GROUP_LEADER, tree.u1, "leader")
    other = tree.person(Role.CADRE, tree.u1, "other_cadre")
    with acting_as(unit_staff, source="test"):
        programme = services.programme_create(by=unit_staff, place=tree.u1, name="民族团结一家亲",
                                              started_on=date(2026, 1, 1))
        Programme.objects.filter(pk=programme.pk).update(overdue_days=30)
        group = services.group_create(by=unit_staff, programme=programme, name="幸福村分组", leader=leader)
    with acting_as(leader, source="test"):
        household = services.household_create(by=leader, programme=programme, name="王秀英", address="幸福村3组",
                                              phone="13900001111", size=4, consent_on=date(2026, 1, 5),
                                              consent_method="written")
        other_household = services.household_create(by=leader, programme=programme, name="李桂兰",
                                                    address="幸福村5组", size=2, consent_on=date(2026, 1, 5),
                                                    consent_method="oral")
        pair = services.pair_create(by=leader, group=group, cadre=cadre, household=household,
                                    paired_on=date(2026, 1, 6))
        other_pair = services.pair_create(by=leader, group=group, cadre=other, household=other_household,
                                          paired_on=date(2026, 1, 6))
    return Scene(programme, group, leader, cadre, other, household, other_household, pair, other_pair)
