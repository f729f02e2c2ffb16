"""A county with a known first half of 2026, entered through the product's services, and the figures the tests
expect from it (chosen here, counted by hand, never read back from the code under test).

团结县 (the `tree` fixture's county) gets 28 more creation units with long names directly below it, so the monthly
form runs over two landscape pages; its half-year:
- activities: 城关镇中心学校 four lectures of 60 (3, 4, 6月) and 城关镇人民政府 a contest of 40 (5月); 团结县文化广电
  体育和旅游局 two events of kind 其他 handing out 宣传折页1963份 and 宣传折页37份 (one total: 2000份) of 50 each,
  both against the plan's task; a lecture on 2026-07-08 (after the period);
- information: three items submitted and accepted in April, two published;
- funds for 2026: 省级少数民族发展资金 40万元 and 市专项 5万元 to the county, 城关镇中心学校 自筹 3万元; the county's
  own need 90万元 (gap 90 − 48 = 42万元);
- a key result 贫困村出列 7个 (2026-05-20, 经省级验收), and one of 2026-07-10 (after the period);
- the plan: phases 宣传动员 (3—4月) and 检查验收 (7—8月, "迎接省级考核验收"), a task with a target of 10场 led by
  the 文旅局, scheduled 全市互观互检活动 on 7月15日;
- inspections: rounds starting 4月12日 and 4月15日 (专项督查) and 6月3日 (跟踪督查), a problem at 城关镇人民政府
  with a rectification due 5月30日 still open (overdue at 30 June).
"""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from tuanjie.core.context import acting_as
from tuanjie.places.models import CreationField, Place
from tuanjie.places.services import place_create

LONG_NAMES = [
    "团结县文化广电体育和旅游局", "团结县民族宗教事务局", "团结县教育体育局", "团结县卫生健康局", "团结县人力资源和社会保障局",
    "团结县住房和城乡建设局", "团结县农业农村局", "团结县乡村振兴局", "团结县市场监督管理局", "团结县自然资源局",
    "团结县交通运输局", "团结县水利局", "团结县商务局", "团结县统计局", "团结县审计局", "团结县应急管理局",
    "团结县医疗保障局", "团结县退役军人事务局", "团结县林业和草原局", "团结县生态环境分局", "团结县融媒体中心",
    "团结县第一中学", "团结县第二中学", "团结县人民医院", "团结县中医医院", "团结县妇幼保健院", "团结县图书馆",
    "团结县文化馆",
]


@dataclass
class HalfYear:
    tree: object
    office: object
    tourism: Place          # 团结县文化广电体育和旅游局
    round_id: int
    plan_id: int


def aware(d: date):
    return timezone.make_aware(datetime(d.year, d.month, d.day, 10, 0))


