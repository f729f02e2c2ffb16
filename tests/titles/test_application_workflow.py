from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.core.roles import Role
from tuanjie.titles.models import DemonstrationTitle, TitleApplication
from tuanjie.titles.services import application_act, application_update, available_actions, quota_set

S = TitleApplication.Status


def test_an_application_walks_from_unit_to_province_and_is_named(new_application, walk, city_quota):
    application = walk(new_application(), 4)
    assert application.status == S.NAMED and application.current_step is None
    title = DemonstrationTitle.objects.get(application=application)
    assert title.place == application.place and title.title_level.name == "省级"
    assert title.named_on == date(2026, 11, 20) and title.valid_until == date(2031, 11, 20)
    assert title.next_inspection_due == date(2029, 11, 20)
    assert title.subsidy == Decimal("10.00") and title.document_no == "同创发〔2026〕8号"
    assert title.named_by.name == "同心省"
    labels = list(application.events.values_list("action_label", flat=True))
    assert labels == ["创建申报", "提交申报", "初审：通过", "审核推荐：通过", "验收：通过", "命名授牌：通过"]


def test_each_step_is_recorded_with_the_office_at_its_level(tree, new_application, walk, city_quota):
    application = walk(new_application(), 4)
    passes = application.events.filter(action="pass").select_related("office", "by")
    assert [(e.step.name, e.office.name) for e in passes] == [
        ("初审", "团结县"), ("审核推荐", "和睦市"), ("验收", "同心省"), ("命名授牌", "同心省")]
    assert [e.by.username for e in passes] == ["county_office", "city_office", "province_office", "province_office"]


def test_the_initial_review_is_refused_to_anyone_but_the_county_office(tree, new_application, walk):
    application = walk(new_application(), 0)
    outsiders = [tree.person(Role.OFFICE, tree.city), tree.person(Role.OFFICE, tree.province),
                 tree.person(Role.OFFICE, tree.t1), tree.person(Role.OFFICE, tree.neighbour),
                 tree.person(Role.INSPECTOR, tree.county), tree.person(Role.LEADER, tree.county),
                 tree.person(Role.UNIT, tree.u1)]
    for user in outsiders:
        for action in ("pass", "return", "reject"):
            with pytest.raises(PermissionDenied):
                application_act(by=user, application=application, action=action, reason="理由")
        assert available_actions(application, user) == []
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW and application.current_step.name == "初审"


def test_the_recommendation_is_refused_to_the_county_and_the_province(tree, new_application, walk, city_quota,
                                                                     county_office, province_office):
    application = walk(new_application(), 1)
    assert application.current_step.name == "审核推荐"
    for user in (county_office, province_office):
        with pytest.raises(PermissionDenied):
            application_act(by=user, application=application, action="pass")


def test_the_inspection_and_naming_are_refused_to_the_city(tree, new_application, walk, city_quota, city_office):
    application = walk(new_application(), 2)
    assert application.current_step.name == "验收"
    with pytest.raises(PermissionDenied):
        application_act(by=city_office, application=application, action="pass")


def test_only_the_units_own_staff_submit_and_withdraw(tree, new_application, county_office):
    application = new_application()
    other_unit = tree.person(Role.UNIT, tree.u2)
    for user in (other_unit, county_office, tree.person(Role.CADRE, tree.u1)):
        for action in ("submit", "withdraw"):
            with pytest.raises(PermissionDenied):
                application_act(by=user, application=application, action=action)


def test_a_unit_above_may_submit_for_its_sub_unit(tree, provincial):
    from tuanjie.titles.services import application_create

    staff = tree.person(Role.UNIT, tree.u1)
    application = application_create(by=staff, subject=tree.u1a, title_level=provincial, year=2026, deeds="事迹")
    assert application_act(by=staff, application=application, action="submit").status == S.IN_REVIEW


def test_wrong_state_is_refused(new_application, walk, unit_staff, county_office, city_quota):
    application = new_application()
    for action in ("pass", "return", "reject"):
        with pytest.raises(ValidationError):
            application_act(by=county_office, application=application, action=action, reason="理由")
    application = walk(application, 0)
    for action in ("submit", "withdraw"):
        with pytest.raises(ValidationError):
            application_act(by=unit_staff, application=application, action=action)
    with pytest.raises(ValidationError):
        application_update(by=unit_staff, application=application, deeds="改")
    with pytest.raises(ValidationError):
        application_act(by=unit_staff, application=application, action="fly")


def test_returning_needs_a_reason_and_the_unit_resubmits_from_the_first_step(
        new_application, walk, unit_staff, county_office, city_office, city_quota):
    application = walk(new_application(), 1)
    with pytest.raises(ValidationError):
        application_act(by=city_office, application=application, action="return", reason=" ")
    application = application_act(by=city_office, application=application, action="return",
                                  reason="事迹材料不够具体，请补充活动照片")
    assert application.status == S.RETURNED and application.current_step is None
    assert application.events.last().comment == "事迹材料不够具体，请补充活动照片"
    application = application_update(by=unit_staff, application=application, deeds="补充后的事迹")
    application = application_act(by=unit_staff, application=application, action="submit")
    assert application.current_step.name == "初审"
    application = application_act(by=county_office, application=application, action="pass")
    assert application.current_step.name == "审核推荐"


