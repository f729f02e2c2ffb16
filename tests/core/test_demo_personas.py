"""The demo's logins hold exactly the roles the README's table gives them, and the pairing ones see what it says
(本组 / 本人的结对). The expected roles are written here from the README, and the README's table is read to make
sure no login is missing from this list."""

import re
from pathlib import Path

from tuanjie.core.context import acting_as

README = Path(__file__).resolve().parents[2] / "README.md"
# login → (role, place name), as README's "演示账号" table describes them
EXPECTED = {
    "xianban": ("office", "团结县"), "xiangban": ("office", "城关镇"), "youyi": ("office", "友谊县"),
    "shiban": ("office", "和睦市"), "shengban": ("office", "同心省"), "lingdao": ("leader", "团结县"),
    "ducha": ("inspector", "团结县"), "danwei": ("unit", "团结县第一中学"),
    "zuzhang": ("group_leader", "团结县第一中学"), "ganbu": ("cadre", "团结县第一中学"), "admin": ("admin", "同心省"),
}


def _readme_logins() -> set[str]:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("演示账号"):]
    table = table[:table.index("\n\n", table.index("|"))]
    return {login for row in table.splitlines() if row.startswith("| `") for login in re.findall(r"`(\w+)`", row)}


def test_every_demo_login_of_the_readme_is_checked_here():
    assert _readme_logins() == set(EXPECTED)


def test_each_demo_login_holds_exactly_the_role_the_readme_gives_and_sees_what_it_says(db):
    from tuanjie.demo.foundation import build_foundation
    from tuanjie.pairing import demo
    from tuanjie.pairing.models import Household, Pair

    with acting_as(None, source="demo"):
        world = build_foundation(2026)
        demo.build(world)
    for login, (role, place) in EXPECTED.items():
        held = set(world.people[login].assignments.filter(active=True).values_list("role", "place__name"))
        assert held == {(role, place)}, (login, held)
    ganbu, zuzhang = world.people["ganbu"], world.people["zuzhang"]
    own = set(Pair._base_manager.filter(cadre=ganbu).values_list("pk", flat=True))
    assert own and set(Pair.objects.restrict(ganbu).values_list("pk", flat=True)) == own
    group = set(Pair._base_manager.filter(group__leader=zuzhang).values_list("pk", flat=True))
    assert group and set(Pair.objects.restrict(zuzhang).values_list("pk", flat=True)) == group
    school = Household._base_manager.filter(programme__place__name="团结县第一中学").count()
    assert Household.objects.restrict(ganbu).count() < school
