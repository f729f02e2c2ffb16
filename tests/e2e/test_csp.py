"""Under the Content-Security-Policy (no 'unsafe-inline'), the pages of every role work and report no violation:
the menu's pages, the dashboard's charts (ECharts), Swagger, the second-factor pages, and the behaviours that were
inline event handlers (a select that sends its form, a bar drawn to its width)."""

import pytest

from tests.e2e.conftest import csp_violations, sign_in, watch_csp
from tests.factories_pairing import setup_programme
from tuanjie.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOT_PAGES = ("/api/", "/logout/", "/admin/")
EXTRA = {Role.OFFICE: ["/api/docs/", "/analytics/", "/people/tokens/", "/system/security/"],
         Role.LEADER: ["/analytics/"], Role.UNIT: ["/people/tokens/", "/funds/summary/"]}


def _person(tree, role):
    if role in (Role.CADRE, Role.GROUP_LEADER):
        pair = setup_programme(tree.u1, tree)
        return pair.cadre if role == Role.CADRE else pair.group.leader
    return tree.person(role, tree.u1 if role == Role.UNIT else tree.county)


@pytest.mark.parametrize("role", [r for r in Role.values], ids=lambda r: r)
def test_no_page_of_a_role_reports_a_csp_violation(role, tree, browser, live_server, settings):
    settings.DEBUG = False
    person = _person(tree, role)
    if role == Role.ADMIN:
        person.is_superuser = True
        person.save()
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", base_url=live_server.url)
    console = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, person.username)
    failures = [f"/（登录过程）: {v}" for v in csp_violations(page, console)]
    hrefs = page.eval_on_selector_all("#mainnav a[href]", "els => els.map(e => e.getAttribute('href'))")
    urls = list(dict.fromkeys(["/", *[h for h in hrefs if h.startswith("/") and not h.startswith(NOT_PAGES)],
                               *EXTRA.get(role, [])]))
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        failures += [f"{url}: {v}" for v in csp_violations(page, console)]
    context.close()
    assert len(urls) >= 5
    assert not failures, "\n".join(failures)


def test_swagger_and_the_dashboard_draw_under_the_policy(tree, phone):
    office = tree.person(Role.OFFICE, tree.county)
    console = watch_csp(phone.context)
    sign_in(phone, office.username)
    phone.goto("/api/docs/")
    phone.wait_for_selector(".swagger-ui .opblock-tag", timeout=30000)   # Swagger read the schema and drew it
    phone.goto("/analytics/")
    phone.wait_for_selector("#chart-trend canvas, #chart-trend svg")     # ECharts drew into its box
    assert phone.evaluate("document.querySelector('#chart-trend').getBoundingClientRect().height") == 260
    assert not csp_violations(phone, console)


def test_the_behaviours_that_were_inline_handlers_still_work(tree, phone):
    office = tree.person(Role.OFFICE, tree.county)
    console = watch_csp(phone.context)
    sign_in(phone, office.username)
    phone.goto("/analytics/")
    options = phone.eval_on_selector_all("#id_period option", "els => els.map(e => e.value)")
    phone.select_option("#id_period", options[-1])
    phone.wait_for_url(f"**period={options[-1]}*")                      # data-autosubmit sent the form
    assert not csp_violations(phone, console)
