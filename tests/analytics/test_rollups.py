"""On random trees with random records, every roll-up equals its own records plus the sum of its children's,
and every rate stays within 0–100 %."""

from datetime import date

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.analytics.helpers import record
from tuanjie.analytics import selectors
from tuanjie.analytics.models import Fact
from tuanjie.core.context import acting_as
from tuanjie.leadership.models import LeadingGroup
from tuanjie.places.models import CreationField, Place, PlaceLevel
from tuanjie.places.services import place_create

# Each node: (parent index among earlier nodes, is a unit, creation field index)
nodes = st.lists(st.tuples(st.integers(0, 50), st.booleans(), st.integers(0, 3)), min_size=1, max_size=10)
records = st.lists(st.tuples(st.integers(0, 50), st.integers(1, 12), st.booleans()), max_size=20)


def build_tree(spec):
    levels = list(PlaceLevel.objects.order_by("rank"))
    fields = list(CreationField.objects.order_by("order")[:4])
    root = place_create(parent=None, kind=Place.Kind.AREA, name="随机省", level=levels[0])
    places = [root]
    for parent_pick, is_unit, field_pick in spec:
        parent = places[parent_pick % len(places)]
        if not is_unit and parent.is_area and parent.level.rank < levels[-1].rank:
            level = next(lv for lv in levels if lv.rank > parent.level.rank)
            places.append(place_create(parent=parent, kind=Place.Kind.AREA, name=f"区{len(places)}", level=level))
        else:
            places.append(place_create(parent=parent, kind=Place.Kind.UNIT, name=f"单位{len(places)}",
                                       creation_field=fields[field_pick % len(fields)]))
    return root, [Place.objects.get(pk=p.pk) for p in places]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=nodes, recs=records, grain=st.sampled_from(["y", "q", "m"]), month=st.integers(1, 12))
def test_every_rollup_is_its_own_records_plus_its_childrens_rollups(db, counting, spec, recs, grain, month):
    with transaction.atomic(), acting_as(None, source="test"):
        root, places = build_tree(spec)
        for pick, rec_month, flag in recs:
            record(places[pick % len(places)], date(2026, rec_month, 3), training=flag)
        span = selectors.Span.of(grain, date(2026, month, 1))
        for place in places:
            own = LeadingGroup.objects.filter(place=place, established_on__range=(span.start, span.end)).count()
            children = Place.objects.filter(path__startswith=place.path, depth=place.depth + 1)
            below = sum(selectors.totals(child, span)["activity"]["n"] for child in children)
            assert selectors.totals(place, span)["activity"]["n"] == own + below
            assert sum(r["activity"]["n"] for r in selectors.children_totals(place, span).values()) == below
            board = selectors.dashboard(place, span)
            rates = [row.rate for row in board.children] + [row.rate for row in board.coverage]
            rates += [rate for row in board.coverage for _u, _a, rate in row.cells]
            rates.append(board.coverage_total.rate)
            assert all(rate is None or 0 <= rate <= 100 for rate in rates)
            assert all(active <= units for row in board.coverage for units, active, _r in row.cells)
            # Coverage counted naively: the units below the place, and those whose subtree has records.
            units_below = [u for u in places if u.kind == Place.Kind.UNIT and u.path.startswith(place.path) and u.pk != place.pk]
            active = [u for u in units_below if LeadingGroup.objects.filter(
                place__path__startswith=u.path, established_on__range=(span.start, span.end)).exists()]
            assert (board.coverage_total.units, board.coverage_total.active) == (len(units_below), len(active))
        assert Fact.objects.filter(n__lt=0).count() == 0
        transaction.set_rollback(True)


@given(part=st.integers(0, 10**6), whole=st.integers(0, 10**6))
def test_a_rate_is_none_without_a_base_and_otherwise_within_0_and_100(part, whole):
    rate = selectors.percent(part, whole)
    assert (rate is None) == (whole == 0)
    assert rate is None or 0 <= rate <= 100


def test_periods_parse_years_quarters_and_months():
    today = date(2026, 7, 4)
    assert selectors.Span.parse("2025", today) == selectors.Span("y", date(2025, 1, 1), date(2025, 12, 31))
    assert selectors.Span.parse("2026-Q3", today) == selectors.Span("q", date(2026, 7, 1), date(2026, 9, 30))
    assert selectors.Span.parse("2026-02", today) == selectors.Span("m", date(2026, 2, 1), date(2026, 2, 28))
    assert selectors.Span.parse("nonsense", today).code == "2026"
    assert selectors.Span.parse("2026-12", today).end == date(2026, 12, 31)
