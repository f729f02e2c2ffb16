"""The demo's supervision and assessment: seed 002's four spring rounds, items in every state, two talks, the
2026 indicator systems and a ranked assessment of ten agencies; built quickly."""

import time
from datetime import date

import pytest

from tuanjie.core.context import acting_as


@pytest.fixture
def world(db):
    from tuanjie.activities import demo as activities_demo
    from tuanjie.demo.foundation import build_foundation

    with acting_as(None, source="demo"):
        world = build_foundation(2026)
        activities_demo.build(world)       # the ledger the countable indicators read
    return world


def test_the_demo_builds_rounds_items_talks_systems_and_a_ranking(world):
    from tuanjie.assessments import demo as assessments_demo
    from tuanjie.assessments.models import Campaign, Entry, IndicatorSystem, Line
    from tuanjie.inspections import demo as inspections_demo
    from tuanjie.inspections.models import Rectification, Round, Talk

    started = time.monotonic()
    with acting_as(None, source="demo"):
        inspections_demo.build(world)
        assessments_demo.build(world)
    assert time.monotonic() - started < 25

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
