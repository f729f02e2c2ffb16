import time

import pytest
from django.db.models import Count
from django.utils import timezone

from tuanjie.activities.models import Activity, ActivityKind
from tuanjie.core.context import acting_as


@pytest.fixture
def world(db):
    from tuanjie.demo.foundation import build_foundation

    with acting_as(None, source="demo"):
        return build_foundation(2026)


def test_the_demo_ledger_is_a_believable_year_built_quickly(world, settings):
    from tuanjie.activities import demo

    with acting_as(None, source="demo"):
        started = time.monotonic()
        demo.build(world)
        elapsed = time.monotonic() - started
    assert elapsed < 20
    total = Activity.objects.count()
    assert 2500 <= total <= 3600
    kinds = set(Activity.objects.values_list("kind", flat=True).distinct())
    assert kinds >= set(ActivityKind.values) - {ActivityKind.OTHER}
    assert not Activity.objects.filter(start_date__gt=timezone.localdate()).exists()
    by_month = dict(Activity.objects.filter(start_date__year=2026).values_list("start_date__month")
                    .annotate(n=Count("id")))
    assert by_month[5] > 1.5 * by_month[4]     # May is the publicity month
    per_unit = dict(Activity.objects.filter(place__in=world.units).values_list("place").annotate(n=Count("id")))
    behind = [u for u in world.units if per_unit.get(u.pk, 0) <= 2]
    assert 5 <= len(behind) <= 15
    fields = set(Activity.objects.values_list("creation_field__name", flat=True).distinct())
    assert len(fields) >= 14
    # Written in bulk, yet every row has its "create" entry, as a save would have left.
    from tuanjie.core.models import ChangeLogEntry

    assert ChangeLogEntry.objects.filter(content_type__model="activity", action="create", source="demo").count() == total
