"""The demo's information items: every state, 23 published (as seed 002 reports), some units far behind."""

import time
from collections import Counter
from datetime import date

from tuanjie.core import countables
from tuanjie.core.context import acting_as
from tuanjie.demo.foundation import build_foundation
from tuanjie.information import demo
from tuanjie.information.models import InformationItem


def test_demo_builds_a_believable_year_of_information_items(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with acting_as(None, source="demo"):
        world = build_foundation(2026)
        started = time.monotonic()
        demo.build(world)
        elapsed = time.monotonic() - started
    statuses = Counter(InformationItem.objects.values_list("status", flat=True))
    assert set(statuses) == set(InformationItem.Status.values)
    assert 300 <= sum(statuses.values()) <= 1200
    year = (date(2026, 1, 1), date(2026, 12, 31))
    assert countables.get("information.published").in_period(*year).count() == 23
    assert InformationItem.objects.public().count() == 23
    accepted = countables.get("information.accepted").count_by_place(*year)
    behind = [u for u in world.units if u.creation_field.name != "示范户/家庭" and accepted.get(u.pk, 0) < 5]
    on_track = [u for u in world.units if accepted.get(u.pk, 0) >= 18]
    assert len(behind) >= 10 and len(on_track) >= 5
    print(statuses, sum(statuses.values()), f"{elapsed:.1f}s")
