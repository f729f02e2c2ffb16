"""Reads of quota rules: which units a rule covers, and their computed compliance.

Counting is one grouped query per rule per period (Countable.count_by_place); the arithmetic is in
`compliance.py`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from tuanjie.core import countables
from tuanjie.core.access import VIEW, reach
from tuanjie.places.models import Place
from tuanjie.quotas.models import QuotaRule
from tuanjie.quotas.selectors import compliance as calc


def rule_subjects(rule: QuotaRule):
    """The units a rule covers: places below the rule's place that carry a creation field of the rule (any
    creation field when the rule names none). Townships and villages count as units of their fields."""
    qs = Place.objects.subtree(rule.place).exclude(pk=rule.place_id).filter(creation_field__isnull=False)
    field_ids = [f.pk for f in rule.creation_fields.all()]
    if field_ids:
        qs = qs.filter(creation_field_id__in=field_ids)
    return qs


def rule_countable(rule: QuotaRule) -> countables.Countable:
    """The countable of a rule. A stored key that is no longer registered raises: a renamed countable needs a data
    migration of the rules, not a table of zeros."""
    return countables.get(rule.countable)


def counts_for(rule: QuotaRule, span: calc.Span, place_ids: list[int]) -> Counter:
    """{place id: records} for the period: ONE grouped query."""
    countable = rule_countable(rule)
    if not place_ids:
        return Counter()
    return countable.count_by_place(span.start, span.end, place_ids)


def visible_periods(rule: QuotaRule, today: date) -> list[calc.Span]:
    return calc.periods_of(rule.year, rule.period)


@dataclass
class Row:
    place: Place
    standings: list[calc.Standing]

    @property
    def behind(self) -> bool:
        return any(s.is_behind for s in self.standings)


@dataclass
class Table:
    rule: QuotaRule
    periods: list[calc.Span]
    rows: list[Row] = field(default_factory=list)
    summaries: list[calc.Summary] = field(default_factory=list)

    @property
    def behind_rows(self) -> list[Row]:
        return [r for r in self.rows if r.behind]


def person_counts(rule: QuotaRule, span: calc.Span, staff: dict[int, list]) -> dict[int, Counter]:
    """{unit id: {person id: records naming them}} for the period: ONE grouped query for all the units' staff.
    Records anywhere in the rule's subtree count (a training held by the township counts for who attended)."""
    countable = rule_countable(rule)
    people = {person.pk for members in staff.values() for person in members}
    if not people:
        return {pk: Counter() for pk in staff}
    counted = countable.count_by_person(span.start, span.end, people, path=rule.place.path)
    return {pk: Counter({p.pk: counted.get(p.pk, 0) for p in members}) for pk, members in staff.items()}


def person_standing(rule: QuotaRule, span: calc.Span, today: date, done: int) -> calc.Standing:
    return calc.standing(done=done, minimum=rule.minimum, span=span, today=today)


def unit_of_people(standings: list[calc.Standing], span: calc.Span, today: date) -> calc.Standing:
    """A unit under a per-person rule: done = staff who met it, due = its staff; met when all did."""
    if span.start > today:
        return calc.Standing(0, len(standings), calc.UPCOMING)
    if not standings:
        return calc.Standing(0, 0, calc.EXEMPT)
    met = sum(s.state == calc.MET for s in standings)
    state = calc.MET if met == len(standings) else (calc.MISSED if span.end < today else calc.BEHIND)
    return calc.Standing(met, len(standings), state)


def compliance_table(rule: QuotaRule, *, today: date, units=None, periods: list[calc.Span] | None = None) -> Table:
    """Units × periods of one rule. `units` narrows the rule's subjects (a filtered queryset of places). Under a
    per-person rule a unit's cell counts its staff who met the minimum, out of its staff (names: `people_table`)."""
    periods = periods if periods is not None else visible_periods(rule, today)
    subjects = list((units if units is not None else rule_subjects(rule)).select_related("creation_field")
                    .order_by("path"))
    ids = [p.pk for p in subjects]
    if rule.per == "person":
        return _people_compliance(rule, today, subjects, periods)
    counts = {span.key: (counts_for(rule, span, ids) if span.start <= today else Counter()) for span in periods}
    table = Table(rule=rule, periods=periods)
    for place in subjects:
        table.rows.append(Row(place, [
            calc.standing(done=counts[span.key].get(place.pk, 0), minimum=rule.minimum, span=span, today=today,
                          active_from=place.active_from, active_until=place.active_until)
            for span in periods
        ]))
    table.summaries = [calc.summarize(row.standings[i] for row in table.rows) for i in range(len(periods))]
    return table


