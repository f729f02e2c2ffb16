"""Countable records: the one registry of "records of a kind, per unit, per period".

Quota rules (规定动作), indicators bound to the ledger, roll-up figures and reports all count records through
this registry, so "trainings held by a unit this quarter" is defined once. An app registers its countables in
its own `countables.py` as COUNTABLES = [Countable(...)]; they are collected in app order.

A Countable names a model, the date field that places a record in a period, the lookup from the record to the
unit (place) it is credited to, and optional filters (e.g. only accepted information items, only trainings)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.apps import apps
from django.db.models import Count

from tuanjie.core.discovery import app_modules


@dataclass(frozen=True)
class Countable:
    key: str                         # stable identifier, e.g. "activity.training", "information.accepted"
    label: str                       # what an office reads, e.g. "政策培训"
    model: str                       # "app_label.ModelName"
    date_field: str                  # date or datetime field placing a record in a period
    place_field: str = "place"       # lookup from the record to the unit it counts for
    filters: dict = field(default_factory=dict)
    unit: str = "条"                  # 次 / 条 / 户次 ...

    def model_class(self):
        return apps.get_model(self.model)

    def queryset(self):
        return self.model_class()._base_manager.filter(**self.filters)

    def in_period(self, start: date, end: date):
        """Records dated start..end inclusive."""
        field_obj = self.model_class()._meta.get_field(self.date_field)
        if field_obj.get_internal_type() == "DateTimeField":
            lookup = f"{self.date_field}__date__range"
        else:
            lookup = f"{self.date_field}__range"
        return self.queryset().filter(**{lookup: (start, end)})

    def count_by_place(self, start: date, end: date, place_ids=None) -> Counter:
        """{place id: number of records} for the period, optionally only for these places."""
        qs = self.in_period(start, end)
        if place_ids is not None:
            qs = qs.filter(**{f"{self.place_field}__in": list(place_ids)})
        grouped = qs.values(self.place_field).order_by().annotate(n=Count("pk"))
        return Counter({row[self.place_field]: row["n"] for row in grouped})

    def count_in_subtree(self, path: str, start: date, end: date) -> int:
        return self.in_period(start, end).filter(**{f"{self.place_field}__path__startswith": path}).count()


@cache
def registry() -> dict[str, Countable]:
    found: dict[str, Countable] = {}
    for _config, module in app_modules("countables"):
        for countable in getattr(module, "COUNTABLES", []):
            if countable.key in found:
                raise ValueError(f"duplicate countable {countable.key}")
            found[countable.key] = countable
    return found


def get(key: str) -> Countable:
    return registry()[key]


def choices() -> list[tuple[str, str]]:
    return [(c.key, c.label) for c in registry().values()]
