"""Province-scale benchmark (not part of the test suite).

One command generates a province into a throwaway PostgreSQL with COPY, then measures everything in one run:

    .venv/bin/pip install -e '.[bench]'                       # duckdb + pyarrow (optional dependencies)
    .venv/bin/python tools/with_postgres.py -- .venv/bin/python bench/run.py            # full size, ~15 min
    .venv/bin/python tools/with_postgres.py -- .venv/bin/python bench/run.py --scale 0.05   # a quick check

Full size (--scale 1): ~52,000 places and units, 200,000 pairs and households, 2,400,000 contacts, 100,000 needs,
1,000,000 activities, 100,000 information items and a year of quota rules. Every figure is printed as
`name: value unit` and written to bench/out/results.json."""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuanjie.settings")
os.environ.setdefault("TUANJIE_DATA_DIR", str(OUT / "var"))

YEAR = 2026
RESULTS: dict[str, dict] = {}
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
LAST_DAY = date(2026, 11, 20)   # activities are logged after they happen: keep the year's dates in the past


def report(name: str, value, unit: str) -> None:
    if isinstance(value, float):
        value = round(value, 2 if value < 100 else 1)
    RESULTS[name] = {"value": value, "unit": unit}
    print(f"{name}: {value} {unit}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def step(i: int) -> str:
    out = ""
    while i:
        i, r = divmod(i, 36)
        out = ALPHABET[r] + out
    return out.rjust(4, "0")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


# ---------------------------------------------------------------------------------------------------- generation
class Generator:
    def __init__(self, scale: float, seed: int = 2026):
        import django

        django.setup()
        from django.db import connection

        self.scale = scale
        self.rng = random.Random(seed)
        self.connection = connection
        connection.ensure_connection()
        self.raw = connection.connection

    def copy(self, table: str, columns: list[str], rows) -> int:
        n = 0
        with self.raw.cursor() as cur:
            # Generated rows are consistent by construction: skip the per-row foreign-key triggers while loading.
            cur.execute("SET session_replication_role = replica")
        with self.raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)
                n += 1
        with self.raw.cursor() as cur:
            cur.execute("SET session_replication_role = DEFAULT")
        self.raw.commit()
        return n

    def sql(self, text: str, params=None):
        with self.raw.cursor() as cur:
            cur.execute(text, params)
            rows = cur.fetchall() if cur.description else None
        self.raw.commit()
        return rows

    def reset_sequence(self, table: str) -> None:
        self.sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))")

    def run(self) -> None:
        started = time.monotonic()
        self.places()
        self.people()
        self.pairing()
        self.activities()
        self.information()
        self.quotas()
        self.sql("ANALYZE")
        report("generate_seconds", time.monotonic() - started, "s")

    # -- the tree: province → 14 cities → 8 counties each → townships → 10 villages each; units under townships
    # and villages (a village committee and a second unit per village, eight units per township).
    def places(self) -> None:
        from tuanjie.places.models import CreationField, PlaceLevel

        levels = {lv.name: lv.pk for lv in PlaceLevel.objects.all()}
        fields = {f.name: f.pk for f in CreationField.objects.all()}
        field_ids = list(fields.values())
        village_field = fields.get("村(居、社区)") or fields.get("村（居、社区）") or field_ids[0]
        townships_per_county = max(1, round(12 * self.scale))
        rows, self.units, self.counties, self.townships = [], [], [], []
        self.unit_field, self.unit_township, self.unit_county = {}, {}, {}
        pk = 0

        def add(path, kind, name, code, level, field_id=None, numchild=0):
            nonlocal pk
            pk += 1
            rows.append([pk, NOW, NOW, path, len(path) // 4, numchild, kind, name, code,
                         level, field_id, "", "", "", None, None, ""])
            return pk

        province = add(step(1), "area", "同心省", "910000000000", levels.get("省"), numchild=14)
        self.province = province
        for c in range(1, 15):
            city_path = step(1) + step(c)
            add(city_path, "area", f"第{c}市", f"91{c:02d}00000000", levels.get("市"), numchild=8)
            for k in range(1, 9):
                county_path = city_path + step(k)
                county = add(county_path, "area", f"第{c}市第{k}县", f"91{c:02d}{k:02d}000000", levels.get("县"),
                             numchild=townships_per_county)
                self.counties.append(county)
                for t in range(1, townships_per_county + 1):
                    township_path = county_path + step(t)
                    township = add(township_path, "area", f"第{c}市第{k}县第{t}镇", f"91{c:02d}{k:02d}{t:03d}000",
                                   levels.get("乡"), numchild=18)
                    self.townships.append((township, county))
                    for v in range(1, 11):
                        village_path = township_path + step(v)
                        add(village_path, "area", f"{t}镇{v}村", f"91{c:02d}{k:02d}{t:03d}{v:03d}", levels.get("村"),
                            numchild=2)
                        for u, field_id in enumerate((village_field, self.rng.choice(field_ids)), start=1):
                            unit = add(village_path + step(u), "unit", f"{c}-{k}-{t}-{v}单位{u}", None, None, field_id)
                            self.register_unit(unit, field_id, township, county)
                    for u in range(11, 19):
                        field_id = self.rng.choice(field_ids)
                        unit = add(township_path + step(u), "unit", f"{c}-{k}-{t}单位{u}", None, None, field_id)
                        self.register_unit(unit, field_id, township, county)
        for row in rows:
            if row[6] == "unit":
                row[8] = f"U{row[0]:07d}"        # unit codes, so the Excel import can name units unambiguously
        cols = ["id", "created", "updated", "path", "depth", "numchild", "kind", "name", "code", "level_id",
                "creation_field_id", "address", "phone", "description", "active_from", "active_until", "search_key"]
        n = self.copy("places_place", cols, rows)
        self.reset_sequence("places_place")
        report("places", n, "rows")
        report("units", len(self.units), "rows")

    def register_unit(self, unit, field_id, township, county):
        self.units.append(unit)
        self.unit_field[unit] = field_id
        self.unit_township[unit] = township
        self.unit_county[unit] = county

    def people(self) -> None:
        self.cadres = max(20, round(100_000 * self.scale))
        cols = ["id", "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email",
                "is_staff", "is_active", "date_joined", "created", "updated", "full_name", "phone", "title",
                "home_place_id", "search_key", "password_changed"]
        first = 1000
        units = self.units
        rows = ([first + i, "!", None, False, f"cadre{i}", "", "", "", False, True, NOW, NOW, NOW, f"干部{i}", "", "",
                 units[i % len(units)], "", NOW] for i in range(self.cadres))
        self.copy("people_user", cols, rows)
        self.cadre_ids = range(first, first + self.cadres)
        self.reset_sequence("people_user")

    def pairing(self) -> None:
        rng = self.rng
        n_pairs = max(40, round(200_000 * self.scale))
        county_programme = {}
        self.copy("pairing_programme", ["id", "created", "updated", "place_id", "name", "started_on", "ended_on",
                                        "contacts_per_month", "overdue_days", "reminder_day", "households_per_cadre"],
                  ([i + 1, NOW, NOW, county, "民族团结一家亲", date(2025, 1, 1), None, 1, 45, 25, 1]
                   for i, county in enumerate(self.counties)))
        county_programme = {county: i + 1 for i, county in enumerate(self.counties)}
        township_group = {}
        groups = []
        for i, (township, county) in enumerate(self.townships):
            township_group[township] = i + 1
            groups.append([i + 1, NOW, NOW, county_programme[county], f"第{i + 1}组", self.cadre_ids[i % self.cadres]])
        self.copy("pairing_pairinggroup", ["id", "created", "updated", "programme_id", "name", "leader_id"], groups)
        pairs, households = [], []
        units = self.units
        for i in range(n_pairs):
            unit = units[i % len(units)]
            county = self.unit_county[unit]
            households.append([i + 1, NOW, NOW, county_programme[county], f"户{i + 1}", "", "", rng.randint(1, 6),
                               date(2025, 3, 1), "oral"])
            pairs.append([i + 1, NOW, NOW, township_group[self.unit_township[unit]], unit,
                          self.cadre_ids[i % self.cadres], i + 1, False, date(2025, 3, 1), None])
        self.copy("pairing_household", ["id", "created", "updated", "programme_id", "name", "phone", "address", "size",
                                        "consent_on", "consent_method"], households)
        n = self.copy("pairing_pair", ["id", "created", "updated", "group_id", "unit_id", "cadre_id", "household_id",
                                       "household_erased", "paired_on", "ended_on"], pairs)
        report("pairs", n, "rows")
        forms = ["visit", "visit", "phone", "wechat"]

        def contacts():
            for pid, _c, _u, group, unit, cadre, *_rest in pairs:
                for month in range(1, 13):
                    day = date(YEAR, month, rng.randint(1, 28))
                    yield (pid, unit, group, day, forms[rng.randrange(4)], "", "", 0, cadre, NOW, NOW)

        n = self.copy("pairing_contact", ["pair_id", "unit_id", "group_id", "date", "form", "topic", "deeds", "cost",
                                          "recorded_by_id", "created", "updated"], contacts())
        report("contacts", n, "rows")
        categories = ["livelihood", "employment", "schooling"]

        def needs():
            for pid, _c, _u, group, unit, *_rest in pairs[::2]:
                raised = date(YEAR, rng.randint(1, 11), rng.randint(1, 28))
                solved = rng.random() < 0.6
                yield (pid, unit, group, categories[rng.randrange(3)], "", "solved" if solved else "raised", raised,
                       False, raised + timedelta(days=rng.randint(1, 20)) if solved else None, "", NOW, NOW)

        n = self.copy("pairing_need", ["pair_id", "unit_id", "group_id", "category", "description", "state",
                                       "raised_on", "escalated", "resolved_on", "resolution", "created", "updated"],
                      needs())
        report("needs", n, "rows")

    def activities(self) -> None:
        from tuanjie.activities.models import ActivityKind

        rng = self.rng
        kinds = list(ActivityKind.values)
        n_rows = max(1000, round(1_000_000 * self.scale))
        units, fields = self.units, self.unit_field
        span = (LAST_DAY - date(YEAR, 1, 1)).days

        def rows():
            for i in range(n_rows):
                unit = units[rng.randrange(len(units))]
                day = date(YEAR, 1, 1) + timedelta(days=rng.randrange(span))
                yield (NOW, NOW, unit, day, None, f"活动{i}", kinds[rng.randrange(len(kinds))], fields[unit], None,
                       "", rng.randint(10, 300), "", None, "", None)

        started = time.monotonic()
        n = self.copy("activities_activity", ["created", "updated", "place_id", "start_date", "end_date", "title",
                                              "kind", "creation_field_id", "plan_task_id", "location", "participants",
                                              "output_text", "output_quantity", "description", "recorded_by_id"],
                      rows())
        report("activities", n, "rows")
        note(f"activities COPY {n / (time.monotonic() - started):.0f} rows/s")

    def information(self) -> None:
        rng = self.rng
        units = self.units
        n_rows = max(200, round(100_000 * self.scale))

        def rows():
            for i in range(n_rows):
                unit = units[rng.randrange(len(units))]
                submitted = datetime(YEAR, rng.randint(1, 10), rng.randint(1, 28), 9, tzinfo=UTC)
                status = rng.choice(["submitted", "accepted", "published", "returned"])
                accepted = submitted + timedelta(days=2) if status in ("accepted", "published") else None
                published = submitted + timedelta(days=3) if status == "published" else None
                yield (NOW, NOW, unit, "news", f"信息{i}", "", "", "", status, None, None, None, "", submitted,
                       accepted, None, published, False, "[]")

        n = self.copy("information_informationitem",
                      ["created", "updated", "place_id", "kind", "title", "body", "original_title", "original_body",
                       "status", "author_id", "reviewer_place_id", "forwarded_from_id", "return_comment",
                       "submitted_at", "accepted_at", "forwarded_at", "published_at", "late_entry",
                       "declared_channels"], rows())
        report("information_items", n, "rows")

    def quotas(self) -> None:
        rules = [("每月开展活动不少于1次", "activity", 1, "month"), ("每月报送信息不少于2条", "information.submitted", 2, "month"),
                 ("每月联系结对户不少于1次", "pairing.contact", 1, "month"), ("每年听取创建工作汇报不少于2次",
                                                                  "activity.report_hearing", 2, "year")]
        rows = [(NOW, NOW, county, name, YEAR, key, minimum, period, "年度实施方案", True, "unit")
                for county in [self.province, *self.counties] for name, key, minimum, period in rules]
        n = self.copy("quotas_quotarule", ["created", "updated", "place_id", "name", "year", "countable", "minimum",
                                           "period", "basis", "is_active", "per"], rows)
        report("quota_rules", n, "rows")


