"""Field-capture bench (not part of the test suite): an activity saved with one 12 MP phone photo, on a phone on
emulated 4G and 3G, through the real pages of `tuanjie serve`, in Debian's chromium driven by Playwright.

    .venv/bin/python bench/field_capture.py                 # ~4 min: both profiles, resized and full-size
    .venv/bin/python bench/field_capture.py --runs 3 --skip-full-size

It makes a throwaway data folder (SQLite, media, collected static files), migrates and loads the demo county,
starts `python -m tuanjie serve` on a free loopback port and signs in the demo's unit liaison (danwei). For each
network profile (DevTools `Network.emulateNetworkConditions`: 4G 150 ms RTT, 1.6 Mbps down, 750 kbps up; 3G
400 ms, 400 kbps both ways) it opens the activity form, fills it, chooses the photo (tests/phone_photo.py: 4000 ×
3000 with sensor noise, 3–6 MB, EXIF orientation and GPS) and saves. The save time runs from choosing the photo
(so the resizing in the browser counts) to the saved activity's page being shown; the bytes sent per photo are
the size of the file in the form when it is sent. "full size" is the same save with photos.js and send.js kept
off the page (the plain form post the pages made before). Every save is checked on the server: the activity
exists once and its photo is stored upright, ≤ 1,920 px long (resized path) and without GPS."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import free_port, stop, wait_for  # noqa: E402  (bench/ is the script's folder)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PASSWORD = "Tuanjie@2026"
CHROMIUM = os.environ.get("TUANJIE_CHROMIUM", "/usr/bin/chromium")
PROFILES = {   # name: (round-trip ms, down bit/s, up bit/s), the figures of issue 11
    "4G": (150, 1_600_000, 750_000),
    "3G": (400, 400_000, 400_000),
}
TARGETS = {"4G": 10.0, "3G": 25.0}

CHECK = r'''
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuanjie.settings")
import django
django.setup()
from tests.phone_photo import is_upright_without_gps
from tuanjie.activities.models import Activity
from tuanjie.attachments.models import Attachment
title = sys.argv[1]
found = list(Activity._base_manager.filter(title=title))
photos = list(Attachment._base_manager.filter(object_id__in=[a.pk for a in found]))
checks = []
for photo in photos:
    with photo.file.open("rb") as handle:
        checks.append(is_upright_without_gps(handle.read(), long_side=int(sys.argv[2])))
print(json.dumps({"activities": len(found), "photos": len(photos), "checks": checks, "stored": [p.size for p in photos]}))
'''






def throttle(page, profile: str | None) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    if profile is None:
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1,
                                                      "uploadThroughput": -1})
        return
    rtt, down, up = PROFILES[profile]
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": rtt, "downloadThroughput": down / 8,
                                                  "uploadThroughput": up / 8})


def one_save(browser, base: str, profile: str, resized: bool, photo: bytes, title: str) -> dict:
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", base_url=base,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(180_000)
    if not resized:
        page.route("**/tuanjie/photos*.js", lambda route: route.abort())
        page.route("**/tuanjie/send*.js", lambda route: route.abort())
    page.goto("/login/")
    page.fill("input[name=username]", "danwei")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    throttle(page, profile)
    started = time.monotonic()
    page.goto("/activities/add/")
    opened = time.monotonic() - started
    page.select_option("select[name=kind]", "lecture")
    page.fill("input[name=title]", title)
    started = time.monotonic()
    page.set_input_files("input[name=photos]", files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg",
                                                       "buffer": photo}])
    if resized:
        page.get_by_test_id("file-size").filter(has_text="原图").wait_for()
    resized_at = time.monotonic() - started
    sent = page.evaluate("document.querySelector('input[name=photos]').files[0].size")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(lambda url: "/activities/" in url and url.rstrip("/").split("/")[-1].isdigit())
    page.wait_for_load_state("load")
    saved = time.monotonic() - started
    context.close()
    return {"profile": profile, "path": "resized" if resized else "full size", "open_form_s": round(opened, 2),
            "resize_s": round(resized_at, 2) if resized else None, "save_s": round(saved, 2), "photo_bytes": sent}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="saves per profile and path")
    parser.add_argument("--skip-full-size", action="store_true", help="only the resized path")
    parser.add_argument("--profiles", default="4G,3G")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.phone_photo import phone_photo

    data = tempfile.mkdtemp(prefix="tuanjie-field-")
    env = dict(os.environ, TUANJIE_DATA_DIR=data, PYTHONPATH=str(ROOT), TUANJIE_ALLOWED_HOSTS="127.0.0.1,localhost",
               TUANJIE_DEMO="1")
    env.pop("TUANJIE_DATABASE_URL", None)
    env.pop("TUANJIE_MEDIA", None)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = None
    results = []
    try:
        started = time.monotonic()
        for command in (["migrate", "-v0"], ["demo"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([PYTHON, "-m", "tuanjie", *command], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)
        print(f"# demo loaded and static files collected in {time.monotonic() - started:.0f} s", flush=True)
        serve = subprocess.Popen([PYTHON, "-m", "tuanjie", "serve", "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for(base, serve, seconds=90)
        photo = phone_photo()
        print(f"# photo: 4000×3000, EXIF orientation 6 and GPS, {len(photo):,} bytes; load averages "
              f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}", flush=True)
        paths = [True] if args.skip_full_size else [True, False]
        failures = 0
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            for profile in args.profiles.split(","):
                for resized in paths:
                    for run in range(args.runs):
                        title = f"实地采集基准 {profile} {'resized' if resized else 'full'} {run}"
                        row = one_save(browser, base, profile, resized, photo, title)
                        check = json.loads(subprocess.run(
                            [PYTHON, "-c", CHECK, title, "1920" if resized else "5000"], cwd=ROOT, env=env,
                            check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
                        ok = check["activities"] == 1 and check["photos"] == 1 and all(c[0] for c in check["checks"])
                        row["stored_ok"] = ok
                        failures += not ok
                        if resized and row["save_s"] > TARGETS[profile]:
                            failures += 1
                        results.append(row)
                        print(f"{profile}  {row['path']:<9}  open form {row['open_form_s']:5.1f} s  "
                              f"save {row['save_s']:5.1f} s (target ≤ {TARGETS[profile]:.0f} s for the resized)  "
                              f"resize {row['resize_s'] if row['resize_s'] is not None else '-':>5} s  "
                              f"photo sent {row['photo_bytes']:,} bytes  stored ok {ok}"
                              + ("" if ok else f"  {check}"), flush=True)
            browser.close()
        out = ROOT / "bench" / "out"
        out.mkdir(exist_ok=True)
        (out / "field_capture.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
        return 1 if failures else 0
    finally:
        stop(serve)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
