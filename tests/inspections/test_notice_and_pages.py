"""The circulated notice (.docx read back), overdue reminders, the pages and the API."""

import io
from datetime import date

import docx
import pytest

from tuanjie.core.roles import Role
from tuanjie.inspections import services
from tuanjie.inspections.models import Rectification, Round
from tuanjie.inspections.reminders import remind_overdue_rectifications
from tuanjie.inspections.selectors import round_notice


@pytest.fixture
def closed_round(tree, county_office, unit_staff):
    round_ = services.round_create(
        by=county_office, place=tree.county, title="2026年第一轮专项督查", kind=Round.Kind.SPECIAL,
        start_date=date(2026, 4, 13), end_date=date(2026, 4, 17), units=[tree.u1, tree.u2],
        team=[{"name": "钱卫东", "title": "督查组组长", "is_leader": True}])
    services.finding_record(by=county_office, round_=round_, unit=tree.u2, kind="highlight",
                            text="打造民族团结进步长廊，群众参与度高")
    problem = services.finding_record(by=county_office, round_=round_, unit=tree.u1, kind="problem",
                                      text="活动台账不完整")
    services.rectification_create(by=county_office, finding=problem, requirement="补齐活动台账",
                                  deadline=date(2026, 5, 15))
    services.talk_record(by=county_office, unit=tree.u1, date=date(2026, 4, 20), interviewee_post="校长",
                         interviewer="县委统战部副部长", content="创建工作推进缓慢", round_=round_)
    return services.round_close(by=county_office, round_=round_, notice_no="团创办〔2026〕3号",
                                notice_date=date(2026, 4, 25), conclusion="总体进展顺利，个别单位滞后。")


def test_the_notice_has_highlights_problems_and_the_rectification_table(closed_round):
    notice = round_notice(closed_round)
    headings = [s.heading for s in notice.sections]
    assert headings[:5] == ["一、基本情况", "二、总体评价", "三、亮点和典型", "四、存在的问题", "五、整改要求"]
    assert "城关镇人民政府：打造民族团结进步长廊" in notice.sections[2].paragraphs[0]
    assert notice.sections[4].table[1][0][1] == "城关镇中心学校"


def test_the_notice_downloads_as_a_word_file_that_reads_back(closed_round, county_office, client_for):
    response = client_for(county_office).get(f"/inspections/{closed_round.pk}/notice.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2026年第一轮专项督查情况的通报" in text
    assert "团创办〔2026〕3号" in text
    assert "活动台账不完整" in text and "打造民族团结进步长廊" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "补齐活动台账" in cells


def test_the_neighbour_cannot_download_the_notice(closed_round, neighbour_office, client_for):
    assert client_for(neighbour_office).get(f"/inspections/{closed_round.pk}/notice.docx").status_code == 404


def test_overdue_items_are_reminded_once_a_day(closed_round, tree, unit_staff):
    from tuanjie.notifications.models import Notification

    assert remind_overdue_rectifications(date(2026, 5, 15)) == 0
    assert remind_overdue_rectifications(date(2026, 5, 16)) == 1
    assert remind_overdue_rectifications(date(2026, 5, 16)) == 0
    assert Notification.objects.filter(recipient=unit_staff, title__contains="超期").count() == 1


def test_the_unit_answers_on_the_page_and_the_office_verifies(closed_round, unit_staff, county_office, client):
    item = Rectification.objects.get()
    client.force_login(unit_staff)
    page = client.get(f"/inspections/rectifications/{item.pk}/").content.decode()
    assert "反馈整改情况" in page and "核验销号" not in page
    client.post(f"/inspections/rectifications/{item.pk}/answer/", {"answer": "已补齐"})
    item.refresh_from_db()
    assert item.state == Rectification.State.ANSWERED
    client.post(f"/inspections/rectifications/{item.pk}/verify/", {})   # refused: a unit cannot verify
    item.refresh_from_db()
    assert item.state == Rectification.State.ANSWERED
    client.force_login(county_office)
    client.post(f"/inspections/rectifications/{item.pk}/send_back/", {"comment": "缺少照片"})
    item.refresh_from_db()
    assert item.state == Rectification.State.RETURNED


def test_the_overdue_filter_lists_only_overdue_items(closed_round, county_office, client_for):
    html = client_for(county_office).get("/inspections/rectifications/?overdue=true").content.decode()
    assert "补齐活动台账" in html   # deadline 2026-05-15 is in the past


def test_an_office_creates_a_round_on_the_page(tree, county_office, client_for):
    client = client_for(county_office)
    assert client.get("/inspections/add/").status_code == 200
    response = client.post("/inspections/add/", {
        "place": tree.county.pk, "kind": "follow_up", "title": "5月跟踪督查", "start_date": "2026-05-10",
        "end_date": "2026-05-12", "units": [tree.u1.pk], "team": "钱卫东 督查组组长\n李明 成员"})
    assert response.status_code == 302
    round_ = Round.objects.get(title="5月跟踪督查")
    assert round_.team.get(is_leader=True).name == "钱卫东"
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "记录督查发现" in page


def test_the_api_lists_rounds_and_steps_rectifications(closed_round, unit_staff, county_office, client):
    item = Rectification.objects.get()
    client.force_login(county_office)
    assert client.get("/api/inspection-rounds/").json()["results"][0]["title"] == "2026年第一轮专项督查"
    assert client.post(f"/api/rectifications/{item.pk}/answer/", {"answer": "x"},
                       content_type="application/json").status_code == 403
    client.force_login(unit_staff)
    response = client.post(f"/api/rectifications/{item.pk}/answer/", {"answer": "已补齐"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "answered"
    response = client.post(f"/api/rectifications/{item.pk}/verify/", {}, content_type="application/json")
    assert response.status_code == 403


def test_the_api_creates_a_round_through_the_service(tree, county_office, client_for):
    client = client_for(county_office)
    response = client.post("/api/inspection-rounds/", {
        "place": tree.county.pk, "kind": "special", "title": "API督查", "start_date": "2026-04-01",
        "end_date": "2026-04-02", "units": [tree.u1.pk], "team": [{"name": "王", "title": "组长", "is_leader": True}]},
        content_type="application/json")
    assert response.status_code == 201, response.content
    response = client.post("/api/inspection-rounds/", {
        "place": tree.county.pk, "kind": "special", "title": "越界", "start_date": "2026-04-01",
        "end_date": "2026-04-02", "units": [tree.b1.pk], "team": []}, content_type="application/json")
    assert response.status_code == 422


def test_a_unit_sees_its_own_findings_but_not_the_round_page(closed_round, tree, client_for):
    other = tree.person(Role.UNIT, tree.u2, "u2_staff")
    client = client_for(other)
    html = client.get("/inspections/rectifications/").content.decode()
    assert "补齐活动台账" not in html   # the item belongs to U1
