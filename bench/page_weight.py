"""Page weight on a phone's first visit (not part of the test suite): the bytes a 375 px Chromium receives, with
an empty cache, for the login page, each demo role's home page and the dashboard.

    .venv/bin/python bench/page_weight.py            # ~2 min: migrate, demo, collectstatic, then the pages

It builds the demo on a throwaway SQLite in a temporary data folder, collects the static files there as
production does (hashed names, gzip beside them), starts `python -m tuanjie serve` on a free loopback port and
drives Debian's chromium through Playwright. A page's weight is what the network delivered for it and everything
it loaded until the network went quiet (Chromium's encodedDataLength: headers plus the compressed bodies), counted
after the browser cache is cleared, so a home page's CSS and fonts count although the sign-in page loaded them
first. Targets: login ≤ 150 kB, a role's home ≤ 250 kB. Exits 1 when a target is missed. Requests go only to
127.0.0.1."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from serving import free_port, stop, wait_for  # noqa: E402  (bench/ is the script's folder)

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "Tuanjie@2026"
ROLES = ["admin", "shengban", "shiban", "xianban", "lingdao", "ducha", "xiangban", "danwei", "zuzhang", "ganbu",
         "youyi"]
TARGETS = {"login": 150_000, "home": 250_000}
CHROMIUM = os.environ.get("TUANJIE_CHROMIUM", "/usr/bin/chromium")






class Meter:
    """Bytes received per request through the DevTools protocol, by kind of resource."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.kinds: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        self.cdp.on("Network.responseReceived", lambda e: self.kinds.__setitem__(e["requestId"], e["type"]))
        self.cdp.on("Network.loadingFinished",
                    lambda e: self.bytes.__setitem__(e["requestId"], int(e["encodedDataLength"])))

    def start(self) -> None:
        self.cdp.send("Network.clearBrowserCache")
        self.kinds.clear()
        self.bytes.clear()

    def result(self) -> tuple[int, dict[str, int]]:
        by_kind: dict[str, int] = defaultdict(int)
        for rid, n in self.bytes.items():
            by_kind[self.kinds.get(rid, "Other")] += n
        return sum(self.bytes.values()), dict(by_kind)


def measure(browser, base: str) -> list[tuple[str, str, int, dict[str, int]]]:
    rows = []

    def visit(page, meter, url):
        meter.start()
        page.goto(base + url, wait_until="networkidle")
        return meter.result()

    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    page = context.new_page()
    meter = Meter(context, page)
    rows.append(("login", "/login/", *visit(page, meter, "/login/")))
    context.close()
    for role in ROLES:
        context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
        page = context.new_page()
        meter = Meter(context, page)
        page.goto(base + "/login/")
        page.fill("input[name=username]", role)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(base + "/")
        rows.append((f"home {role}", "/", *visit(page, meter, "/")))
        if role == "xianban":
            rows.append(("dashboard xianban", "/analytics/", *visit(page, meter, "/analytics/")))
        context.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="tuanjie-weight-")
    env = dict(os.environ, TUANJIE_DATA_DIR=data, PYTHONPATH=str(ROOT), TUANJIE_DEBUG="0", TUANJIE_DEMO="1",
               TUANJIE_2FA_REQUIRED="0")   # pages as served; the sign-in's second step is not what is weighed
    env.pop("TUANJIE_DATABASE_URL", None)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = None
    try:
        for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["demo"]):
            subprocess.run([PYTHON, "-m", "tuanjie", *command], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)
        serve = subprocess.Popen([PYTHON, "-m", "tuanjie", "serve", "--bind", f"127.0.0.1:{port}", "--no-jobs"],
                                 cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        wait_for(base, serve, path="/login/")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            rows = measure(browser, base)
            browser.close()
    finally:
        stop(serve)
        if not args.keep:
            shutil.rmtree(data, ignore_errors=True)
    missed = 0
    print(f"{'page':<20} {'kB':>7}  by kind (kB)")
    for name, url, total, kinds in rows:
        target = TARGETS.get(name.split()[0])
        mark = "" if target is None else (" ✔" if total <= target else " ✘")
        missed += bool(target and total > target)
        parts = ", ".join(f"{k} {v / 1000:.1f}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]))
        print(f"{name:<20} {total / 1000:>7.1f}{mark}  {parts}  [{urlsplit(url).path}]")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
