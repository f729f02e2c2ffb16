"""The top bar's search (/search/): what each person finds is what their pages show them, and no more."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories_documents import make_generated
from tests.factories_information import make_item
from tests.factories_inspections import make_rectification
from tests.factories_pairing import setup_programme
from tests.factories_plans import _plan, _task
from tuanjie.core.roles import Role
from tuanjie.core.search import search_everything, searchables


def found(user, text) -> dict[str, list[str]]:
    return {g.searchable.key: [h.title for h in g.hits] for g in search_everything(user, text)}


def urls_on_page(client, text) -> set[str]:
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200
    return set(re.findall(r'href="(/[a-z-]+/[^"]*\d+/[^"]*)"', response.content.decode()))


@pytest.fixture
def both_counties(tree):
    """The same kinds of record, all with 宣讲 in their text, in 团结县 (U1, 城关镇) and in 友谊县 (友谊镇)."""
    from tuanjie.activities.services import activity_create

    records = {}
    for side, place in (("own", tree.u1), ("other", tree.b1)):
        records[side] = [
            activity_create(by=None, place=place, start_date=date(2026, 5, 12), title=f"{place.name}宣讲会",
                            kind="lecture", participants=30),
            make_item(place, tree),                      # "{place}开展民族团结宣讲"
            _plan(place),
            _task(place),                                # "开展民族团结宣讲"
            make_rectification(place, tree),
            make_generated(place, tree),
        ]
    return records


def test_pinyin_initials_find_the_township(tree, county_office):
    from tuanjie.places.models import PlaceLevel
    from tuanjie.places.services import place_create

    place_create(parent=tree.county, kind="area", name="团结乡", code="910102003000",
                 level=PlaceLevel.objects.get(name="乡"))
    assert "团结乡" in found(county_office, "tjx")["places"]
    assert found(county_office, "tuanjiexiang")["places"] == ["团结乡"]
    assert found(county_office, "TJX")["places"] == found(county_office, "tjx")["places"]


def test_letters_are_pinyin_not_a_code_prefix(tree, county_office):
    from tuanjie.places.services import place_create

    place_create(parent=tree.t2, kind="unit", name="石榴镇卫生院", code="TJX-02-01", creation_field=tree.u1.creation_field)
    assert "石榴镇卫生院" not in found(county_office, "tjx").get("units", [])
    assert found(county_office, "TJX-02")["units"] == ["石榴镇卫生院"]
    assert found(county_office, "9101020010")["places"] == ["城关镇", "幸福村"]


def test_pinyin_finds_units_and_people(tree, county_office):
    tree.person(Role.CADRE, tree.u2, "zhangming")
    from tuanjie.people.models import User

    User.objects.filter(username="zhangming").update(full_name="张明")   # the key is kept fresh by save(), so:
    User.objects.get(username="zhangming").save()
    assert found(county_office, "cgzzxxx")["units"] == ["城关镇中心学校"]
    assert "张明" in found(county_office, "zm")["people"]


def test_another_countys_records_never_appear(tree, county_office, neighbour_office, client_for, both_counties):
    terms = ("宣讲", "补齐档案", "实施方案", "2026年1月", "xj")
    for who, side, other in ((county_office, "own", "other"), (neighbour_office, "other", "own")):
        client = client_for(who)
        seen = set().union(*(urls_on_page(client, term) for term in terms))
        assert {obj.get_absolute_url() for obj in both_counties[side]} <= seen
        assert not seen & {obj.get_absolute_url() for obj in both_counties[other]}


def test_records_are_found_through_the_pinyin_of_their_place(tree, county_office, both_counties):
    # 城关镇中心学校 → "cgzzxxx": its activity, information item and rectification, none of 友谊镇's.
    hits = found(county_office, "cgzzxxx")
    assert hits["activities"] == ["城关镇中心学校宣讲会"]
    assert hits["information"] == ["城关镇中心学校开展民族团结宣讲"]
    assert hits["rectifications"] == ["补齐档案"]
    assert "友谊镇" not in str(hits)


def test_a_unit_sees_its_own_records_and_not_its_siblings(tree, both_counties):
    from tuanjie.activities.services import activity_create

    activity_create(by=None, place=tree.u2, start_date=date(2026, 5, 1), title="政府宣讲会", kind="lecture")
    staff = tree.person(Role.UNIT, tree.u1, "u1-staff")
    assert found(staff, "宣讲会")["activities"] == ["城关镇中心学校宣讲会"]
    assert "城关镇人民政府" not in found(staff, "城关镇").get("units", [])


def test_a_household_is_found_only_by_its_programme_office_cadre_and_group_leader(tree, county_office,
                                                                                   township_office, client_for):
    pair = setup_programme(tree.u1, tree)       # household 王秀英, programme run by unit U1
    programme_office = tree.person(Role.UNIT, tree.u1, "programme-office")
    assert found(programme_office, "王秀英")["households"] == ["王秀英"]
    assert found(pair.cadre, "王秀英")["households"] == ["王秀英"]
    assert found(pair.group.leader, "王秀英")["households"] == ["王秀英"]
    for upper in (county_office, township_office):
        assert "households" not in found(upper, "王秀英")
        page = client_for(upper).get("/search/", {"q": "王秀英"}).content.decode()
        assert f"/pairing/households/{pair.household.pk}/" not in page and 'data-testid="search-empty"' in page
        assert "households" not in found(upper, "幸福村3组")


def test_a_group_over_the_cap_offers_more_in_the_filtered_list(tree, county_office, client_for):
    from tuanjie.activities.services import activity_create

    for i in range(7):
        activity_create(by=None, place=tree.u1, start_date=date(2026, 5, 1 + i), title=f"宣讲{i}", kind="lecture")
    client = client_for(county_office)
    page = client.get("/search/", {"q": "宣讲"}).content.decode()
    assert len(re.findall(r'href="/activities/\d+/"', page)) == 5
    assert 'href="/activities/?q=%E5%AE%A3%E8%AE%B2"' in page
    listed = client.get("/activities/", {"q": "宣讲"}).content.decode()
    assert all(f"宣讲{i}" in listed for i in range(7))


def test_the_lists_behind_more_agree_with_the_search(tree, county_office, client_for, both_counties):
    client = client_for(county_office)
    for url, text in (("/inspections/rectifications/", "cgzzxxx"), ("/plans/", "城关镇中心学校"),
                      ("/plans/tasks/", "民族团结"), ("/information/", "cgzzxxx")):
        page = client.get(url, {"q": text}).content.decode()
        assert "城关镇中心学校" in page or "民族团结" in page, url
        assert "友谊镇" not in page, url


def test_a_search_runs_as_many_queries_for_many_hits_as_for_one(tree, county_office):
    from tuanjie.activities.services import activity_create

    def count():
        with CaptureQueriesContext(connection) as ctx:
            search_everything(county_office, "宣讲")
        return len(ctx.captured_queries)

    activity_create(by=None, place=tree.u1, start_date=date(2026, 5, 1), title="宣讲", kind="lecture")
    count()                                      # the person's roles, read once and kept on the user
    one = count()
    for i in range(12):
        activity_create(by=None, place=tree.u2, start_date=date(2026, 5, 1), title=f"宣讲{i}", kind="lecture")
        make_item(tree.u2, tree)
    assert count() == one
    # One query per kind of record, and two for the places the text names, by name and by pinyin (shared by the
    # kinds matched by place). The two kinds of place are answered by those ids: naming no place, they need no query.
    assert one == len(searchables()) - 2 + 2


def test_an_empty_search_says_what_to_type_and_a_miss_says_what_to_try(tree, county_office, client_for):
    client = client_for(county_office)
    assert "拼音首字母" in client.get("/search/").content.decode()
    miss = client.get("/search/", {"q": "不存在的名称"}).content.decode()
    assert 'data-testid="search-empty"' in miss and "试试少输几个字" in miss


def test_the_search_box_is_in_the_top_bar_and_the_page_needs_sign_in(tree, county_office, client):
    assert client.get("/search/", {"q": "x"}).status_code == 302
    client.force_login(county_office)
    assert 'action="/search/"' in client.get("/").content.decode()

