"""Each role's home: its main actions one tap away and the figures of its day, as the fixtures make them."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories_pairing import setup_programme
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _lecture(place, day, title="宣讲"):
    from tuanjie.activities.services import activity_create

    with acting_as(None, source="test"):
        return activity_create(by=None, place=place, start_date=day, title=title, kind="lecture")


def _rule(tree, office, minimum=3):
    from tuanjie.quotas.services import quota_rule_create

    with acting_as(office, source="test"):
        return quota_rule_create(by=office, place=tree.county, name="每月开展宣讲不少于3次",
                                 year=timezone.localdate().year, countable="activity.lecture", minimum=minimum,
                                 period="month")


def test_a_unit_liaison_logs_an_activity_in_one_tap_and_sees_how_many_a_rule_still_needs(
        tree, county_office, unit_staff, client_for):
    _rule(tree, county_office)
    _lecture(tree.u1, timezone.localdate())
    client = client_for(unit_staff)
    html = _home(client)
    actions = re.search(r'data-testid="main-actions">(.*?)</div>', html, re.S).group(1)
    assert 'href="/activities/add/"' in actions and 'href="/information/add/"' in actions
    short = re.search(r'data-testid="quota-short">.*?</div>', html, re.S).group(0)
    assert "每月开展宣讲不少于3次" in short and "还差 2 次" in short   # 3 required, 1 logged
    url = re.search(r'href="([^"]+)">还差', short).group(1).replace("&amp;", "&")
    assert url == f"/activities/add/?place={tree.u1.pk}&kind=lecture"
    form = client.get(url).content.decode()
    assert re.search(r'<option value="lecture" selected>', form)


def test_a_unit_liaison_sees_an_item_returned_for_rework_on_home(tree, township_office, unit_staff, client_for):
    from tuanjie.information.services import item_create, item_return, item_submit

    item = item_create(by=unit_staff, place=tree.u1, title="石榴花开宣讲", body="<p>正文</p>")
    item_submit(by=unit_staff, item=item)
    item_return(by=township_office, item=item, comment="请补充照片")
    todo = re.search(r'data-testid="home-todo">(.*?)</section>', _home(client_for(unit_staff)), re.S).group(1)
    assert "退回修改的信息" in todo and item.get_absolute_url() in todo


def test_a_cadre_sees_each_household_with_its_last_contact_and_who_is_not_contacted_this_month(tree, client_for):
    from tuanjie.pairing import services

    pair = setup_programme(tree.u1, tree)
    cadre, group = pair.cadre, pair.group
    second = services.household_create(by=None, programme=group.programme, name="马金花", address="幸福村5组",
                                       consent_on=timezone.localdate(), consent_method="written", size=3)
    other = services.pair_create(by=None, group=group, cadre=cadre, household=second,
                                 paired_on=timezone.localdate() - timedelta(days=40))
    today = timezone.localdate()
    services.contact_record(by=cadre, pair=pair, date=today, form="visit", topic="拉家常")
    services.contact_record(by=cadre, pair=other, date=today - timedelta(days=35), form="phone", topic="问候")
    html = _home(client_for(cadre))
    assert 'href="/pairing/contacts/add/"' in re.search(r'data-testid="main-actions">(.*?)</div>', html, re.S)[1]
    assert "本月未联系 1 户" in html
    rows = re.findall(r'data-testid="home-pair">(.*?)</a>\s*</div>', html, re.S)
    assert len(rows) == 2
    contacted, missed = (next(r for r in rows if name in r) for name in ("王秀英", "马金花"))
    assert "本月未联系" not in contacted and f"?pair={pair.pk}" in contacted
    assert "本月未联系" in missed and f"?pair={other.pk}" in missed


def test_a_cadre_is_told_of_a_festival_whose_visits_are_due(tree, client_for):
    from tuanjie.pairing.models import Festival

    cadre = setup_programme(tree.u1, tree).cadre
    today = timezone.localdate()
    Festival.objects.create(place=tree.u1, name="古尔邦节", date=today + timedelta(days=5), remind_days_before=7)
    Festival.objects.create(place=tree.u1, name="春节", date=today + timedelta(days=30), remind_days_before=7)
    festivals = re.findall(r'data-testid="festival-due">(.*?)</li>', _home(client_for(cadre)))
    assert len(festivals) == 1 and "古尔邦节" in festivals[0]


def test_a_group_leader_sees_this_months_ledger_of_the_group(tree, client_for):
    from tuanjie.pairing import services

    pair = setup_programme(tree.u1, tree)
    services.contact_record(by=pair.cadre, pair=pair, date=timezone.localdate(), form="visit", topic="拉家常")
    need = services.need_raise(by=pair.cadre, pair=pair, category="employment", description="想找工作")
    services.need_transition(by=pair.cadre, need=need, action="escalate_to_group")
    html = _home(client_for(pair.group.leader))
    row = re.search(r'data-testid="home-ledger-row">(.*?)</div>\s*</div>', html, re.S).group(1)
    assert "第一分组" in row and "结对户 1" in row and "未办结诉求 1" in row and "本月提交上级 1" in row
    assert "提交分组的群众诉求" in re.search(r'data-testid="home-todo">(.*?)</section>', html, re.S).group(1)


def test_a_leader_sees_the_years_figures_the_least_covered_place_and_the_reports(tree, client_for):
    leader = tree.person(Role.LEADER, tree.county, "county_leader")
    today = timezone.localdate()
    _lecture(tree.u1, today, "宣讲一")
    _lecture(tree.u1, today, "宣讲二")
    html = _home(client_for(leader))
    section = re.search(r'data-testid="home-leader">(.*?)</section>', html, re.S).group(1)
    assert re.search(r'活动（全部类型）</div><div class="tj-stat" data-testid="headline-1">2<', section)
    assert "开展活动的创建单位 1 / 3" in section            # U1 of U1, U1A and U2
    assert re.findall(r'data-testid="lagging"><a [^>]*>([^<]+)</a>', section) == ["城关镇"]
    assert "还没有生成文稿" in section and 'href="/documents/"' in html


def test_an_inspector_sees_the_open_round_with_its_rectifications_to_verify(tree, county_office, unit_staff,
                                                                           client_for):
    from tests.core.test_todo import _answer, _answered_rectification

    inspector = tree.person(Role.INSPECTOR, tree.county, "county_inspector")
    _answer(unit_staff, _answered_rectification(tree, county_office))
    html = _home(client_for(inspector))
    section = re.search(r'data-testid="home-inspector">(.*?)</section>', html, re.S).group(1)
    assert "专项督查" in section and "待核验 1" in section
    assert "整改待核验销号" in re.search(r'data-testid="home-todo">(.*?)</section>', html, re.S).group(1)


def test_a_person_with_several_roles_sees_the_units_section_before_the_offices(tree, client_for):
    from tuanjie.people.services import role_grant

    person = tree.person(Role.UNIT, tree.u1, "both")
    role_grant(by=None, user=person, role=Role.OFFICE, place=tree.t1)
    html = _home(client_for(person))
    assert 0 < html.index('data-testid="home-unit"') < html.index('data-testid="home-office"')


@pytest.mark.parametrize("who", ["unit_staff", "county_office", "leader", "cadre"])
def test_home_runs_as_many_queries_for_many_records_as_for_few(who, tree, county_office, unit_staff, client_for):
    from tuanjie.information.services import item_create, item_submit

    people = {"unit_staff": unit_staff, "county_office": county_office,
              "leader": tree.person(Role.LEADER, tree.county, "county_leader"),
              "cadre": setup_programme(tree.u1, tree).cadre}
    _rule(tree, county_office)
    client = client_for(people[who])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _home(client)
        return len(ctx.captured_queries)

    def more(n):
        for i in range(n):
            _lecture(tree.u1, timezone.localdate(), f"宣讲{i}")
            item_submit(by=unit_staff, item=item_create(by=unit_staff, place=tree.u1, title=f"信息{i}", body="<p>正文</p>"))

    more(6)   # the office's feed of recent changes (six) holds only these kinds of record from now on
    few = queries()
    more(12)
    assert queries() == few
