"""Countables count the right items on the right dates; the API lists within reach and runs the workflow."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tuanjie.core import countables
from tuanjie.information import services

JAN = (date(2026, 1, 1), date(2026, 1, 31))
FEB = (date(2026, 2, 1), date(2026, 2, 28))


def _at(day):
    return timezone.make_aware(datetime(2026, 1, day, 10))


def test_information_countables_are_registered():
    for key in ("information.submitted", "information.accepted", "information.published"):
        assert countables.get(key).model == "information.InformationItem"


def test_each_countable_counts_by_its_own_date_and_state(write, unit_staff, township_office, tree):
    draft = write(title="草稿")  # noqa: F841  (never counted)
    returned = services.item_return(item=services.item_submit(item=write(title="退回"), by=unit_staff, at=_at(3)),
                                    by=township_office, comment="请修改", at=_at(4))
    accepted = services.item_submit(item=write(title="采用"), by=unit_staff, at=_at(30))
    accepted = services.item_accept(item=accepted, by=township_office, at=_at(30) + timedelta(days=2))
    published = services.item_submit(item=write(title="发布"), by=unit_staff, at=_at(10))
    published = services.item_accept(item=published, by=township_office, at=_at(11))
    services.item_publish(item=published, by=township_office, channels=["platform"], at=_at(12))

    submitted = countables.get("information.submitted")
    accepted_c = countables.get("information.accepted")
    published_c = countables.get("information.published")
    assert submitted.count_by_place(*JAN) == {tree.u1.pk: 3}
    assert accepted_c.count_by_place(*JAN) == {tree.u1.pk: 1}        # the one accepted on 1 Feb counts in Feb
    assert accepted_c.count_by_place(*FEB) == {tree.u1.pk: 1}
    assert published_c.count_by_place(*JAN) == {tree.u1.pk: 1}
    assert submitted.count_in_subtree(tree.county.path, *JAN) == 3
    assert submitted.count_in_subtree(tree.neighbour.path, *JAN) == 0
    assert returned.status == "returned"


def test_withdrawing_every_publication_uncounts_the_item(write, unit_staff, township_office):
    item = services.item_accept(item=services.item_submit(item=write(), by=unit_staff), by=township_office)
    (publication,) = services.item_publish(item=item, by=township_office, channels=["platform"])
    year = (date(2026, 1, 1), date(2026, 12, 31))
    published = countables.get("information.published")
    assert published.in_period(*year).count() == 1
    services.publication_withdraw(publication=publication, by=township_office, reason="撤回")
    assert published.in_period(*year).count() == 0
    assert countables.get("information.accepted").in_period(*year).count() == 1


def test_a_forwarded_item_still_counts_as_accepted(write, unit_staff, township_office, county_office):
    item = services.item_accept(item=services.item_submit(item=write(), by=unit_staff), by=township_office)
    services.item_forward(item=item, by=township_office)
    year = (date(2026, 1, 1), date(2026, 12, 31))
    assert countables.get("information.accepted").in_period(*year).count() == 1


# ------------------------------------------------------------------ API

@pytest.fixture
def api(client_for):
    def call(user, method, url, data=None):
        client = client_for(user)
        if method == "get":
            return client.get(url)
        return client.post(url, data or {}, content_type="application/json")

    return call


def _results(response):
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def test_api_lists_only_items_in_reach(api, write, unit_staff, neighbour_office, township_office):
    write()
    assert len(_results(api(unit_staff, "get", "/api/information-items/"))) == 1
    assert len(_results(api(township_office, "get", "/api/information-items/"))) == 1
    assert _results(api(neighbour_office, "get", "/api/information-items/")) == []


def test_api_runs_the_workflow_and_refuses_wrong_steps(api, write, unit_staff, township_office, county_office):
    item = write()
    assert api(township_office, "post", f"/api/information-items/{item.pk}/submit/").status_code == 403
    response = api(unit_staff, "post", f"/api/information-items/{item.pk}/submit/")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert api(county_office, "post", f"/api/information-items/{item.pk}/accept/").status_code == 403
    response = api(township_office, "post", f"/api/information-items/{item.pk}/return/", {"comment": ""})
    assert response.status_code == 422 and "退回意见" in str(response.json())
    response = api(township_office, "post", f"/api/information-items/{item.pk}/accept/", {"title": "改过的标题"})
    assert response.json()["title"] == "改过的标题" and response.json()["original_title"] != "改过的标题"
    response = api(township_office, "post", f"/api/information-items/{item.pk}/publish/", {"channels": ["platform"]})
    assert response.status_code == 200 and response.json()["status"] == "published"
    publication = response.json()["publications"][0]["id"]
    response = api(township_office, "post", f"/api/information-items/{item.pk}/withdraw/",
                   {"publication": publication, "reason": "核实"})
    assert response.json()["status"] == "accepted"


def test_api_is_read_only_apart_from_the_steps(api, write, unit_staff):
    item = write()
    assert api(unit_staff, "post", "/api/information-items/", {"title": "x"}).status_code == 405
    assert api(unit_staff, "get", f"/api/information-items/{item.pk}/").json()["title"] == item.title


def test_api_tells_each_caller_the_steps_they_may_take_now(api, write, unit_staff, township_office, county_office):
    item = write()
    url = f"/api/information-items/{item.pk}/steps/"
    assert api(unit_staff, "get", url).json() == [{"action": "submit", "label": "报送", "note_required": False}]
    assert api(township_office, "get", url).json() == []     # it sees the draft, but nothing is its to do yet
    services.item_submit(item=item, by=unit_staff)
    assert [s["action"] for s in api(township_office, "get", url).json()] == ["accept", "return"]
    assert [s["note_required"] for s in api(township_office, "get", url).json()] == [False, True]
    assert api(county_office, "get", url).json() == []
    assert api(unit_staff, "get", url).json() == []
