"""Upward recommendation (issue 16, 6): with a recommending level, the office at that level above the unit
recommends nominations to the campaign's office within its own quota, as title applications are recommended."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.commendations.models import Nomination
from tuanjie.commendations.services import (
    NOMINATIONS,
    campaign_create,
    nomination_act,
    nomination_create,
    recommendation_quota_set,
)
from tuanjie.core.roles import Role
from tuanjie.notifications.models import Notification
from tuanjie.places.models import PlaceLevel

N = Nomination.Status


@pytest.fixture
def township_office(tree):
    return tree.person(Role.OFFICE, tree.t1, "township_office")


@pytest.fixture
def upward(tree, county_office):
    """A county campaign whose nominations the township offices recommend (城关镇: one individual)."""
    campaign = campaign_create(by=county_office, place=tree.county, name="2026年度民族团结进步模范评选", year=2026,
                               quota_individual=3, recommend_level=PlaceLevel.objects.get(name="乡"))
    recommendation_quota_set(by=county_office, campaign=campaign, office=tree.t1, category="individual", limit=1)
    return campaign


def nominate(campaign, unit, user, name):
    return nomination_create(by=user, campaign=campaign, unit=unit, category="individual", nominee_name=name,
                             summary=f"{name}长期帮扶困难群众", deeds="<p>事迹</p>", today=date(2026, 10, 1))


def test_the_township_recommends_within_its_quota_and_the_county_reviews_what_was_recommended(
        tree, upward, unit_staff, county_office, township_office):
    first = nominate(upward, tree.u1, unit_staff, "王芳")
    second = nominate(upward, tree.u2, tree.person(Role.UNIT, tree.u2), "李强")
    first = nomination_act(by=township_office, nomination=first, action="recommend")
    assert first.status == N.RECOMMENDED and first.recommended_by_office == tree.t1
    with pytest.raises(ValidationError, match="城关镇的模范个人推荐名额（1个）已用完"):
        nomination_act(by=township_office, nomination=second, action="recommend")
    first = nomination_act(by=county_office, nomination=first, action="accept")
    assert first.status == N.ACCEPTED


def test_the_county_may_not_review_a_nomination_the_township_has_not_recommended(tree, upward, unit_staff,
                                                                                county_office):
    nomination = nominate(upward, tree.u1, unit_staff, "王芳")
    for action in ("accept", "reject"):
        with pytest.raises(ValidationError, match="须先经乡级创建办审核推荐"):
            nomination_act(by=county_office, nomination=nomination, action=action, reason="理由")
    assert NOMINATIONS.available(county_office, nomination) == []


def test_only_the_office_at_the_recommending_level_above_the_unit_recommends(tree, upward, unit_staff,
                                                                            county_office, township_office):
    nomination = nominate(upward, tree.u1, unit_staff, "王芳")
    for user in (county_office, unit_staff, tree.person(Role.OFFICE, tree.t2), tree.person(Role.OFFICE, tree.city),
                 tree.person(Role.OFFICE, tree.neighbour), tree.person(Role.LEADER, tree.t1)):
        for action in ("recommend", "not_recommend"):
            with pytest.raises(PermissionDenied):
                nomination_act(by=user, nomination=nomination, action=action, reason="理由")
    assert [t.action for t in NOMINATIONS.available(township_office, nomination)] == ["recommend", "not_recommend"]


def test_not_recommending_needs_a_reason_and_tells_the_unit(tree, upward, unit_staff, township_office):
    nomination = nominate(upward, tree.u1, unit_staff, "王芳")
    with pytest.raises(ValidationError, match="请填写不予推荐的理由"):
        nomination_act(by=township_office, nomination=nomination, action="not_recommend")
    nomination = nomination_act(by=township_office, nomination=nomination, action="not_recommend",
                                reason="事迹不够突出")
    assert nomination.status == N.REJECTED
    assert Notification.objects.filter(recipient=unit_staff, title="推荐对象“王芳”：未通过", body="事迹不够突出")


def test_a_recommendation_reaches_the_campaigns_office_as_a_task(tree, upward, unit_staff, county_office,
                                                                 township_office):
    nomination = nomination_act(by=township_office, nomination=nominate(upward, tree.u1, unit_staff, "王芳"),
                                action="recommend")
    assert Notification.objects.filter(recipient=county_office, kind="task", title=f"城关镇推荐上报：{nomination}")
    assert Notification.objects.filter(recipient=unit_staff, title="推荐对象“王芳”：已推荐上报")


def test_a_campaign_without_a_recommending_level_is_reviewed_directly(tree, campaign, nominate, county_office,
                                                                      township_office):
    nomination = nominate()
    with pytest.raises(ValidationError, match="直接审核，不经下级推荐"):
        nomination_act(by=township_office, nomination=nomination, action="recommend")
    assert nomination_act(by=county_office, nomination=nomination, action="accept").status == N.ACCEPTED


def test_quotas_are_set_by_the_campaigns_office_for_offices_at_the_recommending_level(
        tree, upward, county_office, township_office):
    with pytest.raises(PermissionDenied):
        recommendation_quota_set(by=township_office, campaign=upward, office=tree.t1, category="individual",
                                 limit=5)
    with pytest.raises(ValidationError, match="推荐名额分配给团结县范围内乡级的创建办"):
        recommendation_quota_set(by=county_office, campaign=upward, office=tree.v1, category="individual", limit=1)
    with pytest.raises(ValidationError, match="推荐名额分配给团结县范围内乡级的创建办"):
        recommendation_quota_set(by=county_office, campaign=upward, office=tree.b1, category="individual", limit=1)
    with pytest.raises(ValidationError, match="本次评选不设该类别"):
        recommendation_quota_set(by=county_office, campaign=upward, office=tree.t1, category="family", limit=1)
    quota = recommendation_quota_set(by=county_office, campaign=upward, office=tree.t1, category="individual",
                                     limit=2)
    assert quota.limit == 2 and upward.recommendation_quotas.count() == 1


def test_a_recommending_level_must_lie_below_the_campaigns_own(tree, county_office):
    with pytest.raises(ValidationError, match="推荐层级须低于本级"):
        campaign_create(by=county_office, place=tree.county, name="评选", year=2026, quota_individual=1,
                        recommend_level=PlaceLevel.objects.get(name="市"))


def test_the_nomination_page_offers_the_township_its_recommendation(tree, upward, unit_staff, township_office,
                                                                     client_for):
    nomination = nominate(upward, tree.u1, unit_staff, "王芳")
    client = client_for(township_office)
    page = client.get(nomination.get_absolute_url()).content.decode()
    assert "推荐上报" in page and "不予推荐" in page
    assert client.post(f"/commendations/nominations/{nomination.pk}/recommend/").status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == N.RECOMMENDED


def test_the_campaigns_office_gives_a_township_its_quota_on_the_campaign_page(tree, upward, county_office,
                                                                             township_office, client_for):
    client = client_for(county_office)
    page = client.get(upward.get_absolute_url()).content.decode()
    assert "乡级创建办推荐名额" in page and "分配名额" in page
    response = client.post(f"/commendations/{upward.pk}/recommendation-quota/",
                           {"office": tree.t2.pk, "category": "individual", "limit": 2})
    assert response.status_code == 302
    assert upward.recommendation_quotas.get(place=tree.t2).limit == 2
    page = client_for(township_office).get(upward.get_absolute_url()).content.decode()
    assert "分配名额" not in page
