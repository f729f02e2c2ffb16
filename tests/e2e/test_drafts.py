"""Nothing typed is lost: a cadre fills the visit form, the session ends before the save, and after signing in
again the form comes back with everything typed (a need row included); saving it clears the draft. On the way the
idle warning's 继续使用 keeps the session."""

from datetime import date

import pytest

from tests.e2e.conftest import shot, sign_in
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role
from tuanjie.pairing import services
from tuanjie.pairing.models import Contact, Need

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM = "/pairing/contacts/add/"
TOPIC = "入户拉家常，了解春耕准备和孩子上学的情况"
NEED = "屋顶漏雨，需要帮助联系维修"


def drafts(page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('tj-draft:'))")


def test_a_form_filled_before_the_session_ended_comes_back_after_sign_in_and_its_draft_goes_once_saved(
        tree, cadre, unit_staff, phone):
    leader = tree.person(Role.GROUP_LEADER, tree.u1, "leader")
    with acting_as(None, source="test"):
        programme = services.programme_create(by=None, place=tree.u1, name="民族团结一家亲",
                                              started_on=date(2026, 1, 1))
        group = services.group_create(by=None, programme=programme, name="幸福村分组", leader=leader)
        household = services.household_create(by=None, programme=programme, name="王秀英", address="幸福村3组",
                                              consent_on=date(2026, 1, 5), consent_method="written", size=4)
        pair = services.pair_create(by=None, group=group, cadre=cadre, household=household,
                                    paired_on=date(2026, 1, 6))
    page = phone
    page.clock.install()      # time flows as usual; fast_forward below skips the idle half hour
    sign_in(page, "cadre")
    page.goto(FORM)
    page.fill("textarea[name=topic]", TOPIC)
    page.fill("input[name=cost]", "35.5")
    page.get_by_test_id("add-need").click()
    page.select_option("select[name=needs-0-category]", "housing")
    page.fill("textarea[name=needs-0-description]", NEED)
    page.wait_for_function(f"() => JSON.stringify(localStorage).includes({NEED!r})")
    shot(page, "contact-form-filled")

    # Idle for 28½ of the 30 minutes: a warning counts down, and 继续使用 keeps the session (the page stays).
    page.clock.fast_forward("28:30")
    warning = page.get_by_test_id("session-warning")
    assert "秒后失效" in warning.inner_text()
    warning.get_by_role("button", name="继续使用").click()
    warning.wait_for(state="detached")

    # The session ends while the form is open: the save lands on the sign-in page, which says the input is kept.
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(lambda url: "/login/?next=" in url)
    assert "您填写的内容已保存在本机" in page.locator("main").inner_text()
    page.fill("input[name=username]", "cadre")
    page.fill("input[name=password]", "Test-Pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{FORM}")

    note = page.get_by_test_id("draft-restored")
    assert note.inner_text().startswith("已恢复您上次未提交的内容")
    assert note.get_by_role("button", name="丢弃草稿").is_visible()
    assert page.input_value("textarea[name=topic]") == TOPIC
    assert page.input_value("input[name=cost]") == "35.5"
    assert page.input_value("select[name=needs-0-category]") == "housing"
    assert page.input_value("textarea[name=needs-0-description]") == NEED
    shot(page, "contact-form-restored")
    assert Contact.objects.count() == 0

    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/pairing/")
    assert drafts(page) == []
    contact = Contact.objects.get()
    assert (contact.pair_id, contact.topic, str(contact.cost)) == (pair.pk, TOPIC, "35.50")
    assert list(Need.objects.values_list("pair_id", "category", "description")) == [(pair.pk, "housing", NEED)]
    page.goto(FORM)
    assert page.get_by_test_id("draft-restored").count() == 0
    assert page.input_value("textarea[name=topic]") == ""
