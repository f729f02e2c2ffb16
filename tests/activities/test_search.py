"""Search finds the same activities on SQLite and PostgreSQL, and on PostgreSQL an index answers it."""

import pytest
from django.db import connection, transaction

from tuanjie.activities.models import Activity
from tuanjie.core.context import acting_as
from tuanjie.places.models import Place
from tuanjie.places.services import place_create

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="trigram indexes exist on PostgreSQL only")


@pytest.fixture
def ledger(tree, log):
    log(tree.u1, title="Unity Day 民族团结主题班会")
    log(tree.u2, title="政策宣讲")
    log(tree.t2, title="石榴籽故事会")


def titles(text: str) -> set[str]:
    return set(Activity.objects.search(text).values_list("title", flat=True))


@pytest.mark.parametrize("text, found", [
    ("民族团结", {"Unity Day 民族团结主题班会"}),            # a title, three characters and more
    ("宣讲", {"政策宣讲"}),                                  # two characters: no trigram, still found
    ("籽", {"石榴籽故事会"}),
    ("unity day", {"Unity Day 民族团结主题班会"}),           # case does not matter
    ("城关镇人民", {"政策宣讲"}),                            # the unit's name
    ("cgzrmzf", {"政策宣讲"}),                               # the unit's pinyin initials
    ("城关镇", {"Unity Day 民族团结主题班会", "政策宣讲"}),   # both units of the township, not the township's own
    ("没有这样的活动", set()),
])
def test_search_finds_titles_places_and_pinyin(ledger, text, found):
    assert titles(text) == found


def test_many_matching_places_give_the_same_rows(ledger, monkeypatch):
    expected = titles("城关镇")
    monkeypatch.setattr("tuanjie.core.search.PLACE_IDS", 1)
    assert titles("城关镇") == expected


def test_a_name_and_a_pinyin_match_are_one_list_of_ids_found_by_one_query_each(ledger, monkeypatch):
    """The places a text names are looked up by name and by pinyin in two queries, each of which an index answers
    alone (an OR of the two makes PostgreSQL compute every found row's grams again); the ids then reach the record
    query as a list up to PLACE_IDS, on PostgreSQL as an array up to PLACE_ARRAY, and as a subquery beyond, with
    the same rows every way."""
    from django.test.utils import CaptureQueriesContext

    expected = titles("cgz")                     # 城关镇's two units, by their pinyin initials
    with CaptureQueriesContext(connection) as ctx:
        query = str(Activity.objects.search("cgz").query)
    place_queries = [q["sql"] for q in ctx.captured_queries if "places_place" in q["sql"]]
    # by name, by pinyin, then which of them hold activities
    assert len(place_queries) == 3 and not any(" OR " in sql for sql in place_queries)
    assert "EXISTS" in place_queries[2].upper()
    assert "places_place" not in query           # a list of ids, not a subquery
    monkeypatch.setattr("tuanjie.core.search.PLACE_IDS", 1)
    if connection.vendor == "postgresql":        # past the list: one array parameter
        query = str(Activity.objects.search("cgz").query)
        assert "unnest" in query and "places_place" not in query
        assert titles("cgz") == expected
        monkeypatch.setattr("tuanjie.core.search.PLACE_ARRAY", 1)
    assert "places_place" in str(Activity.objects.search("cgz").query)
    assert titles("cgz") == expected


def test_named_places_without_activities_are_left_out_of_the_record_query(ledger, tree):
    """The township 城关镇 itself holds no activity (its two units do): its id is not passed, so the planner does not
    count on rows it does not have; the rows found are the same."""
    query = str(Activity.objects.search("城关镇").query)
    units = {str(tree.u1.pk), str(tree.u2.pk)}
    assert all(pk in query for pk in units)
    assert f"({tree.t1.pk}," not in query and f", {tree.t1.pk})" not in query and f"({tree.t1.pk})" not in query
    assert titles("城关镇") == {"Unity Day 民族团结主题班会", "政策宣讲"}


def test_the_activity_query_of_a_search_does_not_join_the_places(ledger):
    sql = str(Activity.objects.search("城关镇人民").query)
    assert "JOIN" not in sql.upper()


def test_the_list_page_searches(ledger, county_office, client_for):
    response = client_for(county_office).get("/activities/", {"q": "石榴籽"})
    assert [a.title for a in response.context["object_list"]] == ["石榴籽故事会"]


def plan(queryset) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        # A tiny table is cheaper to read whole or along an ordered index; leave the planner only the scans that
        # need an index condition, which for LIKE '%…%' only a trigram index can give.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = queryset.order_by().query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgres_only
def test_on_postgresql_a_title_search_reads_the_trigram_index(ledger):
    assert "activity_title_trgm_idx" in plan(Activity.objects.filter(title__icontains="民族团结"))


@postgres_only
def test_on_postgresql_a_place_search_reads_the_trigram_indexes(ledger):
    assert "place_name_trgm_idx" in plan(Place.objects.filter(name__icontains="城关镇人民"))
    assert "place_search_key_trgm_idx" in plan(Place.objects.filter(search_key__contains="cgzrm"))


def test_a_place_created_later_is_found_by_name_and_pinyin(tree, log):
    with acting_as(None, source="test"):
        school = place_create(parent=tree.t2, kind=Place.Kind.UNIT, name="石榴镇第二小学", code="U9",
                              creation_field=tree.u1.creation_field)
    log(school, title="入学教育")
    assert titles("第二小学") == titles("slzdexx") == {"入学教育"}
