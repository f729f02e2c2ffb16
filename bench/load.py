"""Load run (not part of the test suite): fifty signed-in people against `tuanjie serve` on loopback.

    .venv/bin/python tools/with_postgres.py -- .venv/bin/python bench/load.py                  # ~3 min + 1 min
    .venv/bin/python tools/with_postgres.py -- .venv/bin/python bench/load.py --paced 30 --closed 15 --users 10

It migrates and loads the demo county into the database named by TUANJIE_DATABASE_URL (tools/with_postgres.py
makes a throwaway one), gives the people it signs in the demo password, starts `python -m tuanjie serve` on a free
loopback port, and then runs two phases with the same mix of requests:

1. paced: each person signs in (arrivals spread over --ramp seconds), then acts and pauses 1–3 s, as a person does;
2. closed loop: the same people and mix with no pauses, so the figure is the server's capacity.

Every request is checked: a status other than 2xx/3xx, a redirect to the sign-in page, a write that does not land
where it should, or an activity count (on the list page and in the Excel export) outside what the run's own
acknowledged writes allow is an error. The figures are printed per kind of request and written to
bench/out/load.json. Requests go only to 127.0.0.1, and both phases stop by the clock."""

from __future__ import annotations

import argparse
import asyncio
import html
import io
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx
from serving import free_port, stop, wait_for  # noqa: E402  (bench/ is the script's folder)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
PASSWORD = "Tuanjie@2026"
DEMO_LOGINS = ["admin", "shengban", "shiban", "xianban", "lingdao", "ducha", "xiangban", "danwei", "zuzhang",
               "ganbu", "youyi"]
ACTIVITY_KINDS = ["lecture", "training", "contest", "performance", "volunteer", "symposium", "assistance", "other"]
# What a person does next, by weight. Pages dominate; writes, uploads and exports are the rarer, heavier acts.
MIX = [
    ("list", 28), ("dashboard", 14), ("detail", 22), ("api read", 6),
    ("form write", 8), ("api write", 8), ("photo upload", 4), ("export", 2), ("sign-in again", 1),
]
# Kinds held to the paced-run target of p95 < 500 ms ("pages and API writes").
PAGE_KINDS = ("list", "dashboard", "detail", "form page", "api read", "form write", "api write")

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOTAL = re.compile(r"共 ([\d,]+) 条")
ACTIVITY_LINK = re.compile(r'href="/activities/(\d+)/"')
DETAIL_LINK = re.compile(r'href="(/(?:activities|places|plans|information|inspections|pairing/households)/\d+/)"')
MENU_LINK = re.compile(r'class="(?:nav-link|dropdown-item)" href="(/[^"#]*)"')
OPTION = re.compile(r'<option value="(\d+)"')
LAGGING_PANEL = re.compile(r'hx-get="(/analytics/lagging/[^"]*)"')
SELECT_PLACE = re.compile(r'<select name="place"[^>]*>(.*?)</select>', re.S)


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    values = sorted(values)
    if not values:
        return float("nan")
    k = max(0, min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]




def load_averages() -> str:
    """The 1, 5 and 15 minute load averages, as `uptime` prints them."""
    return ", ".join(Path("/proc/loadavg").read_text().split()[:3])


