"""Editing a talk runs the checks of recording it: the unit talked to stays inside its round's reach."""

from datetime import date

import pytest

from tuanjie.core.context import acting_as
from tuanjie.inspections import services
from tuanjie.inspections.models import Round, Talk

OUTSIDE_THE_ROUND = "被约谈单位不在该轮督查的管辖范围内"


@pytest.fixture
def school_round(tree, county_office):
    """A round over the school U1 (and its kindergarten U1a), not the town government U2."""
    return services.round_create(by=county_office, place=tree.u1, title="学校专项督查", kind=Round.Kind.SPECIAL,
                                 start_date=date(2026, 4, 10), end_date=date(2026, 4, 20), units=[tree.u1a])


@pytest.fixture
def talk(tree, county_office, school_round):
    with acting_as(county_office, source="test"):
        return services.talk_record(by=county_office, unit=tree.u1a, date=date(2026, 5, 20),
                                    interviewee_post="园长", interviewer="县创建办主任", content="台账不全",
                                    round_=school_round)


def talk_fields(talk, **changes):
    return {"place": talk.place_id, "round": talk.round_id, "date": "2026-05-20", "interviewee_post": "园长",
            "interviewer": "县创建办主任", "reason": "", "content": "台账不全", "follow_up": "", **changes}


def test_a_talk_cannot_be_moved_to_a_unit_outside_its_round_from_its_page(tree, county_office, talk, client_for):
    response = client_for(county_office).post(f"/inspections/talks/{talk.pk}/edit/", talk_fields(talk, place=tree.u2.pk))
    assert OUTSIDE_THE_ROUND in response.content.decode()
    talk.refresh_from_db()
    assert talk.place_id == tree.u1a.pk


def test_a_talk_cannot_be_moved_out_of_its_round_through_the_api_either(tree, county_office, talk, client_for):
    response = client_for(county_office).patch(f"/api/inspection-talks/{talk.pk}/", {"place": tree.u2.pk},
                                               content_type="application/json")
    assert response.status_code == 422 and OUTSIDE_THE_ROUND in response.content.decode()
    talk.refresh_from_db()
    assert talk.place_id == tree.u1a.pk


def test_a_talk_recorded_through_the_api_outside_its_round_is_refused_alike(
        tree, county_office, school_round, client_for):
    response = client_for(county_office).post("/api/inspection-talks/", talk_fields(
        Talk(place=tree.u2, round=school_round)), content_type="application/json")
    assert response.status_code == 422 and OUTSIDE_THE_ROUND in response.content.decode()
    assert not Talk.objects.exists()


def test_the_follow_up_of_a_talk_is_edited_from_its_page(county_office, talk, client_for):
    response = client_for(county_office).post(f"/inspections/talks/{talk.pk}/edit/",
                                              talk_fields(talk, follow_up="已补齐台账"))
    assert response.status_code == 302, response.content.decode()[:3000]
    talk.refresh_from_db()
    assert talk.follow_up == "已补齐台账"
