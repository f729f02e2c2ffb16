"""Per-person compliance of a programme: every cadre paired with at least N households, every household met at
least as often as the programme asks this month. Names for the unit's own staff and the group leader only;
upper levels read counts. The expected figures are the three cadres the test sets up."""

from datetime import date

import pytest
from django.urls import reverse

from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role
from tuanjie.pairing import selectors, services
from tuanjie.pairing.models import Programme


def _cadre(tree, name, place=None):
    from tuanjie.people.services import user_create

    place = place or tree.u1
    return user_create(by=None, username=f"cadre-{name}", full_name=name, home_place=place,
                       password="Test-Pass-2026", roles=(Role.CADRE,))


@pytest.fixture
def programme(tree):
    """At the school: 张敏 paired and met this month, 李强 paired and not met, 王芳 not paired; 赵刚 is a cadre
    of the neighbouring county and no part of it."""
    today = date.today()
    first = today.replace(day=1)
    with acting_as(None, source="test"):
        programme = Programme.objects.create(place=tree.u1, name="结对认亲活动", started_on=date(today.year, 1, 1),
                                             households_per_cadre=1, contacts_per_month=1)
        leader = tree.person(Role.GROUP_LEADER, tree.u1, "leader")
        group = services.group_create(by=None, programme=programme, name="第一分组", leader=leader)
        zhang, li = _cadre(tree, "张敏"), _cadre(tree, "李强")
        _cadre(tree, "王芳")
        _cadre(tree, "赵刚", tree.b1)
        pairs = {}
        for cadre, household in ((zhang, "马秀兰"), (li, "杨建华")):
            home = services.household_create(by=None, programme=programme, name=household, address="幸福村3组",
                                             consent_on=first, consent_method="written", size=4)
            pairs[cadre.full_name] = services.pair_create(by=None, group=group, cadre=cadre, household=home,
                                                          paired_on=first)
        services.contact_record(by=None, pair=pairs["张敏"], date=today, form="visit", topic="拉家常")
        # Last month's contact does not count for this month.
        if first.month > 1 or first.year > programme.started_on.year:
            previous = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
            pairs["李强"].paired_on = previous
            pairs["李强"].save(update_fields=["paired_on"])
            services.contact_record(by=None, pair=pairs["李强"], date=previous, form="visit", topic="上月走访")
    return programme


def _names(standings):
    return [(s.cadre.full_name, s.pairs, s.short_pairs, s.unmet) for s in standings]


def test_the_programme_office_sees_who_has_no_pair_and_who_met_no_household_this_month(
        tree, programme, unit_staff):
    counts, standings = selectors.cadre_compliance(unit_staff, programme, date.today())
    assert (counts.cadres, counts.met, counts.unpaired, counts.unmet) == (3, 1, 1, 1)
    assert sorted(_names(standings)) == [("张敏", 1, 0, 0), ("李强", 1, 0, 1), ("王芳", 0, 1, 0)]
    assert [s.cadre.full_name for s in standings if s.is_short] == ["李强", "王芳"]


def test_the_group_leader_sees_the_names_too(tree, programme):
    leader = tree.users["leader"]
    _counts, standings = selectors.cadre_compliance(leader, programme, date.today())
    assert sorted(s.cadre.full_name for s in standings) == ["张敏", "李强", "王芳"]


def test_upper_levels_and_the_cadres_themselves_read_counts_never_names(tree, programme, county_office):
    from tuanjie.people.models import User

    for reader in (county_office, User.objects.get(username="cadre-张敏")):
        counts, standings = selectors.cadre_compliance(reader, programme, date.today())
        assert (counts.cadres, counts.met) == (3, 1) and standings == []


def test_the_figures_roll_up_to_the_county_as_counts(tree, programme):
    rolled = selectors.cadre_counts_in(tree.county, date.today())
    assert (rolled.cadres, rolled.met, rolled.unpaired, rolled.unmet, rolled.percent) == (3, 1, 1, 1, 33)
    assert selectors.cadre_counts_in(tree.neighbour, date.today()).cadres == 0


def test_a_higher_minimum_makes_every_cadre_short(tree, programme, unit_staff):
    programme.households_per_cadre = 2
    programme.save()
    counts, standings = selectors.cadre_compliance(unit_staff, programme, date.today())
    assert counts.met == 0 and {s.cadre.full_name: s.short_pairs for s in standings} == {
        "张敏": 1, "李强": 1, "王芳": 2}


def test_the_page_names_cadres_for_the_office_and_only_counts_for_the_county(
        tree, programme, unit_staff, county_office, neighbour_office, client_for):
    url = reverse("pairing:cadre_compliance", args=[programme.pk])
    own = client_for(unit_staff).get(url, {"short": "1"})
    assert own.status_code == 200
    page = own.content.decode()
    assert "王芳" in page and "李强" in page and "张敏" not in page      # only the short ones
    above = client_for(county_office).get(url)
    assert above.status_code == 200
    text = above.content.decode()
    assert "结对干部3人，达标1人" in text and "王芳" not in text and "李强" not in text
    assert client_for(neighbour_office).get(url).status_code == 404
