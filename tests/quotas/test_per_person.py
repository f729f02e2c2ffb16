"""Per-person quota rules: "every staff member of a unit takes part in 2 trainings a year", the participants named
from the unit's staff list. A unit's cell counts its staff who met the rule; the names are on the unit's own page
only. Expected figures: the attendances the test writes down."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tuanjie.activities.services import activity_create
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role
from tuanjie.quotas.selectors import compliance as calc
from tuanjie.quotas.selectors import compliance_table, people_table
from tuanjie.quotas.services import quota_rule_create


def _person(tree, name, role=Role.UNIT, place=None):
    from tuanjie.people.services import user_create

    return user_create(by=None, username=f"staff-{name}", full_name=name, home_place=place or tree.u1,
                       password="Test-Pass-2026", roles=(role,))


@pytest.fixture
def staff(tree):
    """The school's staff list: 陈老师 and 刘老师 (unit staff) and 周老师 (a cadre there)."""
    return {name: _person(tree, name, role) for name, role in
            (("陈老师", Role.UNIT), ("刘老师", Role.UNIT), ("周老师", Role.CADRE))}


@pytest.fixture
def rule(tree, county_office):
    return quota_rule_create(by=county_office, place=tree.county, name="每人每年参加培训不少于2次",
                             year=date.today().year, countable="activity.training", minimum=2, period="year",
                             per="person")


def _training(place, *people, day=None):
    with acting_as(None, source="test"):
        return activity_create(by=None, place=place, start_date=day or date.today(), title="民族政策培训",
                               kind="training", participants=30, attendees=list(people))


def test_a_unit_counts_the_staff_who_took_part_in_two_trainings(tree, staff, rule):
    _training(tree.u1, staff["陈老师"], staff["刘老师"])
    _training(tree.u1, staff["陈老师"])
    year = calc.periods_of(date.today().year, "year")
    table = compliance_table(rule, today=date.today(), periods=year)
    cell = {row.place: row.standings[0] for row in table.rows}
    # 陈老师 2 trainings, 刘老师 1, 周老师 0: one of three met.
    assert (cell[tree.u1].done, cell[tree.u1].due) == (1, 3) and cell[tree.u1].is_behind
    assert cell[tree.u2].state == calc.EXEMPT          # no staff list, nobody to assess
    assert rule.requirement == "每人每年培训不少于2次"


def test_the_unit_sees_who_is_short_by_name(tree, staff, rule):
    _training(tree.u1, staff["陈老师"], staff["刘老师"])
    _training(tree.u1, staff["陈老师"], staff["刘老师"])
    rows = people_table(rule, tree.u1, today=date.today(), periods=calc.periods_of(date.today().year, "year"))
    done = {row.person.full_name: row.standings[0].done for row in rows}
    assert done == {"陈老师": 2, "刘老师": 2, "周老师": 0}
    assert [row.person.full_name for row in rows if row.behind] == ["周老师"]


def test_the_units_page_names_its_staff_and_the_countys_page_only_counts(
        tree, staff, rule, county_office, client_for):
    _training(tree.u1, staff["陈老师"], staff["刘老师"])
    own = client_for(staff["刘老师"]).get(reverse("quotas:standing"), {"unit": tree.u1.pk})
    assert own.status_code == 200 and "周老师" in own.content.decode()
    above = client_for(county_office).get(reverse("quotas:compliance", args=[rule.pk]))
    text = above.content.decode()
    assert above.status_code == 200 and "0/3" in text
    assert not any(name in text for name in staff)


def test_only_the_units_own_staff_can_be_named_as_taking_part(tree, staff):
    outsider = _person(tree, "外单位", place=tree.u2)
    with pytest.raises(ValidationError) as refused:
        _training(tree.u1, staff["陈老师"], outsider)
    assert "外单位不在“城关镇中心学校”的人员名单中" in str(refused.value)


def test_a_countable_that_names_nobody_cannot_be_counted_per_person(tree, county_office):
    with pytest.raises(ValidationError) as refused:
        quota_rule_create(by=county_office, place=tree.county, name="每人每月报送信息", year=date.today().year,
                          countable="information.accepted", minimum=1, period="month", per="person")
    assert "不能按人考核" in str(refused.value)


def test_the_add_page_offers_the_units_staff_list(tree, staff, client_for):
    page = client_for(staff["陈老师"]).get(reverse("activities:activity_add"))
    offered = {label for _value, label in page.context["form"].fields["attendees"].choices}
    assert offered == {"陈老师", "刘老师", "周老师"}
