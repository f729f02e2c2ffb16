"""With the real apps installed: an activity saved through its service shows in the county's figures at once."""

import time
from datetime import date

from tests.analytics.helpers import counted_facts, figure, rebuilt_facts, stored_facts
from tuanjie.activities import services


def test_a_saved_activity_shows_in_its_countys_figures_within_a_second(tree, county_office):
    started = time.monotonic()
    services.activity_create(by=county_office, place=tree.u1, start_date=date(2026, 5, 12), title="主题宣讲",
                                   kind="lecture", participants=50)
    elapsed = time.monotonic() - started
    month = date(2026, 5, 1)
    assert figure(tree.county, "activity", "m", month) == 1
    assert figure(tree.county, "activity.lecture", "m", month) == 1
    assert elapsed < 1
    from tuanjie.analytics import selectors

    totals = selectors.totals(tree.county, selectors.Span.parse("2026", date.today()))
    assert totals["activity"] == {"n": 1, "total": 50}


def test_changing_an_activitys_kind_moves_it_between_kinds(tree, county_office):
    activity = services.activity_create(by=county_office, place=tree.u1, start_date=date(2026, 5, 12),
                                              title="主题宣讲", kind="lecture", participants=50)
    services.activity_update(by=county_office, activity=activity, kind="training", participants=70)
    month = date(2026, 5, 1)
    assert figure(tree.county, "activity.lecture", "m", month) == 0
    assert figure(tree.county, "activity.training", "m", month) == 1
    assert stored_facts() == rebuilt_facts()
    services.activity_delete(by=county_office, activity=activity)
    assert counted_facts() == {}


def test_the_rebuild_in_the_database_equals_the_records_counted_one_by_one(tree, county_office):
    """Real countables of several apps (dates and Shanghai-time datetimes, a measure, the creation-field split),
    with the facts wiped first so that only the rebuild can produce them."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.factories import FACTORIES
    from tuanjie.analytics import facts
    from tuanjie.analytics.models import Fact
    from tuanjie.information.models import InformationItem

    services.activity_create(by=county_office, place=tree.u1, start_date=date(2026, 3, 31), title="宣讲",
                                   kind="lecture", participants=40)
    services.activity_create(by=county_office, place=tree.u2, start_date=date(2026, 4, 1), title="培训",
                                   kind="training", participants=25)
    FACTORIES["pairing.Contact"](tree.u1, tree)
    item = FACTORIES["information.InformationItem"](tree.u2, tree)
    # 23:30 on 31 March in Shanghai is still March, though it is 15:30 UTC.
    late = datetime(2026, 3, 31, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    InformationItem.objects.filter(pk=item.pk).update(submitted_at=late, published_at=late)
    incremental_then_repaired = rebuilt_facts()
    Fact.objects.all().delete()

    written = facts.rebuild()

    assert stored_facts() == incremental_then_repaired
    assert written == Fact.objects.count() > 0
    assert figure(tree.county, "information.submitted", "m", date(2026, 3, 1)) == 1
    assert figure(tree.county, "activity", "q", date(2026, 1, 1)) == 1
    assert figure(tree.province, "activity", "y", date(2026, 1, 1)) == 2
