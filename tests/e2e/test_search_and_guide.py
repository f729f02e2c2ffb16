"""On a phone: the top bar's search box is there without opening the menu, and the first-visit guide closes in place
and stays closed."""

from datetime import date

import pytest

from tests.e2e.conftest import shot, sign_in
from tuanjie.activities.services import activity_create
from tuanjie.core.context import acting_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_search_from_the_top_bar_on_a_phone(tree, county_office, phone):
    with acting_as(None, source="test"):
        activity_create(by=None, place=tree.u1, start_date=date(2026, 5, 12), kind="lecture",
                        title="民族团结进步宣传月主题宣讲")
    page = phone
    sign_in(page, "county_office")
    box = page.get_by_role("searchbox", name="搜索").first
    assert box.is_visible()                         # not hidden in the collapsed menu
    box.fill("cgzzxxx")
    box.press("Enter")
    page.wait_for_url("**/search/?q=cgzzxxx")
    kinds = page.get_by_test_id("search-group").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds == ["units", "activities"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "search-phone")
    page.get_by_role("link", name="民族团结进步宣传月主题宣讲").click()
    page.wait_for_url("**/activities/*/")


def test_the_guide_closes_in_place_and_stays_closed(tree, county_office, phone):
    page = phone
    sign_in(page, "county_office")
    guide = page.get_by_test_id("first-visit-guide")
    assert guide.is_visible() and "创建办工作人员" in guide.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "guide-phone")
    page.get_by_test_id("guide-dismiss").click()
    guide.wait_for(state="detached")
    page.reload()
    assert page.get_by_test_id("first-visit-guide").count() == 0
