"""Reads shared by the pages, the public notice pages and the API."""

from datetime import date
from typing import Any

from django.db.models import Q

from tuanjie.commendations.models import Campaign, Nomination


def notices_in_period(today: date):
    """Campaigns whose public notice (公示) is running today: the only ones the public pages show."""
    return (Campaign.objects.filter(status=Campaign.Status.NOTICE, notice_start__lte=today, notice_end__gte=today)
            .select_related("place").order_by("-notice_start", "-id"))


def public_nominees(campaign: Campaign):
    """What a 公示 shows: name, unit and the deeds summary of each nominee still standing. Nothing else."""
    return (campaign.nominations.filter(status=Nomination.Status.ACCEPTED)
            .select_related("place").order_by("category", "id")
            .values("category", "nominee_name", "place__name", "summary"))


def honours(queryset, unit=None, name: str = ""):
    """Honours (decided nominations), optionally for one unit (and the units below it) or one person's name."""
    qs = queryset.filter(status=Nomination.Status.HONOURED).select_related("place", "campaign")
    if unit is not None:
        qs = qs.filter(place__path__startswith=unit.path)
    if name:
        qs = qs.filter(Q(nominee_name__icontains=name))
    return qs.order_by("place__path", "-honoured_on", "category")


def category_counts(campaign: Campaign) -> list[dict]:
    from tuanjie.commendations.models import Category

    rows = []
    for value, label in Category.choices:
        limit = campaign.quota_for(value)
        if not limit:
            continue
        nominated = campaign.nominations.filter(category=value).exclude(status=Nomination.Status.WITHDRAWN)
        rows.append({"category": label, "limit": limit, "nominated": nominated.count(),
                     "accepted": nominated.filter(status__in=[Nomination.Status.ACCEPTED,
                                                              Nomination.Status.HONOURED]).count()})
    return rows


def recommendation_quotas(campaign: Campaign) -> list:
    """The lower offices' quotas with how many each has used (a campaign has a handful)."""
    from tuanjie.commendations.services import recommendation_used

    quotas: list[Any] = list(campaign.recommendation_quotas.select_related("place").order_by("place__path",
                                                                                             "category"))
    for quota in quotas:
        quota.used = recommendation_used(campaign, quota.place, quota.category)   # shown, not stored
    return quotas
