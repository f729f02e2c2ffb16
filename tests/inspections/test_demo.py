"""The demo's supervision and assessment: seed 002's four spring rounds, items in every state, two talks, the
2026 indicator systems and a ranked assessment of ten agencies; built quickly."""

import time
from datetime import date

import pytest

from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role


@pytest.fixture
def world(tree):
    """A small World on the test tree (the full foundation is slow): county units, township units, the demo
    logins this part uses, a liaison per unit and a few trainings in the ledger."""
    import random

    from tuanjie.activities.models import Activity
    from tuanjie.demo.foundation import World
    from tuanjie.demo.names import COUNTY_UNITS, TOWNSHIP_UNITS
    from tuanjie.places.models import CreationField
    from tuanjie.places.services import place_create

    fields = {f.name: f for f in CreationField.objects.all()}
    w = World(rng=random.Random(2026), province=tree.province, city=tree.city, county=tree.county,
              neighbour=tree.neighbour, townships=[tree.t1, tree.t2])
    with acting_as(None, source="demo"):
        w.units = [place_create(parent=tree.county, kind="unit", name=name, code=f"D{i:02d}",
                                creation_field=fields[field]) for i, (name, field) in enumerate(COUNTY_UNITS[:14])]
        w.units += [tree.u1, tree.u2]
        for t, township in enumerate([tree.t1, tree.t2]):
            for k, (pattern, field) in enumerate(TOWNSHIP_UNITS):
                name = pattern.format(t=township.name)
                if name not in {tree.u1.name, tree.u2.name}:
                    w.units.append(place_create(parent=township, kind="unit", name=name, code=f"T{t}{k}",
                                                creation_field=fields[field]))
        w.people = {"xianban": tree.person(Role.OFFICE, tree.county, "xianban"),
                    "shiban": tree.person(Role.OFFICE, tree.city, "shiban"),
                    "ducha": tree.person(Role.INSPECTOR, tree.county, "ducha")}
        tree.person(Role.INSPECTOR, tree.county, "inspector2")
        for unit in w.units:
            w.staff_by_unit[unit.pk] = tree.person(Role.UNIT, unit, f"staff-{unit.code}")
        for i, unit in enumerate(w.units[:12]):
            for month in range(3, 3 + i % 4):
                Activity.objects.create(place=unit, start_date=date(2026, month, 10), kind="training",
                                        title=f"{unit.name}民族理论政策培训")
    return w


def test_the_demo_builds_rounds_items_talks_systems_and_a_ranking(world):
    from tuanjie.assessments import demo as assessments_demo
    from tuanjie.assessments.models import Campaign, Entry, IndicatorSystem, Line
    from tuanjie.inspections import demo as inspections_demo
    from tuanjie.inspections.models import Rectification, Round, Talk

    started = time.monotonic()
    with acting_as(None, source="demo"):
        inspections_demo.build(world)
        assessments_demo.build(world)
    assert time.monotonic() - started < 40   # about 5 s on an idle machine

    rounds = Round.objects.order_by("start_date")
    assert rounds.count() == 4
    assert {r.kind for r in rounds} == {"special", "follow_up", "mutual", "survey"}
    assert all(date(2026, 4, 1) <= r.start_date <= date(2026, 6, 30) for r in rounds)
    states = set(Rectification.objects.values_list("state", flat=True))
    assert states == {"open", "answered", "returned", "verified"}
    assert any(item.is_overdue(date(2026, 11, 1)) for item in Rectification.objects.all())
    assert Talk.objects.count() == 2

    systems = IndicatorSystem.objects.filter(year=2026)
    assert {s.category.name for s in systems} == {"机关", "学校"}
    assert all(18 <= s.indicators.filter(children__isnull=True).count() <= 24 for s in systems)
    campaign = Campaign.objects.get()
    assert campaign.state == "finished" and campaign.reviewers.count() == 2
    entries = Entry.objects.filter(campaign=campaign)
    assert entries.count() == 10
    assert sorted(entries.values_list("rank", flat=True))[0] == 1
    assert len(set(entries.values_list("grade", flat=True))) >= 2
    training = Line.objects.filter(entry__campaign=campaign, indicator__countable_key="activity.training")
    assert training.exclude(proposed_count=None).count() == 10
    assert any(line.evidence for line in training)
