"""Countable records: the one registry of "records of a kind, per unit, per period".

Quota rules (规定动作), indicators bound to the ledger, roll-up figures and reports all count records through
this registry, so "trainings held by a unit this quarter" is defined once. An app registers its countables in
its own `countables.py` as COUNTABLES = [Countable(...)]; they are collected in app order.

A Countable names a model, the date field that places a record in a period, the lookup from the record to the
unit (place) it is credited to, and optional filters (e.g. only accepted information items, only trainings).

Two kinds of key are not listed in code, so that what an office defines needs no deployment and every process
sees it at once (they are resolved from the database when asked for, never cached):
- a *family* ("activity.*", family="kind") stands for one countable per value of a field: "activity.training",
  "activity.k3f2…" for a kind an office added. The facts count each value under its own key.
- an *office countable* ("office.<id>", analytics.CountableDefinition) is a built-in or family key narrowed to a
  creation field and named by the office: it counts the same records, and its figures are the base key's fact
  rows (`fact_key`, `fact_field`), so it has no rows of its own to keep fresh."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
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
    split_by_field: bool = False     # the facts keep one row per creation field (the dashboard's breakdown)
    family: str = ""                 # with key "prefix.*": the field whose value makes each member's key
    # value -> (label, path of the place it applies below, "" = everywhere), or None when not a member
    member_info: Callable[[str], tuple[str, str] | None] | None = field(default=None, compare=False)
    member_choices: Callable[[object], list] | None = field(default=None, compare=False)  # (value, label) at a place
    fact_key: str = ""               # the key whose fact rows hold this countable's figures ("" = its own)
    fact_field: int = 0              # ...narrowed to this creation field (0 = all)
    place_path: str = ""             # where an office countable applies: that place's subtree ("" = everywhere)
    person_field: str = ""           # lookup from a record to the people it counts for (per-person quota rules)
    measure: str = ""                # integer field summed into the facts' total ("" = the model's usual measure)

    is_ratio = False

    @property
    def figures_key(self) -> str:
        return self.fact_key or self.key

    def member(self, value: str) -> "Countable | None":
        """The family's countable for one value of its field, or None if the value is not one."""
        info = self.member_info(value) if self.member_info else None
        if info is None:
            return None
        label, path = info
        return replace(self, key=f"{self.key[:-2]}.{value}", label=label, family="", member_info=None,
                       member_choices=None, filters={**self.filters, self.family: value}, place_path=path)

    def applies_to(self, place) -> bool:
        return place.path.startswith(self.place_path)

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

    def count_by_person(self, start: date, end: date, person_ids, path: str = "") -> Counter:
        """{person id: records naming them} for the period, among records credited inside `path`'s subtree."""
        if not self.person_field:
            raise ValueError(f"countable {self.key} does not count per person")
        qs = self.in_period(start, end).filter(**{f"{self.person_field}__in": list(person_ids)})
        if path:
            qs = qs.filter(**{f"{self.place_field}__path__startswith": path})
        grouped = qs.values(self.person_field).order_by().annotate(n=Count("pk", distinct=True))
        return Counter({row[self.person_field]: row["n"] for row in grouped})

    def count_in_subtree(self, path: str, start: date, end: date) -> int:
        return self.in_period(start, end).filter(**{f"{self.place_field}__path__startswith": path}).count()

    def figure_at(self, place, start: date, end: date) -> int:
        """The figure a ledger-bound indicator compares with its minimum: records credited to the place."""
        return self.in_period(start, end).filter(**{self.place_field: place.pk}).count()


