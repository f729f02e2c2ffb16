from datetime import date

from tuanjie.activities import selectors
from tuanjie.activities.models import ActivityKind
from tuanjie.core import countables

API = "/api/activities/"


def test_every_kind_is_a_registered_countable_dated_by_its_start(tree, log):
    assert "activity" in countables.registry()
    assert all(countables.exists(f"activity.{k}") for k in ActivityKind.values)
    assert not countables.exists("activity.no_such_kind")
    log(tree.u1, kind="training", start_date=date(2026, 3, 1))
    log(tree.u1, kind="training", start_date=date(2026, 7, 1))
    log(tree.u2, kind="lecture", start_date=date(2026, 3, 2))
    trainings = countables.get("activity.training")
    assert trainings.count_by_place(date(2026, 1, 1), date(2026, 3, 31)) == {tree.u1.pk: 1}
    assert countables.get("activity").count_in_subtree(tree.t1.path, date(2026, 1, 1), date(2026, 12, 31)) == 3


def test_selectors_rank_units_fewest_first_and_total_the_period(tree, log):
    log(tree.u1, start_date=date(2026, 5, 1), participants=100)
    log(tree.u1, start_date=date(2026, 5, 9), participants=50, kind="contest")
    log(tree.u2, start_date=date(2026, 6, 1))
    ranked = selectors.units_by_activity_count(tree.county, date(2026, 1, 1), date(2026, 12, 31))
    assert [(u.name, n) for u, n in ranked] == [("中心学校附属幼儿园", 0), ("城关镇人民政府", 1), ("城关镇中心学校", 2)]
    totals = selectors.activity_totals(tree.county, date(2026, 1, 1), date(2026, 12, 31))
    assert totals == {"activities": 3, "participants": 150, "units": 2}


def test_the_api_lists_by_cursor_within_reach(tree, unit_staff, neighbour_office, client_for, log):
    for n in range(3):
        log(tree.u1, title=f"本单位{n}", start_date=date(2026, 5, n + 1))
    log(tree.u2, title="兄弟单位")
    body = client_for(unit_staff).get(API, {"page_size": 2}).json()
    assert [a["title"] for a in body["results"]] == ["本单位2", "本单位1"]
    assert body["next"] and "cursor=" in body["next"]
    assert client_for(neighbour_office).get(API).json()["results"] == []


def test_the_api_filters_like_the_list_page(tree, county_office, client_for, log):
    log(tree.u1, kind="training", title="培训")
    log(tree.t2, title="宣讲")
    client = client_for(county_office)
    assert [a["title"] for a in client.get(API, {"kind": "training"}).json()["results"]] == ["培训"]
    assert [a["title"] for a in client.get(API, {"within": tree.t2.pk}).json()["results"]] == ["宣讲"]


def test_a_unit_creates_through_the_api_but_not_for_a_sibling(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    good = {"place": tree.u1.pk, "start_date": "2026-05-12", "title": "主题宣讲", "kind": "lecture", "participants": 60}
    response = client.post(API, good, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["creation_field"] == tree.u1.creation_field_id
    # a place outside the person's reach is not offered, and is refused as a missing one would be
    response = client.post(API, {**good, "place": tree.u2.pk}, content_type="application/json")
    assert response.status_code == 422 and "不存在" in response.content.decode()


def test_the_api_refuses_a_future_date_in_chinese(tree, unit_staff, client_for):
    response = client_for(unit_staff).post(API, {"place": tree.u1.pk, "start_date": "2099-01-01", "title": "未来",
                                                 "kind": "lecture"}, content_type="application/json")
    assert response.status_code == 422 and "不能晚于今天" in response.content.decode()
