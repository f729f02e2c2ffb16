"""Factories of the commendations app for the generated access battery."""

from tests.factories import factory


@factory("commendations.Campaign")
def make_campaign(place, tree):
    from tuanjie.commendations.models import Campaign

    return Campaign.objects.create(place=place, name=f"{place.name}2026年度民族团结进步模范评选", year=2026,
                                   quota_collective=2, quota_individual=2, quota_family=1)


@factory("commendations.Nomination")
def make_nomination(place, tree):
    from tuanjie.commendations.models import Campaign, Nomination

    campaign = Campaign.objects.create(place=tree.province, name="评选", year=2026, quota_individual=5)
    return Nomination.objects.create(campaign=campaign, place=place, category="individual", nominee_name="王芳",
                                     summary="热心邻里互助", deeds="<p>事迹</p>")



@factory("commendations.RecommendationQuota")
def make_recommendation_quota(place, tree):
    from tuanjie.commendations.models import Campaign, RecommendationQuota

    campaign = Campaign.objects.create(place=tree.province, name="评选", year=2026, quota_individual=5)
    return RecommendationQuota.objects.create(campaign=campaign, place=place, category="individual", limit=2)