# ------------------------------------------------------------------------------------------------ measurements
ROOT_SQL = """
WITH acts AS (
  SELECT a.kind, a.creation_field_id, a.participants, a.place_id, a.start_date, p.path
  FROM activities_activity a JOIN places_place p ON p.id = a.place_id
  WHERE a.start_date BETWEEN DATE '2026-01-01' AND DATE '2026-12-31'
), contacts AS (
  SELECT c.form, c.date, p.path FROM pairing_contact c JOIN places_place p ON p.id = c.unit_id
  WHERE c.date BETWEEN DATE '2026-01-01' AND DATE '2026-12-31'
)
SELECT 'activity' AS k, '' AS g, count(*) AS n, sum(participants) AS t FROM acts
UNION ALL SELECT 'kind', kind, count(*), sum(participants) FROM acts GROUP BY kind
UNION ALL SELECT 'field', CAST(creation_field_id AS VARCHAR), count(*), 0 FROM acts GROUP BY creation_field_id
UNION ALL SELECT 'month', CAST(EXTRACT(MONTH FROM start_date) AS VARCHAR), count(*), 0 FROM acts GROUP BY 2
UNION ALL SELECT 'child', substr(path, 1, 8), count(*), 0 FROM acts GROUP BY 2
UNION ALL SELECT 'active', substr(a.path, 1, 8) || ':' || CAST(p.creation_field_id AS VARCHAR),
                 count(DISTINCT a.place_id), 0
          FROM acts a JOIN places_place p ON p.id = a.place_id GROUP BY 2
UNION ALL SELECT 'units', substr(path, 1, 8) || ':' || CAST(creation_field_id AS VARCHAR), count(*), 0
          FROM places_place WHERE kind = 'unit' GROUP BY 2
UNION ALL SELECT 'contact', '', count(*), 0 FROM contacts
UNION ALL SELECT 'visit', '', count(*), 0 FROM contacts WHERE form = 'visit'
UNION ALL SELECT 'contact_month', CAST(EXTRACT(MONTH FROM date) AS VARCHAR), count(*), 0 FROM contacts GROUP BY 2
UNION ALL SELECT 'contact_child', substr(path, 1, 8), count(*), 0 FROM contacts GROUP BY 2
UNION ALL SELECT 'need_raised', '', count(*), 0 FROM pairing_need
          WHERE raised_on BETWEEN DATE '2026-01-01' AND DATE '2026-12-31'
UNION ALL SELECT 'need_solved', '', count(*), 0 FROM pairing_need
          WHERE state = 'solved' AND resolved_on BETWEEN DATE '2026-01-01' AND DATE '2026-12-31'
UNION ALL SELECT 'info_submitted', '', count(*), 0 FROM information_informationitem
          WHERE submitted_at >= TIMESTAMP '2026-01-01' AND submitted_at < TIMESTAMP '2027-01-01'
UNION ALL SELECT 'info_accepted', '', count(*), 0 FROM information_informationitem
          WHERE status IN ('accepted', 'forwarded', 'published')
            AND accepted_at >= TIMESTAMP '2026-01-01' AND accepted_at < TIMESTAMP '2027-01-01'
UNION ALL SELECT 'info_published', '', count(*), 0 FROM information_informationitem
          WHERE published_at >= TIMESTAMP '2026-01-01' AND published_at < TIMESTAMP '2027-01-01'
"""