# ------------------------------------------------------------------------------------------------------- setup
def prepare(env: dict, users: int) -> dict:
    """Migrate, load the demo and pick the people; returns what the clients need to know (nothing they could
    learn from the pages themselves: names, place paths and the activity counts the pages must show)."""
    for command in (["migrate", "-v0"], ["demo"]):
        subprocess.run([PYTHON, "-m", "tuanjie", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    script = PREPARE.replace("USERS", str(users)).replace("DEMO_LOGINS", repr(DEMO_LOGINS))
    out = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# Runs in a Django process. The counts are plain SQL over the tables (a person's list shows the activities under
# the first place they hold a role at, or the root for the administrator), not the product's access rule.
PREPARE = r'''
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuanjie.settings")
import django
django.setup()
from django.db import connection
from tuanjie.people.models import User

wanted = USERS
logins = DEMO_LOGINS
people = list(User.objects.filter(username__in=logins).order_by("pk"))
# Then the demo's own staff, a few of each kind: township offices, inspectors, leaders and unit liaisons.
others = list(User.objects.filter(username__startswith="u", is_active=True).order_by("username"))
by_role = {}
for user in others:
    role = user.assignments.filter(active=True).values_list("role", flat=True).first()
    by_role.setdefault(role, []).append(user)
order = by_role.get("office", []) + by_role.get("inspector", []) + by_role.get("leader", [])
order += by_role.get("unit", [])[::3] + by_role.get("cadre", [])[::4]
people = (people + order)[:wanted]
set_now = 0
for user in people:
    if not user.has_usable_password() or not user.check_password(PASSWORD):
        user.set_password(PASSWORD)     # the bench's own set-up of demo accounts, not a product write
        user.save(update_fields=["password"])
        set_now += 1
with connection.cursor() as cur:
    cur.execute("SELECT id, path FROM places_place")
    paths = dict(cur.fetchall())
    cur.execute("SELECT p.path FROM activities_activity a JOIN places_place p ON p.id = a.place_id")
    activity_paths = [row[0] for row in cur.fetchall()]
    focus = {}
    for user in people:
        if user.is_superuser:
            cur.execute("SELECT path FROM places_place WHERE depth = 1 ORDER BY path LIMIT 1")
        else:
            cur.execute("SELECT p.path FROM people_roleassignment r JOIN places_place p ON p.id = r.place_id "
                        "WHERE r.user_id = %s AND r.active ORDER BY length(p.path), p.path LIMIT 1", [user.pk])
        row = cur.fetchone()
        focus[user.username] = row[0] if row else None
print(json.dumps({
    "users": [u.username for u in people], "passwords_set": set_now,
    "paths": {str(k): v for k, v in paths.items()}, "focus": focus,
    "activities": {u: sum(1 for p in activity_paths if f and p.startswith(f)) for u, f in focus.items()},
}))
'''
PASSWORD_LINE = f'PASSWORD = "{PASSWORD}"\n'
PREPARE = PASSWORD_LINE + PREPARE


def jpeg(seed: int) -> bytes:
    """A small photo (about 20 KB) made with Pillow, different for every seed."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    img = Image.new("RGB", (640, 480), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(30):
        x, y = rng.randrange(640), rng.randrange(480)
        draw.ellipse((x, y, x + rng.randrange(20, 120), y + rng.randrange(20, 120)),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


# ----------------------------------------------------------------------------------------------- bookkeeping
@dataclass
class Ledger:
    """Activity writes of the run, by place path: acknowledged ones and those sent (possibly still in flight)."""

    acked: list = field(default_factory=list)
    sent: list = field(default_factory=list)

    def bounds(self, focus: str, base: int) -> tuple[int, int]:
        low = base + sum(1 for p in self.acked if p.startswith(focus))
        high = base + sum(1 for p in self.sent if p.startswith(focus))
        return low, high


@dataclass
class Stats:
    samples: dict = field(default_factory=lambda: defaultdict(list))
    errors: dict = field(default_factory=lambda: defaultdict(int))
    examples: list = field(default_factory=list)
    timeline: list = field(default_factory=list)   # (seconds since the phase began, duration) of every request
    began: float = field(default_factory=time.monotonic)

    def add(self, kind: str, seconds: float) -> None:
        self.samples[kind].append(seconds)
        self.timeline.append((time.monotonic() - self.began, seconds))

    def error(self, kind: str, text: str) -> None:
        self.errors[kind] += 1
        if len(self.examples) < 20:
            self.examples.append(f"{kind}: {text}")


class Failed(Exception):
    pass


# -------------------------------------------------------------------------------------------------- a person
class Person:
    def __init__(self, username: str, world: dict, base: str, rng: random.Random, photos: list[bytes]):
        self.username = username
        self.world = world
        self.focus = world["focus"][username]
        self.base_count = world["activities"][username]
        self.rng = rng
        self.photos = photos
        self.client = httpx.AsyncClient(base_url=base, follow_redirects=False, timeout=120,
                                        limits=httpx.Limits(max_connections=2, max_keepalive_connections=2))
        self.menu: list[str] = []
        self.details: list[str] = []
        self.places: list[str] = []     # units this person may log activities for ([] = a reader)
        self.signed_in = False

    async def request(self, stats: Stats, kind: str, method: str, url: str, expect=(200,), **kw) -> httpx.Response:
        start = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kw)
            await response.aread()
        except httpx.HTTPError as exc:
            stats.add(kind, time.perf_counter() - start)
            raise Failed(f"{method} {url}: {type(exc).__name__} {exc}") from exc
        stats.add(kind, time.perf_counter() - start)
        if response.status_code not in expect:
            where = response.headers.get("location", "")
            raise Failed(f"{method} {url}: {response.status_code} {where}".strip())
        if response.status_code in (301, 302) and "/login/" in response.headers.get("location", "") \
                and not url.startswith(("/login/", "/logout/")):
            raise Failed(f"{method} {url}: sent to the sign-in page")
        return response

    async def sign_in(self, stats: Stats) -> None:
        page = await self.request(stats, "sign-in page", "GET", "/login/")
        token = CSRF_INPUT.search(page.text).group(1)
        done = await self.request(stats, "sign-in", "POST", "/login/", expect=(302,), data={
            "username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": ""})
        if "/login/" in done.headers.get("location", ""):
            raise Failed("sign-in sent back to the sign-in page (locked out?)")
        self.signed_in = True
        if not self.menu:
            home = await self.request(stats, "dashboard", "GET", "/")
            self.menu = sorted({u for u in MENU_LINK.findall(home.text)
                                if not u.startswith(("/password/", "/logout/", "/inbox/read-all/"))})
            form = await self.client.get("/activities/add/")
            if form.status_code == 200:
                block = SELECT_PLACE.search(form.text)
                self.places = OPTION.findall(block.group(1)) if block else []

    async def sign_out(self, stats: Stats) -> None:
        token = self.client.cookies.get("csrftoken")
        await self.request(stats, "sign-out", "POST", "/logout/", expect=(302, 200),
                           data={"csrfmiddlewaretoken": token})
        self.signed_in = False

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def activity_fields(self, tag: str) -> dict:
        day = date.today() - timedelta(days=self.rng.randrange(0, 60))
        return {
            "place": self.rng.choice(self.places), "start_date": day.isoformat(),
            "kind": self.rng.choice(ACTIVITY_KINDS), "title": f"压力测试{tag}：民族团结进步主题活动",
            "participants": str(self.rng.randrange(5, 200)), "location": "会议室", "output_text": "简报一篇",
        }

    async def act(self, kind: str, stats: Stats, ledger: Ledger) -> None:
        rng = self.rng
        if kind == "sign-in again":
            await self.sign_out(stats)
            await self.sign_in(stats)
        elif kind == "list":
            await self.activity_list(stats, ledger) if rng.random() < 0.5 or not self.menu \
                else await self.other_list(stats)
        elif kind == "dashboard":
            url = rng.choice(["/", "/analytics/", "/analytics/?period=2026", "/analytics/?period=2026-Q4"])
            page = await self.request(stats, kind, "GET", url)
            panel = LAGGING_PANEL.search(page.text)
            if panel:   # the browser loads the lagging-units panel as soon as the dashboard is shown (HTMX)
                await self.request(stats, "lagging panel", "GET", html.unescape(panel.group(1)),
                                   headers={"HX-Request": "true"})
        elif kind == "detail":
            if not self.details:
                await self.activity_list(stats, ledger)
                return
            url = rng.choice(self.details)
            await self.request(stats, kind, "GET", url)
        elif kind == "api read":
            url = rng.choice(["/api/activities/", "/api/places/", "/api/plan-tasks/", "/api/activities/?kind=lecture"])
            await self.request(stats, kind, "GET", url)
        elif kind in ("form write", "photo upload"):
            if not self.places:
                await self.activity_list(stats, ledger)
                return
            await self.form_write(stats, ledger, photos=kind == "photo upload")
        elif kind == "api write":
            if not self.places:
                await self.request(stats, "api read", "GET", "/api/activities/")
                return
            await self.api_write(stats, ledger)
        elif kind == "export":
            await self.export(stats, ledger)

    async def activity_list(self, stats: Stats, ledger: Ledger) -> None:
        rng = self.rng
        variant = rng.choice(["", "", "?page=2" if self.base_count > 30 else "", "?kind=lecture", "?q=宣讲",
                              "?sort=-participants"])
        low, _ = ledger.bounds(self.focus, self.base_count)
        page = await self.request(stats, "list", "GET", f"/activities/{variant}")
        _, high = ledger.bounds(self.focus, self.base_count)
        ids = ACTIVITY_LINK.findall(page.text)
        if ids:
            self.details = sorted(set(self.details[-40:]) | {f"/activities/{i}/" for i in ids[:10]})
        if variant == "":
            shown = TOTAL.search(page.text)
            count = int(shown.group(1).replace(",", "")) if shown else 0
            if not low <= count <= high:
                raise Failed(f"/activities/ shows {count} activities for {self.username}, expected {low}–{high}")

    async def other_list(self, stats: Stats) -> None:
        url = self.rng.choice(self.menu)
        kind = "dashboard" if url.startswith(("/analytics/", "/funds/")) and url.count("/") <= 2 else "list"
        page = await self.request(stats, kind, "GET", url, expect=(200, 302))
        links = DETAIL_LINK.findall(page.text)
        if links:
            self.details = sorted(set(self.details[-40:]) | set(links[:5]))

    async def form_write(self, stats: Stats, ledger: Ledger, photos: bool) -> None:
        page = await self.request(stats, "form page", "GET", "/activities/add/")
        token = CSRF_INPUT.search(page.text).group(1)
        fields = self.activity_fields("照片" if photos else "表单")
        files = [("photos", (f"现场{i}.jpg", self.rng.choice(self.photos), "image/jpeg"))
                 for i in range(self.rng.randint(1, 2))] if photos else None
        path = self.world["paths"][fields["place"]]
        ledger.sent.append(path)
        done = await self.request(stats, "photo upload" if photos else "form write", "POST", "/activities/add/",
                                  expect=(302,), data={**fields, "csrfmiddlewaretoken": token}, files=files)
        where = done.headers.get("location", "")
        if not re.fullmatch(r"/activities/\d+/", where):
            raise Failed(f"the add page sent to {where!r} instead of the new activity")
        ledger.acked.append(path)
        if photos:   # the person looks at what they uploaded: the detail page shows the photos' thumbnails
            detail = await self.request(stats, "detail", "GET", where)
            thumbs = re.findall(r'src="(/attachments/\d+/thumb/)"', detail.text)
            if len(thumbs) != len(files):
                raise Failed(f"{where} shows {len(thumbs)} thumbnails, expected {len(files)}")
            for thumb in thumbs:   # and the browser fetches them
                await self.request(stats, "thumbnail", "GET", thumb)

    async def api_write(self, stats: Stats, ledger: Ledger) -> None:
        fields = self.activity_fields("接口")
        path = self.world["paths"][fields["place"]]
        ledger.sent.append(path)
        body = {**fields, "place": int(fields["place"]), "participants": int(fields["participants"])}
        done = await self.request(stats, "api write", "POST", "/api/activities/", expect=(201,), json=body,
                                  headers={"X-CSRFToken": self.csrf(), "Referer": str(self.client.base_url)})
        if done.json().get("place") != body["place"]:
            raise Failed(f"the API answered {done.text[:200]}")
        ledger.acked.append(path)

    async def export(self, stats: Stats, ledger: Ledger) -> None:
        whole = self.rng.random() < 0.5
        url = "/activities/?export=xlsx" if whole else "/activities/?export=xlsx&kind=lecture"
        low, _ = ledger.bounds(self.focus, self.base_count)
        response = await self.request(stats, "export", "GET", url)
        _, high = ledger.bounds(self.focus, self.base_count)
        try:
            with zipfile.ZipFile(io.BytesIO(response.content)) as book:
                sheet = book.read("xl/worksheets/sheet1.xml")
        except (zipfile.BadZipFile, KeyError) as exc:
            raise Failed(f"{url} is not a workbook: {exc}") from exc
        rows = sheet.count(b"<row ") - 1   # the header row
        if whole and not low <= rows <= high:
            raise Failed(f"{url} holds {rows} activities for {self.username}, expected {low}–{high}")


# ------------------------------------------------------------------------------------------------------ phases
async def run_phase(people: list[Person], seconds: float, paced: bool, ramp: float, ledger: Ledger,
                    stats: Stats) -> float:
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    deadline = time.monotonic() + seconds

    async def life(person: Person):
        rng = person.rng
        if not person.signed_in:
            await asyncio.sleep(rng.uniform(0, ramp))
            try:
                await person.sign_in(stats)
            except Failed as exc:
                stats.error("sign-in", str(exc))
                return
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            try:
                await person.act(kind, stats, ledger)
            except Failed as exc:
                stats.error(kind, str(exc))
                if not person.signed_in:
                    try:
                        await person.sign_in(stats)
                    except Failed as again:
                        stats.error("sign-in", str(again))
                        return
            if paced:
                await asyncio.sleep(min(rng.uniform(1, 3), max(0.0, deadline - time.monotonic())))

    start = time.monotonic()
    await asyncio.gather(*(life(p) for p in people))
    return time.monotonic() - start


def gunicorn_cpu(serve_pid: int) -> dict[int, float]:
    """CPU seconds used so far by each process under `tuanjie serve` (gunicorn's master and workers, the job
    worker), read from /proc: the server's cost per request, which other jobs on the machine disturb less than
    they disturb latency."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = defaultdict(list)
    stat: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stat[int(entry.name)] = fields
            children[int(fields[1])].append(int(entry.name))
    out, todo = {}, [serve_pid]
    while todo:
        pid = todo.pop()
        if pid in stat:
            out[pid] = (int(stat[pid][11]) + int(stat[pid][12])) / tick
        todo += children.get(pid, [])
    return out


def summarize(name: str, stats: Stats, seconds: float, cpu: dict[int, float], client_cpu: float) -> dict:
    total = sum(len(v) for v in stats.samples.values())
    errors = sum(stats.errors.values())
    print(f"\n== {name}: {total} requests in {seconds:.0f} s = {total / seconds:.1f} requests/s, {errors} errors")
    print(f"{'kind':<14}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}")
    kinds = {}
    for kind in sorted(stats.samples, key=lambda k: -len(stats.samples[k])):
        values = stats.samples[kind]
        row = {"count": len(values), "p50_ms": round(pct(values, 50) * 1000), "p95_ms": round(pct(values, 95) * 1000),
               "p99_ms": round(pct(values, 99) * 1000), "max_ms": round(max(values) * 1000),
               "errors": stats.errors.get(kind, 0)}
        kinds[kind] = row
        print(f"{kind:<14}{row['count']:>7}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}{row['max_ms']:>9}"
              f"{row['errors']:>8}")
    pages = [v for k in PAGE_KINDS for v in stats.samples.get(k, [])]
    page_p95 = round(pct(pages, 95) * 1000) if pages else None
    windows = defaultdict(list)
    for at, took in stats.timeline:
        windows[int(at // 30)].append(took)
    by_window = [(w * 30, len(v), round(pct(v, 50) * 1000), round(pct(v, 95) * 1000)) for w, v in sorted(windows.items())]
    print("by 30 s (from s: requests, p50, p95 ms): "
          + "; ".join(f"{start}: {n}, {p50}, {p95}" for start, n, p50, p95 in by_window))
    busy = sorted(cpu.values(), reverse=True)
    server = sum(busy)
    print(f"pages and API writes together: p95 {page_p95} ms; server CPU {server:.1f} s "
          f"({server / max(total, 1) * 1000:.1f} ms per request; busiest processes "
          f"{', '.join(f'{c:.1f}' for c in busy[:4])} s); load client CPU {client_cpu:.1f} s")
    for example in stats.examples[:10]:
        print(f"  error: {example}")
    return {"requests": total, "seconds": round(seconds, 1), "requests_per_second": round(total / seconds, 1),
            "errors": errors, "error_examples": stats.examples, "kinds": kinds, "pages_p95_ms": page_p95,
            "by_30_seconds": by_window, "server_cpu_seconds": round(server, 1), "server_cpu_by_process": [round(c, 1) for c in busy],
            "client_cpu_seconds": round(client_cpu, 1)}


def cpu_delta(before: dict[int, float], after: dict[int, float]) -> dict[int, float]:
    return {pid: after[pid] - before.get(pid, 0.0) for pid in after}


def client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def main_async(args, world: dict, base: str, serve_pid: int) -> dict:
    rng = random.Random(args.seed)
    photos = [jpeg(i) for i in range(6)]
    people = [Person(u, world, base, random.Random(rng.random()), photos) for u in world["users"]]
    ledger = Ledger()
    results = {}
    for name, seconds, paced in (("paced", args.paced, True), ("closed loop", args.closed, False)):
        if seconds <= 0:
            continue
        stats = Stats()
        cpu0, client0 = gunicorn_cpu(serve_pid), client_cpu()
        took = await run_phase(people, seconds, paced, args.ramp, ledger, stats)
        cpu = cpu_delta(cpu0, gunicorn_cpu(serve_pid))
        results[name] = summarize(name, stats, took, cpu, client_cpu() - client0)
    for person in people:
        await person.client.aclose()
    results["activities_written"] = len(ledger.acked)
    return results




def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--paced", type=float, default=180, help="seconds of the paced phase (0 skips it)")
    parser.add_argument("--closed", type=float, default=60, help="seconds of the closed-loop phase (0 skips it)")
    parser.add_argument("--ramp", type=float, default=30, help="sign-ins are spread over this many seconds")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--serve-args", default="", help="extra arguments for tuanjie serve, e.g. '--workers 3'")
    args = parser.parse_args()
    if "TUANJIE_DATABASE_URL" not in os.environ:
        print("# TUANJIE_DATABASE_URL is not set: running on the embedded SQLite (tools/with_postgres.py for "
              "PostgreSQL)", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    media = tempfile.mkdtemp(prefix="tuanjie-load-media-")
    # A local demo (development key allowed); many sessions of one persona sign in within the same 30 s, which one
    # TOTP device cannot serve (each code is good once), so the load run measures without the second factor.
    env = dict(os.environ, TUANJIE_MEDIA=media, PYTHONPATH=str(ROOT), TUANJIE_DEMO="1", TUANJIE_2FA_REQUIRED="0")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = None
    try:
        started = time.monotonic()
        world = prepare(env, args.users)
        print(f"# demo loaded, {len(world['users'])} people ({world['passwords_set']} given the demo password) in "
              f"{time.monotonic() - started:.0f} s", flush=True)
        log = open(OUT / "load-serve.log", "w")
        serve = subprocess.Popen([PYTHON, "-m", "tuanjie", "serve", "--bind", f"127.0.0.1:{port}",
                                  *args.serve_args.split()], cwd=ROOT, env=env, stdout=log,
                                 stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(base, serve)
        load_before = load_averages()
        print(f"# tuanjie serve on {base}; load averages before: {load_before}", flush=True)
        results = asyncio.run(main_async(args, world, base, serve.pid))
        load_after = load_averages()
        print(f"\n# load averages after: {load_after}; {results['activities_written']} activities written")
        results.update(load_before=load_before, load_after=load_after, users=len(world["users"]),
                       args=vars(args), date=time.strftime("%Y-%m-%d %H:%M"))
        (OUT / "load.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
        errors = sum(results[p]["errors"] for p in ("paced", "closed loop") if p in results)
        return 1 if errors else 0
    finally:
        stop(serve)
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
