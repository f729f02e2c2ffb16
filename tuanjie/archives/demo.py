"""The demo county's 2025, already archived: a few of last year's activities with photos, the paper documents the
county office filed (scans with their archival fields), the package built, and the year closed by 马晓燕, so a
visitor sees a closed year (its activities read only) beside the open 2026."""

from datetime import date, datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tuanjie.activities.services import activity_create
from tuanjie.agreements.demo import scan_png
from tuanjie.archives import services
from tuanjie.attachments.services import attach_files

YEAR = 2025
ACTIVITIES = [
    (date(YEAR, 4, 18), "“石榴籽”民族团结进步宣讲进社区", 120),
    (date(YEAR, 9, 26), "民族团结进步宣传月文艺汇演", 600),
    (date(YEAR, 11, 20), "各族群众同过“三月三”联谊活动", 240),
]
PAPERS = [
    ("中共团结县委关于命名2025年度县级民族团结进步示范单位的决定", "中共团结县委", date(YEAR, 12, 10), 6, "Y"),
    ("团结县2025年民族团结进步创建工作总结", "团结县创建工作领导小组办公室", date(YEAR, 12, 20), 12, "D30"),
    ("团结县创建工作领导小组2025年第二次全体会议纪要", "团结县创建工作领导小组办公室", date(YEAR, 7, 8), 4, "D30"),
]


def build(world) -> None:
    office = world.people["xianban"]
    units = world.units
    for i, (day, title, people) in enumerate(ACTIVITIES):
        activity = activity_create(by=office, place=units[i % len(units)], start_date=day, kind="lecture",
                                   title=title, participants=people)
        attach_files(owner=activity, by=office,
                     files=[SimpleUploadedFile(f"photo{i}.png", scan_png(i + 10), "image/png")])
    for i, (title, responsible, dated, pages, retention) in enumerate(PAPERS):
        services.paper_create(by=office, place=world.county, year=YEAR, title=title, responsible=responsible,
                              dated=dated, pages=pages, retention=retention,
                              files=[SimpleUploadedFile(f"scan{i}.png", scan_png(i + 20), "image/png")])
    services.package_request(by=office, place=world.county, year=YEAR)
    closure = services.year_close(by=office, place=world.county, year=YEAR)
    # closed in January, as an office files its year after the year-end summary
    closure.closed_at = timezone.make_aware(datetime(YEAR + 1, 1, 15, 10, 0))
    closure.save(update_fields=["closed_at"])
