"""Default templates (issue 16): the public structure of the national measurement systems, 100 points, veto items,
ledger-bound indicators; a province derives its own version, a county adopts it, versions are kept."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.assessments import selectors, services
from tuanjie.assessments.models import IndicatorSystem
from tuanjie.core.roles import Role

# template: (subject level, full points, veto items, ledger-bound indicators, minimum lectures a year), read from
# the templates' design (defaults.py's docstring and the issue), not from the code that builds them
EXPECTED = {
    "prefecture": ("市", D("100"), 2, 9, 12),
    "county":     ("县", D("100"), 2, 9, 8),
    "township":   ("乡", D("100"), 2, 8, 4),
    "village":    ("村", D("100"), 2, 5, 2),
    "unit":       (None, D("100"), 2, 7, 2),
}


@pytest.fixture
def province_office(tree):
    return tree.person(Role.OFFICE, tree.province, "province_office")


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_template_is_worth_100_points_with_veto_items_and_ledger_bound_indicators(tree, province_office, key):
    level, full, vetoes, bound, lectures = EXPECTED[key]
    system = services.indicator_system_from_template(by=province_office, place=tree.province, year=2026,
                                                     template=key)
    leaves = selectors.scorable_indicators(system)
    assert selectors.full_points(system) == full
    assert sum(1 for i in leaves if i.is_veto) == vetoes
    assert all(i.points == 0 for i in leaves if i.is_veto)
    assert sum(1 for i in leaves if i.is_countable) == bound
    assert next(i for i in leaves if i.countable_key == "activity.lecture").min_count == lectures
    assert (system.subject_level.name if system.subject_level_id else None) == level


def test_an_area_template_is_labelled_by_the_area_category(tree, province_office):
    system = services.indicator_system_from_template(by=province_office, place=tree.province, year=2026,
                                                     template="county")
    assert system.category_label == "示范县" and system.measures_areas


def test_a_system_measures_either_a_unit_category_or_an_area_level(tree, province_office):
    from tuanjie.places.models import CreationField, PlaceLevel

    with pytest.raises(ValidationError, match="不能同时选择"):
        services.indicator_system_create(by=province_office, place=tree.province, year=2026, name="x",
                                         category=CreationField.objects.get(name="学校"),
                                         subject_level=PlaceLevel.objects.get(name="县"))


def test_an_unknown_template_is_refused_in_chinese(tree, province_office):
    with pytest.raises(ValidationError, match="没有名为"):
        services.indicator_system_from_template(by=province_office, place=tree.province, year=2026, template="x")


def test_a_province_derives_its_own_version_and_the_county_adopts_it(tree, province_office, county_office):
    national = services.indicator_system_from_template(by=province_office, place=tree.province, year=2026,
                                                       template="county")
    city_office = tree.person(Role.OFFICE, tree.city, "city_office")
    own = services.indicator_system_derive(by=city_office, system=national, place=tree.city)
    assert own.derived_from == national and own.place == tree.city
    assert selectors.full_points(own) == selectors.full_points(national)
    revised = services.indicator_system_new_version(by=city_office, system=own)
    assert (own.version, revised.version) == (1, 2) and revised.derived_from == national
    services.indicator_system_adopt(by=county_office, system=revised, place=tree.county)
    # the older versions are kept, for the campaigns and adoptions that name them
    assert IndicatorSystem.objects.filter(pk__in=[national.pk, own.pk, revised.pk]).count() == 3
    assert set(selectors.lineage(revised)) == {national.pk, own.pk, revised.pk}


def test_only_offices_at_or_below_a_system_adopt_it(tree, province_office, county_office, neighbour_office,
                                                     unit_staff):
    system = services.indicator_system_from_template(by=county_office, place=tree.county, year=2026,
                                                     template="township")
    with pytest.raises(ValidationError, match="本级或上级"):
        services.indicator_system_adopt(by=neighbour_office, system=system, place=tree.neighbour)
    with pytest.raises(PermissionDenied):
        services.indicator_system_adopt(by=unit_staff, system=system, place=tree.u1)
    with pytest.raises(ValidationError, match="本级或上级"):
        services.indicator_system_adopt(by=province_office, system=system, place=tree.city)


def test_a_county_cannot_derive_from_its_own_system(tree, county_office):
    system = services.indicator_system_from_template(by=county_office, place=tree.county, year=2026,
                                                     template="township")
    with pytest.raises(ValidationError, match="新版本"):
        services.indicator_system_derive(by=county_office, system=system, place=tree.county)


def test_a_used_system_is_not_deleted_but_revised(tree, province_office, county_office):
    national = services.indicator_system_from_template(by=province_office, place=tree.province, year=2026,
                                                       template="county")
    assert national.deletion_refusal() is None
    services.indicator_system_adopt(by=county_office, system=national, place=tree.county)
    assert "新版本" in national.deletion_refusal()


def test_the_template_page_starts_a_system(tree, county_office, client_for):
    from django.urls import reverse

    response = client_for(county_office).post(reverse("assessments:system_from_template"), {
        "place": tree.county.pk, "year": 2026, "template": "village", "name": ""})
    system = IndicatorSystem.objects.get(place=tree.county)
    assert response.status_code == 302 and response["Location"] == system.get_absolute_url()
    assert system.name == "2026年示范村（社区）测评指标"
    page = client_for(county_office).get(system.get_absolute_url())
    assert "本地区采用此版本" in page.content.decode()
