"""Yearly partitions of the large tables on PostgreSQL (docs/scaling.md, step 1).

Each table is `PARTITION BY RANGE` of its date column, one partition a year (`<table>_y2026`) plus a DEFAULT one
(`<table>_default`) for rows dated beyond the years made so far. A query for one year opens that year's partition
only; an old year can be detached and archived in one statement.

Plain declarative DDL rather than pg_partman: one partition a year is a handful of statements a year, and the
extension would be one more package every server (and every restore target) must carry.

What partitioning changes, and why the models still read the same:
- the physical primary key is `(id, <date column>)`: PostgreSQL wants the partition key in every unique
  constraint. Django still treats `id` as the primary key; `id` comes from one sequence (PostgreSQL 15 has no
  identity columns on partitioned tables), so it stays unique across partitions;
- nothing may refer to these tables with a database foreign key, so the two fields that did
  (`funds.Expenditure.activity`, `Activity.attendees`' link table) have `db_constraint=False`; their on_delete
  (SET_NULL, CASCADE) is carried out by Django's deletion collector, which every deletion in the product goes
  through (services, the recycle bin, purge);
- indexes, check constraints and foreign keys from these tables are declared on the parent and so hold on every
  partition.

SQLite keeps plain tables: the migrations that call `convert_to_partitioned` do nothing there."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

# table → the date (or timestamp) column it is partitioned by
PARTITIONED = {
    "activities_activity": "start_date",
    "pairing_contact": "date",
    "core_changelogentry": "time",
    "analytics_fact": "period",
}
# Years a table always has a partition for: the facts' grain-free coverage rows are dated 2000-01-01
# (analytics.facts.ALWAYS), and would otherwise sit in DEFAULT.
ALWAYS_YEARS = {"analytics_fact": {2000}}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _is_timestamp(cursor, table: str, column: str) -> bool:
    cursor.execute("SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() "
                   "AND table_name = %s AND column_name = %s", [table, column])
    return cursor.fetchone()[0].startswith("timestamp")


def _bound(year: int, timestamp: bool) -> str:
    """The SQL literal of 1 January of `year`. A year of the change log is the local year (Beijing time), as people
    read its dates. A literal, not a parameter: DDL takes none."""
    if timestamp:
        return f"'{datetime(year, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE)).isoformat()}'::timestamptz"
    return f"'{date(year, 1, 1).isoformat()}'::date"


def _range(year: int, timestamp: bool) -> str:
    return f"FROM ({_bound(year, timestamp)}) TO ({_bound(year + 1, timestamp)})"


def partition_name(table: str, year: int) -> str:
    return f"{table}_y{year}"


def is_partitioned(cursor, table: str) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [table])
    row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def partition_years(cursor, table: str) -> list[int]:
    """The years that have their own partition."""
    cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                   "WHERE i.inhparent = to_regclass(%s)", [table])
    prefix = table + "_y"
    return sorted(int(name[len(prefix):]) for (name,) in cursor.fetchall() if name.startswith(prefix))


def _shape(cursor, table: str) -> dict:
    """What must be recreated on the rebuilt table: its indexes, unique and foreign key constraints (by name, as
    Django and later migrations know them), storage options and where its id sequence stands."""
    cursor.execute("""
        SELECT i.relname, pg_get_indexdef(x.indexrelid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = to_regclass(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u'))
        ORDER BY i.relname""", [table])
    indexes = cursor.fetchall()
    cursor.execute("""
        SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
        WHERE conrelid = to_regclass(%s) AND contype IN ('p', 'u', 'f') ORDER BY conname""", [table])
    constraints = cursor.fetchall()
    cursor.execute("SELECT reloptions FROM pg_class WHERE oid = to_regclass(%s)", [table])
    reloptions = cursor.fetchone()[0]
    if reloptions is None and is_partitioned(cursor, table):
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = to_regclass(%s)", [table + "_default"])
        row = cursor.fetchone()
        reloptions = row[0] if row else None
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
    last_value, is_called = cursor.fetchone()
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_q(table)}")
    next_id = max(last_value + (1 if is_called else 0), cursor.fetchone()[0] + 1)
    return {"indexes": indexes, "constraints": constraints, "reloptions": reloptions or [], "next_id": next_id}


def _with(reloptions: list[str]) -> str:
    return f" WITH ({', '.join(reloptions)})" if reloptions else ""


def _refuse_references(cursor, table: str) -> None:
    cursor.execute("SELECT conrelid::regclass::text, conname FROM pg_constraint "
                   "WHERE confrelid = to_regclass(%s) AND contype = 'f' AND conrelid <> confrelid", [table])
    rows = cursor.fetchall()
    if rows:
        raise RuntimeError(f"{table} 仍被数据库外键引用，无法分区：" + "、".join(f"{t}.{c}" for t, c in rows)
                           + "。请先把这些字段改为 db_constraint=False。")


def _check_pending(cursor) -> None:
    # The old table is dropped below, which PostgreSQL refuses while foreign key checks deferred to the commit are
    # pending on it (rows written earlier in the same transaction): check them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _finish(cursor, table: str, shape: dict, key: str | None) -> None:
    """Primary key, unique and foreign key constraints, indexes and the id default on the rebuilt `table`."""
    for name, kind, definition in shape["constraints"]:
        if kind == "p":
            columns = f"id, {_q(key)}" if key else "id"
            cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} PRIMARY KEY ({columns})")
        else:   # a unique constraint without the partition key is refused by PostgreSQL itself, loudly
            cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
    for _name, definition in shape["indexes"]:
        # The definition names the table it was read from, which has that name again; a partitioned table's reads
        # "ON ONLY", which would leave the partitions without it.
        cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))


def _name_partition_indexes(cursor, table: str) -> None:
    """Each partition's index named after the parent's (`activity_title_trgm_idx_y2026`), not PostgreSQL's made-up
    `activities_activity_y2026_upper_idx`, so a query plan says which declared index it read."""
    cursor.execute("""
        SELECT parent.relname, child.relname, part.relname
        FROM pg_inherits i
        JOIN pg_class parent ON parent.oid = i.inhparent AND parent.relkind = 'I'
        JOIN pg_class child ON child.oid = i.inhrelid
        JOIN pg_index x ON x.indexrelid = child.oid
        JOIN pg_class part ON part.oid = x.indrelid
        WHERE x.indrelid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = to_regclass(%s))""", [table])
    for parent, child, partition in cursor.fetchall():
        suffix = partition[len(table) + 1:]
        wanted = f"{parent[:62 - len(suffix)]}_{suffix}"      # 63 characters at most
        if child != wanted:
            cursor.execute(f"ALTER INDEX {_q(child)} RENAME TO {_q(wanted)}")


def convert_to_partitioned(connection, table: str, key: str, *, ahead: int = 1) -> None:
    """Rebuild `table` as a table partitioned by year of `key`, keeping every row, index, constraint and the id
    sequence's position. Partitions: each year present, this year up to `ahead` years on, and DEFAULT."""
    with connection.cursor() as cursor:
        if is_partitioned(cursor, table):
            return
        _refuse_references(cursor, table)
        _check_pending(cursor)
        shape = _shape(cursor, table)
        timestamp = _is_timestamp(cursor, table, key)
        local = f"{_q(key)} AT TIME ZONE %s" if timestamp else _q(key)
        cursor.execute(f"SELECT DISTINCT EXTRACT(YEAR FROM {local})::int FROM {_q(table)}",
                       [settings.TIME_ZONE] if timestamp else [])
        this_year = timezone.localdate().year
        years = ({row[0] for row in cursor.fetchall()} | set(range(this_year, this_year + ahead + 1))
                 | ALWAYS_YEARS.get(table, set()))
        old = table + "__plain"
        cursor.execute(f"ALTER TABLE {_q(table)} RENAME TO {_q(old)}")
        cursor.execute(f"CREATE TABLE {_q(table)} (LIKE {_q(old)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
                       f"INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE ({_q(key)})")
        for year in sorted(years):
            cursor.execute(f"CREATE TABLE {_q(partition_name(table, year))} PARTITION OF {_q(table)} "
                           f"FOR VALUES {_range(year, timestamp)}{_with(shape['reloptions'])}")
        cursor.execute(f"CREATE TABLE {_q(table + '_default')} PARTITION OF {_q(table)} DEFAULT"
                       f"{_with(shape['reloptions'])}")
        cursor.execute(f"INSERT INTO {_q(table)} SELECT * FROM {_q(old)}")
        cursor.execute(f"DROP TABLE {_q(old)}")         # and with it the identity sequence, replaced below
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are all INITIALLY DEFERRED
        sequence = table + "_id_seq"
        cursor.execute(f"CREATE SEQUENCE {_q(sequence)} AS bigint OWNED BY {_q(table)}.id")
        cursor.execute("SELECT setval(%s, %s, false)", [sequence, shape["next_id"]])
        cursor.execute(f"ALTER TABLE {_q(table)} ALTER COLUMN id SET DEFAULT nextval('{sequence}'::regclass)")
        _finish(cursor, table, shape, key)
        _name_partition_indexes(cursor, table)


def convert_to_plain(connection, table: str) -> None:
    """The reverse: one plain table with an identity id again, every row kept."""
    with connection.cursor() as cursor:
        if not is_partitioned(cursor, table):
            return
        _check_pending(cursor)
        shape = _shape(cursor, table)
        old = table + "__partitioned"
        cursor.execute(f"ALTER TABLE {_q(table)} RENAME TO {_q(old)}")
        cursor.execute(f"CREATE TABLE {_q(table)} (LIKE {_q(old)} INCLUDING CONSTRAINTS INCLUDING STORAGE "
                       f"INCLUDING COMMENTS){_with(shape['reloptions'])}")
        cursor.execute(f"INSERT INTO {_q(table)} SELECT * FROM {_q(old)}")
        cursor.execute(f"DROP TABLE {_q(old)}")          # its partitions and its sequence go with it
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(f"ALTER TABLE {_q(table)} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY "
                       f"(START WITH {int(shape['next_id'])})")
        _finish(cursor, table, shape, None)


def ensure_partitions(connection, *, ahead: int = 1, today: date | None = None, years=()) -> list[str]:
    """Make each partitioned table's partitions for this year up to `ahead` years on, moving the rows of such a
    year out of DEFAULT into it; also the partitions of `years` (a bulk load of past years, bench/run.py).
    Idempotent; returns the partitions it created. Nothing to do on SQLite."""
    if connection.vendor != "postgresql":
        return []
    this_year = (today or timezone.localdate()).year
    wanted = sorted(set(range(this_year, this_year + ahead + 1)) | set(years))
    created = []
    with connection.cursor() as cursor:
        for table, key in PARTITIONED.items():
            if not is_partitioned(cursor, table):
                continue
            timestamp = _is_timestamp(cursor, table, key)
            have = set(partition_years(cursor, table))
            for year in wanted:
                if year not in have:
                    _add_year(cursor, table, key, year, timestamp)
                    created.append(partition_name(table, year))
    return created


def _add_year(cursor, table: str, key: str, year: int, timestamp: bool) -> None:
    """A new year's partition, built beside the table and attached: PostgreSQL refuses to create a partition
    whose rows the DEFAULT partition already holds, so those rows move into it first (in this transaction)."""
    name, default = partition_name(table, year), table + "_default"
    start, end = _bound(year, timestamp), _bound(year + 1, timestamp)
    key = _q(key)
    cursor.execute("SELECT reloptions FROM pg_class WHERE oid = to_regclass(%s)", [default])
    row = cursor.fetchone()
    reloptions = (row[0] if row else None) or []
    cursor.execute(f"CREATE TABLE {_q(name)} (LIKE {_q(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
                   f"INCLUDING STORAGE){_with(reloptions)}")
    if row:
        cursor.execute(f"WITH moved AS (DELETE FROM {_q(default)} WHERE {key} >= {start} AND {key} < {end} "
                       f"RETURNING *) INSERT INTO {_q(name)} SELECT * FROM moved")
    # The check lets ATTACH skip scanning the new partition; the partition bound replaces it afterwards.
    cursor.execute(f"ALTER TABLE {_q(name)} ADD CONSTRAINT {_q(name + '_bound')} "
                   f"CHECK ({key} IS NOT NULL AND {key} >= {start} AND {key} < {end})")
    cursor.execute(f"ALTER TABLE {_q(table)} ATTACH PARTITION {_q(name)} FOR VALUES {_range(year, timestamp)}")
    cursor.execute(f"ALTER TABLE {_q(name)} DROP CONSTRAINT {_q(name + '_bound')}")
    _name_partition_indexes(cursor, table)


def partition_by_year(table: str):
    """The migration operation that converts `table` (on PostgreSQL; nothing elsewhere, state unchanged)."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            convert_to_partitioned(schema_editor.connection, table, PARTITIONED[table])

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            convert_to_plain(schema_editor.connection, table)

    return migrations.RunPython(forwards, backwards, elidable=False)
