"""Keeps the fact table (models.Fact) in step with the countable records, and rebuilds it from raw rows.

Like the change log, this rides on signals because it must catch every save and delete of every countable model,
whatever app owns it: a page, the API, an import, a command. For each save it reads the record's state as the
countables see it (which keys count it, for which place, which month) before and after, and applies the
difference with one upsert (`count = count + delta`), so two people saving at once never lose a count and a
record moving between "counted" and "not counted" (a date, place or state change) moves its figures with it.

`bulk_create`, `QuerySet.update()` and raw SQL bypass signals: after such writes run `tuanjie rebuild_facts`."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from django.db import connections, router, transaction
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from tuanjie.core import countables

log = logging.getLogger(__name__)

# Numeric fields summed into Fact.total when a countable's model has one (first match wins).
MEASURE_FIELDS = ("participants", "participant_count", "participants_count", "attendance", "people_count")
GRAINS = ("m", "q", "y")
# Keys whose rows are split by creation field (the dashboard's "by creation field" breakdown); other keys keep one
# row per place and period, which keeps the table small.
FIELD_SPLIT_KEYS = frozenset({"activity"})

# (countable key, credited place id, month start, creation field id) -> (records, measure)
Key = tuple[str, int, date, int]


# ----------------------------------------------------------------------------------------------- the registry view
_by_model_cache: dict = {"registry": None, "map": {}}


def _tracked() -> dict:
    """{concrete model: [Countable, ...]} for the current registry (recomputed if the registry object changes)."""
    reg = countables.registry()
    if _by_model_cache["registry"] is not reg:
        mapping: dict = defaultdict(list)
        for countable in reg.values():
            try:
                model = countable.model_class()
            except LookupError:
                continue
            mapping[model._meta.concrete_model].append(countable)
        _by_model_cache.update(registry=reg, map=dict(mapping))
    return _by_model_cache["map"]


def countables_for(model) -> list:
    if not isinstance(model, type):
        return []
    return _tracked().get(model._meta.concrete_model, [])


def measure_field(model) -> str | None:
    names = {f.name for f in model._meta.concrete_fields if f.get_internal_type().endswith("IntegerField")}
    return next((name for name in MEASURE_FIELDS if name in names), None)


def _field_lookup(model, place_field: str) -> str:
    """Where the creation field of a record comes from: the record's own field if it has one, else its place's."""
    if any(f.name == "creation_field" for f in model._meta.concrete_fields):
        return "creation_field"
    return f"{place_field}__creation_field"


def _as_day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


# ------------------------------------------------------------------------------------------- a record's contribution
def contributions(model, pks: Iterable) -> Counter:
    """What these records add to the facts now, read from the database: {Key: (records, measure)} as two Counters
    folded into one Counter of tuples is awkward, so records and measure are kept as ('n', key) / ('t', key)."""
    found: Counter = Counter()
    tracked = countables_for(model)
    pks = [pk for pk in pks if pk is not None]
    if not tracked or not pks:
        return found
    measure = measure_field(model)
    annotations = {}
    columns = {"pk"}
    for i, c in enumerate(tracked):
        condition = Q(**c.filters)
        annotations[f"_match{i}"] = (Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
                                     if c.filters else Value(1, output_field=IntegerField()))
        columns |= {c.place_field, c.date_field, _field_lookup(model, c.place_field)}
    if measure:
        columns.add(measure)
    rows = model._base_manager.filter(pk__in=pks).annotate(**annotations).values(*sorted(columns), *annotations)
    for row in rows:
        for i, c in enumerate(tracked):
            day = _as_day(row[c.date_field])
            place_id = row[c.place_field]
            if not row[f"_match{i}"] or day is None or place_id is None:
                continue
            field_id = (row[_field_lookup(model, c.place_field)] or 0) if c.key in FIELD_SPLIT_KEYS else 0
            key = (c.key, place_id, day.replace(day=1), field_id)
            found[("n", key)] += 1
            found[("t", key)] += int(row[measure] or 0) if measure else 0
    return found


def _deltas(before: Counter, after: Counter) -> dict[Key, list[int]]:
    changes: dict[Key, list[int]] = {}
    for tagged in set(before) | set(after):
        diff = after.get(tagged, 0) - before.get(tagged, 0)
        if diff:
            which, key = tagged
            changes.setdefault(key, [0, 0])[0 if which == "n" else 1] += diff
    return changes


# ------------------------------------------------------------------------------------------------ periods and tree
def period_start(month: date, grain: str) -> date:
    if grain == "m":
        return month
    if grain == "q":
        return date(month.year, 3 * ((month.month - 1) // 3) + 1, 1)
    return date(month.year, 1, 1)


class PlaceIndex:
    """id -> (path, depth, is_unit) and path -> id for the places involved, loaded lazily or all at once."""

    def __init__(self, load_all: bool = False):
        from tuanjie.places.models import Place

        self.steplen = Place.steplen
        self.by_id: dict[int, tuple[str, int, bool]] = {}
        self.by_path: dict[str, int] = {}
        if load_all:
            self._add(Place.objects.order_by().values_list("id", "path", "depth", "kind").iterator(chunk_size=20000))

    def _add(self, rows) -> None:
        for pk, path, depth, kind in rows:
            self.by_id[pk] = (path, depth, kind == "unit")
            self.by_path[path] = pk

    def load(self, ids: Iterable[int]) -> None:
        from tuanjie.places.models import Place

        missing = {i for i in ids if i not in self.by_id}
        if not missing:
            return
        paths = Place.objects.filter(pk__in=missing).values_list("path", flat=True)
        prefixes = {p[: i * self.steplen] for p in paths for i in range(1, len(p) // self.steplen + 1)}
        prefixes -= set(self.by_path)
        self._add(Place.objects.order_by().filter(path__in=prefixes).values_list("id", "path", "depth", "kind"))

    def chain(self, place_id: int) -> list[int]:
        """The place and its ancestors (ids)."""
        path = self.by_id[place_id][0]
        return [self.by_path[path[: i * self.steplen]] for i in range(len(path) // self.steplen, 0, -1)
                if path[: i * self.steplen] in self.by_path]


def expand(changes: dict[Key, list[int]], index: PlaceIndex) -> dict[tuple, list[int]]:
    """Per-place-per-month changes → changes of every (ancestor-or-self, key, grain, period, field) row."""
    index.load({key[1] for key in changes})
    rows: dict[tuple, list[int]] = {}
    for (key, place_id, month, field_id), (dn, dt) in changes.items():
        if place_id not in index.by_id:
            continue
        for target in index.chain(place_id):
            for grain in GRAINS:
                slot = rows.setdefault((target, key, grain, period_start(month, grain), field_id), [0, 0])
                slot[0] += dn
                slot[1] += dt
    return rows


# ------------------------------------------------------------------------------------------------------ writing
def _table_and_connection():
    from tuanjie.analytics.models import Fact

    return Fact._meta.db_table, connections[router.db_for_write(Fact)]


def upsert(rows: dict[tuple, list[int]], index: PlaceIndex) -> None:
    """count = count + delta for each row, inserting rows that do not exist yet (one statement per 500 rows)."""
    if not rows:
        return
    table, connection = _table_and_connection()
    q = connection.ops.quote_name
    cols = ["place_id", "path", "depth", "is_unit", "countable", "grain", "period", "creation_field_id", "n", "total"]
    # A fixed order keeps concurrent writers from locking the same rows in opposite orders (no deadlocks).
    ordered = sorted(rows.items(), key=lambda item: (item[0][0], item[0][1], item[0][2], item[0][3], item[0][4]))
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        values, params = [], []
        for (place_id, key, grain, period, field_id), (dn, dt) in chunk:
            path, depth, is_unit = index.by_id[place_id]
            values.append("(" + ", ".join(["%s"] * len(cols)) + ")")
            params += [place_id, path, depth, is_unit, key, grain, period, field_id, dn, dt]
        sql = (
            f"INSERT INTO {q(table)} ({', '.join(q(c) for c in cols)}) VALUES {', '.join(values)} "
            f"ON CONFLICT ({q('place_id')}, {q('countable')}, {q('grain')}, {q('period')}, {q('creation_field_id')}) "
            f"DO UPDATE SET {q('n')} = {q(table)}.{q('n')} + excluded.{q('n')}, "
            f"{q('total')} = {q(table)}.{q('total')} + excluded.{q('total')}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def apply(before: Counter, after: Counter) -> None:
    changes = _deltas(before, after)
    if changes:
        index = PlaceIndex()
        upsert(expand(changes, index), index)


# ------------------------------------------------------------------------------------------------------ signals
def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or not countables_for(sender):
        return
    adding = instance._state.adding or instance.pk is None
    instance._facts_before = Counter() if adding else contributions(sender, [instance.pk])


def _post_save(sender, instance, raw=False, **kwargs):
    if raw or not countables_for(sender):
        return
    before = getattr(instance, "_facts_before", Counter())
    apply(before, contributions(sender, [instance.pk]))
    instance._facts_before = Counter()


def _pre_delete(sender, instance, **kwargs):
    if countables_for(sender):
        instance._facts_before = contributions(sender, [instance.pk])


def _post_delete(sender, instance, **kwargs):
    if countables_for(sender):
        apply(getattr(instance, "_facts_before", Counter()), Counter())


def connect() -> None:
    pre_save.connect(_pre_save, dispatch_uid="tuanjie_facts_pre_save")
    post_save.connect(_post_save, dispatch_uid="tuanjie_facts_post_save")
    pre_delete.connect(_pre_delete, dispatch_uid="tuanjie_facts_pre_delete")
    post_delete.connect(_post_delete, dispatch_uid="tuanjie_facts_post_delete")


def refresh_records(model, pks: Iterable) -> None:
    """For callers that changed records without signals (QuerySet.update) and know their old contribution:
    prefer `rebuild` after bulk writes; this exists for small targeted repairs."""
    apply(Counter(), contributions(model, pks))


# ------------------------------------------------------------------------------------------------------ rebuild
def _raw_groups(countable) -> Iterable[tuple[Key, int, int]]:
    model = countable.model_class()
    measure = measure_field(model)
    split = countable.key in FIELD_SPLIT_KEYS
    field_lookup = _field_lookup(model, countable.place_field)
    qs = (countable.queryset().order_by()
          .filter(**{f"{countable.date_field}__isnull": False, f"{countable.place_field}__isnull": False})
          .annotate(_month=TruncMonth(countable.date_field))
          .values("_month", countable.place_field, *([field_lookup] if split else []))
          .annotate(_n=Count("pk"), _t=Sum(measure) if measure else Value(0, output_field=IntegerField())))
    for row in qs.iterator(chunk_size=20000):
        month = _as_day(row["_month"]).replace(day=1)
        field_id = (row[field_lookup] or 0) if split else 0
        yield (countable.key, row[countable.place_field], month, field_id), row["_n"], int(row["_t"] or 0)


def computed_from_raw(keys: Iterable[str] | None = None) -> tuple[dict[tuple, list[int]], PlaceIndex]:
    """Every fact row, computed from the raw records (what `rebuild` writes; tests compare against it)."""
    reg = countables.registry()
    index = PlaceIndex(load_all=True)
    rows: dict[tuple, list[int]] = {}
    for key in keys or reg:
        countable = reg[key]
        try:
            countable.model_class()
        except LookupError:
            continue
        monthly: dict[Key, list[int]] = {}
        for ident, n, t in _raw_groups(countable):
            slot = monthly.setdefault(ident, [0, 0])
            slot[0] += n
            slot[1] += t
        # Roll up level by level (children into parents) so each level is aggregated once, not per record.
        level: dict[tuple, list[int]] = {(pid, month, fid): v for (_k, pid, month, fid), v in monthly.items()
                                         if pid in index.by_id}
        while level:
            parent_level: dict[tuple, list[int]] = {}
            for (pid, month, fid), (n, t) in level.items():
                for grain in GRAINS:
                    slot = rows.setdefault((pid, key, grain, period_start(month, grain), fid), [0, 0])
                    slot[0] += n
                    slot[1] += t
                path = index.by_id[pid][0]
                parent_path = path[: -index.steplen]
                parent = index.by_path.get(parent_path) if parent_path else None
                if parent is not None:
                    slot = parent_level.setdefault((parent, month, fid), [0, 0])
                    slot[0] += n
                    slot[1] += t
            level = parent_level
    rows = {k: v for k, v in rows.items() if v[0] or v[1]}
    return rows, index


def rebuild(*, stdout=None) -> int:
    """Recompute every fact from the raw rows, in one transaction. Returns the number of fact rows."""
    from tuanjie.analytics.models import Fact

    rows, index = computed_from_raw()
    table, connection = _table_and_connection()
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        if connection.vendor == "postgresql":
            _copy_rows(connection, table, rows, index)
        else:
            batch = []
            for (place_id, key, grain, period, field_id), (n, t) in rows.items():
                path, depth, is_unit = index.by_id[place_id]
                batch.append(Fact(place_id=place_id, path=path, depth=depth, is_unit=is_unit, countable=key,
                                  grain=grain, period=period, creation_field_id=field_id, n=n, total=t))
                if len(batch) >= 5000:
                    Fact.objects.using(connection.alias).bulk_create(batch)
                    batch = []
            Fact.objects.using(connection.alias).bulk_create(batch)
    if stdout:
        stdout.write(f"已重建统计事实 {len(rows)} 行")
    return len(rows)


def _copy_rows(connection, table, rows, index) -> None:
    cols = ("place_id", "path", "depth", "is_unit", "countable", "grain", "period", "creation_field_id", "n", "total")
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            for (place_id, key, grain, period, field_id), (n, t) in rows.items():
                path, depth, is_unit = index.by_id[place_id]
                copy.write_row((place_id, path, depth, is_unit, key, grain, period, field_id, n, t))
