"""Reads of the archive: a subject's years, their closure and packages."""
from __future__ import annotations

from django.utils import timezone

from tuanjie.archives import closing
from tuanjie.archives.models import ArchivePackage, YearClosure
from tuanjie.core.access import VIEW

YEARS_SHOWN = 4


def years_of(place) -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - YEARS_SHOWN, -1))


def year_rows(user, place) -> list[dict]:
    """One row per recent year: its own closure (if any), the closure above that covers it, the latest package."""
    years = years_of(place)
    own = {c.year: c for c in YearClosure.objects.restrict(user, VIEW).filter(place=place, year__in=years)
           .select_related("place")}
    latest: dict[int, ArchivePackage] = {}
    for made in (ArchivePackage.objects.restrict(user, VIEW).filter(place=place, year__in=years)
                 .select_related("place").order_by("-created", "-id")):
        latest.setdefault(made.year, made)
    return [{"year": y, "closure": own.get(y), "covering": closing.closure_over(place.path, y),
             "package": latest.get(y)} for y in years]


def packages(user, place, year: int):
    return (ArchivePackage.objects.restrict(user, VIEW).filter(place=place, year=year)
            .select_related("place", "requested_by")[:10])
