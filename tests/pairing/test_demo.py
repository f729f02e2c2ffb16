import time
from collections import Counter

from tuanjie.core.context import acting_as


def test_the_demo_gives_the_school_a_programme_ganbu_pairs_and_needs_in_every_state(db):
    from tuanjie.demo.foundation import build_foundation
    from tuanjie.pairing import demo
    from tuanjie.pairing.models import Festival, Need, Pair, PairingGroup

    with acting_as(None, source="demo"):
        world = build_foundation(2026)
        started = time.monotonic()
        demo.build(world)
        elapsed = time.monotonic() - started
    assert elapsed < 30
    ganbu, zuzhang = world.people["ganbu"], world.people["zuzhang"]
    assert Pair.objects.filter(cadre=ganbu).count() == 3
    assert PairingGroup.objects.filter(leader=zuzhang, programme__place__name="团结县第一中学").exists()
    assert 250 <= Pair.objects.count() <= 400
    states = Counter(Need.objects.values_list("state", flat=True))
    assert set(states) == set(Need.State.values)
    assert Festival.objects.filter(name="古尔邦节").count() == 2
    assert Need.objects.filter(pair__cadre=ganbu).count() >= 3
