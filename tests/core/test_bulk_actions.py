"""Bulk actions on list pages: each selected row taken through its own rule, the refused ones named with why."""

import io
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from tuanjie.core.roles import Role
from tuanjie.information import services as information
from tuanjie.information.models import InformationItem
from tuanjie.inspections import services as inspections
from tuanjie.inspections.models import Finding, Rectification, Round
from tuanjie.people.models import RoleAssignment


def submitted_items(tree, unit_staff, titles):
    items = []
    for title in titles:
        item = information.item_create(by=unit_staff, place=tree.u1, title=title, body="全校师生参加。")
        items.append(information.item_submit(item=item, by=unit_staff))
    return items


def test_an_office_accepts_several_items_and_is_told_which_were_refused_and_why(tree, unit_staff, township_office, client):
    items = submitted_items(tree, unit_staff, ["第一条信息", "第二条信息", "第三条信息"])
    office = township_office   # the office above the unit, who reviews its items
    assert items[0].reviewer_place == tree.t1
    information.item_accept(item=items[2], by=office)    # a colleague already took this one
    client.force_login(office)
    response = client.post(reverse("information:item_list"),
                           {"action": "accept", "selected": [i.pk for i in items]}, follow=True)
    page = response.content.decode()
    assert "采用：已完成2条" in page
    assert "未能采用“第三条信息”" in page
    assert set(InformationItem.objects.values_list("status", flat=True)) == {InformationItem.Status.ACCEPTED}


def test_returning_several_items_needs_one_note_and_writes_it_on_each(tree, unit_staff, township_office, client):
    items = submitted_items(tree, unit_staff, ["甲信息", "乙信息"])
    office = township_office   # the office above the unit, who reviews its items
    assert items[0].reviewer_place == tree.t1
    client.force_login(office)
    url = reverse("information:item_list")
    response = client.post(url, {"action": "return", "selected": [i.pk for i in items]}, follow=True)
    assert "请填写退回意见" in response.content.decode()
    assert not InformationItem.objects.filter(status=InformationItem.Status.RETURNED).exists()
    client.post(url, {"action": "return", "selected": [i.pk for i in items], "note": "请补充活动照片"})
    assert InformationItem.objects.filter(status=InformationItem.Status.RETURNED).count() == 2


def test_a_unit_cannot_accept_its_own_items_in_bulk(tree, unit_staff, township_office, client):
    items = submitted_items(tree, unit_staff, ["自己的信息"])
    client.force_login(unit_staff)
    response = client.post(reverse("information:item_list"), {"action": "accept", "selected": [items[0].pk]},
                           follow=True)
    assert "未能采用" in response.content.decode()
    assert InformationItem.objects.get().status == InformationItem.Status.SUBMITTED


def test_an_office_cannot_reach_another_countys_items_by_their_ids(tree, unit_staff, township_office, neighbour_office, client):
    items = submitted_items(tree, unit_staff, ["团结县的信息"])
    client.force_login(neighbour_office)
    response = client.post(reverse("information:item_list"), {"action": "accept", "selected": [items[0].pk]},
                           follow=True)
    page = response.content.decode()
    assert "1条记录不存在或不在您的查看范围内" in page and "团结县的信息" not in page
    assert InformationItem.objects.get().status == InformationItem.Status.SUBMITTED


def test_the_round_office_verifies_several_answered_rectifications(tree, county_office, unit_staff, client):
    round_ = inspections.round_create(
        by=county_office, place=tree.county, title="4月专项督查", kind=Round.Kind.SPECIAL,
        start_date=date(2026, 4, 10), end_date=date(2026, 4, 20), units=[tree.u1],
        team=[{"name": "钱卫东", "title": "督查组组长", "is_leader": True}])
    inspector = tree.person(Role.INSPECTOR, tree.county, "county_inspector")
    items = []
    for i in range(3):
        finding = inspections.finding_record(by=inspector, round_=round_, unit=tree.u1, kind=Finding.Kind.PROBLEM,
                                             text=f"问题{i}")
        items.append(inspections.rectification_create(by=county_office, finding=finding, requirement=f"整改{i}",
                                                      deadline=date(2026, 5, 31)))
    for item in items[:2]:
        inspections.rectification_answer(by=unit_staff, item=item, answer="已补齐")
    client.force_login(county_office)
    response = client.post(reverse("inspections:rectification_list"),
                           {"action": "verify", "selected": [i.pk for i in items]}, follow=True)
    page = response.content.decode()
    assert "核验销号：已完成2条" in page and "未能核验销号“" in page
    assert sorted(Rectification.objects.values_list("state", flat=True)) == sorted(
        [Rectification.State.VERIFIED] * 2 + [Rectification.State.OPEN])


def test_an_office_grants_a_role_to_several_people_at_their_own_places(tree, county_office, cadre, client):
    teacher = tree.person(Role.UNIT, tree.u2, "teacher")
    client.force_login(county_office)
    client.post(reverse("people:user_list"), {"action": "grant", "choice": Role.GROUP_LEADER,
                                               "selected": [cadre.pk, teacher.pk]})
    granted = set(RoleAssignment.objects.filter(role=Role.GROUP_LEADER).values_list("user__username", "place__name"))
    assert granted == {("cadre", "城关镇中心学校"), ("teacher", "城关镇人民政府")}
    again = client.post(reverse("people:user_list"), {"action": "grant", "choice": Role.GROUP_LEADER,
                                                       "selected": [cadre.pk]}, follow=True)
    assert "已有该角色" in again.content.decode()


def test_the_selected_rows_are_exported_and_nothing_else(tree, unit_staff, township_office, client):
    items = submitted_items(tree, unit_staff, ["导出这条", "不导出这条", "也导出这条"])
    office = township_office   # the office above the unit, who reviews its items
    assert items[0].reviewer_place == tree.t1
    client.force_login(office)
    response = client.post(reverse("information:item_list"), {"action": "export",
                                                               "selected": [items[0].pk, items[2].pk]})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    titles = {row[0].value for row in book.active.iter_rows(min_row=2)}
    assert titles == {"导出这条", "也导出这条"}


def test_a_list_without_bulk_actions_refuses_a_post(tree, county_office, client):
    client.force_login(county_office)
    assert client.post(reverse("places:place_list"), {"action": "export", "selected": [tree.t1.pk]}).status_code == 405
