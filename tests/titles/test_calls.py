"""Calls for applications (申报通知, issue 16, 2): a window per step, refused outside it with the dates in the
message unless the calling office reopened it with a reason; reminders before a window closes."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tuanjie.core.dates import when
from tuanjie.core.roles import Role
from tuanjie.notifications.models import Notification
from tuanjie.titles.models import TitleApplication
from tuanjie.titles.services import (
    application_act,
    application_create,
    application_submit,
    call_create,
    call_update,
    call_window_reopen,
)

S = TitleApplication.Status
TODAY = timezone.localdate()


def day(offset):
    return TODAY + timedelta(days=offset)


@pytest.fixture
def village_level(levels):
    return levels["县级示范村"]


@pytest.fixture
def liaison(tree):
    return tree.person(Role.UNIT, tree.v1, "village_liaison")


@pytest.fixture
def township_office(tree):
    return tree.person(Role.OFFICE, tree.t1, "township_office")


@pytest.fixture
def application(tree, village_level, liaison):
    return application_create(by=liaison, subject=tree.v1, title_level=village_level, year=TODAY.year,
                              deeds="开展民族团结进步创建。")


def make_call(tree, county_office, level, declare, review=None):
    windows = {None: declare}
    if review is not None:
        windows[level.steps.get(name="初审")] = review
    return call_create(by=county_office, place=tree.county, title_level=level, year=TODAY.year,
                       name=f"关于开展{TODAY.year}年度县级示范村申报工作的通知", document_no="团创发〔2026〕2号",
                       windows=windows)


def test_a_declaration_after_its_window_closed_is_refused_with_the_dates(tree, village_level, application,
                                                                        liaison, county_office):
    make_call(tree, county_office, village_level, (day(-30), day(-1)))
    with pytest.raises(ValidationError) as refused:
        application_submit(by=liaison, application=application)
    message = refused.value.messages[0]
    assert f"“申报”的办理时间为{when(day(-30))}至{when(day(-1))}" in message and "已经截止" in message
    assert f"关于开展{TODAY.year}年度县级示范村申报工作的通知" in message
    application.refresh_from_db()
    assert application.status == S.DRAFT and application.events.count() == 1


def test_a_declaration_before_its_window_opens_is_refused(tree, village_level, application, liaison, county_office):
    make_call(tree, county_office, village_level, (day(1), day(20)))
    with pytest.raises(ValidationError, match="尚未开始"):
        application_submit(by=liaison, application=application)


def test_a_declaration_inside_its_window_goes_through_on_its_first_and_last_day(
        tree, village_level, application, liaison, county_office):
    call = make_call(tree, county_office, village_level, (TODAY, day(10)))
    assert application_submit(by=liaison, application=application).status == S.IN_REVIEW
    application_act(by=tree.person(Role.OFFICE, tree.t1), application=application, action="return", reason="补充")
    call_update(by=county_office, call=call, name=call.name, windows={None: (day(-10), TODAY)})
    assert application_submit(by=liaison, application=application).status == S.IN_REVIEW


def test_a_review_step_outside_its_window_is_refused_and_the_page_says_when(
        tree, village_level, application, liaison, township_office, county_office, client_for):
    make_call(tree, county_office, village_level, (day(-20), day(10)), review=(day(11), day(30)))
    application = application_submit(by=liaison, application=application)
    with pytest.raises(ValidationError, match="“初审”的办理时间为"):
        application_act(by=township_office, application=application, action="pass")
    page = client_for(township_office).post(f"/titles/applications/{application.pk}/pass/", {"reason": ""},
                                            follow=True)
    assert f"“初审”的办理时间为{when(day(11))}至{when(day(30))}" in page.content.decode()
    application.refresh_from_db()
    assert application.current_step.name == "初审"


def test_the_calling_office_reopens_a_closed_window_with_a_reason_and_the_step_goes_through(
        tree, village_level, application, liaison, county_office):
    from tests.workflow_checks import change_log_updates

    call = make_call(tree, county_office, village_level, (day(-30), day(-1)))
    window = call.windows.get()
    with pytest.raises(ValidationError, match="请填写重新开放的理由"):
        call_window_reopen(by=county_office, window=window, until=day(3), reason=" ")
    window = call_window_reopen(by=county_office, window=window, until=day(3),
                                reason="幸福村因防汛延误申报，经县创建办研究同意补报")
    assert window.last_day == day(3) and window.reopened_by == county_office
    (entry,) = change_log_updates(window)
    assert entry.after["reopen_reason"] == "幸福村因防汛延误申报，经县创建办研究同意补报"
    assert set(entry.after) >= {"reopen_reason", "reopened_until"}
    assert application_submit(by=liaison, application=application).status == S.IN_REVIEW


def test_only_the_calling_office_reopens_or_changes_a_call(tree, village_level, county_office, city_office):
    call = make_call(tree, county_office, village_level, (day(-30), day(-1)))
    window = call.windows.get()
    for user in (city_office, tree.person(Role.OFFICE, tree.t1), tree.person(Role.OFFICE, tree.neighbour),
                 tree.person(Role.UNIT, tree.v1)):
        with pytest.raises(PermissionDenied, match="只有团结县创建办"):
            call_window_reopen(by=user, window=window, until=day(3), reason="理由")
        with pytest.raises(PermissionDenied):
            call_update(by=user, call=call, name="改", windows={None: (day(-30), day(30))})
    window.refresh_from_db()
    assert window.reopened_until is None and window.closes_on == day(-1)


def test_a_call_is_issued_by_an_areas_own_office_with_valid_windows(tree, village_level, county_office,
                                                                    city_office):
    with pytest.raises(PermissionDenied):
        call_create(by=city_office, place=tree.county, title_level=village_level, year=TODAY.year, name="通知",
                    windows={None: (day(0), day(9))})
    with pytest.raises(ValidationError, match="截止日期不能早于开始日期"):
        call_create(by=county_office, place=tree.county, title_level=village_level, year=TODAY.year, name="通知",
                    windows={None: (day(9), day(0))})
    with pytest.raises(ValidationError, match="请至少为一个环节设定办理时间"):
        call_create(by=county_office, place=tree.county, title_level=village_level, year=TODAY.year, name="通知",
                    windows={None: (None, None)})
    make_call(tree, county_office, village_level, (day(0), day(9)))
    with pytest.raises(ValidationError, match="已发布"):
        make_call(tree, county_office, village_level, (day(0), day(9)))


def test_a_call_binds_only_the_subjects_below_its_office_and_its_own_level_and_year(
        tree, levels, village_level, county_office, neighbour_office):
    from tuanjie.titles.services import call_for

    call = make_call(tree, county_office, village_level, (day(-30), day(-1)))
    own = TitleApplication.objects.create(place=tree.v1, title_level=village_level, year=TODAY.year, deeds="事迹")
    other_year = TitleApplication.objects.create(place=tree.v1, title_level=village_level, year=TODAY.year + 1,
                                                 deeds="事迹")
    assert call_for(own) == call and call_for(other_year) is None
    neighbour_village = tree.b1.add_child(kind="area", name="东风村", code="910103001001",
                                          level=tree.v1.level)
    assert call_for(TitleApplication(place=neighbour_village, title_level=village_level, year=TODAY.year)) is None


def test_reminders_go_before_a_window_closes_to_who_still_has_the_step_once(
        tree, village_level, application, liaison, township_office, county_office):
    from tuanjie.titles.reminders import call_windows_closing

    call = make_call(tree, county_office, village_level, (day(-10), day(3)), review=(day(-10), day(5)))
    assert call_windows_closing(TODAY) == 1          # the liaison of the village whose draft is not declared
    assert call_windows_closing(TODAY) == 0          # rerun: nothing twice
    (note,) = Notification.objects.filter(recipient=liaison, kind="deadline")
    assert note.title == f"“申报”将于{day(3).isoformat()}截止：{call.name}"
    application_submit(by=liaison, application=application)
    assert call_windows_closing(TODAY) == 1          # now the township office, whose 初审 is waiting
    assert Notification.objects.filter(recipient=township_office, kind="deadline",
                                       title__startswith="“初审”将于").count() == 1
    assert call_windows_closing(day(6)) == 0         # closed windows remind nobody


def test_the_call_pages_show_the_windows_and_the_calling_office_reopens_there(
        tree, village_level, county_office, client_for):
    call = make_call(tree, county_office, village_level, (day(-30), day(-1)))
    client = client_for(county_office)
    assert client.get("/titles/calls/").status_code == 200
    assert client.get(f"/titles/calls/add/?title_level={village_level.pk}").status_code == 200
    page = client.get(call.get_absolute_url()).content.decode()
    assert "已截止" in page and "重新开放" in page
    window = call.windows.get()
    response = client.post(f"/titles/calls/{call.pk}/windows/{window.pk}/reopen/",
                           {"until": day(2).isoformat(), "reason": "补报"})
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.reopened_until == day(2) and window.reopen_reason == "补报"
    village = client_for(tree.person(Role.UNIT, tree.v1)).get(call.get_absolute_url())
    assert village.status_code == 200 and "重新开放至" not in village.content.decode()


def test_a_call_is_created_on_its_page_with_a_window_per_step(tree, village_level, county_office, client_for):
    from tuanjie.titles.models import TitleCall

    client = client_for(county_office)
    steps = {s.name: s.pk for s in village_level.steps.all()}
    response = client.post(f"/titles/calls/add/?title_level={village_level.pk}", {
        "place": tree.county.pk, "title_level": village_level.pk, "year": TODAY.year, "name": "申报通知",
        "document_no": "", "description": "", "w_declare_opens": day(0).isoformat(),
        "w_declare_closes": day(20).isoformat(), f"w_{steps['初审']}_opens": day(21).isoformat(),
        f"w_{steps['初审']}_closes": day(30).isoformat()})
    assert response.status_code == 302, response.content.decode()[:500]
    call = TitleCall.objects.get()
    assert [(w.label, w.opens_on, w.closes_on) for w in call.windows.all()] == [
        ("申报", day(0), day(20)), ("初审", day(21), day(30))]
    assert call.issued_by == county_office


def test_the_application_page_says_the_declaration_has_closed_and_offers_no_submit(
        tree, village_level, application, liaison, county_office, client_for):
    make_call(tree, county_office, village_level, (day(-30), day(-1)))
    page = client_for(liaison).get(application.get_absolute_url()).content.decode()
    assert f"“申报”办理时间：{when(day(-30))}至{when(day(-1))}" in page and "已截止" in page
    assert f"/titles/applications/{application.pk}/submit/" not in page
    refused = client_for(liaison).post(f"/titles/applications/{application.pk}/submit/", {"reason": ""},
                                       follow=True)
    assert "已经截止" in refused.content.decode()


def test_the_village_reads_the_countys_call_and_its_windows_through_the_api(tree, village_level, liaison,
                                                                            county_office, neighbour_office,
                                                                            client_for):
    call = make_call(tree, county_office, village_level, (day(-5), day(20)), review=(day(21), day(40)))
    listed = client_for(liaison).get("/api/title-calls/", {"year": TODAY.year})
    assert listed.status_code == 200, listed.content
    rows = listed.json()["results"] if isinstance(listed.json(), dict) else listed.json()
    assert [row["id"] for row in rows] == [call.pk]
    windows = rows[0]["windows"]
    assert [(w["label"], w["opens_on"], w["closes_on"]) for w in windows] == [
        ("申报", day(-5).isoformat(), day(20).isoformat()), ("初审", day(21).isoformat(), day(40).isoformat())]
    assert rows[0]["document_no"] == "团创发〔2026〕2号" and rows[0]["place_name"] == tree.county.name
    assert client_for(neighbour_office).get(f"/api/title-calls/{call.pk}/").status_code == 404
