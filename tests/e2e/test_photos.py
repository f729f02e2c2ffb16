"""Photos that travel: a 12 MP phone photo chosen on the activity form is resized in the browser before it is sent,
so the server receives it at most 1,920 px long, upright and without GPS; while it goes, its progress bar fills
and the save button is busy (disabled, with a percentage)."""

import json
import re

import pytest

from tests import hostile_files
from tests.e2e.conftest import sign_in
from tests.phone_photo import is_upright_without_gps, phone_photo
from tuanjie.activities.models import Activity
from tuanjie.attachments.models import Attachment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "民族团结进步宣传月主题宣讲"


@pytest.fixture(scope="module")
def photo() -> bytes:
    return phone_photo()


def slow_upload(page) -> None:
    """Upload at 2 Mbps, so the progress of a few hundred kB is seen (the bench uses the real 3G/4G figures)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20,
                                                  "downloadThroughput": 4_000_000 / 8, "uploadThroughput": 2_000_000 / 8})


def test_a_big_photo_arrives_resized_upright_and_without_gps_with_its_progress_and_a_busy_button(
        tree, unit_staff, phone, photo):
    page = phone
    sign_in(page, "unit_staff")
    page.goto("/activities/add/")
    page.select_option("select[name=kind]", "lecture")
    page.fill("input[name=title]", TITLE)
    page.set_input_files("input[name=photos]", files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg",
                                                       "buffer": photo}])
    size_note = page.get_by_test_id("file-size")
    size_note.filter(has_text="原图").wait_for(timeout=30000)
    original_mb = f"{len(photo) / 1024 / 1024:.1f} MB"
    assert f"原图 {original_mb} → " in size_note.inner_text()
    assert page.locator("[data-testid=chosen-files] img").count() == 1     # its thumbnail

    slow_upload(page)
    page.get_by_role("button", name="保存").click()
    button = page.locator("button[aria-busy=true]")
    button.wait_for()
    assert button.is_disabled()
    page.wait_for_function("() => /正在保存 \\d+%/.test(document.querySelector('button[aria-busy=true]')"
                           "?.textContent || '')")
    bar = page.get_by_test_id("file-progress")
    page.wait_for_function("() => +document.querySelector('[data-testid=file-progress]')"
                           ".getAttribute('aria-valuenow') > 0")
    assert bar.is_visible()
    page.wait_for_url(re.compile(r"/activities/\d+/$"), timeout=60000)
    assert TITLE in page.get_by_test_id("saved-message").inner_text()      # the JSON answer's message

    activity = Activity.objects.get(title=TITLE)
    stored = Attachment.objects.for_object(activity).get()
    with stored.file.open("rb") as handle:
        ok, found = is_upright_without_gps(handle.read(), long_side=1920)
    assert ok, found
    assert stored.original_name == "IMG_2041.jpg"


def test_a_large_pdf_goes_ahead_in_resumable_chunks_and_the_activity_takes_it(tree, unit_staff, phone, settings):
    pdf = hostile_files.pdf(padding=bytes(range(256)) * 12_000)          # 3 MB: above the 2 MB threshold
    page = phone
    sign_in(page, "unit_staff")
    page.goto("/activities/add/")
    page.select_option("select[name=kind]", "lecture")
    page.fill("input[name=title]", "带大文件的活动")
    page.set_input_files("input[name=photos]", files=[{"name": "实施方案.pdf", "mimeType": "application/pdf",
                                                       "buffer": pdf}])
    patches = []
    page.on("request", lambda r: patches.append(r) if r.method == "PATCH" else None)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/activities/\d+/$"), timeout=60000)
    assert len(patches) == 6                       # 512 kB chunks
    stored = Attachment.objects.for_object(Activity.objects.get(title="带大文件的活动")).get()
    assert (stored.original_name, stored.mime, stored.size) == ("实施方案.pdf", "application/pdf", len(pdf))
    assert not [p for p in settings.TUANJIE_UPLOADS_DIR.rglob("*") if p.is_file()]   # taken, then removed


def test_with_no_network_the_form_and_its_photo_stay_and_the_person_is_told_in_chinese(tree, unit_staff, phone, photo):
    page = phone
    sign_in(page, "unit_staff")
    page.goto("/activities/add/")
    page.fill("input[name=title]", TITLE)
    page.set_input_files("input[name=photos]", files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg",
                                                       "buffer": photo}])
    page.get_by_test_id("file-size").filter(has_text="原图").wait_for(timeout=30000)
    page.evaluate("delete (window.tuanjie || {}).queue")      # this test is about a page without the offline queue
    page.context.set_offline(True)
    page.get_by_role("button", name="保存").click()
    assert "网络不通，记录还没有保存" in page.get_by_test_id("send-notice").inner_text()
    assert page.input_value("input[name=title]") == TITLE
    assert page.evaluate("document.querySelector('input[name=photos]').files.length") == 1
    assert page.get_by_role("button", name="保存").is_enabled()
    page.context.set_offline(False)
    assert not Activity.objects.exists()


def test_a_refusal_in_json_is_shown_at_its_fields_with_the_photo_kept(tree, unit_staff, phone, photo):
    """The server's JSON answer of the field-capture contract (422 with errors per field), as the pages get it."""
    page = phone
    sign_in(page, "unit_staff")
    page.goto("/activities/add/")
    page.set_input_files("input[name=photos]", files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg",
                                                       "buffer": photo}])
    page.get_by_test_id("file-size").filter(has_text="原图").wait_for(timeout=30000)
    sent = {}

    def refuse(route):
        sent.update(route.request.headers)
        route.fulfill(status=422, content_type="application/json", body=json.dumps({
            "ok": False, "message": "有2处需要修改", "errors": {"title": ["请填写活动名称"], "__all__": ["本月已登记过"]}},
            ensure_ascii=False))

    page.route("**/activities/add/", lambda route: refuse(route) if route.request.method == "POST" else route.continue_())
    page.get_by_role("button", name="保存").click()
    notice = page.get_by_test_id("send-notice")
    notice.wait_for()
    assert "有2处需要修改" in notice.inner_text() and "本月已登记过" in notice.inner_text()
    title = page.locator("input[name=title]")
    assert "is-invalid" in title.get_attribute("class")
    assert page.locator("input[name=title] ~ .tj-sent-error").inner_text() == "请填写活动名称"
    assert page.evaluate("document.querySelector('input[name=photos]').files.length") == 1
    assert sent["accept"] == "application/json" and re.fullmatch(r'"[0-9a-f-]{36}"', sent["idempotency-key"])
    assert sent["x-csrftoken"]
