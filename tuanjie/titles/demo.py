"""Demo: demonstration-title applications at every stage in the demo county, named titles, a 省级 title in
rectification after a failed re-inspection and one revoked after the second failure. Built through the services."""

from datetime import date
from decimal import Decimal

from tuanjie.core.roles import Role
from tuanjie.people.selectors import people_with_role
from tuanjie.titles import services
from tuanjie.titles.defaults import ensure
from tuanjie.titles.models import TitleLevel

DEEDS = [
    "坚持把铸牢中华民族共同体意识作为主线，成立创建工作领导小组，制定年度实施方案，开展“石榴籽”主题宣讲{n}场，"
    "组织各族干部职工结对帮扶，办好事实事{m}件，创建氛围浓厚。",
    "以“三进三有”为抓手，开展民族团结进步主题班会、知识竞赛和文艺演出{n}场次，建设民族团结文化长廊，"
    "形成了可复制、可推广的创建经验。",
    "把创建工作融入中心工作，开展政策法规培训{n}期、志愿服务{m}次，建立创建工作台账，活动有记录、有照片、有总结。",
]


def build(world) -> None:
    ensure()
    rng = world.rng
    level = {lv.name: lv for lv in TitleLevel.objects.all()}
    province_office, city_office = world.people["shengban"], world.people["shiban"]
    county_office = world.people["xianban"]
    staff = dict(world.staff_by_unit)
    school = next(u for u in world.units if u.name == "团结县第一中学")
    staff[school.pk] = world.people["danwei"]
    candidates = [u for u in world.units if u.pk != school.pk and not u.name.endswith("示范户")]
    rng.shuffle(candidates)
    pick = iter(candidates)

    for year, limit in ((2021, 3), (2023, 3), (2026, 3)):
        services.quota_set(by=province_office, office=world.city, title_level=level["省级"], year=year,
                           limit=limit, note="按省创建办年度通知分配")

    def deeds():
        return rng.choice(DEEDS).format(n=rng.randint(6, 24), m=rng.randint(10, 60))

    def apply(unit, lv, year):
        return services.application_create(by=staff[unit.pk], subject=unit, title_level=level[lv], year=year,
                                           deeds=deeds())

    def act(application, user, action="pass", **kwargs):
        return services.application_act(by=user, application=application, action=action, **kwargs)

    def submit(application):
        return act(application, staff[application.place_id], "submit")

    def township_office(unit):
        township = next(a for a in unit.ancestors_and_self() if a.level_id and a.level.rank == 4)
        return people_with_role(Role.OFFICE, township, upward=False)[0]

    provincial_chain = [county_office, city_office, province_office, province_office]

    def walk_provincial(application, steps, named_on=None, document_no=""):
        application = submit(application)
        for user in provincial_chain[:steps]:
            application = act(application, user, named_on=named_on, document_no=document_no)
        return application

    # --- older titles: one in rectification after a failed re-inspection, one revoked after two failures
    rectifying = walk_provincial(apply(next(pick), "省级", 2023), 4, named_on=date(2023, 9, 20),
                                 document_no="同创发〔2023〕15号").title
    services.title_reinspect(by=province_office, title=rectifying, passed=False, inspected_on=date(2026, 9, 15),
                             findings="创建台账不完整，2026年上半年活动照片和记录缺失，示范带动作用发挥不明显。",
                             rectification_deadline=date(2027, 3, 15))
    revoked = walk_provincial(apply(next(pick), "省级", 2021), 4, named_on=date(2021, 12, 10),
                              document_no="同创发〔2021〕22号").title
    services.title_reinspect(by=province_office, title=revoked, passed=False, inspected_on=date(2024, 12, 1),
                             findings="创建机构不健全，年度实施方案未制定。", rectification_deadline=date(2025, 6, 1))
    services.title_reinspect(by=province_office, title=revoked, passed=False, inspected_on=date(2025, 6, 10),
                             findings="整改措施未落实，创建工作基本停滞。")
    kept = walk_provincial(apply(next(pick), "省级", 2021), 4, named_on=date(2021, 12, 10),
                           document_no="同创发〔2021〕22号").title
    services.title_reinspect(by=province_office, title=kept, passed=True, inspected_on=date(2024, 11, 20),
                             findings="创建工作扎实，台账规范。")

    # --- county- and city-level titles already named
    for _ in range(3):
        unit = next(u for u in pick if u.depth > world.county.depth + 1)
        application = submit(apply(unit, "县级", 2025))
        while application.status == "in_review":
            office = (township_office(unit) if application.current_step.office_level.rank == 4 else county_office)
            application = act(application, office, named_on=date(2025, 12, 18), document_no="团创发〔2025〕9号",
                              subsidy=Decimal("1.00"))
    city_named = submit(apply(next(pick), "市级", 2025))
    for user in (county_office, city_office, city_office):
        city_named = act(city_named, user, named_on=date(2025, 12, 26), document_no="和创发〔2025〕6号")

    # --- 2026 applications at every stage
    apply(next(pick), "县级", 2026)                                        # draft
    walk_provincial(apply(next(pick), "省级", 2026), 0)                    # awaiting the county's 初审
    walk_provincial(apply(next(pick), "省级", 2026), 1)                    # awaiting the city's recommendation
    walk_provincial(apply(school, "省级", 2026), 2)                        # awaiting the province's inspection
    walk_provincial(apply(next(pick), "省级", 2026), 3)                    # inspected, awaiting naming
    walk_provincial(apply(next(pick), "省级", 2026), 4, named_on=date(2026, 11, 18),
                    document_no="同创发〔2026〕12号")                       # named this year
    returned = walk_provincial(apply(next(pick), "省级", 2026), 0)
    act(returned, county_office, "return", reason="事迹材料过于笼统，请补充本年度活动台账和照片后重新提交。")
    rejected = walk_provincial(apply(next(pick), "省级", 2026), 0)
    act(rejected, county_office, "reject", reason="创建时间不足一年，暂不符合省级示范单位申报条件。")
