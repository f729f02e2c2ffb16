from decimal import Decimal

from tuanjie.core.context import acting_as
from tuanjie.funds.selectors import fund_summary, wan


def test_the_demo_funds_match_seed_002(db):
    from tuanjie.demo.foundation import build_foundation
    from tuanjie.funds import demo

    with acting_as(None, source="demo"):
        world = build_foundation(2026)
        demo.build(world)
    f = fund_summary(world.county, 2026)
    assert wan(f.by_source["provincial"]) == Decimal("40") and wan(f.by_source["city"]) == Decimal("5")
    assert f.units_self_funding == 35 and f.sites_funded == 8
    assert f.gap > 0 and 0 < f.spent < f.allocated
