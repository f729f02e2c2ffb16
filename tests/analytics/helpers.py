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


def counted_facts() -> dict:
    """The stored rows that count records (everything but the number of units, which exists without records)."""
    return {k: v for k, v in stored_facts().items() if k[1] != facts.UNITS}


def rebuilt_facts() -> dict:
    """Every fact row computed naively from the raw records, one record and one ancestor at a time: the oracle the
    incremental upkeep and the in-database rebuild are both checked against."""
    from tuanjie.core import countables
    from tuanjie.places.models import Place

    by_path = dict(Place.objects.values_list("path", "id"))
    rows: dict = {}
    for key, countable in countables.registry().items():
        model = countable.model_class()
        measure = facts.measure_field(model)
        field_lookup = facts._field_lookup(model, countable.place_field)
        family = [countable.family] if countable.family else []
        for record in countable.queryset().values(countable.date_field, f"{countable.place_field}__path",
                                                  field_lookup, *family, *([measure] if measure else [])):
            day, path = facts._as_day(record[countable.date_field]), record[f"{countable.place_field}__path"]
            if day is None or path is None:
                continue
            # "activity.*": each record counts under the key of its own value
            counted_as = key[:-1] + record[countable.family] if family else key
            field_id = (record[field_lookup] or 0) if countable.split_by_field else 0
            for depth in range(1, len(path) // Place.steplen + 1):
                for grain in facts.GRAINS:
                    slot = rows.setdefault((by_path[path[:depth * Place.steplen]], counted_as, grain,
                                            facts.period_start(day.replace(day=1), grain), field_id), [0, 0])
                    slot[0] += 1
                    slot[1] += int(record[measure] or 0) if measure else 0
    # Coverage: each unit once at itself and every ancestor, and once per period it (or a unit below it) has
    # records of the coverage key in.
    active = {(pid, grain, period) for (pid, key, grain, period, _f), (n, _t) in rows.items()
              if key == facts.COVERAGE_KEY and n}
    for unit in Place.objects.filter(kind=Place.Kind.UNIT):
        field_id = unit.creation_field_id or 0
        periods = [(facts.ALL, facts.ALWAYS, facts.UNITS)] + [(g, p, facts.ACTIVE) for (pid, g, p) in active
                                                              if pid == unit.pk]
        for depth in range(1, unit.depth + 1):
            for grain, period, key in periods:
                slot = rows.setdefault((by_path[unit.path[:depth * Place.steplen]], key, grain, period, field_id),
                                       [0, 0])
                slot[0] += 1
    return rows


def figure(place, key: str, grain: str, start: date) -> int:
    return sum(Fact.objects.filter(place=place, countable=key, grain=grain, period=start).values_list("n", flat=True))