@dataclass(frozen=True)
class Ratio(Countable):
    """A rate of two other countables' figures ("知晓率" = correct ÷ asked answers on 应知应会 items), read from their
    fact rows, so it rolls up the tree as they do and has no rows of its own. A quota rule or an indicator compares
    it with its minimum like a count: the figure is the rate in whole units of `scale` (percent), rounded DOWN, so
    "≥ 90" is never met by 89.6 %. No denominator (nobody answered) is 0. `model`/`date_field` name the records the
    rate rests on, which an indicator lists as its evidence (never the individual answers)."""

    numerator: tuple[str, str] = ("", "n")      # (countable key, "n" records or "total" measure)
    denominator: tuple[str, str] = ("", "n")
    scale: int = 100

    is_ratio = True

    @staticmethod
    def rate(part: int, whole: int, scale: int = 100) -> int:
        return (part * scale) // whole if whole else 0

    def _sums(self, start: date, end: date, place_ids) -> dict:
        from django.db.models import Sum

        from tuanjie.analytics.models import Fact
        from tuanjie.analytics.selectors import months_filter  # analytics imports this module: read lazily

        keys = {self.numerator[0], self.denominator[0]}
        rows = (Fact.objects.filter(place_id__in=list(place_ids), countable__in=keys, **months_filter(start, end))
                .values("place_id", "countable").annotate(sn=Sum("n"), st=Sum("total")).order_by())
        sums: dict = {}
        for row in rows:
            sums[(row["place_id"], row["countable"], "n")] = row["sn"] or 0
            sums[(row["place_id"], row["countable"], "total")] = row["st"] or 0
        return sums

    def count_by_place(self, start: date, end: date, place_ids=None) -> Counter:
        """{place id: the rate over the place's subtree} for the period (whole months)."""
        if place_ids is None:
            raise ValueError(f"ratio {self.key} is read for named places only")
        sums = self._sums(start, end, place_ids)
        return Counter({pk: self.rate(sums.get((pk, *self.numerator), 0), sums.get((pk, *self.denominator), 0),
                                      self.scale) for pk in place_ids})

    def count_in_subtree(self, path: str, start: date, end: date) -> int:
        place = apps.get_model("places", "Place").objects.get(path=path)
        return self.count_by_place(start, end, [place.pk])[place.pk]

    def figure_at(self, place, start: date, end: date) -> int:
        return self.count_by_place(start, end, [place.pk])[place.pk]


@cache
def registry() -> dict[str, Countable]:
    found: dict[str, Countable] = {}
    for _config, module in app_modules("countables"):
        for countable in getattr(module, "COUNTABLES", []):
            if countable.key in found:
                raise ValueError(f"duplicate countable {countable.key}")
            found[countable.key] = countable
    return found


def families() -> list[Countable]:
    return [c for c in registry().values() if c.family]


def get(key: str) -> Countable:
    """The countable of a key: listed in code, a family's member or an office's own. KeyError when none."""
    found = registry().get(key)
    if found is not None and not found.family:
        return found
    for family in families():
        prefix = family.key[:-1]
        if key.startswith(prefix):
            member = family.member(key[len(prefix):])
            if member is not None:
                return member
    if key.startswith(OFFICE_PREFIX) and key[len(OFFICE_PREFIX):].isdigit():
        definition = apps.get_model("analytics", "CountableDefinition")._base_manager.filter(
            pk=int(key[len(OFFICE_PREFIX):])).select_related("place").first()
        if definition is not None:
            return definition.as_countable()
    raise KeyError(key)


def exists(key: str) -> bool:
    try:
        get(key)
    except KeyError:
        return False
    return True


OFFICE_PREFIX = "office."


def choices(place=None) -> list[tuple[str, str]]:
    """(key, label) of the countables an office may pick for `place` (None: listed in code and the defaults only):
    those listed in code, each family's members that apply there, and the office countables that apply there."""
    found = [(c.key, str(c.label)) for c in registry().values() if not c.family]
    listed = {key for key, _label in found}
    for family in families():
        for value, label in (family.member_choices(place) if family.member_choices else []):
            key = f"{family.key[:-2]}.{value}"
            if key not in listed:
                found.append((key, str(label)))
    if place is not None:
        definitions = apps.get_model("analytics", "CountableDefinition").objects.applying_to(place)
        found += [(d.key, d.name) for d in definitions]
    return found