EXPORTS = {
    "places_place": "SELECT id, path, kind, creation_field_id FROM places_place",
    "activities_activity": "SELECT place_id, start_date, kind, creation_field_id, participants FROM activities_activity",
    "pairing_contact": "SELECT unit_id, date, form FROM pairing_contact",
    "pairing_need": "SELECT unit_id, raised_on, resolved_on, state FROM pairing_need",
    "information_informationitem": ("SELECT place_id, status, submitted_at AT TIME ZONE 'UTC' AS submitted_at, "
                                    "accepted_at AT TIME ZONE 'UTC' AS accepted_at, "
                                    "published_at AT TIME ZONE 'UTC' AS published_at FROM information_informationitem"),
}


class Server:
    """gunicorn serving the app against the benchmark database, as `tuanjie serve` does."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = dict(os.environ, TUANJIE_DEBUG="0", TUANJIE_DEMO="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "tuanjie.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "2", "--threads", "2", "--timeout", "300", "--log-level", "warning"],
            cwd=ROOT, env=env, start_new_session=True)
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def get(self, path: str, cookie: str) -> tuple[int, float, int]:
        url = f"http://127.0.0.1:{self.port}{urllib.parse.quote(path, safe='/?=&%:-')}"
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=300) as response:
            body = response.read()
            status = response.status
        return status, (time.perf_counter() - started) * 1000, len(body)

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


def session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(24 * 3600)
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def timed_gets(server: Server, path: str, cookie: str, n: int, warm: int = 2) -> list[float]:
    for _ in range(warm):
        status, _ms, _size = server.get(path, cookie)
        assert status == 200, (path, status)
    return [server.get(path, cookie)[1] for _ in range(n)]


def measure(scale: float, import_rows: int) -> None:
    from django.db import connection

    from tuanjie.analytics import facts
    from tuanjie.people.models import User
    from tuanjie.places.models import Place

    started = time.monotonic()
    n_facts = facts.rebuild()
    report("rebuild_facts_seconds", time.monotonic() - started, "s")
    report("fact_rows", n_facts, "rows")
    with connection.cursor() as cur:
        cur.execute("ANALYZE analytics_fact")

    admin = User.objects.create_superuser("bench", password="Bench-Pass-2026!", full_name="基准测试")
    cookie = session_cookie(admin)
    server = Server()
    try:
        runs = 40
        times = timed_gets(server, f"/analytics/?period={YEAR}", cookie, runs)
        dash_p50, dash_p95 = statistics.median(times), pct(times, 95)
        report("dashboard_root_p50", dash_p50, "ms")
        report("dashboard_root_p95", dash_p95, "ms")
        county = Place.objects.filter(depth=3).order_by("path").first()
        times = timed_gets(server, f"/analytics/?place={county.pk}&period={YEAR}", cookie, 20)
        report("dashboard_county_p95", pct(times, 95), "ms")
        # The session's focus is now the county; focus the root again for the list page.
        server.get(f"/analytics/?place={Place.objects.get(depth=1).pk}&period={YEAR}", cookie)

        raw_ms = raw_sql(connection)
        report("root_figures_raw_sql", raw_ms, "ms")
        report("raw_sql_over_dashboard_p50", raw_ms / dash_p50, "x")
        duck_ms = duckdb_figures(connection)
        if duck_ms is not None:
            report("root_figures_duckdb_parquet", duck_ms, "ms")
            report("duckdb_over_dashboard_p50", duck_ms / dash_p50, "x")

        freshness(county, admin)

        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM activities_activity")
            total = cur.fetchone()[0]
        times = []
        for path in ("/activities/", "/activities/?page=2", "/activities/?kind=training",
                     f"/activities/?date_from={YEAR}-03-01&date_to={YEAR}-03-31", "/activities/?q=活动12"):
            times += timed_gets(server, path, cookie, 8, warm=1)
        report("list_rows", total, "rows")
        report("list_page_p50", statistics.median(times), "ms")
        report("list_page_p95", pct(times, 95), "ms")
        pairing_ledger()
    finally:
        server.stop()

    excel_import(admin, import_rows)
    excel_export()
    progress_report(county)


LEDGER_PAIRS = 0


def top_up_pairs(target: int) -> None:
    """Add pairs (spread over the existing groups) and one November contact for each, in SQL, until the province
    has `target` pairs. The facts are not rebuilt: the ledger reads the raw tables."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*), coalesce(max(id), 0) FROM pairing_pair")
        have, top = cur.fetchone()
        extra = target - have
        if extra <= 0:
            return
        started = time.perf_counter()
        cur.execute("""
            WITH g AS (SELECT row_number() OVER (ORDER BY g.id) - 1 AS k, g.id, g.programme_id, pr.place_id
                       FROM pairing_pairinggroup g JOIN pairing_programme pr ON pr.id = g.programme_id),
                 n AS (SELECT count(*) AS c FROM g),
                 cad AS (SELECT min(cadre_id) AS cadre FROM pairing_pair)
            INSERT INTO pairing_pair (id, created, updated, group_id, unit_id, cadre_id, household_id,
                                      household_erased, paired_on, ended_on)
            SELECT %s + s, now(), now(), g.id, g.place_id, cad.cadre, NULL, true, DATE '2025-03-01', NULL
            FROM generate_series(1, %s) s CROSS JOIN n CROSS JOIN cad JOIN g ON g.k = s %% n.c""", [top, extra])
        cur.execute("""
            INSERT INTO pairing_contact (pair_id, unit_id, group_id, date, form, topic, deeds, cost, recorded_by_id,
                                         created, updated)
            SELECT id, unit_id, group_id, DATE %s + (id %% 28)::int, 'visit', '', '', 0, cadre_id, now(), now()
            FROM pairing_pair WHERE id > %s""", [f"{YEAR}-11-01", top])
        cur.execute("ANALYZE pairing_pair; ANALYZE pairing_contact")
    note(f"topped pairs up to {target} in {time.perf_counter() - started:.1f} s")


