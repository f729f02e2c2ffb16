"""Closing a year (归档): the county's 2026 becomes read-only in its whole subtree — through a page, the API, an
import, a bulk insert, an attachment, a delete — with a Chinese message naming the year and who closed it; only the
office above reopens it, with a reason, and the reopening is in the change log."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.archives.conftest import jpeg
from tests.core.test_versioning import activity_form, token
from tuanjie.activities.models import Activity
from tuanjie.activities.services import activity_bulk_create, activity_create, activity_update
from tuanjie.archives import services
from tuanjie.archives.models import YearClosure
from tuanjie.attachments.services import attach_files
from tuanjie.core.context import acting_as
from tuanjie.core.models import ChangeLogEntry

REFUSAL = "2026年度已由团结县归档（创建办工作人员团结县"


@pytest.fixture
def closed(tree, county_office, county_year):
    with acting_as(county_office, source="test"):
        services.year_close(by=county_office, place=tree.county, year=2026)
    return county_year


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_service_edit_of_a_closed_year_s_activity_is_refused_naming_the_year_and_who_closed_it(
        tree, closed, township_office):
    visit = Activity.objects.get(pk=closed["activities"][0].pk)
    visit.title = "改名"
    with pytest.raises(ValidationError, match=REFUSAL):
        activity_update(by=township_office, activity=visit)
    assert Activity.objects.get(pk=visit.pk).title == "石榴籽宣讲进村寨"


def test_the_edit_page_shows_the_refusal_and_saves_nothing(tree, closed, township_office):
    visit = closed["activities"][0]
    client = signed_in(township_office)
    url = f"/activities/{visit.pk}/edit/"
    response = client.post(url, activity_form(visit, place=tree.t1.pk, title="改名", _version=token(client.get(url))))
    assert response.status_code == 200 and REFUSAL in response.content.decode()
    assert Activity.objects.get(pk=visit.pk).title == "石榴籽宣讲进村寨"


def test_a_closed_year_s_record_page_says_it_is_read_only_and_offers_no_edit_or_delete(tree, closed, township_office):
    visit = closed["activities"][0]
    client = signed_in(township_office)
    page = client.get(f"/activities/{visit.pk}/").content.decode()
    assert REFUSAL in page and 'data-testid="closed-notice"' in page
    assert f"/activities/{visit.pk}/edit/" not in page and f"/activities/{visit.pk}/delete/" not in page
    with acting_as(township_office, source="test"):
        later = activity_create(by=township_office, place=tree.t1, start_date=date(2025, 11, 5), title="去年走访",
                                kind="lecture")
    page = client.get(f"/activities/{later.pk}/").content.decode()     # an open year: as before
    assert 'data-testid="closed-notice"' not in page and f"/activities/{later.pk}/edit/" in page


def test_the_api_refuses_with_422_and_the_message(tree, closed, township_office):
    visit = closed["activities"][0]
    response = signed_in(township_office).patch(f"/api/activities/{visit.pk}/", {"title": "改名"},
                                                content_type="application/json")
    assert response.status_code == 422
    assert REFUSAL in response.content.decode()


def test_an_import_into_the_closed_year_writes_nothing(tree, closed, township_office):
    from tests.activities.test_import import row, xlsx
    from tuanjie.activities.importers import ActivityImporter

    before = Activity.objects.count()
    result = ActivityImporter(township_office).run(xlsx([row(unit="U1", day="2026-10-10", title="补录的活动")]))
    assert not result.ok and REFUSAL in str(result.errors)
    assert Activity.objects.count() == before


def test_a_new_activity_a_bulk_insert_a_photo_and_a_delete_are_refused_too(tree, closed, township_office, unit_staff):
    with pytest.raises(ValidationError, match=REFUSAL):
        activity_create(by=unit_staff, place=tree.u1, start_date=date(2026, 12, 1), kind="lecture", title="新活动")
    with pytest.raises(ValidationError, match=REFUSAL):
        activity_bulk_create(by=unit_staff, activities=[Activity(place=tree.u1, start_date=date(2026, 6, 1),
                                                                 kind="lecture", title="批量")])
    with pytest.raises(ValidationError, match=REFUSAL):
        attach_files(owner=closed["activities"][1], files=[jpeg()], by=unit_staff)
    with pytest.raises(ValidationError, match=REFUSAL), transaction.atomic():   # as the delete service runs it
        closed["activities"][1].delete()
    assert not Activity.objects.filter(title__in=["新活动", "批量"]).exists()


def test_other_years_and_other_counties_stay_open(tree, closed, unit_staff, neighbour_office):
    old = Activity.objects.get(title="去年的宣讲")
    old.title = "去年的宣讲（补充）"
    activity_update(by=unit_staff, activity=old)
    activity_create(by=neighbour_office, place=tree.b1, start_date=date(2026, 6, 1), kind="lecture", title="友谊县新活动")


def test_moving_a_record_out_of_the_closed_year_is_refused(tree, closed, unit_staff):
    school = Activity.objects.get(pk=closed["activities"][1].pk)
    school.start_date = date(2025, 9, 1)
    with pytest.raises(ValidationError, match=REFUSAL):
        activity_update(by=unit_staff, activity=school)


def test_the_county_may_not_reopen_its_own_year_nor_without_a_reason(tree, closed, county_office, city_office):
    closure = YearClosure.objects.get(place=tree.county, year=2026)
    with pytest.raises(PermissionDenied, match="上级创建办"):
        services.year_reopen(by=county_office, closure=closure, reason="漏报")
    with pytest.raises(ValidationError, match="理由"):
        services.year_reopen(by=city_office, closure=closure, reason=" ")


def test_the_office_above_reopens_with_a_reason_it_is_in_the_change_log_and_edits_work_again(
        tree, closed, city_office, township_office, client_for):
    response = client_for(city_office).post(reverse("archives:reopen", args=[tree.county.pk, 2026]),
                                            {"reason": "发现城关镇漏报两次活动，需要补录"})
    assert response.status_code == 302
    closure = YearClosure.objects.get(place=tree.county, year=2026)
    assert closure.status == "reopened" and closure.reopened_by == city_office
    entry = ChangeLogEntry.objects.filter(object_id=str(closure.pk), action="update").latest("id")
    assert entry.user == city_office
    assert entry.after["reopen_reason"] == "发现城关镇漏报两次活动，需要补录" and entry.after["status"] == "reopened"
    visit = Activity.objects.get(pk=closed["activities"][0].pk)
    visit.title = "石榴籽宣讲进村寨（补充照片说明）"
    activity_update(by=township_office, activity=visit)


def test_a_township_closing_its_own_year_is_reopened_by_the_county(tree, township_office, county_office, unit_staff):
    services.year_close(by=township_office, place=tree.t1, year=2026)
    with pytest.raises(ValidationError, match="2026年度已由城关镇归档"):
        activity_create(by=unit_staff, place=tree.u1, start_date=date(2026, 3, 1), kind="lecture", title="x")
    activity_create(by=county_office, place=tree.t2, start_date=date(2026, 3, 1), kind="lecture", title="石榴镇活动")
    services.year_reopen(by=county_office, closure=YearClosure.objects.get(place=tree.t1), reason="补录")
    activity_create(by=unit_staff, place=tree.u1, start_date=date(2026, 3, 1), kind="lecture", title="x")


def test_the_year_page_offers_closing_to_the_office_and_shows_who_closed(tree, county_office, client_for):
    client = client_for(county_office)
    page = client.get(reverse("archives:year", args=[tree.county.pk, 2026])).content.decode()
    assert "bi-lock" in page               # the 归档 button
    assert client.post(reverse("archives:close", args=[tree.county.pk, 2026])).status_code == 302
    page = client.get(reverse("archives:year", args=[tree.county.pk, 2026])).content.decode()
    assert "已归档" in page and "创建办工作人员团结县" in page and "bi-lock" not in page


def test_a_workflow_step_on_a_closed_year_s_agreement_is_refused_and_leaves_it_as_it_was(
        tree, county_year, county_office, township_office):
    from tuanjie.agreements.models import Agreement
    from tuanjie.agreements.services import agreement_act

    agreement = agreement_act(by=county_office, agreement=county_year["agreement"], action="issue")
    services.year_close(by=county_office, place=tree.county, year=2026)
    with pytest.raises(ValidationError, match=REFUSAL):
        agreement_act(by=township_office, agreement=agreement, action="sign", files=[jpeg("signed.jpg")])
    stored = Agreement.objects.get(pk=agreement.pk)
    assert stored.status == "issued" and not stored.signed_on


def test_the_archive_home_lists_the_recent_years_with_the_closed_one_marked(tree, county_office, client_for):
    from django.utils import timezone

    this_year = timezone.localdate().year
    services.year_close(by=county_office, place=tree.county, year=this_year - 1)
    page = client_for(county_office).get(reverse("archives:home")).content.decode()
    assert f"{this_year}年度" in page and f"{this_year - 1}年度" in page
    assert page.count("已归档") == 1 and page.count("未归档") == 3
