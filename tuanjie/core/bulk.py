"""Creating many new rows of one model at once, for imports of tens of thousands of rows.

On PostgreSQL the rows go in by COPY, several times faster than INSERT statements; the primary keys are drawn
from the table's sequence first so that every instance knows its pk afterwards, as with `bulk_create`. Other
databases use `bulk_create`. Neither sends signals: callers write the change log and the facts themselves."""

import json
from collections.abc import Sequence

from django.db import connections, router
from django.db.models import Model
from django.utils import timezone

BATCH_SIZE = 2000
_AUTO_KEYS = {"AutoField", "BigAutoField", "SmallAutoField"}
# Written to COPY as Python values (psycopg adapts them); anything else goes through the field's get_db_prep_save.
_PLAIN = _AUTO_KEYS | {"CharField", "TextField", "SlugField", "DateField", "BooleanField", "IntegerField",
                       "BigIntegerField", "SmallIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
                       "PositiveBigIntegerField"}
_layouts: dict = {}


def instance(model: type[Model], values: dict) -> Model:
    """An unsaved instance from {attname: value}. Model(**kwargs) costs about 15 µs; positional values, as Django
    passes them when it loads rows from the database, a third of that, which matters at 100,000 rows."""
    layout = _layouts.get(model)
    if layout is None:
        fields = model._meta.concrete_fields
        layout = _layouts[model] = (
            {f.attname: i for i, f in enumerate(fields)},
            [None if _per_row(f) else f.get_default() for f in fields],
            [(i, f) for i, f in enumerate(fields) if _per_row(f)],
        )
    position, defaults, per_row = layout
    args = defaults.copy()
    for i, field in per_row:
        args[i] = field.get_default()
    for attname, value in values.items():
        args[position[attname]] = value
    return model(*args)


def _per_row(field) -> bool:
    # A field without a default has NOT_PROVIDED there, a class, which callable() does not tell from a function.
    return field.has_default() and callable(field.default)


class JsonText(str):
    """A value already encoded as JSON, for a JSON column: COPY writes it as it is instead of encoding it again."""


def insert_new(objs: Sequence[Model], *, batch_size: int = BATCH_SIZE) -> None:
    """Insert unsaved instances of one model and set their pks; auto_now fields get the time of the insert."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    if _copies(connection, model) and all(obj.pk is None for obj in objs):
        opts = model._meta
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [connection.ops.quote_name(opts.db_table), opts.pk.column, len(objs)])
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = pk
        now = timezone.now()
        for field in _auto_now_fields(model):
            for obj in objs:  # as pre_save(add=True) would, with one time for the whole insert
                setattr(obj, field.attname, now)
        attnames = [f.attname for f in opts.concrete_fields]
        _copy(connection, model, attnames, ([getattr(obj, a) for a in attnames] for obj in objs))
        for obj in objs:
            obj._state.adding = False
            obj._state.db = connection.alias
    else:
        model._base_manager.using(connection.alias).bulk_create(objs, batch_size=batch_size)


def insert_values(model: type[Model], rows: Sequence[dict], *, batch_size: int = BATCH_SIZE) -> None:
    """Insert rows given as {attname: value}, all with the same keys, when no instances are needed afterwards
    (log entries): on PostgreSQL no model instance is made at all."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    if not _copies(connection, model):
        objs = [instance(model, {a: json.loads(v) if isinstance(v, JsonText) else v for a, v in row.items()})
                for row in rows]
        model._base_manager.using(connection.alias).bulk_create(objs, batch_size=batch_size)
        return
    attnames = list(rows[0])
    auto_now = [f.attname for f in _auto_now_fields(model) if f.attname not in rows[0]]
    now = timezone.now()
    _copy(connection, model, attnames + auto_now,
          ([row[a] for a in attnames] + [now] * len(auto_now) for row in rows))


def _copies(connection, model) -> bool:
    return connection.vendor == "postgresql" and model._meta.pk.get_internal_type() in _AUTO_KEYS


def _auto_now_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if _is_auto_now(f)]


def _copy(connection, model, attnames: list[str], rows) -> None:
    opts = model._meta
    q = connection.ops.quote_name
    fields = [opts.get_field(attname) for attname in attnames]
    # Plain values go to COPY as they are (psycopg adapts dates, numbers and text itself); others (JSON, timestamps
    # that may be naive) through the field's get_db_prep_save, as save() would.
    converted = []
    for i, field in enumerate(fields):
        target = field.target_field if field.is_relation else field
        if target.get_internal_type() not in _PLAIN and not _is_auto_now(field):
            converted.append((i, field))
    columns = ", ".join(q(f.column) for f in fields)
    with connection.cursor() as cursor, cursor.copy(f"COPY {q(opts.db_table)} ({columns}) FROM STDIN") as copy:
        for values in rows:
            for i, field in converted:
                if not isinstance(values[i], JsonText):
                    values[i] = field.get_db_prep_save(values[i], connection)
            copy.write_row(values)


def _is_auto_now(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
