"""In headless Chromium at phone width (375 px): a unit writes and submits an item with a photo, the township
office accepts it from its queue and publishes it, and anyone can read it on the public news page."""

import io

import pytest
from PIL import Image

from tests.e2e.conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fresh_phone(browser, live_server):
    """Another person's phone: a separate browser context, signed out."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(30000)
    return page


def test_an_item_goes_from_a_phone_to_the_public_page(tree, unit_staff, township_office, phone, browser, live_server,
                                                     tmp_path):
    photo = tmp_path / "现场.jpg"
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (190, 40, 40)).save(out, format="JPEG")
    photo.write_bytes(out.getvalue())

    page = phone
    page.set_default_timeout(30000)
    sign_in(page, "unit_staff")
    page.goto("/information/add/")
    page.fill("input[name=title]", "城关镇中心学校举办石榴籽主题班会")
    page.fill("textarea[name=body]", "全校师生320人参加。\n同学们讲述了各族群众守望相助的故事。")
    page.set_input_files("input[name=photos]", str(photo))
    shot(page, "information-form")
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("submit").click()
    page.get_by_text("已报送，等待上级创建办审核").wait_for()
    shot(page, "information-submitted")

    page = fresh_phone(browser, live_server)
    sign_in(page, "township_office")
    page.goto("/information/queue/")
    page.get_by_test_id("queue-item").get_by_role("button", name="采用").click()
    page.get_by_text("已采用").wait_for()
    shot(page, "information-queue")
    page.get_by_role("link", name="城关镇中心学校举办石榴籽主题班会").click()
    page.get_by_role("link", name="发布").click()
    page.get_by_role("button", name="发布").click()
    page.get_by_text("发布情况", exact=True).wait_for()
    page.context.close()

    page = fresh_phone(browser, live_server)
    page.goto("/public/news/")
    page.get_by_role("link", name="城关镇中心学校举办石榴籽主题班会").click()
    page.get_by_test_id("photos").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "public-news")
    page.context.close()
