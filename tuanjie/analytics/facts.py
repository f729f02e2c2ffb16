"""Keeps the fact table (models.Fact) in step with the countable records, and rebuilds it from raw rows.

Like the change log, this rides on signals because it must catch every save and delete of every countable model,
whatever app owns it: a page, the API, an import, a command. For each save it reads the record's state as the
countables see it (which keys count it, for which place, which month) before and after, and applies the
difference with one upsert (`count = count + delta`), so two people saving at once never lose a count and a
record moving between "counted" and "not counted" (a date, place or state change) moves its figures with it.

`bulk_create`, COPY, `QuerySet.update()` and raw SQL bypass signals: code that writes new records in bulk calls
`records_added` in the same transaction; after other such writes run `tuanjie rebuild_facts`, which recomputes the
table inside the database."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime

from django.apps import apps
from django.db import connections, router, transaction
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from tuanjie.core import countables
from tuanjie.places.signals import subtree_moved

log = logging.getLogger(__name__)

# Numeric fields summed into Fact.total when a countable's model has one (first match wins).
MEASURE_FIELDS = ("participants", "participant_count", "participants_count", "attendance", "people_count")
GRAINS = ("m", "q", "y")
BULK_WORK_MEM = "128MB"
# Countables with `split_by_field` (activities, all and by kind: the dashboard's "by creation field" breakdown and
# office countables narrowed to a field) keep one row per creation field; other keys keep one row per place and
# period, which keeps the table small. A family ("activity.*") counts each value of its field under its own key.

# Coverage (全覆盖): rows kept beside the countables' rows, per place and creation field of the units below it.
# "coverage.units" counts the units in the place's subtree (itself included) whatever the period (grain ALL);
# "coverage.active" counts those with at least one record of COVERAGE_KEY in the period. Both roll up like every
# other row, so the coverage of a province's cities is a dozen rows, not a scan of its units.
COVERAGE_KEY = "activity"
UNITS = "coverage.units"
ACTIVE = "coverage.active"
ALL, ALWAYS = "a", date(2000, 1, 1)

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
            if countable.is_ratio:      # a ratio reads other keys' rows: it has none of its own
                continue
            mapping[countable.model_class()._meta.concrete_model].append(countable)
        _by_model_cache.update(registry=reg, map=dict(mapping))
    return _by_model_cache["map"]


def countables_for(model) -> list:
    if not isinstance(model, type):
        return []
    return _tracked().get(model._meta.concrete_model, [])


def member_key(family, value) -> str:
    """"activity.*" and "training" → "activity.training"."""
    return f"{family.key[:-2]}.{value}"


def splits(key: str) -> bool:
    """Are the fact rows of this key split by creation field?"""
    registry = countables.registry()
    if key in registry:
        return registry[key].split_by_field
    return any(c.split_by_field for c in registry.values() if c.family and key.startswith(c.key[:-1]))


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
    """What these records add to the facts now, read from the database: a Counter keyed ('n', Key) for the number
    of records and ('t', Key) for the measure, so that before/after differences are one subtraction."""
    found: Counter = Counter()
    tracked = countables_for(model)
    pks = [pk for pk in pks if pk is not None]
    if not tracked or not pks:
        return found
    model_measure = measure_field(model)
    measures = [c.measure or model_measure for c in tracked]
    annotations = {}
    columns = {"pk"} | {m for m in measures if m}
    for i, c in enumerate(tracked):
        condition = Q(**c.filters)
        annotations[f"_match{i}"] = (Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
                                     if c.filters else Value(1, output_field=IntegerField()))
        columns |= {c.place_field, c.date_field, _field_lookup(model, c.place_field)} | ({c.family} if c.family else set())
    rows = model._base_manager.filter(pk__in=pks).annotate(**annotations).values(*sorted(columns), *annotations)
    for row in rows:
        for i, c in enumerate(tracked):
            day = _as_day(row[c.date_field])
            place_id = row[c.place_field]
            if not row[f"_match{i}"] or day is None or place_id is None:
                continue
            if c.family and not row[c.family]:
                continue
            field_id = (row[_field_lookup(model, c.place_field)] or 0) if c.split_by_field else 0
            key = (member_key(c, row[c.family]) if c.family else c.key, place_id, day.replace(day=1), field_id)
            found[("n", key)] += 1
            found[("t", key)] += int(row[measures[i]] or 0) if measures[i] else 0
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
    """id -> (path, depth, is_unit, creation field id) and path -> id for the places involved, loaded lazily."""

    def __init__(self):
        from tuanjie.places.models import Place

        self.steplen = Place.steplen
        self.by_id: dict[int, tuple[str, int, bool, int]] = {}
        self.by_path: dict[str, int] = {}

    def _add(self, rows) -> None:
        for pk, path, depth, kind, field_id in rows:
            self.by_id[pk] = (path, depth, kind == "unit", field_id or 0)
            self.by_path[path] = pk

    def load(self, ids: Iterable[int]) -> None:
        from tuanjie.places.models import Place

        missing = {i for i in ids if i not in self.by_id}
        if not missing:
            return
        paths = Place.objects.filter(pk__in=missing).values_list("path", flat=True)
        prefixes = {p[: i * self.steplen] for p in paths for i in range(1, len(p) // self.steplen + 1)}
        prefixes -= set(self.by_path)
        self._add(Place.objects.order_by().filter(path__in=prefixes)
                  .values_list("id", "path", "depth", "kind", "creation_field_id"))

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


def touch() -> None:
    """Bump the facts version (models.FactsVersion) in the caller's transaction: the cached dashboard fragments of
    the old number are never read again. Called before the first fact row a writer changes."""
    from tuanjie.analytics.models import FactsVersion

    table = FactsVersion._meta.db_table
    connection = connections[router.db_for_write(FactsVersion)]
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {q(table)} (id, n) VALUES (1, 1) "
                       f"ON CONFLICT (id) DO UPDATE SET n = {q(table)}.n + 1")


def upsert(rows: dict[tuple, list[int]], index: PlaceIndex) -> None:
    """count = count + delta for each row, inserting rows that do not exist yet (one statement per 500 rows)."""
    if not rows:
        return
    touch()
    table, connection = _table_and_connection()
    q = connection.ops.quote_name
    cols = ["place_id", "path", "depth", "is_unit", "countable", "grain", "period", "creation_field_id", "n", "total"]
    # A fixed order keeps concurrent writers from locking the same rows in opposite orders (no deadlocks).
    ordered = sorted(rows.items(), key=lambda item: (item[0][0], item[0][1], item[0][2], item[0][3], item[0][4]))
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        values, params = [], []
        for (place_id, key, grain, period, field_id), (dn, dt) in chunk:
            path, depth, is_unit, _field = index.by_id[place_id]
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
    upsert(_active_changes(rows, index), index)


def _active_changes(rows: dict[tuple, list[int]], index: PlaceIndex) -> dict[tuple, list[int]]:
    """The "coverage.active" rows to change after `rows` were written: a unit whose COVERAGE_KEY records for a
    period went from none to some (or back) adds (or removes) one active unit at itself and every ancestor.
    Two people adding a unit's first records of one period at the same moment under two different creation
    fields could both see "none before"; `rebuild_facts` repairs that."""
    from tuanjie.analytics.models import Fact

    delta: dict[tuple, int] = defaultdict(int)
    for (place_id, key, grain, period, _field), (dn, _dt) in rows.items():
        if key == COVERAGE_KEY and dn and index.by_id[place_id][2]:
            delta[(place_id, grain, period)] += dn
    if not delta:
        return {}
    _table, connection = _table_and_connection()
    now = defaultdict(int)
    for place_id, grain, period, n in (
            Fact.objects.using(connection.alias)
            .filter(countable=COVERAGE_KEY, place_id__in={k[0] for k in delta}, grain__in={k[1] for k in delta},
                    period__in={k[2] for k in delta})
            .values_list("place_id", "grain", "period").annotate(s=Sum("n")).order_by()):
        now[(place_id, grain, period)] += n
    changes: dict[tuple, list[int]] = {}
    for (unit, grain, period), dn in delta.items():
        after = now[(unit, grain, period)]
        before = after - dn
        if (before > 0) != (after > 0):
            for target in index.chain(unit):
                slot = changes.setdefault((target, ACTIVE, grain, period, index.by_id[unit][3]), [0, 0])
                slot[0] += 1 if after > 0 else -1
    return {k: v for k, v in changes.items() if v[0]}


def apply(before: Counter, after: Counter) -> None:
    changes = _deltas(before, after)
    if changes:
        index = PlaceIndex()
        upsert(expand(changes, index), index)


# ---------------------------------------------------------------------------------------------- places' coverage
def _is_place(sender) -> bool:
    from tuanjie.places.models import Place

    return isinstance(sender, type) and issubclass(sender, Place)


def _own_coverage(place_id: int, index: PlaceIndex, *, is_unit: bool, field_id: int, sign: int,
                  skip_self: bool = False) -> dict[tuple, list[int]]:
    """What one place adds to the coverage rows of itself and its ancestors when it is (or is not) a unit of
    this creation field: one unit, and one active unit for each period its own rows show records in."""
    from tuanjie.analytics.models import Fact

    if not is_unit:
        return {}
    _table, connection = _table_and_connection()
    periods = [(ALL, ALWAYS)] + [
        (grain, period) for grain, period, _n in
        Fact.objects.using(connection.alias).filter(place_id=place_id, countable=COVERAGE_KEY)
        .values_list("grain", "period").annotate(s=Sum("n")).filter(s__gt=0).order_by()]
    changes: dict[tuple, list[int]] = {}
    for target in index.chain(place_id)[1 if skip_self else 0:]:
        for grain, period in periods:
            changes[(target, UNITS if grain == ALL else ACTIVE, grain, period, field_id)] = [sign, 0]
    return changes


def _merge(*parts: dict[tuple, list[int]]) -> dict[tuple, list[int]]:
    out: dict[tuple, list[int]] = {}
    for part in parts:
        for key, (dn, dt) in part.items():
            slot = out.setdefault(key, [0, 0])
            slot[0] += dn
            slot[1] += dt
    return {k: v for k, v in out.items() if v[0] or v[1]}


def _place_pre_save(instance) -> None:
    instance._coverage_before = None
    if not (instance._state.adding or instance.pk is None):
        instance._coverage_before = type(instance)._base_manager.filter(pk=instance.pk).values_list(
            "kind", "creation_field_id").first()


def _place_post_save(instance, created: bool) -> None:
    from tuanjie.analytics.models import Fact

    before = None if created else getattr(instance, "_coverage_before", None)
    after = (instance.kind, instance.creation_field_id or 0)
    if before is not None:
        before = (before[0], before[1] or 0)
        if before == after:
            return
        if before[0] != after[0]:
            _table, connection = _table_and_connection()
            Fact.objects.using(connection.alias).filter(place_id=instance.pk).update(is_unit=after[0] == "unit")
    if before is not None and before[1] != after[1]:
        _records_follow_field(instance.pk, old_field=before[1])
    index = PlaceIndex()
    index.load([instance.pk])
    old = (_own_coverage(instance.pk, index, is_unit=before[0] == "unit", field_id=before[1], sign=-1)
           if before is not None else {})
    upsert(_merge(old, _own_coverage(instance.pk, index, is_unit=after[0] == "unit", field_id=after[1], sign=1)),
           index)


def _records_follow_field(place_id: int, *, old_field: int) -> None:
    """Records split by the creation field of the place they are credited to move with it when it changes."""
    for model, tracked in _tracked().items():
        for countable in tracked:
            if not countable.split_by_field or _field_lookup(model, countable.place_field) == "creation_field":
                continue
            pks = list(model._base_manager.filter(**{countable.place_field: place_id}).values_list("pk", flat=True))
            after = contributions(model, pks)
            before: Counter = Counter()
            for (which, (key, pid, month, _field)), value in after.items():
                before[(which, (key, pid, month, old_field if splits(key) else 0))] += value
            apply(before, after)
            break   # contributions() covered every countable of the model


def _place_pre_delete(instance) -> None:
    index = PlaceIndex()
    index.load([instance.pk])
    # The place's own rows go with it (cascade); its ancestors lose what it added.
    instance._coverage_gone = (_own_coverage(instance.pk, index, is_unit=instance.kind == "unit",
                                             field_id=instance.creation_field_id or 0, sign=-1, skip_self=True),
                               index)


# ------------------------------------------------------------------------------------------------------ signals
def _pre_save(sender, instance, raw=False, **kwargs):
    if not raw and _is_place(sender):
        _place_pre_save(instance)
    if raw or not countables_for(sender):
        return
    adding = instance._state.adding or instance.pk is None
    instance._facts_before = Counter() if adding else contributions(sender, [instance.pk])


# Models the dashboard shows besides the fact rows (names of places, fields, kinds, offices' countables) and the
# apps whose tiles it shows (tasks, rectifications, funds, titles and assessments, inclusions, quiz rates): a save
# or deletion of one bumps the facts version too, so a cached fragment never shows an old name or tile.
SHOWN_WITH_FIGURES = {"places.place", "places.creationfield", "activities.kinddefinition",
                      "analytics.countabledefinition"}
TILE_APPS = {"plans", "inspections", "funds", "titles", "assessments", "agreements", "quizzes"}


def shown_with_figures(sender) -> bool:
    if not isinstance(sender, type) or not hasattr(sender, "_meta"):
        return False
    # A migration's historical model (places' defaults) is not the registered class: its table may come first.
    label = sender._meta.label_lower
    return _is_place(sender) or ((label in SHOWN_WITH_FIGURES or sender._meta.app_label in TILE_APPS)
                                 and apps.get_model(label) is sender)


def _post_save(sender, instance, raw=False, created=False, **kwargs):
    if shown_with_figures(sender):      # raw too: the recycle bin restores rows as raw saves
        touch()
    if not raw and _is_place(sender):
        _place_post_save(instance, created)
    if raw or not countables_for(sender):
        return
    before = getattr(instance, "_facts_before", Counter())
    apply(before, contributions(sender, [instance.pk]))
    instance._facts_before = Counter()


def _pre_delete(sender, instance, **kwargs):
    if _is_place(sender):
        _place_pre_delete(instance)
    if countables_for(sender):
        instance._facts_before = contributions(sender, [instance.pk])


def _post_delete(sender, instance, **kwargs):
    if shown_with_figures(sender):
        touch()
    if _is_place(sender) and getattr(instance, "_coverage_gone", None):
        changes, index = instance._coverage_gone
        # Deleting a subtree deletes the ancestors of some of its places too: write only to places still there.
        alive = set(sender._base_manager.filter(pk__in={k[0] for k in changes}).values_list("pk", flat=True))
        upsert({k: v for k, v in changes.items() if k[0] in alive}, index)
    if countables_for(sender):
        apply(getattr(instance, "_facts_before", Counter()), Counter())


def connect() -> None:
    pre_save.connect(_pre_save, dispatch_uid="tuanjie_facts_pre_save")
    post_save.connect(_post_save, dispatch_uid="tuanjie_facts_post_save")
    pre_delete.connect(_pre_delete, dispatch_uid="tuanjie_facts_pre_delete")
    post_delete.connect(_post_delete, dispatch_uid="tuanjie_facts_post_delete")
    subtree_moved.connect(_subtree_moved, dispatch_uid="tuanjie_facts_subtree_moved")


def _subtree_moved(sender, place, old_ancestor_ids, **kwargs):
    place_moved(place, old_ancestor_ids)


def place_moved(place, old_ancestor_ids: Iterable[int]) -> None:
    """A subtree moved (treebeard rewrites the paths in SQL, without signals): its rows take their new paths and
    depths, and its totals (the moved place's own rows) leave the old ancestors for the new ones."""
    from tuanjie.analytics.models import Fact
    from tuanjie.places.models import Place

    index = PlaceIndex()
    index.load([place.pk])
    new_ancestors = index.chain(place.pk)[1:]
    old_ancestors = list(old_ancestor_ids)
    index.load(old_ancestors)
    touch()
    _table, connection = _table_and_connection()
    moved = Fact.objects.using(connection.alias).filter(place__path__startswith=place.path)
    here = Place.objects.filter(pk=OuterRef("place_id"))
    moved.update(path=Subquery(here.values("path")[:1]), depth=Subquery(here.values("depth")[:1]))
    rows: dict[tuple, list[int]] = {}
    for fact in Fact.objects.using(connection.alias).filter(place=place).values_list(
            "countable", "grain", "period", "creation_field_id", "n", "total"):
        key, grain, period, field_id, n, total = fact
        for ancestors, sign in ((old_ancestors, -1), (new_ancestors, 1)):
            for ancestor in ancestors:
                slot = rows.setdefault((ancestor, key, grain, period, field_id), [0, 0])
                slot[0] += sign * n
                slot[1] += sign * total
    upsert({k: v for k, v in rows.items() if v[0] or v[1]}, index)


# ------------------------------------------------------------------------------------------------------ rebuild
# Scratch tables of one rebuild (temporary: private to the connection, gone if the transaction rolls back).
_MONTHLY, _PERIODS, _STEPS, _DELTA = "tj_facts_monthly", "tj_facts_periods", "tj_facts_steps", "tj_facts_delta"
_NEW = "tj_facts_new"


def _monthly_sql(countable, connection, narrow=None) -> tuple[str, list]:
    """SELECT place_id, ym (year*100+month), field_id, n, total: the countable's raw rows grouped by credited place,
    month and (for split keys) creation field, written by the ORM so filters and time zones are the countable's."""
    model = countable.model_class()
    measure = countable.measure or measure_field(model)
    day = countable.date_field
    qs = countable.queryset().order_by()
    if narrow is not None:
        qs = qs.filter(narrow)
    qs = (qs.filter(**{f"{day}__isnull": False, f"{countable.place_field}__isnull": False})
          .annotate(_pid=F(countable.place_field), _ym=ExtractYear(day) * 100 + ExtractMonth(day),
                    _fid=(Coalesce(F(_field_lookup(model, countable.place_field)), 0)
                          if countable.split_by_field else Value(0)))
          .values("_pid", "_ym", "_fid")
          .annotate(_n=Count("pk"), _t=Coalesce(Sum(measure), 0) if measure else Value(0)))
    sql, params = qs.query.sql_with_params()
    q = connection.ops.quote_name
    return f"SELECT {q('_pid')}, {q('_ym')}, {q('_fid')}, {q('_n')}, {q('_t')} FROM ({sql}) raw", list(params)


def _members(sources):
    """The sources with each family replaced by one source per value its records hold (one small DISTINCT)."""
    for key, countable, narrow in sources:
        if not countable.family:
            yield key, countable, narrow
            continue
        qs = countable.queryset().order_by()
        if narrow is not None:
            qs = qs.filter(narrow)
        values = qs.exclude(**{countable.family: ""}).values_list(countable.family, flat=True).distinct()
        for value in sorted(values):
            member = replace(countable, key=member_key(countable, value), family="", member_info=None,
                             member_choices=None, filters={**countable.filters, countable.family: value})
            yield member.key, member, narrow


def _stage(cursor, connection, sources) -> None:
    """Fill the scratch tables from `sources` [(key, countable, queryset filter or None)]: every (place, key, month,
    field) sum at the credited place and each ancestor (children rolled into parents one level at a time, deepest
    first, so each level is aggregated once rather than once per ancestor of every record), and the grains' periods
    of the months present. A parent's own rows and its children's sums sit side by side until grouped."""
    from tuanjie.places.models import Place

    q = connection.ops.quote_name
    places = q(Place._meta.db_table)
    for scratch in (_MONTHLY, _PERIODS, _STEPS):
        cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
    cursor.execute(f"CREATE TEMPORARY TABLE {_MONTHLY} (place_id bigint, path varchar(255), depth integer, "
                   f"countable varchar(60), ym integer, field_id integer, n bigint, total bigint)")
    for key, countable, narrow in _members(sources):
        sql, params = _monthly_sql(countable, connection, narrow)
        cursor.execute(
            f"INSERT INTO {_MONTHLY} (place_id, path, depth, countable, ym, field_id, n, total) "
            f"SELECT p.id, p.path, p.depth, %s, m.{q('_ym')}, m.{q('_fid')}, m.{q('_n')}, m.{q('_t')} "
            f"FROM ({sql}) m JOIN {places} p ON p.id = m.{q('_pid')}", [key, *params])
    cursor.execute(f"SELECT MAX(depth), MIN(ym), MAX(ym) FROM {_MONTHLY}")
    deepest, first, last = cursor.fetchone()
    for depth in range(deepest or 0, 1, -1):
        cursor.execute(
            f"INSERT INTO {_MONTHLY} (place_id, path, depth, countable, ym, field_id, n, total) "
            f"SELECT a.id, a.path, a.depth, c.countable, c.ym, c.field_id, SUM(c.n), SUM(c.total) "
            f"FROM {_MONTHLY} c JOIN {places} a ON a.path = SUBSTR(c.path, 1, %s) WHERE c.depth = %s "
            f"GROUP BY a.id, a.path, a.depth, c.countable, c.ym, c.field_id", [(depth - 1) * Place.steplen, depth])
    cursor.execute(f"CREATE TEMPORARY TABLE {_PERIODS} (ym integer, grain varchar(1), period date)")
    months = [date(ym // 100, ym % 100, 1) for ym in _months_between(first, last)] if first else []
    cursor.executemany(f"INSERT INTO {_PERIODS} (ym, grain, period) VALUES (%s, %s, %s)",
                       [(m.year * 100 + m.month, g, period_start(m, g)) for m in months for g in GRAINS])
    cursor.execute(f"SELECT MAX(depth) FROM {places}")
    deepest = cursor.fetchone()[0] or 0
    cursor.execute(f"CREATE TEMPORARY TABLE {_STEPS} (k integer)")
    cursor.executemany(f"INSERT INTO {_STEPS} (k) VALUES (%s)", [(k,) for k in range(1, deepest + 1)])


def _staged_facts_sql(connection, *, narrow_first: bool = False) -> str:
    """SELECT of the fact rows the scratch tables hold, in the fact table's column order (FACT_COLUMNS)."""
    from tuanjie.places.models import Place

    places = connection.ops.quote_name(Place._meta.db_table)
    if narrow_first:
        # A bulk addition's months (with the working memory of _sort_memory) group faster by the narrow key first,
        # joined to the place's path, depth and kind afterwards. The rebuild measured slower that way under the
        # default working memory, so it keeps grouping after the join.
        return (f"SELECT p.id, p.path, p.depth, p.kind = %s, s.countable, s.grain, s.period, s.field_id, s.n, "
                f"s.total FROM (SELECT m.place_id, m.countable, g.grain, g.period, m.field_id, SUM(m.n) AS n, "
                f"SUM(m.total) AS total FROM {_MONTHLY} m JOIN {_PERIODS} g ON g.ym = m.ym "
                f"GROUP BY m.place_id, m.countable, g.grain, g.period, m.field_id) s "
                f"JOIN {places} p ON p.id = s.place_id")
    return (f"SELECT m.place_id, m.path, m.depth, p.kind = %s, m.countable, g.grain, g.period, m.field_id, "
            f"SUM(m.n), SUM(m.total) FROM {_MONTHLY} m JOIN {_PERIODS} g ON g.ym = m.ym "
            f"JOIN {places} p ON p.id = m.place_id "
            f"GROUP BY m.place_id, m.path, m.depth, p.kind, m.countable, g.grain, g.period, m.field_id")


FACT_COLUMNS = "place_id, path, depth, is_unit, countable, grain, period, creation_field_id, n, total"


def rebuild(*, stdout=None) -> int:
    """Recompute every fact from the raw rows, in one transaction, inside the database. Returns the number of fact
    rows."""
    from tuanjie.analytics.models import Fact
    from tuanjie.places.models import Place

    table, connection = _table_and_connection()
    q = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        touch()
        _stage(cursor, connection, [(key, c, None) for key, c in countables.registry().items()
                                        if not c.is_ratio])
        cursor.execute(f"DELETE FROM {q(table)}")
        cursor.execute(f"INSERT INTO {q(table)} ({FACT_COLUMNS}) {_staged_facts_sql(connection)}", [Place.Kind.UNIT])
        _rebuild_coverage(cursor, q, table, q(Place._meta.db_table), Place.steplen)
        for scratch in (_MONTHLY, _PERIODS, _STEPS):
            cursor.execute(f"DROP TABLE {scratch}")
        written = Fact.objects.using(connection.alias).count()
    if stdout:
        stdout.write(f"已重建统计事实 {written} 行")
    return written


def records_added(model, pks: list) -> None:
    """Add newly written records (bulk_create, COPY: no signals) to the facts in the database, as `rebuild` would
    count them: for an import of a hundred thousand rows this is a few statements instead of a Python pass over
    every record and ancestor. Only for records that did not count before (new rows)."""
    from tuanjie.places.models import Place

    tracked = countables_for(model)
    if not tracked or not pks:
        return
    table, connection = _table_and_connection()
    q = connection.ops.quote_name
    places = q(Place._meta.db_table)
    unit = Place.Kind.UNIT
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor, _sort_memory(cursor, connection):
        touch()
        # The new ids in a scratch table: each countable's monthly pass joins it, instead of carrying tens of
        # thousands of parameters (PostgreSQL takes at most 65,535 per statement) once per countable.
        cursor.execute(f"DROP TABLE IF EXISTS {_NEW}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_NEW} (id bigint PRIMARY KEY)")
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {_NEW} (id) FROM STDIN") as copy:
                for pk in pks:
                    copy.write_row((pk,))
            cursor.execute(f"ANALYZE {_NEW}")   # so the planner joins it rather than guessing its size
        else:
            cursor.executemany(f"INSERT INTO {_NEW} (id) VALUES (%s)", [(pk,) for pk in pks])
        new = Q(pk__in=RawSQL(f"SELECT id FROM {_NEW}", []))
        _stage(cursor, connection, [(c.key, c, new) for c in tracked])
        cursor.execute(f"DROP TABLE IF EXISTS {_DELTA}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_DELTA} (place_id bigint, path varchar(255), depth integer, "
                       f"is_unit boolean, countable varchar(60), grain varchar(1), period date, "
                       f"creation_field_id integer, n bigint, total bigint)")
        cursor.execute(f"INSERT INTO {_DELTA} ({FACT_COLUMNS}) {_staged_facts_sql(connection, narrow_first=True)}",
                       [unit])
        # Units whose coverage key goes from no records to some in a period become active there and above.
        _insert_active_units(cursor, q, into=_DELTA, source=_DELTA, places=places, inactive_in=q(table))
        # WHERE true: SQLite needs it to read ON CONFLICT after INSERT … SELECT. A fixed order: no deadlocks.
        cursor.execute(
            f"INSERT INTO {q(table)} ({FACT_COLUMNS}) SELECT {FACT_COLUMNS} FROM {_DELTA} WHERE true "
            f"ORDER BY place_id, countable, grain, period, creation_field_id "
            f"ON CONFLICT (place_id, countable, grain, period, creation_field_id) "
            f"DO UPDATE SET n = {q(table)}.n + excluded.n, total = {q(table)}.total + excluded.total")
        for scratch in (_MONTHLY, _PERIODS, _STEPS, _DELTA, _NEW):
            cursor.execute(f"DROP TABLE {scratch}")


@contextmanager
def _sort_memory(cursor, connection):
    """On PostgreSQL, enough working memory for the statements of a bulk addition: the deltas of a 100,000-row import
    are several hundred thousand rows, which the default 4 MB sorts and groups on disk, in temporary files. Set
    for this transaction only and put back afterwards (if a statement fails, the rollback puts it back)."""
    if connection.vendor != "postgresql":
        yield
        return
    cursor.execute("SELECT current_setting('work_mem')")
    previous = cursor.fetchone()[0]
    cursor.execute("SELECT set_config('work_mem', %s, true)", [BULK_WORK_MEM])
    yield
    cursor.execute("SELECT set_config('work_mem', %s, true)", [previous])


def _to_ancestors(places: str, steplen: int) -> str:
    """Joins a unit `u` to itself and each ancestor `a`, one path prefix per level (through the steps table)."""
    return (f"JOIN {_STEPS} s ON s.k <= u.depth "
            f"JOIN {places} a ON a.path = SUBSTR(u.path, 1, s.k * {int(steplen)})")


def _rebuild_coverage(cursor, q, table, places, steplen) -> None:
    """The coverage rows: every unit counts once at itself and each ancestor (joined through the prefixes of its
    path, one per level), and once more as active in each period its COVERAGE_KEY rows show records in."""
    from tuanjie.places.models import Place

    to_ancestors = _to_ancestors(places, steplen)
    unit = Place.Kind.UNIT
    cursor.execute(
        f"INSERT INTO {q(table)} ({FACT_COLUMNS}) "
        f"SELECT a.id, a.path, a.depth, a.kind = %s, %s, %s, %s, COALESCE(u.creation_field_id, 0), COUNT(*), 0 "
        f"FROM {places} u {to_ancestors} WHERE u.kind = %s "
        f"GROUP BY a.id, a.path, a.depth, a.kind, COALESCE(u.creation_field_id, 0)", [unit, UNITS, ALL, ALWAYS, unit])
    _insert_active_units(cursor, q, into=q(table), source=q(table), places=places)


def _insert_active_units(cursor, q, *, into: str, source: str, places: str, inactive_in: str | None = None) -> None:
    """Into `into`: one active unit at each unit and every ancestor, per creation field of the unit, for each
    (unit, grain, period) whose COVERAGE_KEY rows in `source` show records. With `inactive_in`, only the units that
    table shows no records for yet (a bulk addition: those already active stay counted once)."""
    from tuanjie.places.models import Place

    unit = Place.Kind.UNIT
    params = [unit, ACTIVE, COVERAGE_KEY, unit]
    not_yet = ""
    if inactive_in:
        not_yet = (f"AND COALESCE((SELECT SUM(f.n) FROM {inactive_in} f WHERE f.place_id = d.place_id "
                   f"AND f.countable = %s AND f.grain = d.grain AND f.period = d.period), 0) = 0 ")
        params.append(COVERAGE_KEY)
    cursor.execute(
        f"INSERT INTO {into} ({FACT_COLUMNS}) "
        f"SELECT a.id, a.path, a.depth, a.kind = %s, %s, d.grain, d.period, COALESCE(u.creation_field_id, 0), "
        f"COUNT(*), 0 "
        f"FROM (SELECT place_id, grain, period FROM {source} WHERE countable = %s "
        f"      GROUP BY place_id, grain, period HAVING SUM(n) > 0) d "
        f"JOIN {places} u ON u.id = d.place_id {_to_ancestors(places, Place.steplen)} "
        f"WHERE u.kind = %s {not_yet}"
        f"GROUP BY a.id, a.path, a.depth, a.kind, d.grain, d.period, COALESCE(u.creation_field_id, 0)", params)


def _months_between(first: int, last: int) -> list[int]:
    out, ym = [], first
    while ym <= last:
        out.append(ym)
        ym = ym + 1 if ym % 100 < 12 else (ym // 100 + 1) * 100 + 1
    return out
