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


def compliance_table(rule: QuotaRule, *, today: date, units=None, periods: list[calc.Span] | None = None) -> Table:
    """Units × periods of one rule. `units` narrows the rule's subjects (a filtered queryset of places)."""
    periods = periods if periods is not None else visible_periods(rule, today)
    subjects = list((units if units is not None else rule_subjects(rule)).select_related("creation_field")
                    .order_by("path"))
    ids = [p.pk for p in subjects]
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
