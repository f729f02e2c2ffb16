"""Quota pages and API as offices and units use them."""

import io
from datetime import date

import openpyxl
from django.urls import reverse

from tuanjie.quotas.models import QuotaRule


def test_office_defines_a_rule_through_the_form(tree, county_office, client_for):
    from tuanjie.places.models import CreationField

    school = CreationField.objects.get(name="学校")
    response = client_for(county_office).post(reverse("quotas:rule_add"), {
        "place": tree.county.pk, "name": "每年开展培训不少于2次", "year": 2026, "countable": "plan.progress",
        "minimum": 2, "period": "year", "creation_fields": [school.pk], "is_active": "on"})
    assert response.status_code == 302
    rule = QuotaRule.objects.get()
    assert list(rule.creation_fields.all()) == [school]


def test_the_form_offers_only_areas_as_the_rules_place(tree, county_office, client_for):
    response = client_for(county_office).post(reverse("quotas:rule_add"), {
        "place": tree.u1.pk, "name": "x", "year": 2026, "countable": "plan.progress", "minimum": 2,
        "period": "year"})
    assert response.status_code == 200 and not QuotaRule.objects.exists()
    assert response.context["form"].errors["place"]


def test_office_reads_the_compliance_table_and_filters_it(tree, rule, record, county_office, client_for):
    record(tree.u1, date.today())
    client = client_for(county_office)
    page = client.get(reverse("quotas:compliance", args=[rule.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "城关镇中心学校" in text and "城关镇人民政府" in text
    agency = tree.u2.creation_field
    only_agencies = client.get(reverse("quotas:compliance", args=[rule.pk]), {"field": agency.pk}).content.decode()
    assert "城关镇人民政府" in only_agencies and "城关镇中心学校" not in only_agencies
    in_t2 = client.get(reverse("quotas:compliance", args=[rule.pk]), {"area": tree.t2.pk}).content.decode()
    assert "城关镇人民政府" not in in_t2


def test_the_compliance_table_exports_to_excel(tree, rule, county_office, client_for):
    response = client_for(county_office).get(reverse("quotas:compliance", args=[rule.pk]), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                              if response.streaming else response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "城关镇中心学校" in names


def test_the_neighbour_office_cannot_open_the_compliance_table(tree, rule, neighbour_office, client_for):
    assert client_for(neighbour_office).get(reverse("quotas:compliance", args=[rule.pk])).status_code == 404


def test_a_unit_sees_its_own_standing_on_a_phone_page(tree, rule, record, unit_staff, client_for):
    record(tree.u1, date.today())
    page = client_for(unit_staff).get(reverse("quotas:standing"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "每月报送进展不少于2次" in text and "城关镇中心学校" in text


def test_the_rule_detail_shows_this_periods_figures(tree, rule, county_office, client_for):
    page = client_for(county_office).get(rule.get_absolute_url())
    assert page.status_code == 200


def test_the_api_gives_computed_compliance_read_only(tree, rule, record, county_office, client_for):
    record(tree.u1, date(2026, 1, 5), n=2)
    client = client_for(county_office)
    data = client.get(f"/api/quota-rules/{rule.pk}/compliance/").json()
    assert data["requirement"] == rule.requirement
    u1 = next(u for u in data["units"] if u["place"] == tree.u1.pk)
    assert u1["standings"][0]["done"] == 2
    assert client.post(f"/api/quota-rules/{rule.pk}/compliance/", {}).status_code == 405


def test_the_api_refuses_an_unknown_countable_and_a_unit_author(tree, county_office, unit_staff, client_for):
    payload = {"place": tree.county.pk, "name": "x", "year": 2026, "countable": "no.such", "minimum": 1,
               "period": "month"}
    assert client_for(county_office).post("/api/quota-rules/", payload).status_code == 422      # a countable that does not exist: well formed, refused
    payload.update(countable="plan.progress", place=tree.u1.pk)
    assert client_for(unit_staff).post("/api/quota-rules/", payload).status_code in (422, 403)
    payload.update(place=tree.county.pk)
    assert client_for(unit_staff).post("/api/quota-rules/", payload).status_code == 422   # above its reach: 不存在
    assert not QuotaRule.objects.exists()


def test_the_rule_list_and_form_open_for_the_office(tree, rule, county_office, client_for):
    client = client_for(county_office)
    assert rule.name in client.get(reverse("quotas:rule_list")).content.decode()
    form = client.get(reverse("quotas:rule_edit", args=[rule.pk]))
    assert form.status_code == 200 and "plan.progress" in form.content.decode()


def test_a_person_without_a_unit_is_told_there_is_nothing_to_do(tree, county_office, client_for):
    page = client_for(county_office).get(reverse("quotas:standing"))
    assert page.status_code == 200 and "不是创建单位" in page.content.decode()


def test_the_compliance_page_stays_flat_as_units_grow(tree, rule, county_office, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tuanjie.places.models import CreationField
    from tuanjie.places.services import place_create

    client = client_for(county_office)
    url = reverse("quotas:compliance", args=[rule.pk])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    school = CreationField.objects.get(name="学校")
    for i in range(10):
        place_create(parent=tree.t2, kind="unit", name=f"石榴镇第{i}小学", code=f"S{i}", creation_field=school)
    assert queries() == before
