"""Areas as title subjects (issue 16, 1 and 7): a county applies for 省级示范县 through its own office, a village
for 县级示范村 through its liaison; the chain is the offices above; every step and re-inspection is told to the
area; the subsidy is an allocation in the funds ledger."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.core.roles import Role
from tuanjie.notifications.models import Notification
from tuanjie.titles.models import DemonstrationTitle, TitleApplication
from tuanjie.titles.services import application_act, application_create, available_actions, quota_set, title_reinspect

S = TitleApplication.Status
NAMED_ON = date(2026, 11, 20)


@pytest.fixture
def county_level(levels):
    return levels["省级示范县"]


@pytest.fixture
def village_level(levels):
    return levels["县级示范村"]


@pytest.fixture
def county_application(tree, county_level, county_office):
    return application_create(by=county_office, subject=tree.county, title_level=county_level, year=2026,
                              deeds="全县各族群众交往交流交融，创建工作走在全省前列。")


@pytest.fixture
def county_quota(tree, county_level, province_office):
    return quota_set(by=province_office, office=tree.city, title_level=county_level, year=2026, limit=1)


def walk_county(application, county_office, city_office, province_office, steps=4, document_no="同政发〔2026〕3号"):
    application = application_act(by=county_office, application=application, action="submit")
    for office in (city_office, province_office, province_office)[:steps - 1]:
        application = application_act(by=office, application=application, action="pass", named_on=NAMED_ON,
                                       document_no=document_no)
    return application


def test_the_county_office_applies_for_its_county_and_the_offices_above_name_it(
        tree, county_application, county_quota, county_office, city_office, province_office):
    application = walk_county(county_application, county_office, city_office, province_office)
    assert application.status == S.NAMED
    title = DemonstrationTitle.objects.get(application=application)
    assert (title.place, title.title_name) == (tree.county, "民族团结进步示范县（市、区）")
    assert title.named_by == tree.province and title.valid_until == date(2031, 11, 20)
    passes = application.events.filter(action="pass").select_related("office", "step")
    assert [(e.step.name, e.office.name) for e in passes] == [
        ("审核推荐", "和睦市"), ("验收", "同心省"), ("命名授牌", "同心省")]


def test_a_village_liaison_applies_for_the_village_the_township_reviews_and_the_county_names(
        tree, village_level, county_office):
    liaison, township = tree.person(Role.UNIT, tree.v1), tree.person(Role.OFFICE, tree.t1)
    application = application_create(by=liaison, subject=tree.v1, title_level=village_level, year=2026,
                                      deeds="村规民约写入民族团结内容。")
    application = application_act(by=liaison, application=application, action="submit")
    assert application.current_step.name == "初审"
    with pytest.raises(PermissionDenied):
        application_act(by=county_office, application=application, action="pass")
    application = application_act(by=township, application=application, action="pass")
    with pytest.raises(PermissionDenied):
        application_act(by=township, application=application, action="pass")
    application = application_act(by=county_office, application=application, action="pass")
    application = application_act(by=county_office, application=application, action="pass", named_on=NAMED_ON)
    assert application.status == S.NAMED and application.title.place == tree.v1
    assert application.title.named_by == tree.county


def test_only_the_areas_own_office_applies_for_it(tree, county_level, county_office, city_office, province_office,
                                                  neighbour_office, unit_staff):
    for user in (city_office, province_office, neighbour_office, unit_staff, tree.person(Role.OFFICE, tree.t1),
                 tree.person(Role.LEADER, tree.county), tree.person(Role.INSPECTOR, tree.county)):
        with pytest.raises(PermissionDenied, match="只有团结县本级的创建办"):
            application_create(by=user, subject=tree.county, title_level=county_level, year=2026, deeds="事迹")
    assert not TitleApplication.objects.exists()


def test_an_office_does_not_apply_for_a_unit_or_an_area_below_it(tree, levels, county_office):
    with pytest.raises(PermissionDenied):
        application_create(by=county_office, subject=tree.u1, title_level=levels["省级"], year=2026, deeds="事迹")
    with pytest.raises(PermissionDenied):
        application_create(by=county_office, subject=tree.v1, title_level=levels["县级示范村"], year=2026,
                           deeds="事迹")


def test_a_title_level_is_applied_for_only_by_the_kind_of_subject_it_fits(tree, levels, county_office, unit_staff):
    with pytest.raises(ValidationError, match="“省级”由创建单位申报，团结县是行政区域"):
        application_create(by=county_office, subject=tree.county, title_level=levels["省级"], year=2026,
                           deeds="事迹")
    with pytest.raises(ValidationError, match="“省级示范县”由县级地区申报，城关镇中心学校是学校"):
        application_create(by=unit_staff, subject=tree.u1, title_level=levels["省级示范县"], year=2026, deeds="事迹")
    township = tree.person(Role.OFFICE, tree.t1)
    with pytest.raises(ValidationError, match="由县级地区申报，城关镇是乡"):
        application_create(by=township, subject=tree.t1, title_level=levels["省级示范县"], year=2026, deeds="事迹")


def test_each_review_step_of_an_area_is_refused_to_everyone_but_the_office_of_that_step(
        tree, county_application, county_quota, county_office, city_office, province_office, neighbour_office,
        unit_staff):
    application = application_act(by=county_office, application=county_application, action="submit")
    everyone = [county_office, city_office, province_office, neighbour_office, unit_staff,
                tree.person(Role.OFFICE, tree.t1), tree.person(Role.LEADER, tree.county)]
    for step, office in (("审核推荐", city_office), ("验收", province_office), ("命名授牌", province_office)):
        assert application.current_step.name == step
        for user in everyone:
            if user == office:
                continue
            for action in ("pass", "return", "reject"):
                with pytest.raises(PermissionDenied):
                    application_act(by=user, application=application, action=action, reason="理由")
            assert available_actions(application, user) == []
        assert [t.action for t in available_actions(application, office)] == ["pass", "return", "reject"]
        application = application_act(by=office, application=application, action="pass", named_on=NAMED_ON)
    assert application.status == S.NAMED


def test_a_returned_area_application_goes_back_to_the_areas_office_only(
        tree, county_application, county_quota, county_office, city_office):
    application = application_act(by=county_office, application=county_application, action="submit")
    application = application_act(by=city_office, application=application, action="return", reason="补充台账")
    for user in (city_office, tree.person(Role.OFFICE, tree.t1), tree.person(Role.OFFICE, tree.province)):
        with pytest.raises(PermissionDenied):
            application_act(by=user, application=application, action="submit")
    assert [t.action for t in available_actions(application, county_office)] == ["submit", "withdraw"]
    application = application_act(by=county_office, application=application, action="submit")
    assert application.status == S.IN_REVIEW and application.current_step.name == "审核推荐"


def test_the_area_hears_every_step_and_the_next_office_gets_its_task(
        tree, county_application, county_quota, county_office, city_office, province_office):
    walk_county(county_application, county_office, city_office, province_office)
    county_inbox = list(Notification.objects.filter(recipient=county_office).order_by("id")
                        .values_list("title", flat=True))
    assert county_inbox == [    # the county declared it itself: no message for that
        "申报已通过审核推荐：团结县申报2026年省级示范县民族团结进步示范县（市、区）",
        "申报已通过验收：团结县申报2026年省级示范县民族团结进步示范县（市、区）",
        "已命名：团结县申报2026年省级示范县民族团结进步示范县（市、区）",
    ]
    named = Notification.objects.filter(recipient=county_office).order_by("id").last()
    assert "同心省于2026年11月20日命名（同政发〔2026〕3号），有效期至2031年11月20日" in named.body
    assert Notification.objects.filter(recipient=city_office, kind="task", title__startswith="示范称号申报待审核推荐")
    assert Notification.objects.filter(recipient=province_office, kind="task", title__startswith="示范称号申报待验收")


def test_a_returned_step_reaches_the_area_with_the_reason(tree, county_application, county_office, city_office,
                                                         county_quota):
    application = application_act(by=county_office, application=county_application, action="submit")
    application_act(by=city_office, application=application, action="return", reason="请补充2026年活动台账")
    note = Notification.objects.filter(recipient=county_office, kind="returned").get()
    assert note.title.startswith("申报被退回修改") and note.body == "请补充2026年活动台账"


def test_the_titles_subsidy_becomes_an_allocation_in_the_funds_ledger(
        tree, county_application, county_quota, county_office, city_office, province_office):
    from tuanjie.funds.models import Allocation

    title = walk_county(county_application, county_office, city_office, province_office).title
    allocation = Allocation.objects.get()
    assert title.allocation == allocation
    assert (allocation.place, allocation.year, allocation.amount) == (tree.county, 2026, Decimal("500000.00"))
    assert (allocation.source, allocation.for_site, allocation.allocated_on) == ("provincial", True, NAMED_ON)
    assert allocation.document_no == "同政发〔2026〕3号" and "省级示范县" in allocation.purpose


def test_a_title_without_a_subsidy_writes_nothing_to_the_ledger(tree, levels, county_office):
    from tuanjie.funds.models import Allocation

    agency_level = levels["县级"]
    from tuanjie.places.models import Place
    from tuanjie.places.services import place_create

    agency = place_create(parent=tree.county, kind=Place.Kind.UNIT, name="团结县档案馆", code="U8")
    staff = tree.person(Role.UNIT, agency)
    application = application_create(by=staff, subject=agency, title_level=agency_level, year=2026, deeds="事迹")
    application = application_act(by=staff, application=application, action="submit")
    application = application_act(by=county_office, application=application, action="pass")
    application = application_act(by=county_office, application=application, action="pass", subsidy=Decimal("0"))
    assert application.title.allocation is None and not Allocation.objects.exists()


@pytest.fixture
def county_title(county_application, county_quota, county_office, city_office, province_office):
    return walk_county(county_application, county_office, city_office, province_office).title


def test_a_failed_reinspection_reaches_the_countys_inbox_with_its_deadline(tree, county_title, county_office,
                                                                           province_office):
    title_reinspect(by=province_office, title=county_title, passed=False, inspected_on=date(2029, 11, 2),
                    findings="创建台账不完整", rectification_deadline=date(2030, 5, 2))
    note = Notification.objects.filter(recipient=county_office, kind="returned").get()
    assert note.title == "复检不合格，限期整改至2030年5月2日：团结县（省级示范县民族团结进步示范县（市、区））"
    assert "请于2030年5月2日前完成整改" in note.body and "创建台账不完整" in note.body
    assert note.url == county_title.get_absolute_url()


def test_a_revocation_reaches_the_county_with_its_date(tree, county_title, county_office, province_office):
    title_reinspect(by=province_office, title=county_title, passed=False, inspected_on=date(2029, 11, 2),
                    findings="台账不完整")
    title_reinspect(by=province_office, title=county_title, passed=False, inspected_on=date(2030, 5, 10),
                    findings="整改未落实")
    note = Notification.objects.filter(recipient=county_office, title__startswith="称号已撤销").get()
    assert note.title.startswith("称号已撤销（2030年5月10日）") and "整改未落实" in note.body


def test_a_passed_reinspection_tells_the_county_its_next_date(tree, county_title, county_office, province_office):
    title_reinspect(by=province_office, title=county_title, passed=True, inspected_on=date(2029, 11, 2))
    note = Notification.objects.filter(recipient=county_office, title__startswith="复检合格").get()
    assert "下次复检日期2032年11月2日" in note.body


def test_the_title_page_shows_who_did_each_reinspection(tree, county_title, province_office, client_for):
    title_reinspect(by=province_office, title=county_title, passed=False, inspected_on=date(2029, 11, 2),
                    findings="台账不完整")
    page = client_for(tree.person(Role.OFFICE, tree.county)).get(county_title.get_absolute_url()).content.decode()
    assert "复检单位" in page and "同心省" in page and province_office.full_name in page


def test_a_national_titles_reinspection_is_the_national_bodys_entered_by_the_province(
        tree, levels, county_office, city_office, province_office):
    level = levels["全国示范县"]
    quota_set(by=province_office, office=tree.city, title_level=level, year=2026, limit=1)
    application = application_create(by=county_office, subject=tree.county, title_level=level, year=2026,
                                      deeds="事迹")
    application = application_act(by=county_office, application=application, action="submit")
    for office in (city_office, province_office, province_office):
        application = application_act(by=office, application=application, action="pass", named_on=NAMED_ON,
                                      document_no="民委发〔2026〕20号")
    assert [e.step.name for e in application.events.filter(action="pass")] == ["审核推荐", "推荐报送", "国家民委命名"]
    entry = title_reinspect(by=province_office, title=application.title, passed=True, inspected_on=date(2029, 6, 1))
    assert entry.conducted_by == "国家民委复核验收" and entry.office == tree.province


def test_the_public_honours_page_lists_titles_held_and_a_revoked_one_leaves_with_its_date(
        tree, county_title, province_office, client):
    page = client.get("/public/titles/")
    assert page.status_code == 200
    held = [(t.place.name, t.title_level.name, t.named_on.year, t.document_no) for t in page.context["held"]]
    assert held == [("团结县", "省级示范县", 2026, "同政发〔2026〕3号")]
    text = page.content.decode()
    assert "民族团结进步示范县（市、区）" in text and "同政发〔2026〕3号" in text
    today = date.today()
    title_reinspect(by=province_office, title=county_title, passed=False, inspected_on=today - timedelta(days=30),
                    findings="台账不完整", rectification_deadline=today - timedelta(days=10))
    assert [t.pk for t in client.get("/public/titles/").context["held"]] == [county_title.pk]   # still held
    title_reinspect(by=province_office, title=county_title, passed=False, inspected_on=today - timedelta(days=5),
                    findings="整改未落实")
    page = client.get("/public/titles/")
    assert list(page.context["held"]) == []
    assert [(t.place.name, t.revoked_on) for t in page.context["revoked"]] == [("团结县", today - timedelta(days=5))]


def test_a_units_failed_reinspection_reaches_its_staff_and_the_office_above_it(
        tree, levels, unit_staff, province_office, county_office):
    from tuanjie.titles.models import DemonstrationTitle

    tree.person(Role.OFFICE, tree.t1, "township_office")
    title = DemonstrationTitle.objects.create(
        place=tree.u1, title_level=levels["省级"], title_name="民族团结进步创建示范单位", named_by=tree.province,
        named_on=date(2025, 12, 1), valid_until=date(2030, 12, 1), next_inspection_due=date(2028, 12, 1))
    title_reinspect(by=province_office, title=title, passed=False, inspected_on=date(2028, 12, 1),
                    findings="台账不全", rectification_deadline=date(2029, 6, 1))
    told = set(Notification.objects.filter(title__startswith="复检不合格，限期整改至2029年6月1日")
               .values_list("recipient__username", flat=True))
    assert told == {"unit_staff", "township_office"}
    assert not Notification.objects.filter(recipient=county_office).exists()


def test_an_areas_failed_reinspection_also_reaches_the_office_above_it(tree, county_title, county_office,
                                                                       city_office, province_office):
    title_reinspect(by=province_office, title=county_title, passed=False, inspected_on=date(2029, 11, 2),
                    findings="台账不全")
    told = set(Notification.objects.filter(title__startswith="复检不合格").values_list("recipient__username",
                                                                                     flat=True))
    assert told == {"county_office", "city_office"}
