"""Reads of the activity ledger shared by the list page, the export, the API and reports."""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from tuanjie.activities.models import Activity
from tuanjie.places.models import Place

LIST_RELATED = ("place", "creation_field")


def activities_in(place: Place, start: date, end: date) -> QuerySet:
    """All activities held in `place`'s subtree between start and end (inclusive). Not access-checked: callers
    (reports, dashboards) have already decided the person may see `place`."""
    return Activity.objects.filter(place__path__startswith=place.path, start_date__range=(start, end))


def activity_totals(place: Place, start: date, end: date) -> dict:
    """Headline figures: number of activities, participants (person-times), units that held any."""
    row = activities_in(place, start, end).aggregate(
        activities=Count("id"), participants=Sum("participants"), units=Count("place", distinct=True))
    return {"activities": row["activities"], "participants": row["participants"] or 0, "units": row["units"]}


def units_by_activity_count(place: Place, start: date, end: date, *, fewest: int | None = None) -> list[tuple]:
    """(unit, count) for every creation unit in the subtree active in the period, fewest first: the units that
    are behind are at the top (units with no activity at all included)."""
    units = [u for u in Place.objects.subtree(place).units().select_related("creation_field")
             if (u.active_from is None or u.active_from <= end) and (u.active_until is None or u.active_until >= start)]
    counts = dict(activities_in(place, start, end).filter(place__kind=Place.Kind.UNIT).order_by()
                  .values_list("place").annotate(n=Count("id")))
    ranked = sorted(((u, counts.get(u.pk, 0)) for u in units), key=lambda pair: (pair[1], pair[0].path))
    return ranked[:fewest] if fewest else ranked


def outputs_in(place: Place, start: date, end: date, limit: int = 20) -> list[Activity]:
    """Activities that produced something countable (signs, handbooks…), largest first, for report paragraphs."""
    return list(activities_in(place, start, end).filter(~Q(output_text=""))
                .select_related("place").order_by("-output_quantity", "-start_date")[:limit])
