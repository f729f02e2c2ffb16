"""The fact table follows every save and delete of a countable record, and equals a rebuild from raw rows."""

import time
from datetime import date

from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.analytics.helpers import counted_facts, figure, rebuilt_facts, record, stored_facts
from tuanjie.analytics import facts
from tuanjie.analytics.models import Fact
from tuanjie.core.context import acting_as
from tuanjie.places.models import Place

MARCH, MAY = date(2026, 3, 1), date(2026, 5, 1)
YEAR = date(2026, 1, 1)


def test_a_saved_record_counts_for_its_unit_and_every_ancestor_at_once(tree, counting):
    started = time.monotonic()
    record(tree.u1a, date(2026, 3, 9))
    for place in (tree.u1a, tree.u1, tree.t1, tree.county, tree.city, tree.province):
        assert figure(place, "activity", "m", MARCH) == 1
        assert figure(place, "activity", "q", YEAR) == 1
        assert figure(place, "activity", "y", YEAR) == 1
    assert time.monotonic() - started < 1
    assert figure(tree.neighbour, "activity", "y", YEAR) == 0
    assert figure(tree.t2, "activity", "y", YEAR) == 0


def test_a_record_only_counts_under_the_keys_whose_filters_it_meets(tree, counting):
    record(tree.u1, date(2026, 3, 9), training=True)
    record(tree.u1, date(2026, 3, 10))
    assert figure(tree.county, "activity", "m", MARCH) == 2
    assert figure(tree.county, "activity.training", "m", MARCH) == 1
    assert figure(tree.county, "information.published", "m", MARCH) == 0


def test_changing_the_date_moves_the_record_to_its_new_month(tree, counting):
    item = record(tree.u1, date(2026, 3, 9))
    item.established_on = date(2026, 5, 2)
    item.save()
    assert figure(tree.county, "activity", "m", MARCH) == 0
    assert figure(tree.county, "activity", "m", MAY) == 1
    assert figure(tree.county, "activity", "y", YEAR) == 1


def test_a_record_leaving_a_counted_state_leaves_its_figures(tree, counting):
    item = record(tree.u1, date(2026, 3, 9), training=True)
    item.office_location = ""
    item.save()
    assert figure(tree.county, "activity.training", "m", MARCH) == 0
    assert figure(tree.county, "activity", "m", MARCH) == 1
    item.office_location = "培训"
    item.save()
    assert figure(tree.county, "activity.training", "m", MARCH) == 1


def test_a_record_without_a_date_is_not_counted_until_it_has_one(tree, counting):
    item = record(tree.u1, None)
    assert counted_facts() == {}
    item.established_on = date(2026, 3, 1)
    item.save()
    assert figure(tree.county, "activity", "m", MARCH) == 1


def test_moving_a_record_to_another_place_moves_its_figures(tree, counting):
    item = record(tree.u1, date(2026, 3, 9))
    item.place = tree.b1
    item.save()
    assert figure(tree.county, "activity", "y", YEAR) == 0
    assert figure(tree.neighbour, "activity", "y", YEAR) == 1
    assert figure(tree.city, "activity", "y", YEAR) == 1


def test_a_deleted_record_is_taken_out_of_the_figures(tree, counting):
    item = record(tree.u1, date(2026, 3, 9), training=True)
    item.delete()
    assert counted_facts() == {}


def test_a_rolled_back_save_leaves_the_figures_unchanged(tree, counting):
    try:
        with transaction.atomic():
            record(tree.u1, date(2026, 3, 9))
            raise RuntimeError
    except RuntimeError:
        pass
    assert counted_facts() == {}


def test_records_are_split_by_the_creation_field_of_their_unit(tree, counting):
    record(tree.u1, date(2026, 3, 9))
    record(tree.u2, date(2026, 3, 9))
    rows = dict(Fact.objects.filter(place=tree.county, countable="activity", grain="y")
                .values_list("creation_field_id", "n"))
    assert rows == {tree.u1.creation_field_id: 1, tree.u2.creation_field_id: 1}


def test_rebuild_facts_recomputes_what_bulk_writes_bypassed(tree, counting):
    from tuanjie.leadership.models import LeadingGroup

    record(tree.u1, date(2026, 3, 9))
    LeadingGroup.objects.bulk_create([LeadingGroup(place=tree.u2, established_on=date(2026, 4, 1))] * 3)
    assert figure(tree.county, "activity", "y", YEAR) == 1
    call_command("rebuild_facts", stdout=open("/dev/null", "w"))
    assert figure(tree.county, "activity", "y", YEAR) == 4
    assert stored_facts() == rebuilt_facts()


operation = st.tuples(
    st.sampled_from(["create", "create", "move", "redate", "toggle", "delete"]),
    st.integers(0, 1000), st.integers(1, 12), st.booleans(),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=12))
