"""Reads of the registers. A cultivation site's funds and activities come from the funds and activity ledgers
(funds.selectors.fund_summary, the "activity" countable), so the list states what those pages state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tuanjie.core import countables
from tuanjie.registers.models import Briefing, BriefingItem, CultivationEntry, EducationBase


@dataclass(frozen=True)
class SiteFigures:
    allocated: Decimal      # money allocated to the site (and below it) in the year, all sources
    activities: int         # activities held by the site (and below it) in the year


def site_figures(entry: CultivationEntry) -> SiteFigures:
    from tuanjie.funds.selectors import fund_summary

    start, end = date(entry.year, 1, 1), date(entry.year, 12, 31)
    return SiteFigures(fund_summary(entry.place, entry.year).allocated,
                       countables.get("activity").count_in_subtree(entry.place.path, start, end))


def base_visits(base: EducationBase, user):
    """The study visits to `base` that `user` may see, newest first."""
    from tuanjie.activities.models import Activity

    return (Activity.objects.restrict(user).filter(education_base=base).select_related("place")
            .order_by("-start_date", "-id"))


def briefing_items(briefing: Briefing) -> list:
    return [entry.item for entry in BriefingItem.objects.filter(briefing=briefing)
            .select_related("item__place").order_by("order", "id")]
