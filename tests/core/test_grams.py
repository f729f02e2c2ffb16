"""One- and two-character searches find exactly what a plain substring search finds, and on PostgreSQL the grams
indexes answer them (core/grams.py)."""

from datetime import date

import pytest
from django.db import connection, transaction

from tuanjie.activities.models import Activity
from tuanjie.activities.services import activity_create
from tuanjie.core.context import acting_as
from tuanjie.information.models import InformationItem
from tuanjie.information.services import item_create
from tuanjie.places.models import Place
from tuanjie.places.services import place_create

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="grams indexes exist on PostgreSQL only")

# Titles chosen to trip a gram index up: one character alone, the match at the start or the end, pairs across
# punctuation and spaces, repeated characters, Latin letters in both cases, digits, full-width characters, and
# LIKE's own wildcards. No lower-case non-ASCII letters: SQLite folds only ASCII case, so the naive filter below
# would disagree with it on them, not with the index.
TITLES = [
    "村",
    "培训班",
    "开展培训",
    "培训：村级",
    "民族团结进步（培训）",
    "Unity Day 2026",
    "unity day",
    "ABC-12",
    "第２０２６期ＡＢ班",
    "村村通",
    "完成率50%",
    "下_划线",
    "乡 村",
]

QUERIES = ["村", "培训", "训：", "：村", "（培", "）", "训）", "U", "un", "Y ", "y", "12", "-1", "２０", "ＡＢ", "Ａ",
           "村村", "%", "0%", "_", "_划", "乡 ", " 村", "班", "a", "z", "培", "通", "6期", "没有"]


def naive(text: str, values) -> set[str]:
    """A substring test in Python that ignores the case of ASCII letters only (as SQLite and PostgreSQL agree)."""
    def fold(s):
        return "".join(ch.lower() if ch.isascii() else ch for ch in s)

    return {value for value in values if fold(text) in fold(value)}


