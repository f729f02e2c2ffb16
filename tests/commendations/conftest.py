from datetime import date

import pytest

from tuanjie.core.roles import Role


@pytest.fixture
def campaign(tree, county_office):
    from tuanjie.commendations.services import campaign_create

    return campaign_create(by=county_office, place=tree.county, name="2026年度民族团结进步模范评选", year=2026,
                           nomination_deadline=date(2026, 10, 31), quota_collective=1, quota_individual=2,
                           quota_family=1)


@pytest.fixture
def nominate(tree, campaign, unit_staff):
    from tuanjie.commendations.services import nomination_create

    def make(name="王芳", category="individual", unit=None, user=None, deeds="<p>热心<strong>邻里互助</strong></p>"):
        return nomination_create(by=user or unit_staff, campaign=campaign, unit=unit or tree.u1, category=category,
                                 nominee_name=name, summary=f"{name}长期帮扶困难群众", deeds=deeds,
                                 today=date(2026, 10, 1))

    return make


@pytest.fixture
def u2_staff(tree):
    return tree.person(Role.UNIT, tree.u2)
