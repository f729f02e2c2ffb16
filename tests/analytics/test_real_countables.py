"""With the real apps installed: an activity saved through its service shows in the county's figures at once."""

import time
from datetime import date

import pytest

from tests.analytics.helpers import figure, rebuilt_facts, stored_facts
from tuanjie.core import countables


@pytest.fixture
def activities_app():
    if "activity.lecture" not in countables.registry():
        pytest.skip("activities app not installed")
    from tuanjie.activities import services

    return services


def test_a_saved_activity_shows_in_its_countys_figures_within_a_second(tree, activities_app, county_office):
    started = time.monotonic()
    activities_app.activity_create(user=county_office, place=tree.u1, start_date=date(2026, 5, 12), title="主题宣讲",
                                   kind="lecture", participants=50)
    elapsed = time.monotonic() - started
    month = date(2026, 5, 1)
    assert figure(tree.county, "activity", "m", month) == 1
    assert figure(tree.county, "activity.lecture", "m", month) == 1
    assert elapsed < 1
    from tuanjie.analytics import selectors

    totals = selectors.totals(tree.county, selectors.Span.parse("2026", date.today()))
    assert totals["activity"] == {"n": 1, "total": 50}


def test_changing_an_activitys_kind_moves_it_between_kinds(tree, activities_app, county_office):
    activity = activities_app.activity_create(user=county_office, place=tree.u1, start_date=date(2026, 5, 12),
                                              title="主题宣讲", kind="lecture", participants=50)
    activities_app.activity_update(user=county_office, activity=activity, kind="training", participants=70)
    month = date(2026, 5, 1)
    assert figure(tree.county, "activity.lecture", "m", month) == 0
    assert figure(tree.county, "activity.training", "m", month) == 1
    assert stored_facts() == rebuilt_facts()
    activities_app.activity_delete(user=county_office, activity=activity)
    assert stored_facts() == {}
