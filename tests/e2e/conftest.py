import os
from pathlib import Path


def shot(page, name: str) -> None:
    folder = os.environ.get("TUANJIE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def sign_in(page, username: str, password: str = "Test-Pass-2026") -> None:
    """Sign in through the login page, as a person would, and wait for the home page. Offices, inspectors and
    admins then pass the second factor: the code comes from the person's authenticator secret (the demo's
    published one, or tests/twofactor.py's), read from the database as the phone would hold it; a person without
    one enrols on the page, with the secret the page shows."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if "/2fa/" in page.url:
        pass_second_factor(page, username)
    page.wait_for_url("**/")
    # The service worker fetches the person's working pages once after sign-in (core/sw.js warm()); a test that
    # clears the cookies while those answers are in flight would get the old CSRF cookie back from them.
    page.evaluate("() => window.tuanjie && window.tuanjie.pwa ? window.tuanjie.pwa.ready() : null")


def pass_second_factor(page, username: str) -> None:
    import base64

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.twofactor import code_at, code_for

    if "/2fa/enrol/" in page.url:
        import time

        key = base64.b32decode(page.get_attribute("[data-totp-secret]", "data-totp-secret"))
        page.fill("input[name=code]", code_at(key, int(time.time()) // 30))
        page.click("[data-testid=twofactor-enrol] button[type=submit]")
        page.click("[data-testid=recovery-codes] a")
        return
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    page.fill("input[name=code]", code_for(device))
    page.click("[data-testid=twofactor-verify] button[type=submit]")


# Every Content-Security-Policy violation a page reports, from the browser's own event (init scripts run outside
# the page's policy) and from the console, where Chromium also writes the ones no event reaches.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
  `${e.violatedDirective} ${e.blockedURI || 'inline'} ${e.sourceFile || ''}:${e.lineNumber} ${e.sample || ''}`));
"""


def watch_csp(context) -> list[str]:
    """Start collecting CSP reports for every page of `context`; returns the console's list (pages add theirs)."""
    console: list[str] = []
    context.add_init_script(CSP_LISTENER)
    context.on("console", lambda message: console.append(message.text)
               if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    return console


def csp_violations(page, console: list[str]) -> list[str]:
    reported = page.evaluate("() => window.__cspViolations || []")
    found = [f"CSP {v}" for v in reported] + [f"CSP（控制台）{m}" for m in console]
    console.clear()
    return found
