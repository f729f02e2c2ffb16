"""Writes that point at another county's record are refused as if the record did not exist: the answer names no
foreign record and is the same as for an id nobody holds."""

import re

from tests.factories_inspections import make_round
from tests.factories_plans import make_plan
from tuanjie.core.context import acting_as
from tuanjie.inspections.models import Talk
from tuanjie.plans.models import Plan

MISSING = 987654


def _answer(response, pk) -> str:
    """The response body with the id taken out, to compare a foreign id's answer with a missing one's."""
    return re.sub(rf"\b{pk}\b", "ID", response.content.decode())


def test_a_talk_cannot_be_recorded_against_the_neighbour_countys_inspection_round(tree, county_office, client_for):
    with acting_as(None, source="test"):
        foreign = make_round(tree.neighbour, tree)
    client = client_for(county_office)
    body = {"place": tree.u1.pk, "date": "2026-05-06", "interviewee_post": "校长", "interviewer": "县创建办",
            "reason": "进度滞后", "content": "督促整改"}
    refused = client.post("/api/inspection-talks/", {**body, "round": foreign.pk}, content_type="application/json")
    missing = client.post("/api/inspection-talks/", {**body, "round": MISSING}, content_type="application/json")
    assert refused.status_code == 422
    assert "不存在" in refused.content.decode()
    assert _answer(refused, foreign.pk) == _answer(missing, MISSING)
    assert not Talk.objects.filter(round=foreign).exists()


def test_a_plan_for_the_neighbour_county_gets_no_hint_that_its_plan_exists(tree, county_office, client_for):
    with acting_as(None, source="test"):
        make_plan(tree.neighbour, tree)
    client = client_for(county_office)
    body = {"year": 2026, "title": "2026年实施方案"}
    refused = client.post("/api/plans/", {**body, "place": tree.neighbour.pk}, content_type="application/json")
    missing = client.post("/api/plans/", {**body, "place": MISSING}, content_type="application/json")
    text = refused.content.decode()
    assert refused.status_code == 422
    assert "唯一" not in text and "已存在" not in text and "已有" not in text
    assert _answer(refused, tree.neighbour.pk) == _answer(missing, MISSING)
    assert Plan.objects.filter(place=tree.neighbour).count() == 1


def test_a_filter_on_the_neighbours_campaign_lists_nothing_like_a_missing_one(tree, county_office, client_for):
    from tests.factories import FACTORIES

    with acting_as(None, source="test"):
        foreign = FACTORIES["commendations.Campaign"](tree.neighbour, tree)
    client = client_for(county_office)
    refused = client.get(f"/api/commendation-nominations/?campaign={foreign.pk}")
    missing = client.get(f"/api/commendation-nominations/?campaign={MISSING}")
    # a well-formed id out of reach filters to nothing, as one that exists nowhere does (core/filters.py)
    assert refused.status_code == missing.status_code == 200
    assert refused.json()["count"] == missing.json()["count"] == 0
