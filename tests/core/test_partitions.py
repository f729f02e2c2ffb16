"""Yearly partitions of the large tables on PostgreSQL (tuanjie/core/partitions.py, docs/scaling.md step 1): a year's
query opens that year only, every constraint still holds, the conversion keeps every row, the scheduled command
makes next year ahead. SQLite keeps plain tables; the deletion behaviour of what hangs on an activity is the same on
both."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from tests.factories_pairing import setup_programme
from tuanjie.activities.models import Activity
from tuanjie.activities.services import activity_create, activity_delete
from tuanjie.analytics.models import Fact
from tuanjie.core.context import acting_as
from tuanjie.core.models import ChangeLogEntry
from tuanjie.core.partitions import ensure_partitions
from tuanjie.core.roles import Role
from tuanjie.pairing.models import Contact
from tuanjie.pairing.services import contact_record

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'",
                                   reason="partitions exist on PostgreSQL only; SQLite keeps plain tables")

# What docs/scaling.md promises, written out here rather than read from core/partitions.py.
EXPECTED = {"activities_activity": "start_date", "pairing_contact": "date", "core_changelogentry": "time",
            "analytics_fact": "period"}


def _scalar(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _partitions(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = %s::regclass ORDER BY 1", [table])
        return [row[0] for row in cursor.fetchall()]


def _where(table, pk):
    return _scalar(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [pk])


def _scanned(queryset):
    """The partitions a query's plan reads."""
    tables = "|".join(EXPECTED)
    return sorted(set(re.findall(rf"\b((?:{tables})_(?:y\d{{4}}|default))(?!\w)", queryset.explain())))


@pytest.fixture
def records(tree):
    """Two activities and a contact in 2026, one activity in 2025 (it lands in DEFAULT: the test database was made
    in 2026 with this year and next)."""
    with acting_as(None, source="test"):
        a = activity_create(by=None, place=tree.u1, start_date=date(2026, 5, 12), title="主题宣讲", kind="lecture",
                            participants=50)
        b = activity_create(by=None, place=tree.u2, start_date=date(2026, 6, 1), title="政策宣讲", kind="lecture",
                            participants=20)
        old = activity_create(by=None, place=tree.u1, start_date=date(2025, 3, 1), title="去年的宣讲", kind="lecture",
                              participants=10)
        contact = contact_record(by=None, pair=setup_programme(tree.u1, tree), date=date(2026, 2, 3), form="visit",
                                 topic="拉家常", deeds="", cost=0)
    return a, b, old, contact


