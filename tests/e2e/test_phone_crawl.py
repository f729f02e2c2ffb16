"""Every demo role walks its whole menu on a 375 px phone: nothing runs off the screen, no table is squeezed to a
character per line or scrolled sideways inside the page, every icon draws, axe-core (WCAG 2 A and AA) finds
nothing, and the Content-Security-Policy blocks nothing (no inline script or style left anywhere). The menu is read from the rendered page, so the walk follows whatever menu each role is given."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.e2e.conftest import csp_violations, shot, sign_in, watch_csp
from tuanjie.core.roles import Role
from tuanjie.demo.foundation import LOGINS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "Tuanjie@2026"
# Test tooling, never served: axe-core from npm, injected into each page by the test.
AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
NOT_PAGES = ("/api/", "/logout/", "/admin/")   # Swagger UI is third-party; the rest are not pages to read

# What a person on a phone would call broken, measured in the page itself.
PROBE = """() => {
  const problems = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width)
    problems.push(`页面宽 ${document.documentElement.scrollWidth} px，超出 ${width} px 屏幕`);
  for (const e of document.querySelectorAll('body *')) {
    if (!e.getClientRects().length) continue;                 // not shown
    const hidden = e.closest('.visually-hidden, thead');      // read by screen readers only (tj-stack's headings)
    if (hidden && hidden.getBoundingClientRect().width <= 1) continue;
    const cs = getComputedStyle(e);
    const what = e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
    // Sideways scrolling inside the page is still sideways scrolling (the breadcrumb is meant to scroll).
    if (['auto', 'scroll'].includes(cs.overflowX) && e.scrollWidth > e.clientWidth + 1 && !e.closest('.tj-crumbs'))
      problems.push(`${what} 需要左右滑动（${e.scrollWidth} > ${e.clientWidth} px）`);
    // A table squeezed to one character per line: a cell of two or more characters, narrower than two of them,
    // whose text wrapped onto a second line.
    if ((e.tagName === 'TD' || e.tagName === 'TH') && e.innerText.trim().length >= 2) {
      const size = parseFloat(cs.fontSize), line = parseFloat(cs.lineHeight) || 1.5 * size;
      const inner = e.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      const tall = e.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
      if (inner < 2 * size - 0.5 && tall > 1.5 * line)
        problems.push(`表格挤成一字一行：「${e.innerText.trim().slice(0, 12)}」`);
    }
    if (e.classList.contains('bi')) {
      const glyph = getComputedStyle(e, '::before').content;
      if (!glyph || glyph === 'none' || glyph === 'normal') problems.push(`图标没有字形：${e.className}`);
    }
  }
  return [...new Set(problems)];
}"""

AXE_RUN = """async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']},
                                               resultTypes: ['violations']})).violations.map(
  v => `axe ${v.id}：${v.help}（${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('；')}）`)"""


def check(page, url: str, console: list[str]) -> list[str]:
    response = page.goto(url)
    if response is None or response.status != 200:
        return [f"状态 {response.status if response else '无应答'}"]
    page.wait_for_load_state("load")
    problems = page.evaluate(PROBE)
    # axe comes in as an init script (see below): a <script> tag added now would be refused by the page's CSP.
    return problems + page.evaluate(AXE_RUN) + csp_violations(page, console)


def menu_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("#mainnav a[href]", "els => els.map(e => e.getAttribute('href'))")
    paths = [h for h in hrefs if h.startswith("/") and not h.startswith(NOT_PAGES)]
    return list(dict.fromkeys(["/", *paths]))


def first_record(page) -> str | None:
    """The first record a list links to (its card title on a phone), to check one detail page per list."""
    link = page.locator("[data-testid=row-cards] a[href]").first
    if not link.count():
        return None
    href = link.get_attribute("href")
    return href if href and href.startswith("/") and not href.startswith(NOT_PAGES) else None


def test_every_page_in_every_demo_roles_menu_fits_a_phone_and_passes_axe(browser, live_server, settings):
    from tuanjie.demo.build import build

    settings.DEBUG = False
    build()
    failures: dict[str, list[str]] = {}
    details_seen: set[str] = set()
    walked = 0
    for username, _name, _title, _place, role, _description in LOGINS:
        context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN",
                                      base_url=live_server.url)
        context.add_init_script(path=str(AXE))
        console = watch_csp(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        sign_in(page, username, DEMO_PASSWORD)
        if role != Role.ADMIN:
            # The role's main action is one tap from home: a button on the first screen, before any scrolling.
            action = page.get_by_test_id("main-actions").locator("a").first
            box = action.bounding_box() if action.count() else None
            if box is None or box["y"] + box["height"] > 812:
                failures[f"{username} /"] = ["首页第一屏没有本角色的主要操作按钮"]
        for url in menu_links(page):
            walked += 1
            if problems := check(page, url, console):
                failures[f"{username} {url}"] = problems
                shot(page, f"crawl-{username}-{url.strip('/').replace('/', '-') or 'home'}")
                continue
            record = first_record(page)
            list_path = urlsplit(url).path
            if record and list_path not in details_seen:
                details_seen.add(list_path)
                walked += 1
                if problems := check(page, record, console):
                    failures[f"{username} {record}（{list_path} 的第一条）"] = problems
        context.close()
    report = "\n".join(f"{where}: " + "；".join(problems) for where, problems in failures.items())
    assert not failures, f"{len(failures)} of {walked} pages fail on a phone:\n{report}"
    assert walked >= 10 * len(LOGINS)