def pairing_ledger() -> None:
    """The monthly group ledger (台账) of the programme with the most pairs, for each month of the year: it must
    not slow down as the province's pairs grow, since it groups by the programme's own groups (indexed)."""
    from datetime import date

    from django.db.models import Count

    from tuanjie.pairing.models import Pair, Programme
    from tuanjie.pairing.selectors import ledger

    if LEDGER_PAIRS:
        top_up_pairs(LEDGER_PAIRS)
    programme = Programme.objects.annotate(n=Count("groups__pairs")).order_by("-n").first()
    if programme is None:
        note("no pairing programme: ledger skipped")
        return
    groups = programme.groups.all()
    times = []
    for month in range(1, 13):
        started = time.perf_counter()
        rows = ledger(groups, date(YEAR, month, 1))
        times.append((time.perf_counter() - started) * 1000)
    report("pairing_pairs_total", Pair._base_manager.count(), "pairs")
    report("pairing_ledger_pairs", sum(r.pairs for r in rows), "pairs")
    report("pairing_ledger_p50", statistics.median(times), "ms")
    report("pairing_ledger_p95", pct(times, 95), "ms")


def raw_sql(connection) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(ROOT_SQL)
            cur.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def duckdb_figures(connection) -> float | None:
    try:
        import duckdb
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq
    except ImportError:
        note("duckdb/pyarrow not installed (pip install -e '.[bench]'): DuckDB comparison skipped")
        return None
    folder = OUT / "parquet"
    folder.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    connection.ensure_connection()
    raw = connection.connection
    for table, select in EXPORTS.items():
        buffer = io.BytesIO()
        with raw.cursor() as cur, cur.copy(f"COPY ({select}) TO STDOUT (FORMAT csv, HEADER)") as cp:
            for chunk in cp:
                buffer.write(chunk)
        buffer.seek(0)
        pq.write_table(pacsv.read_csv(buffer), folder / f"{table}.parquet")
    report("parquet_export_seconds", time.monotonic() - started, "s")
    db = duckdb.connect()
    db.execute("SET threads = 2")
    for table in EXPORTS:
        db.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{folder / table}.parquet')")
    times = []
    for _ in range(4):
        started = time.perf_counter()
        db.execute(ROOT_SQL).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[1:])


