"""The demo county's registers: its named education bases (the study visits of the activity ledger linked to the base
they went to), the 2026 cultivation list of the eight subsidised sites, a liaison for every unit with staff, the
county office's first three briefings of the year from accepted information, and the leading group's meetings
with their minutes attached."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tuanjie.activities.models import Activity
from tuanjie.activities.services import activity_update
from tuanjie.agreements.demo import scan_png
from tuanjie.core.access import within
from tuanjie.information.models import InformationItem
from tuanjie.leadership.models import LeadingGroup
from tuanjie.registers import services
from tuanjie.titles.models import TitleLevel

YEAR = 2026
BASES = [
    # (place name, base name, level, named by, year, words in a visit's title that name it)
    ("红军会师旧址纪念馆", "红军会师旧址纪念馆", "national", "国家民委", 2019, "红军会师旧址"),
    ("石榴籽民族团结教育基地", "石榴籽民族团结教育基地", "province", "同心省民族宗教事务委员会", 2021, "石榴籽"),
    ("团结县民族中学", "团结县民族中学民族团结教育基地", "county", "中共团结县委", 2024, ""),
]
SITE_TARGETS = ["年底前达到县级示范单位命名标准", "建成民族团结进步主题长廊，申报市级示范单位",
                "完善“三交”活动阵地，形成可推广的经验做法"]
DECISIONS = [
    (date(YEAR, 2, 28), "团结县民族团结进步创建工作领导小组2026年第一次全体会议纪要", "团创组纪〔2026〕1号",
     "审议通过2026年创建工作实施方案，明确县直单位和各乡镇目标任务，部署签订目标责任书。"),
    (date(YEAR, 7, 10), "团结县民族团结进步创建工作领导小组2026年第二次全体会议纪要", "团创组纪〔2026〕2号",
     "听取上半年创建工作进展汇报，研究督查发现问题的整改，部署下半年重点工作。"),
]


def build(world) -> None:
    units = {u.name: u for u in world.units}
    _bases(world, units)
    _cultivation(world, units)
    _liaisons(world)
    _briefings(world)
    _decisions(world)


def _bases(world, units) -> None:
    for place_name, name, level, named_by, year, words in BASES:
        place = units.get(place_name, world.county)
        base = services.base_create(by=None, place=place, name=name, level=level, named_by=named_by, named_year=year,
                                    address=f"团结县{place_name}", description=f"{named_by}{year}年命名")
        if not words:
            continue
        visits = Activity.objects.filter(within(world.county), kind=Activity.Kind.STUDY_VISIT,
                                         title__contains=words, education_base__isnull=True)
        for visit in visits.order_by("pk"):
            activity_update(by=None, activity=visit, education_base=base)


def _cultivation(world, units) -> None:
    from tuanjie.funds.demo import SITES

    level = TitleLevel.objects.filter(name="县级").first()
    for n, (site, provincial, city) in enumerate(SITES):
        place = units.get(site)
        if place is None:
            continue
        services.cultivation_create(
            by=None, place=place, year=YEAR, target=SITE_TARGETS[n % len(SITE_TARGETS)], title_level=level,
            planned_funds=Decimal(provincial + city + 20000), progress=[80, 65, 50, 40][n % 4],
            progress_note="已完成宣传阵地建设，正在完善活动台账" if n % 2 else "主题活动按月开展，资金已落实")


def _liaisons(world) -> None:
    for unit_pk, person in world.staff_by_unit.items():
        unit = next((u for u in world.units if u.pk == unit_pk), None)
        if unit is None or not person.is_active:
            continue
        services.liaison_create(by=None, place=unit, person=person, post=person.title or "创建工作联络员",
                                office_phone=unit.phone or f"0930-60{unit_pk % 100:02d}{unit_pk % 1000:03d}",
                                mobile=person.phone)


def _briefings(world) -> None:
    """第1—3期: four accepted items each, from March, June and September."""
    accepted = (InformationItem.objects.filter(within(world.county), accepted_at__year=YEAR,
                                               status__in=[InformationItem.Status.ACCEPTED,
                                                           InformationItem.Status.FORWARDED,
                                                           InformationItem.Status.PUBLISHED])
                .order_by("accepted_at", "pk"))
    for month in (3, 6, 9):
        chunk = list(accepted.filter(accepted_at__month=month)[:4])
        if chunk:
            last = max(timezone.localdate(i.accepted_at) for i in chunk)
            services.briefing_create(by=None, place=world.county, items=chunk, issued_on=last, year=YEAR)


def _decisions(world) -> None:
    group = LeadingGroup.objects.filter(place=world.county).first()
    if group is None:
        return
    for n, (day, title, number, summary) in enumerate(DECISIONS):
        services.decision_create(by=None, group=group, decided_on=day, title=title, document_no=number,
                                 summary=summary,
                                 files=[SimpleUploadedFile(f"会议纪要{n + 1}.png", scan_png(n), "image/png")])
