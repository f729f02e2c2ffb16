from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.commendations.models import Campaign, Nomination
from tuanjie.commendations.services import (
    campaign_act,
    campaign_available_actions,
    campaign_create,
    nomination_act,
    nomination_available_actions,
)
from tuanjie.core.roles import Role

N = Nomination.Status


def _notice(campaign, user, start=date(2026, 11, 20), end=date(2026, 11, 26)):
    return campaign_act(by=user, campaign=campaign, action="start_notice", notice_start=start, notice_end=end,
                        notice_text="如有异议请联系县创建办")


def test_a_campaign_goes_from_nominations_through_notice_to_decision(campaign, nominate, county_office):
    wang, li = nominate("王芳"), nominate("李强")
    nomination_act(by=county_office, nomination=wang, action="accept")
    nomination_act(by=county_office, nomination=li, action="reject", reason="事迹不够突出")
    campaign = _notice(campaign, county_office)
    assert campaign.status == Campaign.Status.NOTICE
    campaign = campaign_act(by=county_office, campaign=campaign, action="decide", decision_no="团发〔2026〕30号",
                            decided_on=date(2026, 11, 30), today=date(2026, 11, 30))
    assert campaign.status == Campaign.Status.DECIDED and campaign.decision_no == "团发〔2026〕30号"
    wang.refresh_from_db()
    li.refresh_from_db()
    assert wang.status == N.HONOURED and wang.honoured_on == date(2026, 11, 30)
    assert li.status == N.REJECTED and li.review_reason == "事迹不够突出"


def test_deeds_are_sanitised(nominate):
    nomination = nominate(deeds='<p onclick="x()">好人<script>alert(1)</script><a href="javascript:1">链接</a></p>')
    assert nomination.deeds == "<p>好人链接</p>"


def test_a_nomination_needs_a_name_summary_and_deeds(nominate):
    with pytest.raises(ValidationError):
        nominate(name=" ")
    with pytest.raises(ValidationError):
        nominate(deeds="<script>x</script>")


def test_only_units_in_the_campaigns_area_nominate(tree, campaign, nominate, county_office):
    with pytest.raises(ValidationError):
        nominate(unit=tree.t1, user=county_office)
    outside = tree.person(Role.UNIT, tree.b1)
    from tuanjie.places.models import Place
    from tuanjie.places.services import place_create

    far_unit = place_create(parent=tree.b1, kind=Place.Kind.UNIT, name="友谊镇中学", code="B1U")
    with pytest.raises(ValidationError):
        nominate(unit=far_unit, user=outside)
    with pytest.raises(PermissionDenied):
        nominate(unit=tree.u2)  # unit_staff of U1 may not nominate for U2
    with pytest.raises(PermissionDenied):
        nominate(user=county_office)  # offices review, units nominate


def test_no_nominations_after_the_deadline_or_for_a_category_without_quota(tree, county_office, unit_staff):
    from tuanjie.commendations.services import nomination_create

    campaign = campaign_create(by=county_office, place=tree.county, name="评选", year=2026,
                               nomination_deadline=date(2026, 10, 31), quota_individual=1)
    args = dict(by=unit_staff, campaign=campaign, unit=tree.u1, nominee_name="赵敏", summary="摘要", deeds="事迹")
    with pytest.raises(ValidationError, match="截止"):
        nomination_create(category="individual", today=date(2026, 11, 1), **args)
    with pytest.raises(ValidationError, match="不设"):
        nomination_create(category="family", today=date(2026, 10, 1), **args)


def test_accepting_stays_within_the_category_quota(campaign, nominate, county_office):
    first, second = nominate("张家", category="family"), nominate("李家", category="family")
    nomination_act(by=county_office, nomination=first, action="accept")
    with pytest.raises(ValidationError, match="名额"):
        nomination_act(by=county_office, nomination=second, action="accept")
    second.refresh_from_db()
    assert second.status == N.SUBMITTED