def freshness(county, admin) -> None:
    """Save an activity through the service, then poll the county's fact row on a separate connection."""
    import psycopg
    from django.conf import settings

    from tuanjie.activities.services import activity_create
    from tuanjie.places.models import Place

    unit = Place.objects.filter(path__startswith=county.path, kind="unit").order_by("path").first()
    db = settings.DATABASES["default"]
    watcher = psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True)
    query = ("SELECT coalesce(sum(n), 0) FROM analytics_fact WHERE place_id = %s AND countable = 'activity' "
             "AND grain = 'y' AND period = %s")
    before = watcher.execute(query, (county.pk, date(YEAR, 1, 1))).fetchone()[0]
    samples = []
    for i in range(5):
        started = time.perf_counter()
        activity_create(by=admin, place=unit, start_date=date(YEAR, 6, 1 + i), title="新闻宣讲", kind="lecture",
                        participants=40)
        while watcher.execute(query, (county.pk, date(YEAR, 1, 1))).fetchone()[0] < before + i + 1:
            if time.perf_counter() - started > 10:
                raise RuntimeError("the saved activity did not show within 10 s")
        samples.append((time.perf_counter() - started) * 1000)
    watcher.close()
    report("freshness_save_to_county_figures", statistics.median(samples), "ms")


