import os
from pathlib import Path


def shot(page, name: str) -> None:
    folder = os.environ.get("TUANJIE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def sign_in(page, username: str, password: str = "Test-Pass-2026") -> None:
    """Sign in through the login page, as a person would, and wait for the home page."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    # The service worker fetches the person's working pages once after sign-in (core/sw.js warm()); a test that
    # clears the cookies while those answers are in flight would get the old CSRF cookie back from them.
    page.evaluate("() => window.tuanjie && window.tuanjie.pwa ? window.tuanjie.pwa.ready() : null")
