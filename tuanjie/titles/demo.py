"""Demo: demonstration-title applications at every stage in the demo county, named titles, a 省级 title in
rectification after a failed re-inspection and one revoked after the second failure; areas as subjects (the
neighbour county holds 省级示范县, a township 市级示范乡镇 in rectification, a village 县级示范村), 团结县's own draft
for 省级示范县 under the province's open call, and the county's call for 示范村 whose declaration has closed.
Built through the services."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

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

    # --- older titles: one in rectification after a failed re-inspection (a county unit, so the county office
    # hears it), one revoked after two failures
    county_unit = next(u for u in candidates if u.depth == world.county.depth + 1)
    candidates.remove(county_unit)
    rectifying = walk_provincial(apply(county_unit, "省级", 2023), 4, named_on=date(2023, 9, 20),
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

    build_areas(world, level)


def build_areas(world, level) -> None:
    """Areas apply and hold titles: what an office sees of its own area's creation, and the calls' windows."""
    province_office, city_office = world.people["shengban"], world.people["shiban"]
    county_office, neighbour_office = world.people["xianban"], world.people["youyi"]
    township = world.townships[0]
    township_office = world.people["xiangban"]
    today = timezone.localdate()

    def walk(application, applicant, offices, **naming):
        application = services.application_submit(by=applicant, application=application)
        for office in offices:
            application = services.application_act(by=office, application=application, action="pass", **naming)
        return application

    # the neighbour county named 省级示范县 in 2023: on the public honours page
    services.quota_set(by=province_office, office=world.city, title_level=level["省级示范县"], year=2023, limit=1,
                       note="按省创建办年度通知分配")
    services.quota_set(by=province_office, office=world.city, title_level=level["省级示范县"], year=2026, limit=1,
                       note="按省创建办年度通知分配")
    neighbour = services.application_create(
        by=neighbour_office, subject=world.neighbour, title_level=level["省级示范县"], year=2023,
        deeds="全县创建工作全域推进，各族群众共居共学共事共乐，创建示范县工作经验在全省推广。")
    walk(neighbour, neighbour_office, (city_office, province_office, province_office), named_on=date(2023, 12, 8),
         document_no="同政发〔2023〕31号")

    # 城关镇 named 市级示范乡镇 in 2023, failed its re-inspection this autumn: rectifying, the township and the
    # county were told the deadline
    town = services.application_create(
        by=township_office, subject=township, title_level=level["市级示范乡镇"], year=2023,
        deeds="镇党委把创建工作纳入重要议事日程，建成民族团结进步主题公园和“石榴籽”服务站。")
    town = walk(town, township_office, (county_office, city_office, city_office), named_on=date(2023, 11, 16),
                document_no="和政发〔2023〕18号")
    services.title_reinspect(by=city_office, title=town.title, passed=False, inspected_on=date(2026, 10, 28),
                             findings="镇级创建台账2026年以来未及时更新，村（社区）创建覆盖面不足。",
                             rectification_deadline=date(2027, 4, 30))

    # a village named 县级示范村 in 2025 by the county, reviewed by its township
    named_village = world.villages[0]
    liaison = _liaison(named_village)
    village = services.application_create(
        by=liaison, subject=named_village, title_level=level["县级示范村"], year=2025,
        deeds="村两委带头开展民族团结进步创建，修订村规民约，组织各族群众互助合作。")
    walk(village, liaison, (township_office, county_office, county_office), named_on=date(2025, 12, 18),
         document_no="团创发〔2025〕11号", subsidy=Decimal("2.00"))

    # 团结县 prepares its own 省级示范县 application (a draft; the office submits it while the call is open)
    services.application_create(
        by=county_office, subject=world.county, title_level=level["省级示范县"], year=today.year,
        deeds="团结县坚持以铸牢中华民族共同体意识为主线，全域推进民族团结进步创建，"
              "“十进”创建单位全覆盖，建成民族团结进步教育基地3个。")
    county_steps = {s.name: s for s in level["省级示范县"].steps.all()}
    services.call_create(
        by=province_office, place=world.province, title_level=level["省级示范县"], year=today.year,
        name=f"关于开展{today.year}年度省级民族团结进步示范县申报工作的通知", document_no="同创办发〔2026〕5号",
        description="各市（州）创建办组织所辖县（市、区）申报，经审核后在名额内推荐报送。",
        windows={None: (today - timedelta(days=20), today + timedelta(days=10)),
                 county_steps["审核推荐"]: (today - timedelta(days=20), today + timedelta(days=20)),
                 county_steps["验收"]: (today - timedelta(days=10), today + timedelta(days=30)),
                 county_steps["命名授牌"]: (today - timedelta(days=10), today + timedelta(days=40))})

    # the county's call for 示范村: one village declared in time and awaits its township's review; another's
    # draft came too late (its declaration is refused: the window closed a month ago)
    on_time, late = world.villages[10], world.villages[20]
    from tuanjie.demo.foundation import DEMO_PASSWORD
    from tuanjie.people.services import user_create

    on_time_liaison = _liaison(on_time)
    # a login for the late village's liaison, to try the closed window on the demo
    late_liaison = user_create(by=None, username="cunban", full_name="杨秀梅", home_place=late, title="村创建联络员",
                               password=DEMO_PASSWORD, roles=(Role.UNIT,))
    walk(services.application_create(by=on_time_liaison, subject=on_time, title_level=level["县级示范村"],
                                     year=today.year, deeds="村里建成各族群众共居共学共事共乐的文化广场。"),
         on_time_liaison, ())
    services.application_create(by=late_liaison, subject=late, title_level=level["县级示范村"], year=today.year,
                                deeds="开展民族团结进步创建“十个一”活动。")
    village_steps = {s.name: s for s in level["县级示范村"].steps.all()}
    services.call_create(
        by=county_office, place=world.county, title_level=level["县级示范村"], year=today.year,
        name=f"关于开展{today.year}年度县级民族团结进步示范村（社区）申报工作的通知", document_no="团创办发〔2026〕7号",
        windows={None: (today - timedelta(days=60), today - timedelta(days=30)),
                 village_steps["初审"]: (today - timedelta(days=30), today + timedelta(days=15)),
                 village_steps["验收"]: (today + timedelta(days=16), today + timedelta(days=30))})


def _liaison(village):
    """The village's liaison (村创建联络员) the foundation made, or the first person at the village."""
    found = people_with_role(Role.UNIT, village, upward=False)
    if found:
        return found[0]
    from tuanjie.people.services import user_create

    return user_create(by=None, username=f"cun{village.code[-6:]}", full_name=f"{village.name}创建联络员",
                       home_place=village, title="村创建联络员", roles=(Role.UNIT,))
