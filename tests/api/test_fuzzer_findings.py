"""What the fuzzer found (issue 20), each as the request it sent: malformed ids and parameters get 400 or 404,
documented requests are not a KeyError, and a refusal says which rule refused it."""

import pytest

from tests.factories_pairing import setup_programme
from tuanjie.core.roles import Role


@pytest.fixture
def unit_api(client_for, unit_staff):
    return client_for(unit_staff)


@pytest.fixture
def office_api(client_for, county_office):
    return client_for(county_office)


@pytest.mark.parametrize("year", ["0", "4.1e-77", "-3", "99999999999999999999", "２０２６", "1979", "2101"])
def test_the_fund_summary_answers_a_year_it_cannot_use_with_400_in_chinese(unit_api, year):
    response = unit_api.get("/api/fund-summary/", {"year": year})
    assert response.status_code == 400
    assert response.json() == {"year": ["年度应为 1980–2100 之间的整数"]}


def test_the_fund_summary_still_answers_a_plain_year(unit_api, tree):
    response = unit_api.get("/api/fund-summary/", {"year": "2026", "place": str(tree.u1.pk)})
    assert response.status_code == 200 and response.json()["year"] == 2026


@pytest.mark.parametrize("place", ["null", "1.5", "-1", "99999999999999999999999"])
def test_the_fund_summary_answers_a_malformed_place_with_400(unit_api, place):
    assert unit_api.get("/api/fund-summary/", {"place": place}).status_code == 400


def test_the_pairing_overview_refuses_a_year_out_of_range_instead_of_quietly_using_this_year(unit_api):
    assert unit_api.get("/api/pairing-overview/", {"year": "0"}).status_code == 400


@pytest.mark.parametrize("pk", ["null,null", "null", "%C2%AE", "1.0", "-1", "1234567890123456789012"])
def test_a_malformed_record_id_is_404_for_every_endpoint_not_a_server_error(unit_api, pk):
    for path in ("pairing-households", "pairing-needs", "activities", "fund-expenditures"):
        assert unit_api.get(f"/api/{path}/{pk}/").status_code == 404, path
    assert unit_api.post(f"/api/pairing-needs/{pk}/transition/", {"action": "x"},
                         content_type="application/json").status_code == 404


def test_the_expenditure_list_answers_a_fractional_year_and_a_page_past_the_end_without_a_server_error(unit_api):
    response = unit_api.get("/api/fund-expenditures/", {"year": "4.1e-77", "page": "24792714950"})
    assert response.status_code in (400, 404)
    assert unit_api.get("/api/fund-expenditures/", {"page": "24792714950"}).status_code == 404
    assert unit_api.get("/api/fund-expenditures/", {"page": "0"}).status_code == 404


def test_a_filter_naming_a_record_that_does_not_exist_lists_nothing_instead_of_refusing(unit_api):
    response = unit_api.get("/api/activities/", {"creation_field": "999999"})
    assert response.status_code == 200 and response.json()["results"] == []


def test_a_filter_value_of_the_wrong_type_is_400(unit_api):
    response = unit_api.get("/api/activities/", {"creation_field": "abc"})
    assert response.status_code == 400


def test_a_round_with_an_empty_team_is_created_or_refused_in_chinese(office_api, tree):
    body = {"place": tree.county.pk, "title": "专项督查", "start_date": "2026-11-02", "end_date": "2026-11-06",
            "units": [tree.u1.pk], "team": []}
    response = office_api.post("/api/inspection-rounds/", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["team"] == [] and response.json()["kind"] == "special"


def test_a_round_without_kind_takes_the_documented_default_instead_of_a_key_error(office_api, tree):
    body = {"place": tree.county.pk, "title": "跟踪督查", "start_date": "2026-11-02", "end_date": "2026-11-06",
            "units": [], "team": [{"name": "李明", "is_leader": True}]}
    response = office_api.post("/api/inspection-rounds/", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["kind"] == "special"


def test_a_contact_without_form_is_recorded_as_a_visit_the_documented_default(client_for, tree):
    pair = setup_programme(tree.u1, tree)
    cadre = tree.person(Role.CADRE, tree.u1)
    response = client_for(cadre).post("/api/pairing-contacts/", {"pair": pair.pk, "topic": "拉家常",
                                                                 "date": "2026-02-03"},
                                      content_type="application/json")
    assert response.status_code == 201 and response.json()["form"] == "visit"


def test_a_record_that_does_not_exist_named_in_a_body_is_422_not_400(unit_api):
    response = unit_api.post("/api/activities/", {"place": 99999999, "title": "x", "kind": "other",
                                                  "start_date": "2026-01-01"}, content_type="application/json")
    assert response.status_code == 422 and "place" in response.json()


def test_a_body_of_the_wrong_shape_is_still_400(unit_api, tree):
    response = unit_api.post("/api/activities/", {"place": "城关镇", "title": "x", "start_date": "2026-01-01"},
                             content_type="application/json")
    assert response.status_code == 400


def test_a_service_refusal_of_a_well_formed_request_is_422_with_its_chinese_message(office_api, tree):
    body = {"place": tree.county.pk, "title": "专项督查", "start_date": "2026-11-06", "end_date": "2026-11-02",
            "units": [], "team": []}
    response = office_api.post("/api/inspection-rounds/", body, content_type="application/json")
    assert response.status_code == 422 and response.json() == ["结束日期不能早于开始日期"]


def test_a_second_record_where_only_one_may_be_is_409(office_api, tree):
    body = {"place": tree.county.pk, "year": 2026, "title": "2026年创建工作实施方案"}
    assert office_api.post("/api/plans/", body, content_type="application/json").status_code == 201
    response = office_api.post("/api/plans/", {**body, "title": "又一个方案"}, content_type="application/json")
    assert response.status_code == 409 and "已有2026年度实施方案" in response.json()["year"][0]


def test_a_nul_character_in_a_body_or_a_parameter_is_422_in_chinese_not_a_database_error(unit_api, tree):
    response = unit_api.patch(f"/api/places/{tree.u1.pk}/", {"creation_field": "学\u0000校"},
                              content_type="application/json")
    assert response.status_code == 422 and "空字符" in response.json()["detail"]
    response = unit_api.get("/api/activities/", {"q": "班\u0000会"})
    assert response.status_code == 422 and "空字符" in response.json()["detail"]
    assert unit_api.get("/activities/?q=%00").status_code == 422
    assert tree.u1.creation_field.name == "学校"
