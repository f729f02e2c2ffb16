"""On a phone (375 px), each role's main action is one tap from home, and a step taken from the to-do leaves the
to-do of everyone who had it."""

import pytest

from tests.e2e.conftest import shot, sign_in
from tests.factories_pairing import setup_programme
from tuanjie.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (role, the place's attribute on the tree, the main action's test id, where it leads)
ROLES = [
    ("unit", "u1", "home-activity-add", "/activities/add/"),
    ("cadre", "u1", "home-contact-add", "/pairing/contacts/add/"),
    ("group_leader", "u1", "home-ledger", "/pairing/ledger/"),
    ("office", "county", "home-queue", "/information/queue/"),
    ("inspector", "county", "home-rectifications", "/inspections/rectifications/"),
    ("leader", "county", "home-dashboard", "/analytics/"),
]


def _person(tree, role, place):
    if role in (Role.CADRE, Role.GROUP_LEADER):
        pair = setup_programme(getattr(tree, place), tree)
        return pair.cadre if role == Role.CADRE else pair.group.leader
    return tree.person(role, getattr(tree, place))


@pytest.mark.parametrize(("role", "place", "testid", "target"), ROLES, ids=[r[0] for r in ROLES])
def test_a_roles_main_action_is_one_tap_from_home_on_a_phone(role, place, testid, target, tree, phone):
    person = _person(tree, role, place)
    page = phone
    sign_in(page, person.username)
    button = page.get_by_test_id(testid)
    box = button.bounding_box()
    assert button.is_visible() and box["y"] + box["height"] <= 812   # on the first screen, no scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, f"home-{role}")
    page.locator(".navbar-toggler").click()
    menu = page.get_by_test_id("main-menu")
    page.wait_for_selector("#mainnav.collapse.show")   # the opening transition over
    assert menu.locator("a.nav-link").first.inner_text().strip() == "待办"
    shot(page, f"menu-{role}")
    page.goto("/")
    page.get_by_test_id(testid).click()
    page.wait_for_url(f"**{target}*")
    page.wait_for_load_state("networkidle")   # the page's own requests end before the tables are flushed


def test_verifying_a_rectification_takes_it_off_the_todo_of_both_offices_and_the_inspector(tree, phone):
    from tests.core.test_todo import _answer, _answered_rectification

    offices = [tree.person(Role.OFFICE, tree.county, name) for name in ("county_office", "county_office_2")]
    inspector = tree.person(Role.INSPECTOR, tree.county, "county_inspector")
    unit = tree.person(Role.UNIT, tree.u1, "unit_staff")
    item = _answered_rectification(tree, offices[0])
    _answer(unit, item)
    page = phone
    for person in (*offices, inspector):
        page.context.clear_cookies()
        sign_in(page, person.username)
        assert page.get_by_test_id("todo-count").inner_text() == "1"

    page.context.clear_cookies()
    sign_in(page, offices[1].username)
    page.get_by_test_id("bell").click()
    page.wait_for_url("**/system/todo/")
    shot(page, "todo-office")
    page.get_by_test_id("todo-item").first.click()
    page.wait_for_url(f"**{item.get_absolute_url()}")
    page.get_by_role("button", name="核验销号").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("todo-count").count() == 0
    for person in (offices[0], inspector):
        page.context.clear_cookies()
        sign_in(page, person.username)
        assert page.get_by_test_id("todo-count").count() == 0
        page.goto("/system/todo/")
        assert page.get_by_test_id("todo-empty").is_visible()
