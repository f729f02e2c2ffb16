from datetime import date

from tuanjie.analytics import facts
from tuanjie.analytics.models import Fact
from tuanjie.core.context import acting_as
from tuanjie.leadership.models import LeadingGroup


def record(place, day: date, *, training: bool = False, published: bool = False) -> LeadingGroup:
    """A stand-in countable record (see conftest): counted as "activity", as "activity.training" when
    `training`, as "information.published" when `published`."""
    with acting_as(None, source="test"):
        return LeadingGroup.objects.create(place=place, established_on=day, office_location="培训" if training else "",
                                           document_no="发1" if published else "")


def stored_facts() -> dict:
    return {(f.place_id, f.countable, f.grain, f.period, f.creation_field_id): [f.n, f.total]
            for f in Fact.objects.all() if f.n or f.total}


def rebuilt_facts() -> dict:
    rows, _index = facts.computed_from_raw()
    return rows


def figure(place, key: str, grain: str, start: date) -> int:
    return sum(Fact.objects.filter(place=place, countable=key, grain=grain, period=start).values_list("n", flat=True))
