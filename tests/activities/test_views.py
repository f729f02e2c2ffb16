from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories_attachments import PNG_1PX
from tuanjie.activities.models import Activity
from tuanjie.attachments.models import Attachment
from tuanjie.core.paging import CappedPaginator

LIST = reverse("activities:activity_list")
ADD = reverse("activities:activity_add")


def test_the_add_page_is_short_with_the_rest_folded_away(tree, unit_staff, client_for):
    response = client_for(unit_staff).get(ADD)
    assert response.status_code == 200
    quick = [f.name for f in response.context["quick_fields"]]
    assert quick[:4] == ["place", "start_date", "kind", "title"]
    assert len(quick) <= 8
    assert "description" in [f.name for f in response.context["more_fields"]]
    assert response.context["form"]["place"].value() == tree.u1.pk   # the unit is preselected


def test_a_unit_logs_an_activity_with_photos_from_the_add_page(tree, unit_staff, client_for):
    response = client_for(unit_staff).post(ADD, {
        "place": tree.u1.pk, "start_date": "2026-05-12", "kind": "class_meeting", "title": "民族团结主题班会",
        "participants": "45", "photos": [SimpleUploadedFile("a.png", PNG_1PX), SimpleUploadedFile("b.png", PNG_1PX)],
    })
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert Attachment.objects.for_object(activity).count() == 2
    detail = client_for(unit_staff).get(activity.get_absolute_url())
    assert "民族团结主题班会" in detail.content.decode()


def test_a_unit_cannot_pick_a_sibling_on_the_add_page(tree, unit_staff, client_for):
    response = client_for(unit_staff).post(ADD, {"place": tree.u2.pk, "start_date": "2026-05-12", "kind": "lecture",
                                                 "title": "越权"})
    assert response.status_code == 200 and response.context["form"].errors["place"]
    assert not Activity.objects.exists()


def test_the_list_filters_by_kind_field_date_township_and_search(tree, county_office, client_for, log):
    log(tree.u1, kind="training", title="政策培训", start_date=date(2026, 3, 1))
    log(tree.u2, kind="lecture", title="主题宣讲", start_date=date(2026, 5, 1))
    log(tree.t2, kind="lecture", title="石榴镇宣讲", start_date=date(2026, 5, 2))
    client = client_for(county_office)

    def titles(**params):
        return {a.title for a in client.get(LIST, params).context["object_list"]}

    assert titles() == {"政策培训", "主题宣讲", "石榴镇宣讲"}
    assert titles(kind="training") == {"政策培训"}
    assert titles(creation_field=tree.u2.creation_field_id) == {"主题宣讲"}
    assert titles(date_from="2026-04-01", date_to="2026-05-01") == {"主题宣讲"}
    assert titles(within=tree.t2.pk) == {"石榴镇宣讲"}
    assert titles(q="石榴") == {"石榴镇宣讲"}
    assert titles(q="城关镇人民") == {"主题宣讲"}


def test_a_unit_lists_only_its_own_and_the_neighbour_sees_nothing(tree, unit_staff, neighbour_office, client_for,
                                                                 log):
    log(tree.u1, title="本单位")
    log(tree.u2, title="兄弟单位")
    assert [a.title for a in client_for(unit_staff).get(LIST).context["object_list"]] == ["本单位"]
    assert list(client_for(neighbour_office).get(LIST).context["object_list"]) == []