def _people_compliance(rule: QuotaRule, today: date, subjects: list[Place], periods: list[calc.Span]) -> Table:
    from tuanjie.people.selectors import staff_of

    staff = staff_of([p.pk for p in subjects])
    table = Table(rule=rule, periods=periods)
    by_period = {span.key: person_counts(rule, span, staff) if span.start <= today else {} for span in periods}
    for place in subjects:
        cells = []
        for span in periods:
            counts = by_period[span.key].get(place.pk, Counter())
            people = [person_standing(rule, span, today, counts.get(p.pk, 0)) for p in staff[place.pk]]
            cells.append(unit_of_people(people, span, today))
        table.rows.append(Row(place, cells))
    table.summaries = [calc.summarize(row.standings[i] for row in table.rows) for i in range(len(periods))]
    return table


@dataclass
class PersonRow:
    person: object
    standings: list[calc.Standing]

    @property
    def behind(self) -> bool:
        return any(s.is_behind for s in self.standings)


def people_table(rule: QuotaRule, unit: Place, *, today: date, periods: list[calc.Span] | None = None
                 ) -> list[PersonRow]:
    """The staff of one unit × periods under a per-person rule. It names people: only the unit's own pages show it
    (StandingView, for the unit's staff); the offices above read `compliance_table`'s counts."""
    from tuanjie.people.selectors import staff_of

    periods = periods if periods is not None else visible_periods(rule, today)
    staff = staff_of([unit.pk])
    counts = {span.key: person_counts(rule, span, staff)[unit.pk] if span.start <= today else Counter()
              for span in periods}
    return [PersonRow(person, [person_standing(rule, span, today, counts[span.key].get(person.pk, 0))
                               for span in periods]) for person in staff[unit.pk]]


def rules_covering(place: Place, *, year: int):
    """Active rules set by this place's ancestors that apply to it (for the unit's own standing)."""
    if place.creation_field_id is None:
        return QuotaRule.objects.none()
    ancestors = [place.path[:i * Place.steplen] for i in range(1, place.depth)]
    return (QuotaRule.objects.filter(place__path__in=ancestors, year=year, is_active=True)
            .filter(Q(creation_fields__isnull=True) | Q(creation_fields=place.creation_field_id))
            .distinct().select_related("place").order_by("place__path", "name"))


@dataclass
class UnitStanding:
    rule: QuotaRule
    periods: list[calc.Span]
    standings: list[calc.Standing]
    people: list[PersonRow] = field(default_factory=list)     # per-person rules: who is short, for the unit

    @property
    def pairs(self) -> list[tuple[calc.Span, calc.Standing]]:
        return list(zip(self.periods, self.standings, strict=True))

    @property
    def current(self) -> calc.Standing | None:
        live = [s for s in self.standings if s.state != calc.UPCOMING]
        return live[-1] if live else None


def unit_standing(place: Place, *, today: date) -> list[UnitStanding]:
    """One unit's standing under every rule that covers it, this year."""
    result = []
    for rule in rules_covering(place, year=today.year):
        periods = visible_periods(rule, today)
        if rule.per == "person":
            people = people_table(rule, place, today=today, periods=periods)
            standings = [unit_of_people([row.standings[i] for row in people], span, today)
                         for i, span in enumerate(periods)]
            result.append(UnitStanding(rule, periods, standings, people))
            continue
        standings = [
            calc.standing(done=counts_for(rule, span, [place.pk]).get(place.pk, 0) if span.start <= today else 0,
                          minimum=rule.minimum, span=span, today=today, active_from=place.active_from,
                          active_until=place.active_until)
            for span in periods
        ]
        result.append(UnitStanding(rule, periods, standings))
    return result


def my_units(user):
    """The units a person works for (places where they hold a role and that carry a creation field)."""
    paths = [path for path in reach(user, QuotaRule.access.roles_for(VIEW))]
    return Place.objects.filter(path__in=paths, creation_field__isnull=False).select_related("creation_field")
