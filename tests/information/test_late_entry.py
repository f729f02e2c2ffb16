"""补录: past work entered with its real dates. The office's acceptance confirms it; the figures count it on the
declared dates (not the day it was entered or confirmed), the history says 补录 with who entered it and when, and
reports say how many items were entered late."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tuanjie.analytics.selectors import totals_between
from tuanjie.core.context import acting_as
from tuanjie.documents.selectors import monthly_rows
from tuanjie.information import services
from tuanjie.information.models import InformationItem

KEYS = ["information.submitted", "information.accepted", "information.published", "information.late"]
MAY = (date(2026, 5, 1), date(2026, 5, 31))
FIRST_HALF = (date(2026, 1, 1), date(2026, 6, 30))


def enter(unit_staff, tree, **changes):
    fields = dict(place=tree.u1, title="五月民族团结宣传月活动", body="全校师生参加。", written_on=date(2026, 5, 10),
                  declared_accepted_on=date(2026, 5, 12), declared_published_on=date(2026, 5, 15),
                  declared_channels=["platform", "wechat"])
    with acting_as(unit_staff, source="test"):
        return services.item_enter_late(by=unit_staff, **{**fields, **changes})


def figures(tree, span):
    found = totals_between(tree.county, *span, KEYS)
    return {key: found[key]["n"] for key in KEYS}


@pytest.fixture
def confirmed(tree, unit_staff, township_office):
    item = enter(unit_staff, tree)
    with acting_as(township_office, source="test"):
        return services.item_accept(item=item, by=township_office)


def test_an_item_entered_now_as_published_on_15_may_counts_in_may_and_the_half_year(tree, confirmed):
    assert confirmed.status == InformationItem.Status.PUBLISHED
    one_each = dict.fromkeys(KEYS, 1)
    assert figures(tree, MAY) == one_each
    assert figures(tree, FIRST_HALF) == one_each
    today = timezone.localdate()
    this_month = (today.replace(day=1), (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1))
    assert figures(tree, this_month) == dict.fromkeys(KEYS, 0)
    assert sorted(p.published_at.date() for p in confirmed.publications.all()) == [date(2026, 5, 15)] * 2


def test_the_history_marks_it_late_with_who_entered_it_and_when_and_keeps_the_steps_own_times(
        tree, unit_staff, confirmed):
    events = list(confirmed.events.order_by("time", "id"))
    assert [(e.action, e.user_repr) for e in events] == [("submit", str(unit_staff)), ("accept", events[1].user_repr)]
    assert events[0].comment == "补录：成稿于2026年5月10日，采用于2026年5月12日，发布于2026年5月15日"
    assert events[1].comment.startswith("补录：")
    assert all(timezone.localdate(e.time) == timezone.localdate() for e in events)       # steps keep "now"
    assert (confirmed.late_entry, confirmed.late_entered_by) == (True, unit_staff)
    assert timezone.localdate(confirmed.late_entered_at) == timezone.localdate()


def test_until_the_office_confirms_it_counts_only_as_submitted_on_the_day_it_was_written(tree, unit_staff,
                                                                                         township_office):
    item = enter(unit_staff, tree)
    assert item.status == InformationItem.Status.SUBMITTED
    assert figures(tree, MAY) == {**dict.fromkeys(KEYS, 0), "information.submitted": 1}


def test_the_monthly_report_says_how_many_were_entered_late(tree, confirmed, unit_staff, township_office, write):
    on_time = services.item_submit(item=write(title="按时报送"), by=unit_staff,
                                   at=timezone.make_aware(timezone.datetime(2026, 5, 20, 10)))
    services.item_accept(item=on_time, by=township_office, at=timezone.make_aware(timezone.datetime(2026, 5, 21, 10)))
    headers, rows = monthly_rows(tree.county, *MAY)
    total = rows[-1]
    assert total[headers.index("采用信息（条）")] == 2 and total[headers.index("其中补录（条）")] == 1


@pytest.mark.parametrize("changes, field, message", [
    ({"written_on": None}, "written_on", "请填写成稿日期"),
    ({"declared_published_on": timezone.localdate() + timedelta(days=1)}, "declared_published_on",
     "补录的日期不能晚于今天"),
    ({"declared_accepted_on": date(2026, 5, 9)}, "declared_accepted_on", "采用日期不能早于成稿日期"),
    ({"declared_published_on": date(2026, 5, 11)}, "declared_published_on", "发布日期不能早于采用日期"),
    ({"declared_channels": []}, "declared_channels", "填写了发布日期时，请选择当时发布的渠道"),
    ({"declared_published_on": None}, "declared_published_on", "选择了发布渠道时，请填写发布日期"),
])
def test_declared_dates_are_refused_in_chinese_when_they_cannot_be_true(tree, unit_staff, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        enter(unit_staff, tree, **changes)
    assert message in refused.value.message_dict[field][0]
    assert InformationItem.objects.count() == 0


def test_a_unit_enters_past_work_on_its_page_and_the_detail_says_late(tree, unit_staff, township_office, client_for):
    client = client_for(unit_staff)
    response = client.post(reverse("information:item_add_late"), {
        "place": tree.u1.pk, "kind": "news", "title": "补录的宣讲", "body": "五月的宣讲。", "written_on": "2026-05-10",
        "declared_accepted_on": "2026-05-12"})
    item = InformationItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.late_entry and item.status == InformationItem.Status.SUBMITTED
    page = client_for(township_office).get(item.get_absolute_url()).content.decode()
    assert "补录" in page and "2026年5月10日" in page
