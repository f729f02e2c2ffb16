"""Fault run (not part of the test suite): `tuanjie serve` on PostgreSQL under writes, then the faults an operator
meets. Run it through the throwaway server, which it stops and starts:

    .venv/bin/python tools/with_postgres.py -- .venv/bin/python bench/faults.py

1. PostgreSQL stopped (immediate, as a crash) for a few seconds under API creates and photo uploads from a few
   threads, then started again: the site must answer again without a restart, every failed request must have
   the Chinese page (and a write it calls "not saved" must be absent), every acknowledged id must exist, no
   activity may lack its photo, no file may lack its row, the job worker must still run jobs, serve stays up.
2. The job worker, then gunicorn, killed with kill -9: serve starts each again.
3. The whole service killed with kill -9 during a burst of writes, then started: every acknowledged write is kept;
   the files of uploads killed between storing and committing are left, and `tuanjie sweep_uploads` removes them.
Prints `name: value` lines and exits non-zero if a check fails."""

from __future__ import annotations

import http.client
import importlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Fault-Pass-2026"
NOT_SAVED = "您的操作没有保存，请稍后重试"
MAYBE_SAVED = "您的操作可能已经保存"
OUTAGE_PAGE = "数据库暂时无法访问"
PNG_1PX = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
           b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")
FAILED: list[str] = []


def say(name: str, value) -> None:
    print(f"{name}: {value}", flush=True)


def check(name: str, ok: bool, detail="") -> None:
    say(f"check {name}", "ok" if ok else f"FAILED {detail}")
    if not ok:
        FAILED.append(name)


# ----------------------------------------------------------------------------------------------- the PostgreSQL handle
def pg_ctl(*args: str) -> None:
    cmd = [os.path.join(os.environ["TUANJIE_PG_BINDIR"], "pg_ctl"), "-D", os.environ["TUANJIE_PG_DATADIR"], *args]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, check=True, capture_output=True)


def pg_stop() -> None:
    pg_ctl("-m", "immediate", "-w", "stop")


# The throwaway server runs with fsync and synchronous_commit off (fast tests): a crash then loses commits it had
# acknowledged. Production keeps them on, and so does this run (later -c settings win).
DURABLE = " -c fsync=on -c synchronous_commit=on -c full_page_writes=on"


def pg_start() -> None:
    pg_ctl("-l", os.path.join(os.environ["TUANJIE_PG_DATADIR"], "server.log"), "-w",
           "-o", os.environ["TUANJIE_PG_OPTIONS"] + DURABLE, "start")


# ------------------------------------------------------------------------------------------------------ the service
class Service:
    def __init__(self, port: int, env: dict, log: Path):
        self.port, self.env, self.log = port, env, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tuanjie", "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"],
            cwd=ROOT, env=self.env, stdout=self.log.open("a"), stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_healthy(60)

    def wait_healthy(self, seconds: float) -> float:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the service did not answer /healthz")

    def children(self) -> dict[str, list[int]]:
        """{"worker": [pid], "gunicorn": [master pid]} among serve's direct children."""
        found: dict[str, list[int]] = {"worker": [], "gunicorn": []}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) != self.proc.pid:
                continue
            if "tuanjie worker" in cmdline:
                found["worker"].append(int(entry.name))
            elif "gunicorn" in cmdline:
                found["gunicorn"].append(int(entry.name))
        return found

    def kill_all(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)


# ------------------------------------------------------------------------------------------------------- the users
@dataclass
class Outcome:
    kind: str            # api | upload | page
    title: str
    status: int          # 0: no HTTP answer
    body: str
    acked_id: int | None = None
    at: float = field(default_factory=time.monotonic)   # when the answer came