def excel_import(admin, rows: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from tuanjie.activities.importers import HEADERS, ActivityImporter
    from tuanjie.activities.models import ActivityKind
    from tuanjie.places.models import Place

    codes = list(Place.objects.filter(kind="unit").order_by("?").values_list("code", flat=True)[:2000])
    labels = list(ActivityKind.by_short_label())
    rng = random.Random(7)
    data = [[codes[rng.randrange(len(codes))], date(YEAR, rng.randint(1, 10), rng.randint(1, 28)), None,
             labels[rng.randrange(len(labels))], f"导入活动{i}", rng.randint(10, 300), "会议室", "", None, "", ""]
            for i in range(rows)]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("数据")
    headers = list(HEADERS)
    sheet.append(headers)
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("activities.xlsx", buffer.getvalue())
    started = time.perf_counter()
    result = ActivityImporter(admin).run(upload)
    seconds = time.perf_counter() - started
    if not result.ok:
        raise RuntimeError(f"import failed: {result.errors[:5]}")
    import_rate = rows / seconds
    report("excel_import_rows", rows, "rows")
    report("excel_import_rate", import_rate, "rows/s")

    # The same rows by COPY (no validation, no change log, no facts), then removed again.
    from django.db import connection

    by_code = dict(Place.objects.filter(code__in=set(codes)).values_list("code", "id"))
    kinds = ActivityKind.by_short_label()
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cur:
        cur.execute("SELECT max(id) FROM activities_activity")
        last = cur.fetchone()[0]
    started = time.perf_counter()
    with raw.cursor() as cur, cur.copy("COPY activities_activity (created, updated, place_id, start_date, title, kind, "
                                       "location, participants, output_text, description) FROM STDIN") as cp:
        for row in data:
            cp.write_row((NOW, NOW, by_code[row[0]], row[1], row[4], kinds[row[3]], row[6], row[5], "", ""))
    raw.commit()
    copy_rate = rows / (time.perf_counter() - started)
    with raw.cursor() as cur:
        cur.execute("DELETE FROM activities_activity WHERE id > %s", (last,))
    raw.commit()
    report("copy_rate_same_rows", copy_rate, "rows/s")
    report("excel_import_vs_copy", 100 * import_rate / copy_rate, "%")


def excel_export() -> None:
    """In a separate process, so that its peak memory is the export's own."""
    out = subprocess.run([sys.executable, __file__, "--export-child"], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ))
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    found = json.loads(out.stdout.strip().splitlines()[-1])
    report("excel_export_rows", found["rows"], "rows")
    report("excel_export_rate", found["rows"] / found["seconds"], "rows/s")
    report("excel_export_peak_memory", found["peak_mb"], "MB")


