"""Year archive benchmark (not part of the test suite): the package of a county's year with 10,000 activities and
20,000 photos, built as the background job builds it, with its time and peak memory.

    .venv/bin/python bench/archive.py                                              # embedded SQLite
    .venv/bin/python tools/with_postgres.py -- .venv/bin/python bench/archive.py   # PostgreSQL
    .venv/bin/python bench/archive.py --activities 1000 --photos 2000              # a tenth

It migrates the database named by TUANJIE_DATABASE_URL (a fresh SQLite file under a temporary folder when unset,
with TUANJIE_MEDIA there too), makes a county of ten townships with the activities spread over them and the year,
and gives them small generated JPEGs (each a different picture, ~3 KB, written straight to storage and inserted in
bulk, as a year of uploads would have left them). Then a fresh process runs `archives.services.package_run`, so its
peak RSS (getrusage) is the build's own and not the set-up's; printed: seconds, peak RSS in MB, the package's size
and its number of catalogue lines and files (checked against what was made). Figures go to bench/out/archive.json."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

BUILD = r'''
import json, os, resource, sys, time, zipfile
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuanjie.settings")
import django
django.setup()
from tuanjie.archives.models import ArchivePackage
from tuanjie.archives.services import package_run
from tuanjie.core.context import acting_as

before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
with acting_as(None, source="bench"):
    made = package_run(package_id=int(sys.argv[1]))
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with zipfile.ZipFile(made.file.path) as archive:
    members = len(archive.namelist())
print(json.dumps({"status": made.status, "error": made.error, "seconds": round(seconds, 1),
                  "peak_rss_mb": round(peak / 1024, 1), "rss_before_mb": round(before / 1024, 1),
                  "size_mb": round(made.size / 1048576, 1), "lines": made.pieces, "members": members}))
'''


def setup(activities: int, photos: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuanjie.settings")
    import django

    django.setup()
    import io
    import random
    from datetime import date, timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from PIL import Image

    from tuanjie.activities.models import Activity
    from tuanjie.activities.services import activity_bulk_create
    from tuanjie.archives.models import ArchivePackage
    from tuanjie.attachments.models import Attachment
    from tuanjie.core.bulk import insert_new
    from tuanjie.core.context import acting_as
    from tuanjie.places.defaults import ensure
    from tuanjie.places.models import Place, PlaceLevel
    from tuanjie.places.services import place_create

    call_command("migrate", verbosity=0)
    ensure()
    levels = {lv.name: lv for lv in PlaceLevel.objects.all()}
    rng = random.Random(17)
    with acting_as(None, source="bench"):
        province = place_create(parent=None, kind=Place.Kind.AREA, name="档案省", code="970000000000",
                                level=levels["省"])
        city = place_create(parent=province, kind=Place.Kind.AREA, name="档案市", code="970100000000",
                            level=levels["市"])
        county = place_create(parent=city, kind=Place.Kind.AREA, name="档案县", code="970102000000",
                              level=levels["县"])
        towns = [place_create(parent=county, kind=Place.Kind.AREA, name=f"档案{i + 1}镇",
                              code=f"970102{i + 1:03d}000", level=levels["乡"]) for i in range(10)]
        start = date(2026, 1, 1)
        made = [Activity(place=towns[i % 10], start_date=start + timedelta(days=i % 330), kind="lecture",
                         title=f"第{i + 1}次民族团结进步主题宣讲", participants=20 + i % 80)
                for i in range(activities)]
        for i in range(0, len(made), 2000):
            activity_bulk_create(by=None, activities=made[i:i + 2000])
        content_type = ContentType.objects.get_for_model(Activity)
        rows = []
        for n in range(photos):
            owner = made[n % activities]
            picture = Image.new("RGB", (64, 48), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
            for _dot in range(40):      # some detail, so each JPEG is a real few-KB picture
                picture.putpixel((rng.randrange(64), rng.randrange(48)), (rng.randrange(256),) * 3)
            out = io.BytesIO()
            picture.save(out, format="JPEG", quality=85)
            # written straight to the media folder: the storage's fsync per file would make the set-up the benchmark
            name = f"attachments/bench/{n // 1000:03d}/p{n}.jpg"
            path = Path(default_storage.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(out.getvalue())
            rows.append(Attachment(content_type=content_type, object_id=owner.pk, place_id=owner.place_id,
                                   kind="image", file=name, original_name=f"p{n}.jpg", mime="image/jpeg",
                                   size=out.tell()))
            if len(rows) == 2000:
                insert_new(rows)
                rows = []
        insert_new(rows)
        package = ArchivePackage.objects.create(place=county, year=2026)
    return package.pk


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--photos", type=int, default=20_000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="tuanjie-archive-bench-")
    os.environ.setdefault("TUANJIE_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("TUANJIE_MEDIA", f"{folder}/media")
    os.environ.setdefault("TUANJIE_TASKS", "immediate")
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    package_id = setup(args.activities, args.photos)
    print(f"set-up: {args.activities} activities, {args.photos} photos in {time.perf_counter() - started:.0f} s",
          flush=True)
    run = subprocess.run([sys.executable, "-c", BUILD, str(package_id)], cwd=ROOT, capture_output=True, text=True,
                         env=os.environ.copy())
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        return 1
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    figures.update(activities=args.activities, photos=args.photos,
                   database="postgresql" if "postgres" in os.environ["TUANJIE_DATABASE_URL"] else "sqlite")
    print(f"package: {figures['seconds']} s, peak RSS {figures['peak_rss_mb']} MB (process before the build "
          f"{figures['rss_before_mb']} MB), {figures['size_mb']} MB, {figures['lines']} catalogue lines, "
          f"{figures['members']} files")
    ok = (figures["status"] == "done" and figures["lines"] == args.activities
          and figures["members"] == args.photos + 1)
    if not ok:
        print(f"check failed: {figures}", file=sys.stderr)
    OUT.mkdir(exist_ok=True)
    (OUT / "archive.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
