"""Field capture without a network: the working pages read offline after one online visit, and records saved
offline (an activity with a photo, a contact with a need) wait in the device's queue, survive a reload and a new
page, and reach the server once each when the network returns, also when the first upload is cut off half-way.
A refused record stays in the queue with the server's Chinese message, can be fixed or discarded.

The network is switched off both ways a phone test can: the browser context's offline mode, and the DevTools
protocol's network emulation (which overrides the context's mode for its page)."""

import io
from datetime import date, timedelta

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import shot, sign_in
from tuanjie.activities.models import Activity
from tuanjie.attachments.models import Attachment
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role
from tuanjie.pairing import services
from tuanjie.pairing.models import Contact, Need

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVITY_FORM = "/activities/add/"
CONTACT_FORM = "/pairing/contacts/add/"
QUEUE = "/system/queue/"
TITLE = "开展民族团结进步宣传月主题宣讲"
TOPIC = "入户了解春耕准备和孩子上学的情况"
NEED = "屋顶漏雨，需要帮助联系维修"


@pytest.fixture
def pair(tree, cadre):
    leader = tree.person(Role.GROUP_LEADER, tree.u1, "leader")
    with acting_as(None, source="test"):
        programme = services.programme_create(by=None, place=tree.u1, name="民族团结一家亲",
                                              started_on=date(2026, 1, 1))
        group = services.group_create(by=None, programme=programme, name="幸福村分组", leader=leader)
        household = services.household_create(by=None, programme=programme, name="王秀英", address="幸福村3组",
                                              consent_on=date(2026, 1, 5), consent_method="written", size=4)
        return services.pair_create(by=None, group=group, cadre=cadre, household=household,
                                    paired_on=date(2026, 1, 6))


def photo_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 60, 40)).save(out, format="JPEG", quality=80)
    return out.getvalue()


def signed_in_app(page, username: str) -> None:
    """Signed in, with the service worker in control and this person's working pages kept."""
    sign_in(page, username)
    assert page.evaluate("window.tuanjie.pwa.ready()") is True
    page.reload()   # the first page was loaded before the worker: this one goes through it
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def queued(page) -> list[dict]:
    return page.evaluate("""async () => (await window.tuanjie.queue.list(document.body.dataset.user))
        .map(r => ({label: r.label, state: r.state, message: r.message, key: r.key,
                    files: r.entries.filter(e => typeof e[1] === 'object').map(e => [e[1].name, e[1].file.size])}))""")


_SESSIONS: dict = {}


def _worker_without_network(route):
    if route.request.service_worker is not None:
        route.abort("internetdisconnected")
    else:
        route.fallback()


