"""Lists on a phone are cards (title, then the figures with their labels), not a table scrolled sideways."""

from datetime import date

import pytest

from tests.e2e.conftest import shot, sign_in
from tuanjie.activities.services import activity_create
from tuanjie.core.context import acting_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_activity_ledger_is_a_column_of_cards_on_a_phone(tree, county_office, phone):
    with acting_as(None, source="test"):
        activity_create(by=None, place=tree.u1, start_date=date(2026, 5, 12), kind="lecture", participants=320,
                        title="民族团结进步宣传月主题宣讲")
    page = phone
    sign_in(page, "county_office")
    page.goto("/activities/")
    card = page.get_by_test_id("row-cards")
    assert card.is_visible() and not page.locator("table").is_visible()
    text = card.inner_text()
    assert "城关镇中心学校" in text and "参加人数 320" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "activities-phone")
    page.get_by_role("link", name="民族团结进步宣传月主题宣讲").click()
    page.wait_for_url("**/activities/*/")
    assert "民族团结进步宣传月主题宣讲" in page.locator("h1").inner_text()


def test_a_long_figure_on_a_phone_card_wraps_inside_the_card_instead_of_running_off_the_screen(tree, county_office,
                                                                                               phone):
    with acting_as(None, source="test"):
        activity_create(by=None, place=tree.u1, start_date=date(2026, 5, 12), kind="lecture", participants=320,
                        title="宣讲", output_text="形成调研报告一份、宣传手册两千册、短视频作品三部并在县融媒体中心滚动播出")
    page = phone
    sign_in(page, "county_office")
    page.goto("/activities/")
    assert "县融媒体中心滚动播出" in page.get_by_test_id("row-cards").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
