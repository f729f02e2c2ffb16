"""The dashboard's cached fragments: a saved record or a renamed place shows on the very next request, and a
fragment rendered for one person's reach is never served to another's."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.analytics.helpers import record
from tuanjie.analytics import selectors
from tuanjie.places.services import place_update

URL = reverse("analytics:dashboard")


@pytest.fixture
def dashboard_cache(settings):
    """The fragment cache switched on (the test settings leave it off), empty at the start."""
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, "dashboard": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dashboard-test"}}
    caches["dashboard"].clear()
    yield
    caches["dashboard"].clear()


@pytest.fixture
def boards_built(monkeypatch):
    """How many times a page computed its board from the facts (each cache miss computes one)."""
    calls = []
    real = selectors.dashboard

    def counting_dashboard(place, span, **kwargs):
        calls.append(place.pk)
        return real(place, span, **kwargs)

    monkeypatch.setattr(selectors, "dashboard", counting_dashboard)
    return calls


def activities_shown(html: str) -> int:
    """The "开展活动" headline figure as the page prints it."""
    found = re.search(r"开展活动</div>\s*<div[^>]*>(?:<a[^>]*>)?(\d+)", html)
    assert found, "the headline has no activity figure"
    return int(found[1])


def test_a_record_saved_after_a_page_was_cached_is_in_the_figures_of_the_next_request(
        tree, counting, county_office, client_for, dashboard_cache, boards_built):
    record(tree.u1, date(2026, 3, 9))
    client = client_for(county_office)
    assert activities_shown(client.get(URL, {"period": "2026"}).content.decode()) == 1
    assert activities_shown(client.get(URL, {"period": "2026"}).content.decode()) == 1
    assert len(boards_built) == 1          # the second page came from the cache
    record(tree.u2, date(2026, 4, 9))
    page = client.get(URL, {"period": "2026"}).content.decode()
    assert activities_shown(page) == 2 and len(boards_built) == 2
    # The ranking and the chart's data move with it: 城关镇 holds both records.
    assert "城关镇</a></td><td class=\"text-end\">2</td>" in page


def funds_shown(html: str) -> str:
    """The "创建经费（万元）" tile's allocated figure as the page prints it."""
    found = re.search(r"创建经费（万元）(?:</a>)?</div>\s*<div[^>]*>([\d.]+)</div>", html)
    assert found, "the page has no funds tile"
    return found[1]


def test_money_allocated_after_a_page_was_cached_is_in_the_funds_tile_of_the_next_request(
        tree, counting, county_office, client_for, dashboard_cache):
    from tuanjie.funds.services import allocation_create

    client = client_for(county_office)
    assert funds_shown(client.get(URL, {"period": "2026"}).content.decode()) == "0"
    allocation_create(by=county_office, place=tree.county, year=2026, source="county", amount=Decimal("50000"))
    assert funds_shown(client.get(URL, {"period": "2026"}).content.decode()) == "5"    # 50,000 元 = 5 万元


def test_a_renamed_township_shows_its_new_name_on_the_next_request(tree, counting, county_office, client_for,
                                                                    dashboard_cache):
    client = client_for(county_office)
    assert "城关镇" in client.get(URL, {"period": "2026"}).content.decode()
    place_update(place=tree.t1, name="团结镇")
    page = client.get(URL, {"period": "2026"}).content.decode()
    assert "团结镇" in page and "城关镇" not in page


def test_two_people_with_different_reach_never_get_each_others_fragment(
        tree, counting, county_office, township_office, client_for, dashboard_cache, boards_built):
    record(tree.u1, date(2026, 3, 9))
    county = client_for(county_office)
    county.get(URL, {"place": tree.t1.pk, "period": "2026"})
    county.get(URL, {"place": tree.t1.pk, "period": "2026"})
    assert boards_built == [tree.t1.pk]    # the county office's second look was served from its fragment
    township = client_for(township_office)
    page = township.get(URL, {"place": tree.t1.pk, "period": "2026"})
    assert page.status_code == 200 and activities_shown(page.content.decode()) == 1
    assert boards_built == [tree.t1.pk, tree.t1.pk]   # the township office got a fragment of its own


def test_the_cached_page_shows_the_same_figures_as_a_fresh_one(tree, counting, county_office, client_for,
                                                               dashboard_cache):
    record(tree.u1, date(2026, 3, 9), training=True)
    record(tree.u2, date(2026, 4, 9), published=True)
    client = client_for(county_office)
    fresh = client.get(URL, {"period": "2026"})
    cached = client.get(URL, {"period": "2026"})
    assert cached.context["chart"] == fresh.context["chart"]

    def figures(page):   # from the headline to the lagging panel: every figure the fragments hold
        html = page.content.decode()
        return html[html.index('id="headline"'):html.index('id="lagging"')]

    assert figures(cached) == figures(fresh)