def test_a_rejected_application_is_closed(new_application, walk, unit_staff, county_office):
    application = walk(new_application(), 0)
    application = application_act(by=county_office, application=application, action="reject", reason="不符合条件")
    assert application.status == S.REJECTED
    with pytest.raises(ValidationError):
        application_act(by=unit_staff, application=application, action="submit")
    # the unit may start a new application afterwards
    assert new_application().status == S.DRAFT


def test_a_draft_can_be_withdrawn(new_application, unit_staff):
    application = application_act(by=unit_staff, application=new_application(), action="withdraw")
    assert application.status == S.WITHDRAWN


def test_the_city_recommends_no_more_than_its_quota(tree, new_application, walk, city_office, city_quota):
    first = walk(new_application(), 2)
    assert first.current_step.name == "验收"
    staff2 = tree.person(Role.UNIT, tree.u2)
    second = new_application(unit=tree.u2, user=staff2)
    second = application_act(by=staff2, application=second, action="submit")
    second = application_act(by=tree.users["county_office"], application=second, action="pass")
    with pytest.raises(ValidationError, match="名额"):
        application_act(by=city_office, application=second, action="pass")
    second.refresh_from_db()
    assert second.current_step.name == "审核推荐"


def test_a_recommendation_without_an_allocated_quota_is_refused(new_application, walk, city_office):
    application = walk(new_application(), 1)
    with pytest.raises(ValidationError, match="尚未获分配"):
        application_act(by=city_office, application=application, action="pass")


def test_a_returned_and_re_recommended_application_uses_its_quota_once(
        new_application, walk, unit_staff, county_office, city_office, province_office, city_quota):
    application = walk(new_application(), 2)
    application = application_act(by=province_office, application=application, action="return", reason="补材料")
    application = application_act(by=unit_staff, application=application, action="submit")
    application = application_act(by=county_office, application=application, action="pass")
    application = application_act(by=city_office, application=application, action="pass")
    assert application.current_step.name == "验收"


def test_quotas_are_allocated_by_the_level_above(tree, provincial, city_office, province_office):
    with pytest.raises(PermissionDenied):
        quota_set(by=city_office, office=tree.city, title_level=provincial, year=2026, limit=9)
    quota = quota_set(by=province_office, office=tree.city, title_level=provincial, year=2026, limit=5)
    assert quota.limit == 5
    with pytest.raises(ValidationError):
        quota_set(by=province_office, office=tree.u1, title_level=provincial, year=2026, limit=5)


def test_no_second_application_while_one_is_in_progress(new_application, walk):
    walk(new_application(), 0)
    with pytest.raises(ValidationError, match="正在办理"):
        new_application()


def test_a_unit_cannot_apply_again_for_a_title_it_holds(new_application, walk, city_quota, levels):
    walk(new_application(), 4)
    with pytest.raises(ValidationError, match="不能重复申报"):
        new_application()
    assert new_application(level=levels["县级"]).status == S.DRAFT


def test_steps_at_levels_the_unit_lacks_are_skipped(tree, levels, county_office):
    """A county agency hangs directly under the county: the township's 初审 of a 县级 title is skipped."""
    from tuanjie.places.models import Place
    from tuanjie.places.services import place_create
    from tuanjie.titles.services import application_create

    agency = place_create(parent=tree.county, kind=Place.Kind.UNIT, name="团结县教育局", code="U9")
    staff = tree.person(Role.UNIT, agency)
    application = application_create(by=staff, subject=agency, title_level=levels["县级"], year=2026, deeds="事迹")
    application = application_act(by=staff, application=application, action="submit")
    assert application.current_step.name == "验收"
    application = application_act(by=county_office, application=application, action="pass")
    application = application_act(by=county_office, application=application, action="pass", subsidy=Decimal("2"))
    assert application.status == S.NAMED
    assert application.title.subsidy == Decimal("2") and application.title.named_by == tree.county


def test_only_units_apply(tree, provincial, county_office):
    from tuanjie.titles.services import application_create

    with pytest.raises(ValidationError):
        application_create(by=county_office, subject=tree.t1, title_level=provincial, year=2026, deeds="事迹")
    with pytest.raises(PermissionDenied):
        application_create(by=county_office, subject=tree.u1, title_level=provincial, year=2026, deeds="事迹")


def test_application_steps_are_offered_and_taken_through_the_workflow_engine(new_application, unit_staff,
                                                                               county_office, neighbour_office):
    from tests.workflow_checks import change_log_updates
    from tuanjie.core.workflow import Workflow
    from tuanjie.titles import services

    application = new_application()
    assert isinstance(services.APPLICATIONS, Workflow)
    assert [t.action for t in available_actions(application, unit_staff)] == ["submit", "withdraw"]
    assert available_actions(application, county_office) == []
    assert available_actions(application, neighbour_office) == []
    application_act(by=unit_staff, application=application, action="submit")
    assert application.events.count() == 2 and len(change_log_updates(application)) == 1


def test_the_quota_list_and_api_count_one_recommendation_used_after_the_city_passes(
        new_application, walk, city_quota, province_office, client_for):
    walk(new_application(), 2)   # submit, county review, city recommends (takes one of the city's quota)
    client = client_for(province_office)
    page = client.get("/titles/quotas/")
    (quota,) = page.context["object_list"]
    assert quota.used_count == 1
    (row,) = client.get("/api/title-quotas/").json()["results"]
    assert (row["limit"], row["used"]) == (1, 1)