def test_the_count_is_capped_so_a_huge_ledger_is_not_counted_on_every_page(tree, county_office, client_for, log,
                                                                         monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for n in range(31):
        log(tree.u1, title=f"活动{n}")
    response = client_for(county_office).get(LIST)
    assert response.context["paginator"].capped
    html = response.content.decode()
    assert "超过 3 条" in html and "第 1 页" in html and "下一页" in html


def test_paging_past_the_cap_still_shows_the_right_rows(tree, county_office, client_for, log, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for n in range(35):
        log(tree.u1, title=f"活动{n:02d}", start_date=date(2026, 1, 1) + timedelta(days=n))
    client = client_for(county_office)
    response = client.get(LIST, {"page": 2})
    assert response.status_code == 200
    assert [a.title for a in response.context["object_list"]] == ["活动04", "活动03", "活动02", "活动01", "活动00"]
    html = response.content.decode()
    assert "第 2 页" in html and "上一页" in html and "下一页" not in html
    assert client.get(LIST, {"page": 3}).status_code == 404


def test_below_the_cap_the_list_says_the_exact_total(tree, county_office, client_for, log):
    for n in range(3):
        log(tree.u1, title=f"活动{n}")
    html = client_for(county_office).get(LIST).content.decode()
    assert "共 3 条" in html and "超过" not in html


def test_the_area_filter_offers_the_focused_place_and_one_level_below(tree, county_office, client_for, log):
    from tuanjie.people.models import User

    def offered(response):
        return {label for value, label in response.context["filterset"].form.fields["within"].widget.choices if value}

    admin = User.objects.create_superuser("admin", password="Test-Pass-2026", full_name="管理员")
    # not the province's counties and townships on every page view
    assert offered(client_for(admin).get(LIST)) == {"同心省", "和睦市"}
    log(tree.t2, title="石榴镇宣讲")
    response = client_for(county_office).get(LIST, {"within": tree.t2.pk})
    assert offered(response) == {"团结县", "城关镇", "石榴镇"}
    assert [a.title for a in response.context["object_list"]] == ["石榴镇宣讲"]
    # A link (or an API call) may still name an area deeper than the select offers; it is shown as chosen.
    response = client_for(admin).get(LIST, {"within": tree.t2.pk})
    assert [a.title for a in response.context["object_list"]] == ["石榴镇宣讲"]
    assert "石榴镇" in {label for _v, label in response.context["filterset"].form.fields["within"].widget.choices}


def test_the_list_page_runs_the_same_number_of_queries_for_3_or_30_rows(tree, county_office, client_for, log,
                                                                        django_assert_max_num_queries):
    client = client_for(county_office)
    for n in range(3):
        log(tree.u1, title=f"活动{n}")
    client.get(LIST)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for n in range(27):
        log(tree.u2, title=f"更多{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


def test_the_htmx_request_gets_only_the_table(tree, county_office, client_for, log):
    log(tree.u1)
    response = client_for(county_office).get(LIST, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert "<form" not in response.content.decode()
    assert [t.name for t in response.templates][0] == "activities/partials/activity_table.html"


@pytest.mark.parametrize("who", ["cadre", "neighbour_office"])
def test_others_cannot_open_edit_or_delete(tree, unit_staff, client_for, log, who, request):
    activity = log(tree.u1)
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("activities:activity_edit", args=[activity.pk])).status_code == 404
    assert client.post(reverse("activities:activity_delete", args=[activity.pk])).status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_the_unit_edits_and_deletes_its_activity(tree, unit_staff, client_for, log):
    activity = log(tree.u1)
    client = client_for(unit_staff)
    response = client.post(reverse("activities:activity_edit", args=[activity.pk]), {
        "place": tree.u1.pk, "start_date": "2026-05-12", "kind": "lecture", "title": "改过的标题"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "改过的标题"
    client.post(reverse("activities:activity_delete", args=[activity.pk]))
    assert not Activity.objects.exists()


def test_an_activitys_dates_are_written_as_the_pages_write_dates_on_its_page_and_in_the_ledger(tree, county_office,
                                                                                              client_for, log):
    activity = log(tree.u1, start_date=date(2026, 5, 12), end_date=date(2026, 5, 14))
    client = client_for(county_office)
    assert "2026年5月12日至2026年5月14日" in client.get(activity.get_absolute_url()).content.decode()
    assert "2026年5月12日至2026年5月14日" in client.get(LIST).content.decode()
