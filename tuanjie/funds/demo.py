"""The demo county's funds as seed 002 reports them: 45万元 of provincial and city money (40万 省级少数民族发展资金,
5万 市专项) for the 8 creation sites that got a subsidy (会师旧址 first), a county grant for the county's own work,
35 county-level units funding their creation work from their own budgets, spending against all of it, and needs
that leave a gap (经费缺口). Written through the services, so the change log records it."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from tuanjie.funds.models import FundSource
from tuanjie.funds.services import allocation_create, expenditure_create, need_create

YEAR = 2026

# (site, provincial, city) in yuan: 40万 provincial + 5万 city over 8 sites.
SITES = [
    ("红军会师旧址纪念馆", 100000, 10000), ("石榴籽民族团结教育基地", 80000, 10000), ("民族团结进步示范街", 50000, 5000),
    ("同心新村易地扶贫搬迁安置点", 50000, 5000), ("团结县民族中学", 40000, 5000), ("团结湖生态旅游景区", 30000, 5000),
    ("幸福家园安置社区", 30000, 5000), ("团结县第一中学", 20000, 5000),
]
SPENDING = ["制作民族团结进步宣传展板", "更新民族团结进步宣传栏", "印制民族团结宣传手册", "举办民族团结主题文艺演出",
            "购置民族团结进步教育基地展陈设备", "制作灯杆宣传牌", "开展民族团结进步主题培训"]


def build(world) -> None:
    rng = world.rng
    units = {u.name: u for u in world.units}
    today = min(timezone.localdate(), date(YEAR, 12, 31))
    if today.year < YEAR:
        today = date(YEAR, 11, 23)

    def spend(place, total, source, share):
        left = Decimal(total) * Decimal(str(share))
        while left >= 1000:
            amount = min(left, Decimal(rng.randrange(2000, 30000, 100)))
            day = date(YEAR, 3, 1) + timedelta(days=rng.randint(0, (today - date(YEAR, 3, 1)).days))
            expenditure_create(by=None, place=place, spent_on=day, amount=amount.quantize(Decimal("0.01")),
                               source=source, purpose=rng.choice(SPENDING))
            left -= amount

    for name, provincial, city in SITES:
        site = units[name]
        allocation_create(by=None, place=site, year=YEAR, source=FundSource.PROVINCIAL, amount=Decimal(provincial),
                          for_site=True, allocated_on=date(YEAR, 4, 20), document_no=f"同民宗发〔{YEAR}〕18号",
                          purpose="民族团结进步示范点建设补助")
        if city:
            allocation_create(by=None, place=site, year=YEAR, source=FundSource.CITY, amount=Decimal(city),
                              for_site=True, allocated_on=date(YEAR, 5, 15), document_no=f"和民宗发〔{YEAR}〕9号",
                              purpose="民族团结进步创建专项补助")
        need_create(by=None, place=site, year=YEAR, amount=Decimal((provincial + city) * 2),
                    purpose="示范点阵地建设、宣传展陈和活动经费")
        spend(site, provincial + city, FundSource.PROVINCIAL, rng.uniform(0.5, 0.9))

    county = world.county
    allocation_create(by=None, place=county, year=YEAR, source=FundSource.COUNTY, amount=Decimal(80000),
                      allocated_on=date(YEAR, 3, 10), document_no=f"团财发〔{YEAR}〕6号",
                      purpose="全县创建宣传、培训和督查工作经费")
    need_create(by=None, place=county, year=YEAR, amount=Decimal(600000),
                purpose="争创省级民族团结进步示范县：阵地建设、宣传教育、示范创建")
    spend(county, 80000, FundSource.COUNTY, 0.7)

    # 35 county-level units fund their creation work from their own public budgets (单位共创共建).
    county_units = [u for u in world.units if u.depth == county.depth + 1]
    for unit in county_units[:35]:
        amount = Decimal(rng.randrange(3000, 20001, 500))
        allocation_create(by=None, place=unit, year=YEAR, source=FundSource.SELF, amount=amount,
                          allocated_on=date(YEAR, 3, rng.randint(1, 31)), purpose="单位公用经费列支创建工作经费")
        if rng.random() < 0.6:
            spend(unit, amount, FundSource.SELF, rng.uniform(0.3, 0.9))

    # Townships asked for money that has not come (part of the gap).
    for township in world.townships[:6]:
        need_create(by=None, place=township, year=YEAR, amount=Decimal(rng.randrange(50000, 150001, 10000)),
                    purpose="村（社区）民族团结进步宣传阵地建设")