@postgres_only
def test_each_large_table_is_partitioned_by_year_of_its_date_with_this_year_next_year_and_a_default(db):
    this = date.today().year
    for table, column in EXPECTED.items():
        assert _scalar("SELECT partstrat FROM pg_partitioned_table WHERE partrelid = %s::regclass", [table]) == "r"
        assert _scalar("SELECT a.attname FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid "
                       "AND a.attnum = p.partattrs[0] WHERE p.partrelid = %s::regclass", [table]) == column
        assert {f"{table}_y{this}", f"{table}_y{this + 1}", f"{table}_default"} <= set(_partitions(table))
        assert _scalar("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                       "AND contype = 'p'", [table]) == f'PRIMARY KEY (id, {column if column != "time" else chr(34) + "time" + chr(34)})'


@postgres_only
def test_the_rows_of_a_year_live_in_that_years_partition(records):
    a, b, old, contact = records
    assert _where("activities_activity", a.pk) == "activities_activity_y2026"
    assert _where("activities_activity", old.pk) == "activities_activity_default"
    assert _where("pairing_contact", contact.pk) == "pairing_contact_y2026"
    entry = ChangeLogEntry.objects.filter(object_id=str(a.pk)).latest("id")
    assert _where("core_changelogentry", entry.pk) == f"core_changelogentry_y{entry.time.year}"


@postgres_only
def test_a_county_list_or_dashboard_query_for_2026_reads_only_the_2026_partition(records, tree):
    office = tree.person(Role.OFFICE, tree.county)
    ledger = Activity.objects.restrict(office).filter(start_date__year=2026).order_by("-start_date", "-id")[:50]
    assert _scanned(ledger) == ["activities_activity_y2026"]
    assert [x.title for x in ledger] == ["政策宣讲", "主题宣讲"]
    contacts = Contact.objects.filter(unit__path__startswith=tree.county.path, date__gte=date(2026, 1, 1),
                                      date__lt=date(2027, 1, 1))
    assert _scanned(contacts) == ["pairing_contact_y2026"]
    figures = Fact.objects.filter(countable="activity", grain="y", period=date(2026, 1, 1), depth=tree.county.depth + 1,
                                  path__startswith=tree.county.path)
    assert _scanned(figures) == ["analytics_fact_y2026"]
    log = ChangeLogEntry.objects.filter(place_path__startswith=tree.county.path, time__year=2026)
    assert _scanned(log) == ["core_changelogentry_y2026"]


@postgres_only
def test_the_fact_upsert_still_adds_up_on_the_partitioned_table(records, tree):
    # Two 2026 activities below the county (the fixture's own count), one in 2025.
    county = Fact.objects.get(place=tree.county, countable="activity", grain="y", period=date(2026, 1, 1),
                              creation_field_id__in=[tree.u1.creation_field_id])
    assert county.n == 1   # U1 (school field) held one of the two 2026 activities
    total = sum(Fact.objects.filter(place=tree.county, countable="activity", grain="y", period=date(2026, 1, 1))
                .values_list("n", flat=True))
    assert total == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Fact.objects.create(place=county.place, path=county.path, depth=county.depth, countable=county.countable,
                            grain=county.grain, period=county.period, creation_field_id=county.creation_field_id)


@postgres_only
def test_check_not_null_primary_key_and_foreign_key_constraints_still_hold(records, tree):
    a = records[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=a.pk).update(end_date=date(2026, 5, 1))     # ends before it starts
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=a.pk).update(title=None)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO activities_activity (id, created, updated, start_date, title, kind, location, "
                       "output_text, description, place_id) SELECT id, created, updated, start_date, title, kind, "
                       "location, output_text, description, place_id FROM activities_activity WHERE id = %s", [a.pk])
    for table, column in (("activities_activity", "place_id"), ("pairing_contact", "unit_id"),
                          ("core_changelogentry", "user_id")):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"UPDATE {table} SET {column} = 987654321 WHERE id = (SELECT max(id) FROM {table})")


@postgres_only
def test_ids_keep_coming_from_one_sequence_across_partitions(records):
    a, b, old, contact = records
    assert a.pk < b.pk < old.pk
    assert Activity.objects.filter(pk__in=[a.pk, b.pk, old.pk]).count() == 3


@postgres_only
def test_the_conversion_keeps_every_row_and_the_sequence_of_a_database_that_has_rows(records, tree):
    from django.db.migrations.executor import MigrationExecutor

    before = {"activities_activity": 4, "pairing_contact": 1}      # three from the fixture, one added below
    executor = MigrationExecutor(connection)
    targets = [("activities", "0008_no_constraint_to_activity"), ("pairing", "0003_plausible_dates"),
               ("core", "0006_securityevent"), ("analytics", "0007_facts_version")]
    executor.migrate(targets)
    assert _scalar("SELECT relkind FROM pg_class WHERE relname = 'activities_activity'") == "r"
    with acting_as(None, source="test"):   # a plain table again: rows of any year go in
        ancient = Activity.objects.create(place=tree.u1, start_date=date(2019, 9, 9), title="早年的活动", kind="lecture")
    counts = {t: _scalar(f"SELECT count(*) FROM {t}") for t in EXPECTED}
    ids = {t: _scalar(f"SELECT sum(id) FROM {t}") for t in EXPECTED}
    assert {t: counts[t] for t in before} == before
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    for table in EXPECTED:
        assert _scalar("SELECT relkind FROM pg_class WHERE relname = %s", [table]) == "p"
        assert _scalar(f"SELECT count(*) FROM {table}") == counts[table]
        assert _scalar(f"SELECT sum(id) FROM {table}") == ids[table]
    assert _where("activities_activity", ancient.pk) == "activities_activity_y2019"
    assert _where("activities_activity", records[2].pk) == "activities_activity_y2025"
    assert "analytics_fact_y2000" in _partitions("analytics_fact")     # the grain-free coverage rows' year
    with acting_as(None, source="test"):
        later = activity_create(by=None, place=tree.u1, start_date=date(2026, 7, 1), title="转换后的活动",
                                kind="lecture")
    assert later.pk > ancient.pk