def indexed_only():
    """On PostgreSQL, forbid table and ordered-index scans so that rows can only come through an index condition."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")


@pytest.fixture
def titled(tree, unit_staff):
    with acting_as(None, source="test"):
        for title in TITLES:
            activity_create(by=None, place=tree.u1, start_date=date(2026, 5, 12), title=title, kind="lecture")
            place_create(parent=tree.t2, kind=Place.Kind.UNIT, name=f"{title}", code=f"G{TITLES.index(title)}",
                         creation_field=tree.u1.creation_field)
    for title in TITLES:
        item_create(by=unit_staff, place=tree.u1, title=title, body="<p>正文</p>")


@pytest.mark.parametrize("forced", [False, True], ids=["planner's choice", "through an index"])
def test_short_title_searches_find_what_a_substring_search_finds(titled, forced):
    expected = {text: naive(text, TITLES) for text in QUERIES}
    with transaction.atomic():
        if forced:
            indexed_only()
        activities = {text: set(Activity.objects.filter(title__icontains=text).values_list("title", flat=True))
                      for text in QUERIES}
        items = {text: set(InformationItem.objects.filter(title__icontains=text).values_list("title", flat=True))
                 for text in QUERIES}
    assert activities == expected
    assert items == expected


@pytest.mark.parametrize("forced", [False, True], ids=["planner's choice", "through an index"])
def test_short_place_name_searches_find_what_a_substring_search_finds(titled, forced):
    names = list(Place.objects.values_list("name", flat=True))
    with transaction.atomic():
        if forced:
            indexed_only()
        found = {text: set(Place.objects.filter(name__icontains=text).values_list("name", flat=True))
                 for text in QUERIES}
    assert found == {text: naive(text, names) for text in QUERIES}


def test_short_pinyin_searches_find_what_a_substring_search_finds(titled):
    pinyin = ["c", "cj", "px", "z ", " p", "sl", "zh", "q"]
    keys = list(Place.objects.values_list("search_key", flat=True))
    with transaction.atomic():
        indexed_only()
        found = {text: sorted(Place.objects.filter(search_key__contains=text).values_list("search_key", flat=True))
                 for text in pinyin}
    assert found == {text: sorted(key for key in keys if text in key) for text in pinyin}


def test_the_search_box_finds_short_titles_as_before(titled, county_office):
    # The activity search also matches places by name: 村 names the fixture's places, none of which logged these.
    found = set(Activity.objects.restrict(county_office, "view").search("培训").values_list("title", flat=True))
    assert found == {"培训班", "开展培训", "培训：村级", "民族团结进步（培训）"}


def plan(queryset) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        indexed_only()
        sql, params = queryset.order_by().query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgres_only
@pytest.mark.parametrize("text, pinyin", [("训", "x"), ("培训", "px")])
def test_on_postgresql_one_and_two_character_searches_read_the_grams_indexes(titled, text, pinyin):
    assert "activity_title_grams_idx" in plan(Activity.objects.filter(title__icontains=text))
    assert "information_title_grams_idx" in plan(InformationItem.objects.filter(title__icontains=text))
    assert "place_name_grams_idx" in plan(Place.objects.filter(name__icontains=text))
    assert "place_search_key_grams_idx" in plan(Place.objects.filter(search_key__contains=pinyin))


@postgres_only
def test_on_postgresql_three_characters_keep_the_trigram_indexes(titled):
    assert "activity_title_trgm_idx" in plan(Activity.objects.filter(title__icontains="培训班"))
    assert "information_title_trgm_idx" in plan(InformationItem.objects.filter(title__icontains="培训班"))
    assert "grams" not in plan(Activity.objects.filter(title__icontains="培训班"))


@postgres_only
def test_on_postgresql_rows_written_in_sql_are_found_through_the_index(titled):
    # As the bench's COPY writes them: PostgreSQL maintains the index, not the model.
    columns = [f.column for f in Activity._meta.concrete_fields if f.column not in ("id", "title")]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO activities_activity (title, {', '.join(columns)}) "
                       f"SELECT '夜校识字', {', '.join(columns)} FROM activities_activity WHERE title = '村'")
    with transaction.atomic():
        indexed_only()
        assert list(Activity.objects.filter(title__icontains="识字").values_list("title", flat=True)) == ["夜校识字"]


@postgres_only
@pytest.mark.parametrize("text", ["村", "培训", "培训班"])
def test_on_postgresql_people_and_household_searches_read_their_indexes(db, text):
    """At national scale (half a million cadres, a million households) these searches read the whole table
    without them (people/0003, pairing/0005)."""
    from tuanjie.pairing.models import Household
    from tuanjie.people.models import User

    kind = "grams" if len(text) <= 2 else "trgm"
    assert f"user_full_name_{kind}_idx" in plan(User.objects.filter(full_name__icontains=text))
    assert f"user_username_{kind}_idx" in plan(User.objects.filter(username__icontains=text))
    assert f"user_search_key_{kind}_idx" in plan(User.objects.filter(search_key__contains=text))
    assert f"household_name_{kind}_idx" in plan(Household.objects.filter(name__icontains=text))
    assert f"household_address_{kind}_idx" in plan(Household.objects.filter(address__icontains=text))
    assert "user_phone_prefix_idx" in plan(User.objects.filter(phone__startswith="139"))


def test_short_people_searches_find_what_a_substring_search_finds(db):
    """Through the indexes only (on PostgreSQL), a search by name, username or pinyin finds the people a plain
    substring test of each finds."""
    from tuanjie.people.models import User

    for i, title in enumerate(TITLES):
        User.objects.create_user(f"g{i}", password=None, full_name=title)
    people = list(User.objects.all())
    for text in {q.strip() for q in QUERIES}:     # the search box trims what is typed
        with transaction.atomic():
            indexed_only()
            found = set(User.objects.search(text).values_list("pk", flat=True))
        expected = {u.pk for u in people
                    if naive(text, [u.full_name, u.username]) or text.lower() in u.search_key}
        assert found == expected, text
