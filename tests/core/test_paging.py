"""Lists count at most `cap` rows, page on past the cap with the right rows, and say honestly what they know."""

from types import SimpleNamespace

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from tuanjie.core.paging import CappedPaginator
from tuanjie.places.models import Place


class CapOfThree(CappedPaginator):
    cap = 3


def paths(page) -> list[str]:
    return [p.path for p in page.object_list]


def test_past_the_cap_every_page_still_shows_its_own_rows(tree):
    places = Place.objects.order_by("path")
    every = [p.path for p in places]            # 11 places
    paginator = CapOfThree(places, 2)
    assert paginator.capped and paginator.count == 3 and paginator.num_pages is None
    for number in range(1, 7):
        page = paginator.page(number)
        assert paths(page) == every[(number - 1) * 2: number * 2]
        assert page.has_next() == (number < 6)
        assert page.start_index() == (number - 1) * 2 + 1
    assert paginator.page(6).end_index() == 11
    assert paginator.page(5).next_page_number() == 6
    with pytest.raises(EmptyPage):
        paginator.page(7)


def test_below_the_cap_the_total_and_the_page_numbers_are_exact(tree):
    paginator = CappedPaginator(Place.objects.order_by("path"), 2)
    assert not paginator.capped and paginator.count == 11 and paginator.num_pages == 6
    assert len(paginator.page(6)) == 1 and not paginator.page(6).has_next()
    with pytest.raises(EmptyPage):
        paginator.page(7)


def test_the_count_stops_at_the_cap_and_drops_the_ordering(tree):
    paginator = CapOfThree(Place.objects.order_by("-path"), 2)
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 3
    sql = ctx.captured_queries[0]["sql"]
    assert "COUNT" in sql.upper() and "LIMIT 4" in sql.upper() and "ORDER BY" not in sql.upper()


def test_a_first_page_that_holds_every_row_needs_no_count(tree):
    paginator = CappedPaginator(Place.objects.order_by("path"), 20)
    with CaptureQueriesContext(connection) as ctx:
        page = paginator.page(1)
        assert paginator.count == 11 and len(page) == 11 and not page.has_other_pages()
    assert len(ctx.captured_queries) == 1


def test_an_empty_list_has_one_empty_page(db):
    paginator = CappedPaginator(Place.objects.none(), 20)
    assert paginator.count == 0 and list(paginator.page(1)) == [] and paginator.num_pages == 1


def test_the_labels_write_thousands_with_a_comma():
    capped = SimpleNamespace(capped=True, cap=10_000, count=10_000)
    assert "超过 10,000 条" in render_to_string("core/partials/list_count.html", {"paginator": capped})
    exact = SimpleNamespace(capped=False, cap=10_000, count=1234)
    assert "共 1,234 条" in render_to_string("core/partials/list_count.html", {"paginator": exact})