@dataclass
class Client:
    port: int
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), data
        finally:
            conn.close()

    def sign_in(self, username: str) -> None:
        _, _, html = self.request("GET", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        form = f"username={username}&password={PASSWORD}&csrfmiddlewaretoken={token}".encode()
        status, _, _ = self.request("POST", "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"sign-in failed: {status}"

    def csrf(self) -> dict:
        return {"X-CSRFToken": self.cookies.get("csrftoken", ""), "Referer": f"http://127.0.0.1:{self.port}/"}


class Writer(threading.Thread):
    def __init__(self, port: int, username: str, place_id: int, stop: threading.Event, number: int):
        super().__init__(daemon=True)
        self.client = Client(port)
        self.username, self.place_id, self.stop, self.number = username, place_id, stop, number
        self.outcomes: list[Outcome] = []
        self.signed_in = threading.Event()

    def run(self) -> None:
        for _attempt in range(40):     # right after a restart the first connections may be refused
            try:
                self.client.sign_in(self.username)
                break
            except (OSError, AssertionError):
                time.sleep(0.5)
        else:
            return                     # never signed in: burst() reports it
        self.signed_in.set()
        n = 0
        while not self.stop.is_set():
            n += 1
            title = f"故障测试{self.number}-{n}-{uuid.uuid4().hex[:6]}"
            try:
                if n % 3 == 0:
                    self.outcomes.append(self.upload(title))
                elif n % 5 == 0:
                    status, _, body = self.client.request("GET", "/activities/")
                    self.outcomes.append(Outcome("page", title, status, body[:4000]))
                else:
                    self.outcomes.append(self.api_create(title))
            except OSError as exc:
                self.outcomes.append(Outcome("upload" if n % 3 == 0 else "api", title, 0, repr(exc)))
                time.sleep(0.2)

    def api_create(self, title: str) -> Outcome:
        payload = json.dumps({"place": self.place_id, "start_date": "2026-05-12", "title": title,
                              "kind": "lecture", "participants": 30}).encode()
        status, _, body = self.client.request("POST", "/api/activities/", payload,
                                              {"Content-Type": "application/json", **self.client.csrf()})
        acked = json.loads(body)["id"] if status == 201 else None
        return Outcome("api", title, status, body[:4000], acked)

    def upload(self, title: str) -> Outcome:
        boundary = uuid.uuid4().hex
        fields = {"place": str(self.place_id), "start_date": "2026-05-12", "kind": "lecture", "title": title,
                  "participants": "20", "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="p.png"\r\n'
                     f"Content-Type: image/png\r\n\r\n".encode() + PNG_1PX + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        status, headers, body = self.client.request(
            "POST", "/activities/add/", b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}", **self.client.csrf()})
        location = headers.get("Location", "")
        found = re.search(r"/activities/(\d+)/", location) if status == 302 else None
        return Outcome("upload", title, status, body[:4000], int(found.group(1)) if found else None)


def burst(port: int, username: str, place_id: int, threads: int, during) -> list[Outcome]:
    stop = threading.Event()
    writers = [Writer(port, username, place_id, stop, i) for i in range(threads)]
    for w in writers:
        w.start()
    try:
        # The fault starts once everyone is signed in (a sign-in caught by the fault would make an anonymous writer).
        if not all(w.signed_in.wait(120) for w in writers):
            raise RuntimeError("a writer could not sign in")
        during()
    finally:
        stop.set()
        for w in writers:
            w.join(60)
    return [o for w in writers for o in w.outcomes]


# ---------------------------------------------------------------------------------------------------- the checks
def media_files(media: Path) -> set[str]:
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()} if media.exists() else set()


def check_records(outcomes: list[Outcome], media: Path, label: str, allow_orphans: bool = False) -> None:
    from django.db import connections

    from tuanjie.activities.models import Activity
    from tuanjie.attachments.models import Attachment

    connections.close_all()
    acked = {o.acked_id: o for o in outcomes if o.acked_id}
    titles = {o.title for o in outcomes}
    rows = {a.pk: a.title for a in Activity.objects.filter(title__startswith="故障测试") if a.title in titles}
    missing = [i for i, o in acked.items() if rows.get(i) != o.title]
    say(f"{label} acknowledged ids", len(acked))
    check(f"{label}: every acknowledged id exists", not missing, missing[:10])
    not_saved = [o for o in outcomes if o.status >= 500 and NOT_SAVED in o.body]
    present = [o.title for o in not_saved if o.title in rows.values()]
    check(f"{label}: nothing said to be not saved was saved", not present, present[:10])
    uploads = {o.acked_id for o in outcomes if o.kind == "upload" and o.acked_id}
    photo_counts = {}
    for a in Attachment.objects.filter(object_id__in=list(rows)):
        photo_counts[a.object_id] = photo_counts.get(a.object_id, 0) + 1
    # Every upload-made activity has its one photo; API-made ones have none: nothing half-written.
    upload_titles = {o.title for o in outcomes if o.kind == "upload"}
    half = [pk for pk, title in rows.items() if (title in upload_titles) != (photo_counts.get(pk, 0) == 1)]
    check(f"{label}: no activity without its photo (or with a stray one)", not half, half[:10])
    check(f"{label}: every acknowledged upload has its photo", all(photo_counts.get(i) == 1 for i in uploads))
    referenced = set()
    for a in Attachment.objects.all():
        referenced.add(a.file.name)
        if a.thumbnail:
            referenced.add(a.thumbnail.name)
    on_disk = media_files(media)
    orphans = sorted(on_disk - referenced)
    lost = sorted(referenced - on_disk)
    say(f"{label} files on disk / rows' files", f"{len(on_disk)} / {len(referenced)}")
    if allow_orphans:
        say(f"{label} orphan files (stored, row never committed: killed in between)", len(orphans))
    else:
        check(f"{label}: no orphan file", not orphans, orphans[:5])
    check(f"{label}: no row without its file", not lost, lost[:5])


def summarise(outcomes: list[Outcome], label: str) -> None:
    by = {}
    for o in outcomes:
        key = f"{o.kind} {o.status or 'no answer'}"
        by[key] = by.get(key, 0) + 1
    say(f"{label} requests", len(outcomes))
    say(f"{label} outcomes", ", ".join(f"{k}: {v}" for k, v in sorted(by.items())))


# ---------------------------------------------------------------------------------------------------------- main
def setup(data_dir: Path) -> tuple[str, int]:
    import django

    os.environ["TUANJIE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuanjie.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command

    from tuanjie.core.context import acting_as
    from tuanjie.core.roles import Role
    from tuanjie.people.services import user_create
    from tuanjie.places.models import CreationField, Place, PlaceLevel
    from tuanjie.places.services import place_create

    call_command("migrate", verbosity=0)
    with acting_as(None, source="test"):
        county = place_create(parent=None, kind=Place.Kind.AREA, name="团结县", code="910102000000",
                              level=PlaceLevel.objects.get(name="县"))
        unit = place_create(parent=county, kind=Place.Kind.UNIT, name="中心学校", code="U1",
                            creation_field=CreationField.objects.get(name="学校"))
        user_create(by=None, username="unit", full_name="学校填报员", home_place=unit, password=PASSWORD,
                    roles=(Role.UNIT,))
    return "unit", unit.pk


def main() -> int:
    if "TUANJIE_PG_DATADIR" not in os.environ:
        sys.exit("请通过 tools/with_postgres.py 运行：它提供可以停止和启动的临时 PostgreSQL")
    pg_ctl("-m", "fast", "-w", "stop")
    pg_start()
    data_dir = Path(tempfile.mkdtemp(prefix="tuanjie-faults-"))
    username, place_id = setup(data_dir)
    media = data_dir / "media"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = data_dir / "serve.log"
    service = Service(port, dict(os.environ, TUANJIE_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT), TUANJIE_DEMO="1"),
                      log)
    service.start()
    pid = service.proc.pid
    say("serve pid", pid)

    # 1. PostgreSQL stopped for a few seconds under writes.
    timeline = {}

    def outage():
        time.sleep(4)
        timeline["stopped"] = time.monotonic()
        pg_stop()
        time.sleep(4)
        pg_start()
        timeline["started"] = time.monotonic()
        time.sleep(8)

    outcomes = burst(port, username, place_id, 4, outage)
    summarise(outcomes, "outage")
    anonymous = [o for o in outcomes if o.status in (401, 403)]
    check("no writer lost its session", not anonymous, len(anonymous))
    failed = [o for o in outcomes if o.status >= 400 or o.status == 0]
    chinese = [o for o in failed if o.status == 503 and OUTAGE_PAGE in o.body
               and (o.kind == "page" and "没有更改任何数据" in o.body or NOT_SAVED in o.body or MAYBE_SAVED in o.body)]
    say("outage failed requests", len(failed))
    say("outage failed requests with the Chinese page saying what happened", len(chinese))
    say("outage 'not saved' / 'may be saved' answers",
        f"{sum(NOT_SAVED in o.body for o in failed)} / {sum(MAYBE_SAVED in o.body for o in failed)}")
    check("every failed request got the Chinese 503 page", len(chinese) == len(failed),
          [(o.kind, o.status, o.body[:120]) for o in failed if o not in chinese][:3])
    check("some requests failed during the outage (the outage was real)", len(failed) > 0)
    ok_after = [o for o in outcomes if o.status in (200, 201, 302)]
    say("outage down seconds (stop to accepting connections again)", round(timeline["started"] - timeline["stopped"], 1))
    back = min((o.at for o in outcomes if o.at > timeline["started"] and o.status in (200, 201, 302)), default=None)
    say("first success after PostgreSQL was back, seconds", round(back - timeline["started"], 2) if back else None)
    late = [o for o in outcomes if o.at > timeline["started"] + 1 and o.status >= 500]
    check("no failure later than a second after PostgreSQL was back", not late, [(o.kind, o.status) for o in late][:5])
    health = service.wait_healthy(30)
    check("the site answers again without a restart", service.proc.poll() is None and service.proc.pid == pid)
    say("outage successful requests", len(ok_after))
    tail = outcomes[-20:]
    check("the last requests of the run succeeded", all(o.status in (200, 201, 302) for o in tail),
          [(o.kind, o.status) for o in tail])
    say("healthz after the outage seconds", round(health, 2))
    check_records(outcomes, media, "outage")

    from django_tasks_db.models import DBTaskResult

    # The worker must import the job, so it lives in a module of its own (bench/fault_jobs.py).
    job = importlib.import_module("bench.fault_jobs").ping.enqueue("作业仍在运行")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and DBTaskResult.objects.get(pk=job.id).status != "SUCCESSFUL":
        time.sleep(0.2)
    check("the job worker still runs jobs after the outage", DBTaskResult.objects.get(pk=job.id).status == "SUCCESSFUL")
    text = log.read_text()
    say("worker waits logged", text.count("数据库不可用"))
    say("child restarts during the outage", text.count("重新启动"))

    # 2. A dead child is started again.
    for name in ("worker", "gunicorn"):
        before = service.children()[name]
        os.kill(before[0], signal.SIGKILL)
        started = time.monotonic()
        while time.monotonic() - started < 30 and (not service.children()[name]
                                                   or service.children()[name] == before):
            time.sleep(0.1)
        after = service.children()[name]
        check(f"serve starts the {name} again after kill -9", bool(after) and after != before)
        say(f"{name} back after seconds", round(time.monotonic() - started, 1))
    say("healthz after the restarts seconds", round(service.wait_healthy(60), 2))

    # 3. The whole service killed during a burst of writes.
    def kill_midway():
        time.sleep(8)
        service.kill_all()
        time.sleep(1)

    outcomes = burst(port, username, place_id, 4, kill_midway)
    summarise(outcomes, "kill -9")
    service.start()
    check_records(outcomes, media, "kill -9", allow_orphans=True)
    parts = [p for p in media.rglob(".part-*")]
    say("kill -9 unfinished temporary files", len(parts))
    from django.core.management import call_command

    call_command("sweep_uploads", "--minutes", "0", stdout=open(os.devnull, "w"))
    check_records(outcomes, media, "after tuanjie sweep_uploads")
    code = service.stop()
    check("serve stops cleanly with status 0 on SIGTERM", code == 0, code)
    shutil.rmtree(data_dir, ignore_errors=True)
    say("result", "all checks passed" if not FAILED else f"{len(FAILED)} checks failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
