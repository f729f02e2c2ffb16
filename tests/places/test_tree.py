import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tuanjie.places.models import Place, PlaceLevel
from tuanjie.places.services import place_create, place_delete, place_move, place_update


def test_a_subtree_is_one_query(tree):
    with CaptureQueriesContext(connection) as ctx:
        names = set(Place.objects.subtree(tree.t1).values_list("name", flat=True))
    assert len(ctx.captured_queries) == 1
    assert names == {"城关镇", "幸福村", "城关镇中心学校", "中心学校附属幼儿园", "城关镇人民政府"}


def test_moving_a_township_takes_everything_below_along(tree):
    place_move(place=tree.t1, new_parent=tree.neighbour)
    moved = Place.objects.get(pk=tree.t1.pk)
    assert Place.objects.get(pk=tree.u1a.pk).path.startswith(moved.path)
    assert Place.objects.get(pk=tree.neighbour.pk).numchild == 2
    assert Place.objects.get(pk=tree.county.pk).numchild == 1
    assert set(Place.objects.subtree(Place.objects.get(pk=tree.county.pk)).values_list("name", flat=True)) == {
        "团结县", "石榴镇"}


def test_a_place_cannot_move_under_itself(tree):
    with pytest.raises(ValidationError, match="自己或它的下级"):
        place_move(place=tree.t1, new_parent=tree.v1)


def test_an_area_cannot_hang_under_a_unit(tree):
    village = PlaceLevel.objects.get(name="村")
    with pytest.raises(ValidationError, match="不能隶属于创建单位"):
        place_create(parent=tree.u1, kind=Place.Kind.AREA, name="某村", code="910102001099", level=village)


def test_a_level_cannot_hang_under_a_lower_level(tree):
    county = PlaceLevel.objects.get(name="县")
    with pytest.raises(ValidationError, match="同级或更低层级"):
        place_create(parent=tree.t1, kind=Place.Kind.AREA, name="某县", code="910102001098", level=county)


def test_an_area_code_must_be_twelve_digits(tree):
    village = PlaceLevel.objects.get(name="村")
    with pytest.raises(ValidationError, match="12位数字"):
        place_create(parent=tree.t1, kind=Place.Kind.AREA, name="某村", code="12345", level=village)


def test_xpcc_levels_fit_the_same_tree(db):
    levels = {lv.name: lv for lv in PlaceLevel.objects.all()}
    corps = place_create(parent=None, kind="area", name="第十三师", code="659013000000", level=levels["师"])
    regiment = place_create(parent=corps, kind="area", name="红星一场", code="659013001000", level=levels["团"])
    company = place_create(parent=regiment, kind="area", name="一连", code="659013001001", level=levels["连"])
    assert company.path.startswith(corps.path)


def test_a_place_with_children_cannot_be_deleted(tree):
    with pytest.raises(ValidationError, match="下级"):
        place_delete(place=tree.t1)
    place_delete(place=tree.v1)
    assert not Place.objects.filter(pk=tree.v1.pk).exists()


def test_pinyin_initials_find_chinese_names(tree):
    assert list(Place.objects.search("cgz").values_list("name", flat=True))[:1] == ["城关镇"]
    assert "石榴镇" in Place.objects.search("shiliu").values_list("name", flat=True)


def test_a_place_search_reads_the_places_it_names_by_their_ids(tree, monkeypatch):
    """The page's query takes the ids of the places named (by name, pinyin or code prefix), not the OR of those
    tests, which PostgreSQL would answer by walking the page's order through the whole tree; past the most ids a
    query takes, the tests themselves. The places found are those a plain substring test finds."""
    every = list(Place.objects.all())
    for text, naive in (("城关镇", {p.pk for p in every if "城关镇" in p.name}),
                        ("cgz", {p.pk for p in every if "cgz" in p.search_key}),
                        ("9101020", {p.pk for p in every if (p.code or "").startswith("9101020")})):
        found = Place.objects.search(text)
        assert " LIKE " not in str(found.query).upper(), text
        assert set(found.values_list("pk", flat=True)) == naive and naive, text
    monkeypatch.setattr("tuanjie.core.search.PLACE_IDS", 1)
    monkeypatch.setattr("tuanjie.core.search.PLACE_ARRAY", 1)
    found = Place.objects.search("城关镇")
    assert " LIKE " in str(found.query).upper()
    assert set(found.values_list("pk", flat=True)) == {p.pk for p in every if "城关镇" in p.name}


def test_renaming_keeps_the_search_key_current(tree):
    place_update(place=tree.t2, name="和平镇")
    assert Place.objects.search("hpz").filter(pk=tree.t2.pk).exists()


def test_only_a_system_admin_edits_creation_fields(tree, county_office, client_for):
    from tuanjie.core.roles import Role
    from tuanjie.places.models import CreationField

    field = CreationField.objects.get(name="学校")
    client = client_for(county_office)
    assert client.get("/places/config/fields/").status_code == 200
    assert client.post(f"/places/config/fields/{field.pk}/", {"name": "学校", "code": "school", "theme": "x",
                                                             "order": 1}).status_code == 403
    admin = tree.person(Role.ADMIN, tree.province, "sysadmin")
    response = client_for(admin).post(f"/places/config/fields/{field.pk}/", {
        "name": "学校", "code": "school", "theme": "新主题", "order": 5, "is_active": "on"})
    assert response.status_code == 302
    field.refresh_from_db()
    assert field.theme == "新主题"
