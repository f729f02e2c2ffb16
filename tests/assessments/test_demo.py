"""The demo's areas as subjects (issue 16): the province's 示范县 system adopted by the city, the city's assessment
of its counties (团结县 submitted, 友谊县 at work), the county's of its townships, area title levels linked."""

import random

import pytest

from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role


@pytest.fixture
def world(tree):
    from tuanjie.demo.foundation import World

    w = World(rng=random.Random(2026), province=tree.province, city=tree.city, county=tree.county,
              neighbour=tree.neighbour, townships=[tree.t1, tree.t2])
    w.people = {login: tree.person(Role.OFFICE, place, login) for login, place in (
        ("shengban", tree.province), ("shiban", tree.city), ("xianban", tree.county), ("youyi", tree.neighbour))}
    w.people["ducha"] = tree.person(Role.INSPECTOR, tree.county, "ducha")
    for township in w.townships:
        tree.person(Role.OFFICE, township, f"office-{township.code}")
    return w


def test_the_demo_assesses_areas_and_links_area_titles(world, tree):
    from tuanjie.assessments.demo import build_areas
    from tuanjie.assessments.models import Adoption, Entry
    from tuanjie.titles.defaults import ensure
    from tuanjie.titles.models import TitleLevel

    ensure()
    # the area levels come with the titles app (titles/migrations/0004); made here only if a test flushed them
    county_title, _ = TitleLevel.objects.get_or_create(name="省级示范县", defaults=dict(
        title_name="民族团结进步示范县", order=35, reinspector_level=tree.province.level))
    with acting_as(None, source="demo"):
        build_areas(world)
    states = dict(Entry.objects.filter(subject__in=[tree.county, tree.neighbour]).values_list("subject", "state"))
    assert states == {tree.county.pk: "submitted", tree.neighbour.pk: "draft"}
    assert Adoption.objects.get().place == tree.city
    townships = Entry.objects.filter(subject__in=world.townships)
    assert townships.count() == 2 and set(townships.values_list("state", flat=True)) == {"submitted"}
    county_title.refresh_from_db()
    assert county_title.indicator_system.category_label == "示范县"
    assert TitleLevel.objects.get(name="县级").indicator_system is None       # a unit title keeps no gate
