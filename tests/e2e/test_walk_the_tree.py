"""In headless Chromium at phone width: sign in, walk the tree, create a unit; the township office cannot
reach the county's other townships."""

import pytest

from tests.e2e.conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_county_office_walks_the_tree_and_creates_a_unit(tree, county_office, phone):
    page = phone
    sign_in(page, "county_office")
    assert page.get_by_test_id("place-breadcrumb").inner_text().strip().endswith("团结县")
    shot(page, "home")

    page.goto("/places/tree/")
    page.get_by_role("button", name="展开").first.click()          # the county: HTMX loads its townships
    page.get_by_role("link", name="城关镇", exact=True).wait_for()
    page.get_by_role("button", name="展开").nth(1).click()          # then 城关镇's villages and units
    page.get_by_role("link", name="幸福村").wait_for()
    shot(page, "tree")

    page.get_by_role("link", name="城关镇", exact=True).click()
    page.get_by_test_id("add-child").click()
    page.select_option("select[name=kind]", "unit")
    page.fill("input[name=name]", "城关镇第二小学")
    page.fill("input[name=code]", "TJX-NEW-1")
    page.select_option("select[name=creation_field]", label="学校")
    shot(page, "form")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存：城关镇第二小学").wait_for()
    assert "城关镇第二小学" in page.locator("h1").inner_text()
    # the page fits the phone: nothing wider than the viewport
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "unit")


def test_the_township_office_cannot_open_another_township(tree, township_office, phone):
    page = phone
    sign_in(page, "township_office")
    response = page.goto(f"/places/{tree.t2.pk}/")
    assert response.status == 404
    page.goto("/places/")
    assert "幸福村" in page.content() and "石榴镇" not in page.content()
