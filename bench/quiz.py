"""Quiz answering benchmark (not part of the test suite): 10,000 phones answer a public quiz in bursts against
`tuanjie serve` on loopback.

    .venv/bin/python bench/quiz.py                                              # embedded SQLite
    .venv/bin/python tools/with_postgres.py -- .venv/bin/python bench/quiz.py   # PostgreSQL
    .venv/bin/python bench/quiz.py --answers 2000 --burst 200 --concurrency 50

It migrates the database named by TUANJIE_DATABASE_URL, makes a small county (a bank of 20 questions, a quiz of 10
drawn from it, open now, one link per township), starts `python -m tuanjie serve` on a free loopback port and
sends the phones in bursts of --burst, at most --concurrency at once. Each phone does what a real one does, as a
separate cookie jar: opens its township's link, taps 开始答题, loads the sheet, answers it and hands it in with an
Idempotency-Key (one phone in fifty sends the sheet twice, as after a lost answer). The cap per address is lifted
for the run (every phone is 127.0.0.1).

Checked at the end against the database: exactly one sheet per phone, every sheet marked, and the facts' rate
figures equal to a count of the sheets. Printed: answers per second, and p50/p95/max per kind of request and per
whole answer (four requests). Figures go to bench/out/quiz.json."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

import httpx
from serving import free_port, stop, wait_for  # noqa: E402  (bench/ is the script's folder)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHOICE = re.compile(r'type="(radio|checkbox)" name="(q\d+)" value="(\d+)"')
SHORT = re.compile(r'<input class="form-control" id="q\d+" name="(q\d+)"')

SETUP = r'''
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuanjie.settings")
import django
django.setup()
from datetime import timedelta
from django.utils import timezone
from tuanjie.core.context import acting_as
from tuanjie.places.defaults import ensure
from tuanjie.places.models import Place, PlaceLevel
from tuanjie.places.services import place_create
from tuanjie.quizzes import services

ensure()
levels = {lv.name: lv for lv in PlaceLevel.objects.all()}
with acting_as(None, source="bench"):
    county = Place.objects.filter(code="990102000000").first()
    if county is None:
        province = place_create(parent=None, kind="area", name="测试省", code="990000000000", level=levels["省"])
        city = place_create(parent=province, kind="area", name="测试市", code="990100000000", level=levels["市"])
        county = place_create(parent=city, kind="area", name="测试县", code="990102000000", level=levels["县"])
        for i in range(1, TOWNSHIPS + 1):
            place_create(parent=county, kind="area", name=f"测试{i}镇", code=f"990102{i:03d}000", level=levels["乡"])
    bank = services.bank_create(by=None, place=county, name=f"压测题库{timezone.now():%H%M%S%f}")
    for i in range(20):
        if i % 4 == 3:
            services.question_create(by=None, bank=bank, kind="truefalse", text=f"判断题{i}", answer=[i % 2],
                                     awareness=True)
        elif i % 4 == 2:
            services.question_create(by=None, bank=bank, kind="multiple", text=f"多选题{i}",
                                     options=["甲", "乙", "丙", "丁"], answer=[0, 2])
        else:
            services.question_create(by=None, bank=bank, kind="single", text=f"单选题{i}",
                                     options=["甲", "乙", "丙", "丁"], answer=[i % 4], awareness=i % 2 == 0)
    now = timezone.now()
    quiz = services.quiz_create(by=None, place=county, kind="quiz", title="压测知识竞赛", bank=bank,
                                question_count=10, time_limit=30, opens_at=now - timedelta(minutes=5),
                                closes_at=now + timedelta(days=1))
    for township in Place.objects.filter(path__startswith=county.path, depth=county.depth + 1):
        services.sample_set(by=None, quiz=quiz, place=township, size=ANSWERS // TOWNSHIPS)
    services.quiz_publish(by=None, quiz=quiz)
    tokens = list(quiz.samples.exclude(place=county).order_by("place__path").values_list("token", flat=True))
print(json.dumps({"quiz": quiz.pk, "county": county.pk, "tokens": tokens}))
'''

CHECK = r'''
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuanjie.settings")
import django
django.setup()
from datetime import timedelta
from django.db.models import Count, Sum
from django.utils import timezone
from tuanjie.places.models import Place
from tuanjie.quizzes.models import Attempt
from tuanjie.quizzes.selectors import rates

sheets = Attempt.objects.filter(quiz_id=QUIZ)
done = sheets.filter(submitted_at__isnull=False)
raw = done.aggregate(n=Count("pk"), score=Sum("score"), aa=Sum("awareness_asked"), ac=Sum("awareness_correct"))
devices = sheets.values("device").annotate(n=Count("pk")).filter(n__gt=1).count()
today = timezone.localdate()
start, end = today.replace(day=1), (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
r = rates(Place.objects.get(pk=COUNTY), start, end)
print(json.dumps({"sheets": sheets.count(), "submitted": raw["n"], "score_sum": raw["score"] or 0,
                  "awareness_asked": raw["aa"] or 0, "awareness_correct": raw["ac"] or 0, "devices_twice": devices,
                  "facts": {"answers": r.answers, "score_sum": r.score_sum, "awareness_asked": r.awareness_asked,
                            "awareness_correct": r.awareness_correct},
                  "awareness": r.awareness, "average": r.average_score}))
'''


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    values = sorted(values)
    if not values:
        return float("nan")
    k = max(0, min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


def django_script(script: str, env: dict) -> dict:
    out = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


class Run:
    def __init__(self):
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.first_errors: list[str] = []

    def error(self, kind: str, message: str) -> None:
        self.errors[kind] += 1
        if len(self.first_errors) < 10:
            self.first_errors.append(f"{kind}: {message}")


async def timed(run: Run, kind: str, call):
    started = time.perf_counter()
    response = await call
    run.times[kind].append(time.perf_counter() - started)
    return response


async def phone(run: Run, base: str, token: str, rng: random.Random, twice: bool) -> None:
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=False) as client:
        start_url = f"/public/quiz/{token}/"
        page = await timed(run, "open link", client.get(start_url))
        csrf = CSRF_INPUT.search(page.text)
        if page.status_code != 200 or not csrf:
            return run.error("open link", f"{page.status_code}")
        began = await timed(run, "start", client.post(start_url, data={"csrfmiddlewaretoken": csrf.group(1)}))
        if began.status_code != 302:
            return run.error("start", f"{began.status_code} {began.text[:120]}")
        sheet_url = began.headers["location"]
        sheet = await timed(run, "sheet", client.get(sheet_url))
        csrf = CSRF_INPUT.search(sheet.text)
        if sheet.status_code != 200 or not csrf:
            return run.error("sheet", f"{sheet.status_code}")
        choices: dict[str, list[str]] = defaultdict(list)
        kinds = {}
        for kind, name, value in CHOICE.findall(sheet.text):
            choices[name].append(value)
            kinds[name] = kind
        data: dict[str, str | list[str]] = {"csrfmiddlewaretoken": csrf.group(1)}
        for name, values in choices.items():
            data[name] = rng.sample(values, 2) if kinds[name] == "checkbox" else [rng.choice(values)]
        data.update({name: "答案" for name in SHORT.findall(sheet.text)})
        headers = {"Accept": "application/json", "Idempotency-Key": str(uuid.uuid4())}
        for _ in range(2 if twice else 1):
            sent = await timed(run, "hand in", client.post(sheet_url, data=data, headers=headers))
            if sent.status_code != 200 or not sent.json().get("ok"):
                return run.error("hand in", f"{sent.status_code} {sent.text[:120]}")
    run.times["whole answer"].append(time.perf_counter() - started)


async def main_async(args, world: dict, base: str) -> dict:
    run = Run()
    rng = random.Random(args.seed)
    gate = asyncio.Semaphore(args.concurrency)
    tokens = world["tokens"]

    async def one(n: int):
        async with gate:
            await phone(run, base, tokens[n % len(tokens)], random.Random(rng.random()), twice=n % 50 == 7)

    started = time.perf_counter()
    sent = 0
    bursts = 0
    while sent < args.answers:
        size = min(args.burst, args.answers - sent)
        await asyncio.gather(*(one(sent + i) for i in range(size)))
        sent += size
        bursts += 1
        elapsed = time.perf_counter() - started
        print(f"  burst {bursts}: {sent} answers, {sent / elapsed:.1f}/s", flush=True)
        if sent < args.answers and args.pause:
            await asyncio.sleep(args.pause)
    elapsed = time.perf_counter() - started - args.pause * (bursts - 1)
    return {"answers": args.answers, "seconds": round(elapsed, 1), "answers_per_second": round(args.answers / elapsed, 1),
            "requests": {k: {"n": len(v), "p50_ms": round(pct(v, 50) * 1000), "p95_ms": round(pct(v, 95) * 1000),
                             "max_ms": round(max(v) * 1000)} for k, v in run.times.items()},
            "errors": dict(run.errors), "first_errors": run.first_errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=10000)
    parser.add_argument("--burst", type=int, default=500, help="phones per burst")
    parser.add_argument("--concurrency", type=int, default=64, help="phones in flight at once")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between bursts (not counted)")
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--serve-args", default="", help="extra arguments for tuanjie serve, e.g. '--workers 3'")
    args = parser.parse_args()
    # A stopped run still stops its server (it runs in its own session, so a signal to this one misses it).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if "TUANJIE_DATABASE_URL" not in os.environ:
        print("# TUANJIE_DATABASE_URL is not set: running on the embedded SQLite", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT), TUANJIE_QUIZ_STARTS_PER_ADDRESS=str(10 * args.answers))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = None
    try:
        subprocess.run([PYTHON, "-m", "tuanjie", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        world = django_script(SETUP.replace("TOWNSHIPS", str(args.townships)).replace("ANSWERS", str(args.answers)),
                              env)
        log = open(OUT / "quiz-serve.log", "w")
        serve = subprocess.Popen([PYTHON, "-m", "tuanjie", "serve", "--bind", f"127.0.0.1:{port}",
                                  *args.serve_args.split()], cwd=ROOT, env=env, stdout=log,
                                 stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(base, serve, log=str(OUT / "quiz-serve.log"))
        print(f"# tuanjie serve on {base}; {args.answers} answers in bursts of {args.burst}, "
              f"{args.concurrency} at once", flush=True)
        results = asyncio.run(main_async(args, world, base))
        stop(serve)
        serve = None
        check = django_script(CHECK.replace("QUIZ", str(world["quiz"])).replace("COUNTY", str(world["county"])), env)
        results["database"] = check
        problems = []
        if check["submitted"] != args.answers - sum(results["errors"].values()) or check["devices_twice"]:
            problems.append(f"{check['submitted']} sheets handed in for {args.answers} phones")
        if check["facts"] != {"answers": check["submitted"], "score_sum": check["score_sum"],
                              "awareness_asked": check["awareness_asked"],
                              "awareness_correct": check["awareness_correct"]}:
            problems.append(f"facts {check['facts']} differ from the sheets")
        results["problems"] = problems
        (OUT / "quiz.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
        print(f"\n{results['answers']} answers in {results['seconds']} s: {results['answers_per_second']} answers/s")
        print(f"{'request':<14}{'n':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for kind, row in results["requests"].items():
            print(f"{kind:<14}{row['n']:>8}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['max_ms']:>9}")
        print(f"errors: {results['errors'] or 'none'}; sheets in the database: {check['submitted']}, "
              f"facts agree: {not problems}; awareness {check['awareness']}%, average {check['average']}")
        for line in results["first_errors"] + problems:
            print("  !", line)
        return 1 if results["errors"] or problems else 0
    finally:
        stop(serve)


if __name__ == "__main__":
    sys.exit(main())