def test_incremental_facts_equal_a_rebuild_after_any_sequence_of_changes(tree, counting, ops):
    places = [tree.u1, tree.u1a, tree.u2, tree.t1, tree.t2, tree.v1, tree.b1, tree.county]
    with transaction.atomic():
        items = []
        with acting_as(None, source="test"):
            for action, pick, month, flag in ops:
                if action == "create" or not items:
                    items.append(record(places[pick % len(places)], date(2026, month, 1 + pick % 28), training=flag,
                                        published=not flag))
                    continue
                item = items[pick % len(items)]
                if action == "delete":
                    item.delete()
                    items.remove(item)
                    continue
                if action == "move":
                    item.place = places[(pick // 7) % len(places)]
                elif action == "redate":
                    item.established_on = date(2025 + flag, month, 1 + pick % 28)
                else:
                    item.office_location = "培训" if flag else ""
                    item.document_no = "" if flag else "发2"
                item.save()
        assert stored_facts() == rebuilt_facts()
        transaction.set_rollback(True)


def test_moving_a_subtree_moves_its_figures_to_the_new_ancestors(tree, counting):
    from tuanjie.places.services import place_move

    record(tree.u1a, date(2026, 3, 9))
    record(tree.u1, date(2026, 4, 9), training=True)
    record(tree.t2, date(2026, 4, 9))
    place_move(place=tree.u1, new_parent=tree.neighbour)

    assert figure(tree.t1, "activity", "y", YEAR) == 0
    assert figure(tree.county, "activity", "y", YEAR) == 1
    assert figure(tree.neighbour, "activity", "y", YEAR) == 2
    assert figure(tree.city, "activity", "y", YEAR) == 3
    moved = Place.objects.get(pk=tree.u1a.pk)
    assert set(Fact.objects.filter(place=moved).values_list("path", "depth")) == {(moved.path, moved.depth)}
    assert stored_facts() == rebuilt_facts()


def test_coverage_follows_units_as_they_open_change_field_and_close(tree, counting):
    from tuanjie.places.models import CreationField
    from tuanjie.places.services import place_create, place_delete, place_update

    school, agency = CreationField.objects.get(name="学校"), CreationField.objects.get(name="机关")

    def coverage(key, grain=facts.ALL, period=facts.ALWAYS):
        return dict(Fact.objects.filter(place=tree.county, countable=key, grain=grain, period=period)
                    .exclude(n=0).values_list("creation_field_id", "n"))

    assert coverage(facts.UNITS) == {school.pk: 2, agency.pk: 1}
    unit = place_create(parent=tree.t2, kind=Place.Kind.UNIT, name="石榴镇小学", code="U9", creation_field=school)
    assert coverage(facts.UNITS) == {school.pk: 3, agency.pk: 1}
    made = record(unit, date(2026, 3, 9))
    assert coverage(facts.ACTIVE, "y", YEAR) == {school.pk: 1}
    place_update(place=unit, creation_field=agency)
    assert coverage(facts.UNITS) == {school.pk: 2, agency.pk: 2}
    assert coverage(facts.ACTIVE, "y", YEAR) == {agency.pk: 1}
    assert stored_facts() == rebuilt_facts()
    made.delete()
    assert coverage(facts.ACTIVE, "y", YEAR) == {}
    place_delete(place=Place.objects.get(pk=unit.pk))
    assert coverage(facts.UNITS) == {school.pk: 2, agency.pk: 1}
    assert stored_facts() == rebuilt_facts()


def test_a_unit_is_active_once_however_many_records_and_whoever_below_it_did_the_work(tree, counting):
    record(tree.u1, date(2026, 3, 9))
    record(tree.u1, date(2026, 3, 19))
    record(tree.u1a, date(2026, 5, 9))
    active = dict(Fact.objects.filter(countable=facts.ACTIVE, grain="y", period=YEAR)
                  .values_list("place_id", "n"))
    # u1a is active; u1 is active (its own records and u1a's); the township and county count both.
    assert active[tree.u1a.pk] == 1 and active[tree.u1.pk] == 2 and active[tree.county.pk] == 2
    assert Fact.objects.get(place=tree.county, countable=facts.ACTIVE, grain="m", period=MARCH).n == 1


def test_records_written_in_bulk_are_added_in_the_database_as_a_rebuild_would_count_them(tree, counting):
    from tuanjie.leadership.models import LeadingGroup

    record(tree.u1, date(2026, 3, 9))                       # u1 already active in March
    made = LeadingGroup.objects.bulk_create(
        [LeadingGroup(place=tree.u1, established_on=date(2026, 3, 19), office_location="培训"),
         LeadingGroup(place=tree.u2, established_on=date(2026, 3, 9), document_no="发3"),
         LeadingGroup(place=tree.u1a, established_on=date(2025, 12, 31)),
         LeadingGroup(place=tree.b1, established_on=None)])
    facts.records_added(LeadingGroup, [g.pk for g in made])

    assert stored_facts() == rebuilt_facts()
    assert figure(tree.county, "activity", "m", MARCH) == 3
    assert figure(tree.county, facts.ACTIVE, "m", MARCH) == 2
