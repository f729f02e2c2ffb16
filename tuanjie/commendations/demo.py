"""Demo: last year's decided honours, the 2026 county campaign in its public notice period (covering 2026-11-23)
and a city campaign still collecting nominations, which the county recommends upward within its quota. Built
through the services."""

from datetime import date

from tuanjie.commendations import services
from tuanjie.demo import names

FAMILY_SUMMARIES = ["邻里和睦、互帮互助，多年照顾孤寡老人", "家风淳朴，带动邻里共同发展庭院经济",
                    "积极参与民族团结进步创建，家庭成员热心志愿服务"]
PERSON_SUMMARIES = ["扎根基层二十年，帮助群众解决急难愁盼问题百余件", "长期开展结对帮扶，资助困难学生完成学业",
                    "组织各族群众开展文艺活动，促进交往交流交融", "坚持普法宣传进村入户，化解矛盾纠纷"]
COLLECTIVE_SUMMARIES = ["创建机构健全、活动扎实，形成“石榴籽”创建品牌", "把创建工作融入中心工作，成效显著",
                        "开展结对认亲和志愿服务，群众满意度高"]


def _deeds(summary: str) -> str:
    return (f"<p>{summary}。</p><p>一、<strong>主要做法</strong>：坚持以铸牢中华民族共同体意识为主线，"
            "积极参加民族团结进步创建活动。</p><ul><li>参加宣讲和培训</li><li>开展志愿服务和帮扶</li></ul>"
            "<p>二、<strong>取得成效</strong>：事迹突出，群众认可。</p>")


def build(world) -> None:
    rng = world.rng
    county_office, city_office = world.people["xianban"], world.people["shiban"]
    staff = dict(world.staff_by_unit)
    school = next(u for u in world.units if u.name == "团结县第一中学")
    staff[school.pk] = world.people["danwei"]
    units = [u for u in world.units if not u.name.endswith("示范户")]
    # People and families are nominated through workplaces that say nothing about them beyond where they work.
    workplaces = [u for u in units if not (u.creation_field and u.creation_field.name == "宗教活动场所")]

    def person():
        return rng.choice(names.SURNAMES) + "".join(rng.sample(names.GIVEN, rng.choice((1, 2))))

    def nominate(campaign, unit, category, today):
        if category == "collective":
            name, summary = unit.name, rng.choice(COLLECTIVE_SUMMARIES)
        elif category == "family":
            name, summary = f"{person()[:2]}家庭", rng.choice(FAMILY_SUMMARIES)
        else:
            name, summary = person(), rng.choice(PERSON_SUMMARIES)
        return services.nomination_create(by=staff[unit.pk], campaign=campaign, unit=unit, category=category,
                                          nominee_name=name, summary=summary, deeds=_deeds(summary), today=today)

    def run(campaign, counts, today, accept_all_but=1):
        nominations = []
        for category, n in counts.items():
            for unit in rng.sample(units if category == "collective" else workplaces, n):
                nominations.append(nominate(campaign, unit, category, today))
        by_category: dict = {}
        for nomination in nominations:
            by_category.setdefault(nomination.category, []).append(nomination)
        for category, items in by_category.items():
            limit = campaign.quota_for(category)
            for i, nomination in enumerate(items):
                if i < min(limit, len(items) - accept_all_but):
                    services.nomination_act(by=county_office if campaign.place == world.county else city_office,
                                            nomination=nomination, action="accept")
                else:
                    services.nomination_act(by=county_office if campaign.place == world.county else city_office,
                                            nomination=nomination, action="reject",
                                            reason="事迹材料不够具体，与其他推荐对象相比不够突出。")
        return nominations

    # Last year: decided honours
    last = services.campaign_create(by=county_office, place=world.county, name="2025年度民族团结进步模范评选",
                                    year=2025, nomination_deadline=date(2025, 11, 10), quota_collective=5,
                                    quota_individual=8, quota_family=4,
                                    description="对2025年度民族团结进步创建工作中涌现的先进集体、个人和家庭进行表彰。")
    run(last, {"collective": 6, "individual": 9, "family": 5}, date(2025, 11, 1))
    services.campaign_act(by=county_office, campaign=last, action="start_notice", notice_start=date(2025, 12, 1),
                          notice_end=date(2025, 12, 7), notice_text="公示期间如有异议，请向县创建办反映。")
    services.campaign_act(by=county_office, campaign=last, action="decide", decision_no="团发〔2025〕41号",
                          decided_on=date(2025, 12, 20), today=date(2025, 12, 20))

    # This year: in its public notice period
    current = services.campaign_create(by=county_office, place=world.county, name="2026年度民族团结进步模范评选",
                                       year=2026, nomination_deadline=date(2026, 11, 10), quota_collective=5,
                                       quota_individual=8, quota_family=4,
                                       description="结合全年工作表现，评选民族团结进步模范集体、模范个人和模范家庭。")
    run(current, {"collective": 6, "individual": 9, "family": 5}, date(2026, 11, 5))
    services.campaign_act(by=county_office, campaign=current, action="start_notice",
                          notice_start=date(2026, 11, 20), notice_end=date(2026, 11, 26),
                          notice_text="公示期为2026年11月20日至26日。如有异议，请以书面形式向团结县创建办反映，"
                                      "电话：0000-1234567。")

    # The city: still collecting and reviewing nominations
    city = services.campaign_create(by=city_office, place=world.city,
                                    name="和睦市2026年度民族团结进步模范集体和个人评选", year=2026,
                                    nomination_deadline=date(2026, 12, 10), quota_collective=10, quota_individual=15,
                                    description="各县（市、区）创建单位按要求推荐，经县级创建办审核后报送。",
                                    recommend_level=world.county.level)
    # the county recommends upward within the quota the city gave it (upward recommendation, issue 16)
    services.recommendation_quota_set(by=city_office, campaign=city, office=world.county, category="collective",
                                      limit=2)
    services.recommendation_quota_set(by=city_office, campaign=city, office=world.county, category="individual",
                                      limit=3)
    collectives = [nominate(city, unit, "collective", date(2026, 11, 21)) for unit in rng.sample(units, 3)]
    for nomination in collectives[:2]:
        services.nomination_act(by=county_office, nomination=nomination, action="recommend")
    nominate(city, school, "individual", date(2026, 11, 21))
