from datetime import date

import pytest

from tuanjie.core.roles import Role


@pytest.fixture
def levels(tree):
    from tuanjie.titles.defaults import ensure
    from tuanjie.titles.models import TitleLevel

    ensure()
    return {lv.name: lv for lv in TitleLevel.objects.all()}


@pytest.fixture
def provincial(levels):
    return levels["省级"]


@pytest.fixture
def city_office(tree):
    return tree.person(Role.OFFICE, tree.city, "city_office")


@pytest.fixture
def province_office(tree):
    return tree.person(Role.OFFICE, tree.province, "province_office")


@pytest.fixture
def city_quota(tree, provincial, province_office):
    from tuanjie.titles.services import quota_set

    return quota_set(by=province_office, office=tree.city, title_level=provincial, year=2026, limit=1)


@pytest.fixture
def walk(tree, county_office, city_office, province_office, unit_staff):
    """walk(application, n): submit, then pass n steps of the provincial chain (4 = named)."""
    from tuanjie.titles.services import application_act

    offices = [county_office, city_office, province_office, province_office]

    def go(application, n):
        application = application_act(by=unit_staff, application=application, action="submit")
        for office in offices[:n]:
            application = application_act(by=office, application=application, action="pass",
                                          named_on=date(2026, 11, 20), document_no="同创发〔2026〕8号")
        return application

    return go


@pytest.fixture
def new_application(tree, provincial, unit_staff):
    from tuanjie.titles.services import application_create

    def make(unit=None, user=None, level=None):
        return application_create(by=user or unit_staff, subject=unit or tree.u1, title_level=level or provincial,
                                  year=2026, deeds="开展民族团结进步创建工作，成效明显。")

    return make