def export_child() -> None:
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from tuanjie.activities.views import ActivityListView
    from tuanjie.people.models import User

    request = RequestFactory().get("/activities/", {"export": "xlsx"})
    request.user = User.objects.get(username="bench")
    request.session = SessionStore()
    started = time.perf_counter()
    response = ActivityListView.as_view()(request)
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM activities_activity")
        rows = cur.fetchone()[0]
    print(json.dumps({"rows": rows, "seconds": seconds, "bytes": size, "peak_mb": round(peak_rss_mb(), 1)}))


def peak_rss_mb() -> float:
    """This process's own peak resident memory. Not ru_maxrss: Linux carries the parent's high-water mark across
    fork and exec, so a child of a large benchmark process would report the parent's peak. VmHWM belongs to the
    address space that exec created."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def progress_report(county) -> None:
    try:
        from tuanjie.documents.generators import period_for
        from tuanjie.documents.generators import progress_report as generate
    except ImportError:
        note("documents app has no progress report: skipped")
        return
    started = time.perf_counter()
    document = generate(county, period_for("year", YEAR), today=LAST_DAY)
    data = document.to_bytes()
    report("county_progress_report", time.perf_counter() - started, "s")
    note(f"progress report: {len(data)} bytes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = province size; 0.05 for a quick check")
    parser.add_argument("--import-rows", type=int, default=None,
                        help="rows for the Excel import test (default 100,000 × scale; every row is checked with the "
                             "add page's form fields and rules, then all are written at once)")
    parser.add_argument("--ledger-pairs", type=int, default=0,
                        help="before timing the pairing ledger, top the pairs up to this many (with one contact each "
                             "in the measured month), e.g. 1000000")
    parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        export_child()
        return 0
    if not os.environ.get("TUANJIE_DATABASE_URL", "").startswith("postgres"):
        sys.exit("请在 PostgreSQL 上运行：.venv/bin/python tools/with_postgres.py -- .venv/bin/python bench/run.py")
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "tuanjie", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    subprocess.run([sys.executable, "-m", "tuanjie", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    report("scale", args.scale, "x")
    Generator(args.scale).run()
    global LEDGER_PAIRS
    LEDGER_PAIRS = args.ledger_pairs
    measure(args.scale, args.import_rows or max(500, round(100_000 * args.scale)))
    report("total_seconds", time.monotonic() - started, "s")
    (OUT / "results.json").write_text(json.dumps(RESULTS, ensure_ascii=False, indent=2))
    print(f"# written to {OUT / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
