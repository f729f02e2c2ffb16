"""Key results (重要成效) an office records for its place: pages, API and services, and their place in reports."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories_attachments import PNG_1PX
from tuanjie.attachments.models import Attachment
from tuanjie.documents import generators
from tuanjie.documents.models import KeyResult
from tuanjie.documents.services import result_create, result_delete, result_update


def test_an_office_records_a_result_with_its_evidence_from_the_page(tree, county_office, client_for):
    response = client_for(county_office).post(reverse("documents:result_add"), {
        "place": tree.county.pk, "name": "贫困村出列", "value": "7", "unit": "个", "achieved_on": "2026-05-20",
        "note": "经省级验收", "files": [SimpleUploadedFile("验收文件.png", PNG_1PX)]})
    result = KeyResult.objects.get()
    assert response.status_code == 302
    assert (result.name, result.value_text, result.recorded_by) == ("贫困村出列", "7个", county_office)
    assert Attachment.objects.for_object(result).count() == 1


def test_a_unit_may_not_record_results(tree, unit_staff):
    with pytest.raises(PermissionDenied, match="无权"):
        result_create(by=unit_staff, place=tree.u1, name="示范单位", value=Decimal("1"), unit="个",
                      achieved_on=date(2026, 5, 1))


def test_a_neighbour_office_may_not_record_for_the_county(tree, neighbour_office):
    with pytest.raises(PermissionDenied):
        result_create(by=neighbour_office, place=tree.county, name="贫困村出列", value=Decimal("7"), unit="个",
                      achieved_on=date(2026, 5, 1))


def test_a_result_in_the_future_or_below_zero_is_refused_in_chinese(tree, county_office):
    with pytest.raises(ValidationError, match="取得日期不能晚于今天"):
        result_create(by=county_office, place=tree.county, name="贫困村出列", value=Decimal("7"), unit="个",
                      achieved_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError):
        result_create(by=county_office, place=tree.county, name="贫困村出列", value=Decimal("-1"), unit="个",
                      achieved_on=date(2026, 5, 1))
    assert not KeyResult.objects.exists()


def test_an_edit_and_a_deletion_go_through_the_services(tree, county_office):
    result = result_create(by=county_office, place=tree.county, name="贫困村出列", value=Decimal("7"), unit="个",
                           achieved_on=date(2026, 5, 20))
    result_update(by=county_office, result=result, value=Decimal("8.50"), unit="万元")
    assert KeyResult.objects.get().value_text == "8.5万元"
    result_delete(by=county_office, result=result)
    assert not KeyResult.objects.exists()


def test_the_api_writes_through_the_services(tree, county_office, unit_staff):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(county_office)
    response = client.post("/api/key-results/", {"place": tree.county.pk, "name": "贫困村出列", "value": "7",
                                                 "unit": "个", "achieved_on": "2026-05-20"}, format="json")
    assert response.status_code == 201, response.content
    assert KeyResult.objects.get().recorded_by == county_office
    client.force_authenticate(unit_staff)
    assert client.post("/api/key-results/", {"place": tree.u1.pk, "name": "x", "value": "1", "unit": "个",
                                             "achieved_on": "2026-05-20"}, format="json").status_code in (403, 400)


def test_a_townships_result_is_named_with_its_place_in_the_countys_report(tree, county_office):
    township = tree.person("office", tree.t1, "township_results")
    result_create(by=township, place=tree.t1, name="创建示范村", value=Decimal("2"), unit="个",
                  achieved_on=date(2026, 3, 8))
    report = generators.progress_report(tree.county, generators.to_date_period(2026, 6), today=date(2026, 6, 30),
                                        charts=False)
    texts = [p.text for p in report.document.paragraphs]
    assert "1—6月，取得了以下重要成效：城关镇创建示范村2个（3月8日）。" in texts
    township_report = generators.progress_report(tree.t2, generators.to_date_period(2026, 6),
                                                 today=date(2026, 6, 30), charts=False)
    assert not any("重要成效" in p.text for p in township_report.document.paragraphs)