@postgres_only
def test_the_scheduled_command_makes_next_year_ahead_moves_default_rows_out_and_is_idempotent(records, tree):
    this = date.today().year
    with acting_as(None, source="test"):    # dated after the partitions made so far (bypassing the form's rule)
        future = Activity.objects.create(place=tree.u1, start_date=date(this + 2, 3, 1), title="后年的活动",
                                         kind="lecture")
    assert _where("activities_activity", future.pk) == "activities_activity_default"
    created = ensure_partitions(connection, ahead=2)
    assert sorted(created) == sorted(f"{t}_y{this + 2}" for t in EXPECTED)
    assert _where("activities_activity", future.pk) == f"activities_activity_y{this + 2}"
    assert ensure_partitions(connection, ahead=2) == []
    assert _where("activities_activity", records[2].pk) == "activities_activity_default"
    assert sorted(ensure_partitions(connection, years=[2025])) == sorted(f"{t}_y2025" for t in EXPECTED)  # asked for
    assert _where("activities_activity", records[2].pk) == "activities_activity_y2025"
    # The new partition carries the parent's indexes, named after them, and the fact table's page fill.
    def indexes(year):
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [f"activities_activity_y{year}"])
            return {name.rsplit("_", 1)[0] for (name,) in cursor.fetchall()}
    assert indexes(this + 2) == indexes(this)
    assert {"activity_title_trgm_idx", "activities_activity_pkey", "activity_date_idx"} <= indexes(this + 2)
    assert _scalar("SELECT reloptions FROM pg_class WHERE relname = %s", [f"analytics_fact_y{this + 2}"]) == \
        ["fillfactor=70"]


@postgres_only
def test_the_partitions_command_reports_what_it_made_and_nothing_the_second_time(db, capsys):
    call_command("partitions", "--ahead", "3")
    first = capsys.readouterr().out
    assert f"activities_activity_y{date.today().year + 3}" in first
    call_command("partitions", "--ahead", "3")
    assert "新建分区 0 个" in capsys.readouterr().out


def test_the_daily_reminder_run_makes_the_partitions_too(db, capsys):
    call_command("remind")
    out = capsys.readouterr().out
    assert ("新建分区" if connection.vendor == "postgresql" else "不分区") in out


def test_deleting_an_activity_unlinks_its_expenditure_and_attendees_and_restoring_relinks_them(tree):
    """The database no longer enforces these links (activities are partitioned on PostgreSQL); Django's deletion
    does what the constraints' ON DELETE did, on both databases."""
    from tuanjie.activities.models import Activity as A
    from tuanjie.core.recyclebin import record_restore
    from tuanjie.funds.models import Expenditure
    from tuanjie.funds.services import expenditure_create

    staff = tree.person(Role.UNIT, tree.u1)
    office = tree.person(Role.OFFICE, tree.county)
    with acting_as(None, source="test"):
        activity = activity_create(by=None, place=tree.u1, start_date=date(2026, 5, 12), title="主题宣讲",
                                   kind="lecture", participants=50, attendees=[staff])
        spent = expenditure_create(by=None, place=tree.u1, spent_on=date(2026, 5, 12), amount=Decimal("300"),
                                   purpose="宣传展板", activity=activity)
        links = A.attendees.through.objects.filter(activity_id=activity.pk)
        assert links.count() == 1
        record = activity_delete(by=office, activity=activity)
        spent.refresh_from_db()
        assert spent.activity_id is None
        assert links.count() == 0
        assert not A.objects.filter(pk=activity.pk).exists()
        record_restore(by=office, record=record)
    assert Expenditure.objects.get(pk=spent.pk).activity_id == activity.pk
    assert list(A.objects.get(pk=activity.pk).attendees.all()) == [staff]


def test_an_expenditure_cannot_name_an_activity_that_does_not_exist(tree):
    """Without the database's foreign key, the form is what refuses a dangling activity."""
    from tuanjie.funds.forms import ExpenditureForm

    office = tree.person(Role.OFFICE, tree.county)
    form = ExpenditureForm(user=office, data={"place": tree.u1.pk, "spent_on": "2026-05-12", "amount": "300",
                                              "purpose": "宣传展板", "activity": 987654})
    assert not form.is_valid()
    assert list(form.errors) == ["activity"]