def offline_by_devtools(page, offline: bool) -> None:
    """The page's network emulated away through the DevTools protocol. That emulation holds for the page's own
    target only; the service worker (whose Background Sync would send the queue at once) loses its network
    through a route instead, as a phone without signal loses both."""
    if page not in _SESSIONS:
        _SESSIONS[page] = page.context.new_cdp_session(page)
        _SESSIONS[page].send("Network.enable")
    if offline:
        page.context.route("**/*", _worker_without_network)
    else:
        page.context.unroute("**/*", _worker_without_network)
    _SESSIONS[page].send("Network.emulateNetworkConditions",
                         {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def test_the_working_pages_read_offline_as_they_were_at_the_last_visit(tree, cadre, pair, phone):
    page = phone
    signed_in_app(page, "cadre")
    page.goto("/pairing/")
    assert "王秀英" in page.locator("main").inner_text()
    with acting_as(None, source="test"):
        household = pair.household
        services.household_update(by=None, instance=household, programme=household.programme, name="王秀兰",
                                  address=household.address, consent_on=household.consent_on,
                                  consent_method=household.consent_method, size=household.size)

    page.context.set_offline(True)
    page.goto("/pairing/")
    assert "王秀英" in page.locator("main").inner_text()    # the copy from the visit, not the server's new name
    page.goto(CONTACT_FORM)
    assert page.get_by_test_id("contact-form").is_visible()
    assert page.locator("select[name=pair] option", has_text="王秀英").count() == 1
    page.goto("/plans/")
    assert page.get_by_test_id("offline-page").inner_text().startswith("暂无网络")
    shot(page, "offline-page")

    page.context.set_offline(False)
    page.goto("/pairing/")
    assert "王秀兰" in page.locator("main").inner_text()


def test_an_activity_with_a_photo_saved_offline_reaches_the_server_once_even_when_its_first_upload_is_cut_off(
        tree, unit_staff, phone):
    page = phone
    signed_in_app(page, "unit_staff")
    page.goto(ACTIVITY_FORM)
    page.context.set_offline(True)
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=kind]", index=1)
    page.set_input_files("input[name=photos]", files=[
        {"name": "宣讲现场.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}])
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("queue-notice").filter(has_text="联网后自动同步").wait_for()
    badge = page.get_by_test_id("queue-badge")
    assert badge.is_visible() and badge.inner_text().strip().endswith("1")

    page.reload()
    [record] = queued(page)
    assert (record["label"], record["state"]) == (f"活动：{TITLE}", "waiting")
    assert record["files"] == [["宣讲现场.jpg", len(photo_bytes())]]
    other = page.context.new_page()
    other.goto(QUEUE)
    assert other.get_by_test_id("queued-record").inner_text().startswith(f"活动：{TITLE}")
    other.close()
    assert Activity.objects.count() == 0

    # The first upload reaches the server and its answer is lost on the way back; the retry carries the same key.
    sent, cut_off = [], []

    def cut_off_first(route):
        sent.append(route.request.header_value("Idempotency-Key"))
        if len(sent) == 1:
            route.fetch(max_redirects=0)
            route.abort("connectionreset")
            cut_off.append(True)
        else:
            route.continue_()

    page.route(f"**{ACTIVITY_FORM}", lambda route: cut_off_first(route) if route.request.method == "POST"
               else route.continue_())
    page.goto(QUEUE)
    page.context.set_offline(False)
    page.wait_for_function("() => document.querySelector('[data-testid=queued-message]')?.textContent.includes('暂无网络')"
                           " && document.querySelector('[data-state=waiting]')")
    while not cut_off:
        page.wait_for_timeout(50)
    assert Activity.objects.count() == 1     # saved by the upload whose answer never arrived
    page.get_by_test_id("queued-sync").click()
    page.get_by_test_id("queue-notice").filter(has_text="已同步").wait_for()
    assert page.get_by_test_id("queue-notice").filter(has_text="已同步").inner_text().startswith(f"已同步：活动：{TITLE}")
    assert queued(page) == []
    assert len(sent) == 2 and sent[0] == sent[1] == f'"{record["key"]}"'
    activity = Activity.objects.get()
    assert activity.title == TITLE
    assert list(Attachment.objects.for_object(activity).values_list("original_name", flat=True)) == ["宣讲现场.jpg"]
    assert page.get_by_test_id("synced-record").inner_text().startswith(f"已同步 · 活动：{TITLE}")
    assert not page.get_by_test_id("queue-badge").is_visible()
    page.unroute_all(behavior="ignoreErrors")


def test_a_contact_with_a_need_saved_while_devtools_cuts_the_network_reaches_the_server_once(
        tree, cadre, pair, phone):
    page = phone
    signed_in_app(page, "cadre")
    page.goto(CONTACT_FORM)
    offline_by_devtools(page, True)
    page.fill("textarea[name=topic]", TOPIC)
    page.fill("input[name=cost]", "35.5")
    page.get_by_test_id("add-need").click()
    page.select_option("select[name=needs-0-category]", "housing")
    page.fill("textarea[name=needs-0-description]", NEED)
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("queue-notice").filter(has_text="联网后自动同步").wait_for()
    page.reload()
    [record] = queued(page)
    assert (record["label"], record["state"]) == ("走访：王秀英（幸福村3组）", "waiting")
    assert page.evaluate("navigator.onLine") is False
    assert Contact.objects.count() == 0

    # The session ended while the phone was away: the record waits for sign-in instead of being lost.
    page.goto(QUEUE)
    page.context.clear_cookies(name="sessionid")
    offline_by_devtools(page, False)
    page.get_by_test_id("queued-message").filter(has_text="请重新登录后同步").wait_for()
    assert [r["state"] for r in queued(page)] == ["login"]
    assert Contact.objects.count() == 0
    page.goto(f"/login/?next={QUEUE}")
    page.fill("input[name=username]", "cadre")
    page.fill("input[name=password]", "Test-Pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{QUEUE}")
    page.wait_for_function("() => window.tuanjie.queue.known === 0")
    assert page.get_by_test_id("queue-notice").filter(has_text="已同步").count() == 1
    contact = Contact.objects.get()
    assert (contact.pair_id, contact.topic, str(contact.cost)) == (pair.pk, TOPIC, "35.50")

    # A page read from the worker's copy offers its copy's key to every record made on it: only the same record
    # keeps the key (and replaces its queued copy); another one, or one after it was sent, gets its own.
    keys = page.evaluate("""async () => {
        const q = window.tuanjie.queue, user = document.body.dataset.user, a = '/pairing/contacts/add/';
        const same = [['topic', '一']], other = [['topic', '二']];
        const first = await q.add({action: a, entries: same, key: 'copy-key', label: '一'});
        const again = await q.add({action: a, entries: same, key: 'copy-key', label: '一'});
        const second = await q.add({action: a, entries: other, key: 'copy-key', label: '二'});
        const sent = await q.add({action: a, entries: same, key: %s, label: '三'});
        const all = (await q.list(user)).map(r => r.key);
        for (const key of all) await q.discard(user, key);
        return {first: first.key, again: again.key, second: second.key, sent: sent.key, all: all};
    }""" % repr(record["key"]))
    assert keys["first"] == keys["again"] == "copy-key"
    assert keys["second"] not in ("copy-key", record["key"]) and keys["sent"] != record["key"]
    assert sorted(keys["all"]) == sorted(["copy-key", keys["second"], keys["sent"]])
    assert list(Need.objects.values_list("pair_id", "category", "description")) == [(pair.pk, "housing", NEED)]


def test_a_refused_record_stays_in_the_queue_with_the_servers_message_and_can_be_fixed_or_discarded(
        tree, unit_staff, phone):
    page = phone
    signed_in_app(page, "unit_staff")
    tomorrow = date.today() + timedelta(days=1)
    for title in (TITLE, "石榴籽一家亲文艺汇演"):
        page.goto(ACTIVITY_FORM)
        page.context.set_offline(True)
        page.fill("input[name=title]", title)
        page.select_option("select[name=kind]", index=1)
        page.fill("input[name=start_date]", tomorrow.isoformat())    # the ledger takes only activities held
        page.get_by_role("button", name="保存").click()
        page.get_by_test_id("queue-notice").filter(has_text="联网后自动同步").wait_for()
        page.context.set_offline(False)
    page.goto(QUEUE)
    page.wait_for_function("() => document.querySelectorAll('[data-state=refused]').length === 2")
    first, second = page.get_by_test_id("queued-record").all()
    assert "开始日期不能晚于今天" in first.get_by_test_id("queued-message").inner_text()
    shot(page, "queue-refused")

    page.once("dialog", lambda dialog: dialog.accept())
    second.get_by_test_id("queued-discard").click()
    page.wait_for_function("() => window.tuanjie.queue.known === 1")

    first.get_by_test_id("queued-fix").click()
    page.get_by_test_id("queue-fixing").wait_for()
    assert page.input_value("input[name=title]") == TITLE
    assert page.input_value("input[name=start_date]") == tomorrow.isoformat()
    page.fill("input[name=start_date]", date.today().isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**{QUEUE}")
    page.wait_for_function("() => window.tuanjie.queue.known === 0")
    assert list(Activity.objects.values_list("title", "start_date")) == [(TITLE, date.today())]


def page_caches(page) -> list[str]:
    return sorted(page.evaluate("caches.keys()"))


def user_menu_opened(page):
    """The user menu's sign-out button, the menu opened: on a busy machine a click on the toggle can land before the
    menu's script is listening (nothing opens) or after the menu was opened by an earlier click (it closes), so the
    toggle is clicked until the button shows."""
    sign_out = page.get_by_role("button", name="退出登录")
    for _ in range(10):
        if sign_out.is_visible():
            break
        page.get_by_test_id("user-menu").click()
        try:
            sign_out.wait_for(state="visible", timeout=2000)
        except PlaywrightTimeoutError:
            continue
    return sign_out


def test_kept_pages_belong_to_one_person_and_signing_out_deletes_them_and_asks_before_deleting_the_queue(
        tree, cadre, unit_staff, pair, phone):
    page = phone
    signed_in_app(page, "cadre")
    assert f"tj-pages-{cadre.pk}" in page_caches(page)

    # Another person signs in on the same device (the first never signed out): the first one's pages go.
    page.context.clear_cookies()
    signed_in_app(page, "unit_staff")
    assert [name for name in page_caches(page) if name.startswith("tj-pages-")] == [f"tj-pages-{unit_staff.pk}"]

    page.goto(ACTIVITY_FORM)
    page.context.set_offline(True)
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=kind]", index=1)
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("queue-notice").filter(has_text="联网后自动同步").wait_for()
    # The record stays queued while the person signs out: the route is in place before the network comes back,
    # or the queue's sync on "online" could send it first.
    page.route(f"**{ACTIVITY_FORM}", lambda route: route.abort() if route.request.method == "POST"
               else route.continue_())
    page.context.set_offline(False)

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="菜单").click()
    user_menu_opened(page).click()
    while not questions:
        page.wait_for_timeout(50)
    assert "1 条记录尚未同步" in questions[0]
    assert len(queued(page)) == 1 and page.url.endswith(ACTIVITY_FORM)

    page.once("dialog", lambda dialog: dialog.accept())
    user_menu_opened(page).click()
    page.wait_for_url("**/login/**")
    assert [name for name in page_caches(page) if name.startswith("tj-pages-")] == []
    # Deleting the queue's database was asked for before the sign-out; it completes once the page that held it open
    # has gone, which on a busy machine can be a moment after the sign-in page shows.
    page.wait_for_function("(name) => indexedDB.databases().then((dbs) => !dbs.some((db) => db.name === name))",
                           arg=f"tj-queue-{unit_staff.pk}", timeout=10000)
    assert Activity.objects.count() == 0
    page.unroute_all(behavior="ignoreErrors")