def test_only_the_campaigns_own_office_reviews(tree, campaign, nominate):
    nomination = nominate()
    outsiders = [tree.person(Role.OFFICE, tree.t1), tree.person(Role.OFFICE, tree.city),
                 tree.person(Role.OFFICE, tree.neighbour), tree.person(Role.INSPECTOR, tree.county),
                 tree.person(Role.UNIT, tree.u1)]
    for user in outsiders:
        for action in ("accept", "reject"):
            with pytest.raises(PermissionDenied):
                nomination_act(by=user, nomination=nomination, action=action, reason="理由")
        with pytest.raises(PermissionDenied):
            _notice(campaign, user)
        assert campaign_available_actions(campaign, user) == []
        assert all(t.action == "withdraw" for t in nomination_available_actions(nomination, user))
    nomination.refresh_from_db()
    assert nomination.status == N.SUBMITTED


def test_rejecting_needs_a_reason(nominate, county_office):
    with pytest.raises(ValidationError):
        nomination_act(by=county_office, nomination=nominate(), action="reject", reason="")


def test_the_unit_withdraws_its_own_pending_nomination(nominate, unit_staff, u2_staff, county_office):
    nomination = nominate()
    with pytest.raises(PermissionDenied):
        nomination_act(by=u2_staff, nomination=nomination, action="withdraw")
    assert nomination_act(by=unit_staff, nomination=nomination, action="withdraw").status == N.WITHDRAWN
    with pytest.raises(ValidationError):
        nomination_act(by=county_office, nomination=nomination, action="accept")


def test_the_notice_needs_reviewed_nominations_and_sane_dates(campaign, nominate, county_office):
    with pytest.raises(ValidationError, match="没有审核通过"):
        _notice(campaign, county_office)
    pending = nominate()
    with pytest.raises(ValidationError, match="待审核"):
        _notice(campaign, county_office)
    nomination_act(by=county_office, nomination=pending, action="accept")
    with pytest.raises(ValidationError):
        _notice(campaign, county_office, start=date(2026, 11, 26), end=date(2026, 11, 20))


def test_the_decision_waits_for_the_end_of_the_notice(campaign, nominate, county_office):
    nomination_act(by=county_office, nomination=nominate(), action="accept")
    campaign = _notice(campaign, county_office)
    with pytest.raises(ValidationError, match="公示期满"):
        campaign_act(by=county_office, campaign=campaign, action="decide", decision_no="文号",
                     today=date(2026, 11, 26))
    with pytest.raises(ValidationError, match="文号"):
        campaign_act(by=county_office, campaign=campaign, action="decide", decision_no="",
                     today=date(2026, 11, 27))


def test_wrong_campaign_states_are_refused(campaign, nominate, county_office, unit_staff):
    with pytest.raises(ValidationError):
        campaign_act(by=county_office, campaign=campaign, action="decide", decision_no="x")
    accepted = nominate()
    nomination_act(by=county_office, nomination=accepted, action="accept")
    campaign = _notice(campaign, county_office)
    with pytest.raises(ValidationError):
        _notice(campaign, county_office)
    with pytest.raises(ValidationError, match="停止接受"):
        nominate("新人")
    # an objection upheld during the notice: the accepted nomination is rejected
    nomination_act(by=county_office, nomination=accepted, action="reject", reason="公示期间收到实名反映，经核实")
    accepted.refresh_from_db()
    assert accepted.status == N.REJECTED


def test_campaigns_are_organised_by_an_office_in_its_area(tree, county_office, unit_staff):
    with pytest.raises(PermissionDenied):
        campaign_create(by=county_office, place=tree.city, name="x", year=2026, quota_individual=1)
    with pytest.raises(ValidationError):
        campaign_create(by=county_office, place=tree.u1, name="x", year=2026, quota_individual=1)
    with pytest.raises(ValidationError):
        campaign_create(by=county_office, place=tree.county, name="x", year=2026)


def test_nomination_steps_are_offered_and_taken_through_the_workflow_engine(nominate, unit_staff, county_office,
                                                                              township_office):
    from tests.workflow_checks import change_log_updates, notifications_linking
    from tuanjie.commendations import services
    from tuanjie.core.workflow import Workflow

    nomination = nominate()
    assert isinstance(services.NOMINATIONS, Workflow)
    assert [t.action for t in nomination_available_actions(nomination, county_office)] == ["accept", "reject"]
    assert [t.action for t in nomination_available_actions(nomination, unit_staff)] == ["withdraw"]
    assert nomination_available_actions(nomination, township_office) == []
    services.nomination_act(by=county_office, nomination=nomination, action="accept")
    assert len(change_log_updates(nomination)) == 1
    assert [n.recipient for n in notifications_linking(nomination)] == [unit_staff]
