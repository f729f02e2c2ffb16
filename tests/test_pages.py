"""What people see: the county office sees its county, the township office only its township, the
neighbour nothing of ours — on pages, in the API and in exports."""

from tuanjie.places.models import Place


def test_the_county_office_sees_its_townships_and_not_the_neighbours(tree, county_office, client_for):
    client = client_for(county_office)
    html = client.get("/places/").content.decode()
    assert "城关镇" in html and "石榴镇" in html and "友谊镇" not in html
    assert client.get(f"/places/{tree.b1.pk}/").status_code == 404


def test_the_township_office_cannot_see_the_countys_other_townships(tree, township_office, client_for):
    client = client_for(township_office)
    html = client.get("/places/").content.decode()
    assert "幸福村" in html and "石榴镇" not in html
    assert client.get(f"/places/{tree.t2.pk}/").status_code == 404
    assert client.get(f"/places/{tree.county.pk}/").status_code == 404


def test_the_api_follows_the_same_rule(tree, township_office, client_for):
    data = client_for(township_office).get("/api/places/?page_size=500").json()
    names = {row["name"] for row in data["results"]}
    assert "城关镇" in names and "石榴镇" not in names and "团结县" not in names


def test_the_api_refuses_creating_under_a_neighbour(tree, county_office, client_for):
    response = client_for(county_office).post("/api/places/", {
        "kind": "area", "name": "某镇", "code": "910103009000", "level": "乡", "parent": tree.neighbour.pk},
        content_type="application/json")
    assert response.status_code == 422 and "不存在" in response.content.decode()   # as a missing parent would be
    assert not Place.objects.filter(code="910103009000").exists()


def test_the_openapi_schema_is_served(tree, county_office, client_for):
    response = client_for(county_office).get("/api/schema/")
    assert response.status_code == 200 and b"/api/places/" in response.content


def test_search_by_pinyin_initials_on_the_list(tree, county_office, client_for):
    html = client_for(county_office).get("/places/?q=xfc").content.decode()
    assert "幸福村" in html and "石榴镇" not in html


def test_htmx_filtering_returns_only_the_table(tree, county_office, client_for):
    response = client_for(county_office).get("/places/?q=cgz", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    html = response.content.decode()
    assert "<table" in html and "<nav class=\"navbar" not in html


def test_switching_place_changes_the_home_page(tree, county_office, client_for):
    client = client_for(county_office)
    client.post(f"/places/{tree.t1.pk}/focus/")
    html = client.get("/").content.decode()
    assert "城关镇" in html
    client.post(f"/places/{tree.b1.pk}/focus/")   # a place outside the reach is refused
    assert client.post(f"/places/{tree.b1.pk}/focus/").status_code == 404


def test_the_office_creates_a_unit_through_the_page(tree, county_office, client_for):
    from tuanjie.places.models import CreationField

    response = client_for(county_office).post("/places/add/", {
        "parent": tree.t2.pk, "kind": "unit", "name": "石榴镇中心小学", "code": "U9",
        "creation_field": CreationField.objects.get(name="学校").pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Place.objects.get(code="U9").path.startswith(tree.t2.path)


def test_every_menu_page_opens_for_the_county_office(tree, county_office, client_for):
    from tuanjie.core.navigation import menu_for

    client = client_for(county_office)
    for item in menu_for(county_office):
        url = item.url()
        if url != "#":
            assert client.get(url).status_code == 200, url


def test_a_refused_api_write_leaves_nothing_behind(tree, unit_staff, client_for):
    from tuanjie.inspections.models import Round

    # its own unit, which it may see but not inspect (offices organise rounds): refused, nothing kept
    response = client_for(unit_staff).post("/api/inspection-rounds/", {
        "place": tree.u1.pk, "title": "越权督查", "start_date": "2026-11-02", "end_date": "2026-11-06", "units": [],
        "team": []}, content_type="application/json")
    assert response.status_code == 403
    assert not Round.objects.exists()


def test_an_english_browser_still_gets_chinese_dates_in_local_time(tree, county_office, client_for):
    from datetime import UTC, datetime

    from tuanjie.core.tables import Column

    class Row:
        at = datetime(2025, 11, 23, 1, 48, tzinfo=UTC)   # an earlier year: written with it

    assert Column("at", "时间").text(Row()) == "2025年11月23日 09:48"
    html = client_for(county_office).get("/system/changes/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "a.m." not in html and "p.m." not in html


def test_an_english_browser_gets_chinese_form_errors(tree, county_office, client_for):
    html = client_for(county_office).post("/places/add/", {}, HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "该字段是必填项" in html and "This field is required" not in html


def test_the_api_documentation_tags_and_summaries_are_chinese(tree, county_office, client_for):
    import yaml

    schema = yaml.safe_load(client_for(county_office).get("/api/schema/").content)
    operations = schema["paths"]["/api/places/"]
    assert operations["get"]["tags"] == ["地区/单位"] and operations["get"]["summary"] == "列出地区/单位"
    assert schema["paths"]["/api/places/{id}/"]["delete"]["summary"] == "删除地区/单位"
    assert schema["paths"]["/api/assessment-entries/{id}/review/"]["post"]["summary"] == "参评对象：审核"