def enter_half_year(tree) -> HalfYear:
    from tuanjie.activities.services import activity_create
    from tuanjie.core.roles import Role
    from tuanjie.documents.services import result_create
    from tuanjie.funds.services import allocation_create, need_create
    from tuanjie.information.models import InformationItem
    from tuanjie.inspections.models import Finding
    from tuanjie.inspections.services import finding_record, rectification_create, round_create
    from tuanjie.plans.services import phase_add, plan_create, schedule_add, task_create

    office = tree.person(Role.OFFICE, tree.county, "half_year_office")
    school = CreationField.objects.get(name="学校")
    with acting_as(office, source="test"):
        units = [place_create(parent=tree.county, kind=Place.Kind.UNIT, name=name, code=f"H{i:02d}",
                              creation_field=school) for i, name in enumerate(LONG_NAMES)]
        tourism = units[0]
        plan = plan_create(by=office, place=tree.county, year=2026, title="团结县2026年民族团结进步创建工作实施方案",
                           guiding_ideology="以铸牢中华民族共同体意识为主线。", goals="创建省级示范县。",
                           safeguards="加强组织领导，落实经费保障。")
        phase_add(by=office, plan=plan, name="宣传动员", start=date(2026, 3, 1), end=date(2026, 4, 30))
        phase_add(by=office, plan=plan, name="检查验收", start=date(2026, 7, 1), end=date(2026, 8, 31),
                  description="迎接省级考核验收")
        task = task_create(by=office, plan=plan, title="开展民族团结进步宣传月活动", lead_unit=tourism,
                           deadline=date(2026, 12, 31), target_quantity=10, target_unit="场")
        task_create(by=office, plan=plan, title="建设民族团结进步宣传一条街", lead_unit=tree.u2,
                    deadline=date(2026, 5, 31))
        schedule_add(by=office, plan=plan, title="全市互观互检活动", start=date(2026, 7, 15), organiser=tourism,
                     location="和睦市")

        for day in (date(2026, 3, 2), date(2026, 4, 9), date(2026, 6, 1)):
            activity_create(by=office, place=tree.u1, start_date=day, title="民族团结宣讲进校园", kind="lecture",
                            participants=60)
        activity_create(by=office, place=tree.u1, start_date=date(2026, 4, 20), title="民族团结宣讲进课堂",
                        kind="lecture", participants=60)
        activity_create(by=office, place=tree.u2, start_date=date(2026, 5, 20), title="民族团结知识竞赛",
                        kind="contest", participants=40)
        for day, output in ((date(2026, 5, 10), "宣传折页1963份"), (date(2026, 6, 12), "宣传折页37份")):
            activity_create(by=office, place=tourism, start_date=day, title="民族团结进步宣传月集中宣传",
                            kind="other", participants=50, output_text=output, plan_task=task)
        activity_create(by=office, place=tree.u1, start_date=date(2026, 7, 8), title="暑期宣讲", kind="lecture",
                        participants=30)

        for i, (place, status) in enumerate([(tree.u1, "published"), (tree.u1, "accepted"), (tree.u2, "published")]):
            InformationItem.objects.create(
                place=place, title=f"信息{i}", body="<p>正文</p>", status=status, submitted_at=aware(date(2026, 4, 1)),
                accepted_at=aware(date(2026, 4, 2)),
                published_at=aware(date(2026, 4, 3)) if status == "published" else None)

        allocation_create(by=office, place=tree.county, year=2026, source="provincial", amount=Decimal("400000"))
        allocation_create(by=office, place=tree.county, year=2026, source="city", amount=Decimal("50000"))
        allocation_create(by=office, place=tree.u1, year=2026, source="self", amount=Decimal("30000"))
        need_create(by=office, place=tree.county, year=2026, amount=Decimal("900000"), purpose="示范点打造")

        result_create(by=office, place=tree.county, name="贫困村出列", value=Decimal("7"), unit="个",
                      achieved_on=date(2026, 5, 20), note="经省级验收")
        result_create(by=office, place=tree.county, name="命名示范村", value=Decimal("3"), unit="个",
                      achieved_on=date(2026, 7, 10))

        first = round_create(by=office, place=tree.county, title="第一轮专项督查", kind="special",
                             start_date=date(2026, 4, 12), end_date=date(2026, 4, 20), units=[tree.u1, tree.u2])
        round_create(by=office, place=tree.county, title="第二轮专项督查", kind="special",
                     start_date=date(2026, 4, 15), end_date=date(2026, 4, 25), units=[tourism])
        round_create(by=office, place=tree.county, title="六月跟踪督查", kind="follow_up",
                     start_date=date(2026, 6, 3), end_date=date(2026, 6, 5), units=[tree.u1])
        finding_record(by=office, round_=first, unit=tree.u1, kind=Finding.Kind.HIGHLIGHT, text="宣讲有特色")
        problem = finding_record(by=office, round_=first, unit=tree.u2, kind=Finding.Kind.PROBLEM, text="资料不全")
        rectification_create(by=office, finding=problem, requirement="补齐创建工作台账资料",
                             deadline=date(2026, 5, 30))
    return HalfYear(tree=tree, office=office, tourism=tourism, round_id=first.pk, plan_id=plan.pk)
