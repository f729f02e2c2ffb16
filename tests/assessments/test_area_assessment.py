"""Assessment of areas (issue 16): a campaign includes areas below the organising office; the area's own office
self-assesses, the level above reviews; an area's ledger-bound lines count its whole subtree's records."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.activities.services import activity_create
from tuanjie.assessments import services
from tuanjie.assessments.models import Entry
from tuanjie.core.roles import Role


@pytest.fixture
def city_office(tree):
    return tree.person(Role.OFFICE, tree.city, "city_office")


@pytest.fixture
def city_inspector(tree):
    return tree.person(Role.INSPECTOR, tree.city, "city_inspector")


@pytest.fixture
def county_system(tree, city_office):
    return services.indicator_system_from_template(by=city_office, place=tree.city, year=2026, template="county")


@pytest.fixture
def campaign(tree, city_office, city_inspector, county_system):
    return services.campaign_create(by=city_office, place=tree.city, name="2026年示范县测评", year=2026,
                                    system=county_system, subjects=[tree.county, tree.neighbour],
                                    reviewers=[city_inspector])


def county_entry(campaign, tree):
    return Entry.objects.get(campaign=campaign, subject=tree.county)


def self_assess_all(entry, by, score_of=lambda line: line.indicator.points):
    scores = {line.pk: services.SelfScore(score_of(line)) for line in entry.lines.select_related("indicator")}
    services.entry_self_assess(by=by, entry=entry, scores=scores)
    return services.entry_submit(by=by, entry=entry)


def test_the_county_office_self_assesses_its_county_and_submits(campaign, tree, county_office):
    entry = self_assess_all(county_entry(campaign, tree), county_office)
    assert entry.state == Entry.State.SUBMITTED and entry.self_total == D("100")


@pytest.mark.parametrize("who", ["township", "city", "neighbour", "unit"])
def test_nobody_else_self_assesses_the_county(campaign, tree, who, township_office, city_office, neighbour_office,
                                               unit_staff):
    person = {"township": township_office, "city": city_office, "neighbour": neighbour_office,
              "unit": unit_staff}[who]
    entry = county_entry(campaign, tree)
    line = entry.lines.first()
    with pytest.raises(PermissionDenied):
        services.line_self_assess(by=person, line=line, score="1")
    assert not services.allowed_entry_transitions(person, entry)


def test_the_level_above_reviews_and_returns(campaign, tree, county_office, city_office, city_inspector):
    entry = self_assess_all(county_entry(campaign, tree), county_office)
    line = entry.lines.filter(indicator__countable_key="").exclude(indicator__is_veto=True).first()
    services.line_review(by=city_inspector, line=line, score=line.indicator.points - 1)
    assert services.allowed_entry_transitions(county_office, entry) == []
    assert services.allowed_entry_transitions(city_office, entry) == ["return"]
    entry = services.entry_return(by=city_office, entry=entry, comment="佐证材料不全")
    assert entry.state == Entry.State.DRAFT


def test_the_return_reaches_the_county_office(campaign, tree, county_office, city_office):
    from tuanjie.notifications.models import Notification

    entry = self_assess_all(county_entry(campaign, tree), county_office)
    services.entry_return(by=city_office, entry=entry, comment="佐证材料不全")
    assert Notification.objects.filter(recipient=county_office, title__contains="自评被退回").exists()


def test_a_reviewer_working_in_the_county_may_not_review_it(tree, city_office, county_system):
    inside = tree.person(Role.INSPECTOR, tree.county, "county_inspector")
    with pytest.raises(ValidationError, match="评审由上级进行"):
        services.campaign_create(by=city_office, place=tree.city, name="x", year=2026, system=county_system,
                                 subjects=[tree.county], reviewers=[inside])
    campaign = services.campaign_create(by=city_office, place=tree.city, name="x", year=2026, system=county_system,
                                        subjects=[tree.neighbour], reviewers=[inside])
    assert campaign.entries.count() == 1


def test_a_system_for_counties_takes_only_counties(tree, city_office, county_system):
    with pytest.raises(ValidationError, match="示范县"):
        services.campaign_create(by=city_office, place=tree.city, name="x", year=2026, system=county_system,
                                 subjects=[tree.t1])
    with pytest.raises(ValidationError, match="示范县"):
        services.campaign_create(by=city_office, place=tree.city, name="x", year=2026, system=county_system,
                                 subjects=[tree.u1])


def test_a_unit_system_takes_no_areas(tree, county_office):
    system = services.indicator_system_from_template(by=county_office, place=tree.county, year=2026,
                                                     template="unit")
    with pytest.raises(ValidationError, match="测评创建单位"):
        services.campaign_create(by=county_office, place=tree.county, name="x", year=2026, system=system,
                                 subjects=[tree.t1])


def test_an_office_does_not_assess_itself(tree, county_office):
    system = services.indicator_system_from_template(by=county_office, place=tree.county, year=2026,
                                                     template="county")
    with pytest.raises(ValidationError, match="本级不能测评自己"):
        services.campaign_create(by=county_office, place=tree.county, name="x", year=2026, system=system,
                                 subjects=[tree.county])


def test_an_area_line_counts_the_records_of_its_whole_subtree(tree, city_office, county_system):
    for place in (tree.u1, tree.v1, tree.county, tree.b1):      # three in 团结县, one in the neighbour
        activity_create(by=None, place=place, start_date=date(2026, 5, 12), title="主题宣讲", kind="lecture",
                        participants=30)
    campaign = services.campaign_create(by=city_office, place=tree.city, name="x", year=2026, system=county_system,
                                        subjects=[tree.county, tree.neighbour])
    lecture = {e.subject_id: e.lines.get(indicator__countable_key="activity.lecture") for e in campaign.entries.all()}
    # the county template asks for 8 lectures a year for 6 points, 0.75 a lecture
    assert (lecture[tree.county.pk].proposed_count, lecture[tree.county.pk].proposed_score) == (3, D("2.25"))
    assert (lecture[tree.neighbour.pk].proposed_count, lecture[tree.neighbour.pk].proposed_score) == (1, D("0.75"))


def test_the_county_sees_its_own_entry_and_the_neighbour_does_not(campaign, tree, county_office, neighbour_office):
    assert set(Entry.objects.restrict(county_office).values_list("subject", flat=True)) == {tree.county.pk}
    assert set(Entry.objects.restrict(neighbour_office).values_list("subject", flat=True)) == {tree.neighbour.pk}


def test_the_county_self_assesses_through_its_page(campaign, tree, county_office, client_for):
    from django.urls import reverse

    entry = county_entry(campaign, tree)
    data = {f"score-{line.pk}": str(line.indicator.points) for line in entry.lines.select_related("indicator")}
    response = client_for(county_office).post(reverse("assessments:entry_self", args=[entry.pk]),
                                              {**data, "submit": "1"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == Entry.State.SUBMITTED
