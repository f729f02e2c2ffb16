"""The demo county's 2026 indicator systems for 机关 and 学校 (about twenty indicators each, several bound to the
ledger) and the year-end assessment of ten agencies: self-assessments, two reviewers' scores, results and ranking.
Areas as subjects (issue 16): the province's 示范县 system from the default template, adopted by the city; the
city's assessment of its two counties (团结县 self-assessed and submitted, 友谊县 still at work); the county's
assessment of its townships against the 乡镇/街道 template; title levels for areas measured by those systems."""

from decimal import ROUND_HALF_UP, Decimal

from tuanjie.assessments import services
from tuanjie.assessments.models import Campaign, Entry, Line
from tuanjie.assessments.services import IndicatorSpec
from tuanjie.core.roles import Role
from tuanjie.people.selectors import people_with_role
from tuanjie.places.models import CreationField

D = Decimal

COMMON = [
    # (一级, 二级, 三级/测评内容, 分值, 评分标准, 佐证材料, 台账规则, 最低数量, 每条得分)
    ("组织领导", "领导机构", "成立创建工作领导小组，明确办公室和专人负责", 4, "未成立不得分；无专人负责扣2分",
     "成立文件、人员名单", "", None, None),
    ("组织领导", "领导机构", "党组（党委）听取创建工作汇报不少于2次", 6, "每少1次扣3分", "会议纪要",
     "activity.report_hearing", 2, 3),
    ("组织领导", "工作部署", "制定年度创建工作实施方案，任务分解到部门、到人", 5, "无方案不得分；未分解扣2分",
     "实施方案", "", None, None),
    ("组织领导", "工作部署", "签订创建目标责任书", 3, "未签订不得分", "目标责任书", "", None, None),
    ("组织领导", "经费保障", "创建工作经费纳入预算并足额保障", 4, "未纳入预算扣2分", "预算文件、支出凭证", "", None, None),
    ("宣传教育", "政策培训", "组织民族理论政策专题培训不少于2次", 8, "每少1次扣4分", "培训通知、签到表、照片",
     "activity.training", 2, 4),
    ("宣传教育", "宣讲活动", "开展铸牢中华民族共同体意识主题宣讲", 6, "未开展不得分", "宣讲记录、照片",
     "activity.lecture", 2, 3),
    ("宣传教育", "宣传阵地", "设置创建宣传栏、文化墙等宣传阵地", 5, "无阵地不得分；内容陈旧扣2分", "现场查看", "", None, None),
    ("宣传教育", "信息报送", "全年被采用创建信息不少于24条", 8, "每少1条扣0.25分，扣完为止", "信息台账",
     "information.accepted", 24, D("0.25")),
    ("宣传教育", "参观学习", "组织干部职工到民族团结教育基地参观学习不少于1次", 4, "未开展不得分", "活动照片",
     "activity.study_visit", 1, None),
    ("交往交流交融", "结对认亲", "干部职工与各族群众结对认亲，每月入户走访", 8, "未结对不得分；走访不经常扣3分",
     "结对台账、走访记录", "", None, None),
    ("交往交流交融", "志愿服务", "组织开展志愿服务、帮扶慰问活动", 5, "未开展不得分", "活动记录、照片", "", None, None),
    ("交往交流交融", "联谊活动", "利用传统节日开展各族群众联谊活动", 4, "未开展不得分", "活动照片", "", None, None),
    ("创建成效", "特色亮点", "形成可复制可推广的特色做法", 5, "有特色做法并被推广的得满分", "经验材料", "", None, None),
    ("创建成效", "示范带动", "创建示范点建设成效明显", 6, "按建设进度和成效评分", "现场查看", "", None, None),
    ("创建成效", "群众满意", "各族群众对创建工作满意度", 4, "按问卷满意率评分", "满意度调查", "", None, None),
    ("档案管理", "台账资料", "创建台账资料齐全、分类归档规范", 6, "缺一类扣1分", "档案盒", "", None, None),
    ("档案管理", "总结报送", "按时报送半年、年度工作总结", 4, "每迟报1次扣1分", "总结材料", "", None, None),
    ("督查整改", "问题整改", "督查发现的问题按期整改到位", 5, "每有1项未按期整改扣1分", "整改报告", "", None, None),
]
SCHOOL_EXTRA = [
    ("宣传教育", "课堂教学", "开设民族团结教育课程，开展主题班会不少于4次", 4, "每少1次扣1分", "课表、班会记录",
     "activity.class_meeting", 4, 1),
]
VETO = ("一票否决", "发生影响民族团结的重大事件或造成恶劣影响的", "", 0, "发生即不合格", "", "", None, None)


def _specs(rows) -> list[IndicatorSpec]:
    specs = []
    for l1, l2, l3, points, guidance, evidence, key, min_count, per_record in rows:
        names = tuple(n for n in (l1, l2, l3) if n)
        specs.append(IndicatorSpec(names=names, points=D(str(points)), guidance=guidance, evidence_required=evidence,
                                   is_veto=points == 0 and l1 == "一票否决", countable_key=key, min_count=min_count,
                                   points_per_record=D(str(per_record)) if per_record is not None else None))
    return specs


def _half(value: Decimal) -> Decimal:
    return (value * 2).quantize(D("1"), rounding=ROUND_HALF_UP) / 2


def build(world) -> None:
    rng = world.rng
    office = world.people["xianban"]
    fields = {f.name: f for f in CreationField.objects.filter(name__in=["机关", "学校"])}
    agency_system = services.indicator_system_create(
        by=office, place=world.county, year=2026, category=fields["机关"], name="2026年机关民族团结进步创建测评指标",
        note="依据县创建工作领导小组2026年实施方案制定，满分100分。", specs=_specs(COMMON + [VETO]))
    school_rows = [r for r in COMMON if r[1] != "结对认亲"] + SCHOOL_EXTRA + [
        ("交往交流交融", "手拉手", "各族学生手拉手结对、互助学习", 4, "未开展不得分", "结对名单、活动记录", "", None, None),
        VETO]
    services.indicator_system_create(
        by=office, place=world.county, year=2026, category=fields["学校"], name="2026年学校民族团结进步创建测评指标",
        note="适用于中小学、幼儿园和职业学校。", specs=_specs(school_rows))

    agencies = [u for u in world.units if u.creation_field_id == fields["机关"].pk]
    county_level = [u for u in agencies if u.depth == world.county.depth + 1]
    governments = [u for u in agencies if u.name.endswith("人民政府")]
    chosen = county_level[:6] + governments[:4]
    agencies = chosen + [u for u in agencies if u not in chosen][:10 - len(chosen)]
    reviewers = [world.people["ducha"]] + [p for p in people_with_role(Role.INSPECTOR, world.county, upward=False)
                                           if p != world.people["ducha"]][:1]
    campaign = services.campaign_create(
        by=office, place=world.county, name="2026年度机关民族团结进步创建考核验收", year=2026, system=agency_system,
        subjects=agencies, reviewers=reviewers, rule=Campaign.Rule.MEAN)

    strengths = [D(x) for x in ("0.99", "0.95", "0.91", "0.87", "0.83", "0.79", "0.75", "0.70", "0.62", "0.45")]
    rng.shuffle(strengths)                                 # how well each unit really did
    for entry, strength in zip(Entry.objects.filter(campaign=campaign).select_related("subject").order_by("subject__path"),
                               strengths, strict=False):
        staff = world.staff_by_unit[entry.subject_id]
        lines = list(Line.objects.filter(entry=entry).select_related("indicator"))
        own = {}
        for line in lines:
            points = line.indicator.points
            if line.proposed_score is not None:
                own[line.pk] = services.SelfScore(line.proposed_score, "详见台账")
            else:                                             # units rate themselves kindly
                own[line.pk] = services.SelfScore(min(points, _half(points * min(D("1"), strength + D("0.08")))),
                                                  "详见佐证材料")
        services.entry_self_assess(by=staff, entry=entry, scores=own)
        services.entry_submit(by=staff, entry=entry, summary=f"{entry.subject.name}2026年度创建工作自评报告：全年认真落实"
                                                              "县委部署，各项规定动作基本完成。")
        for reviewer in reviewers:
            scores = {}
            for line in lines:
                points = line.indicator.points
                if line.indicator.is_veto:
                    scores[line.pk] = services.Review(0)
                elif line.proposed_score is not None:
                    if rng.random() < 0.08 and line.proposed_score >= 1:
                        scores[line.pk] = services.Review(line.proposed_score - 1, reason="部分培训无签到表，酌情扣分")
                    # otherwise the ledger's proposal stands
                else:
                    jitter = D(str(rng.uniform(-0.08, 0.06)))
                    scores[line.pk] = services.Review(min(points, max(D("0"), _half(points * (strength + jitter)))))
            services.entry_review(by=reviewer, entry=entry, scores=scores)
    services.campaign_finish(by=office, campaign=campaign)
    if {"shengban", "shiban", "youyi"} <= set(world.people):     # a test's small world builds the units' part only
        build_areas(world)


def _self_assess(entry, staff, strength: Decimal, submit: bool) -> None:
    """Ledger lines as the ledger proposes; the others as the office rates itself; veto items passed."""
    own = {}
    for line in Line.objects.filter(entry=entry).select_related("indicator"):
        points = line.indicator.points
        if line.proposed_score is not None:
            own[line.pk] = services.SelfScore(line.proposed_score, "详见台账")
        else:
            own[line.pk] = services.SelfScore(min(points, _half(points * strength)), "详见佐证材料")
    services.entry_self_assess(by=staff, entry=entry, scores=own)
    if submit:
        services.entry_submit(by=staff, entry=entry, summary=f"{entry.subject.name}2026年度创建工作自评报告。")


# The title levels whose name says they are for areas, and the template that measures them. The county's 县级示范村
# asks no self-assessment score in the demo (its call has a village declare on time without one); the province's
# village system is there for the offices to adopt.
AREA_TITLES = (("示范县", "county"), ("示范乡镇", "township"), ("示范州", "prefecture"))


def build_areas(world) -> None:
    from tuanjie.titles.models import TitleLevel

    province_office, city_office = world.people["shengban"], world.people["shiban"]
    county_office, neighbour_office = world.people["xianban"], world.people["youyi"]
    systems = {key: services.indicator_system_from_template(by=province_office, place=world.province, year=2026,
                                                            template=key, name=f"同心省{label}")
               for key, label in (("county", "示范县测评指标（2026年版）"), ("village", "示范村（社区）测评指标（2026年版）"))}
    services.indicator_system_adopt(by=city_office, system=systems["county"], place=world.city,
                                    note="全市各县（市、区）创建示范县均按此版本测评")
    counties = services.campaign_create(
        by=city_office, place=world.city, name="2026年度示范县创建测评", year=2026, system=systems["county"],
        subjects=[world.county, world.neighbour])
    for entry in counties.entries.select_related("subject"):
        if entry.subject == world.county:
            _self_assess(entry, county_office, D("0.97"), submit=True)
        else:
            _self_assess(entry, neighbour_office, D("0.8"), submit=False)

    township_system = services.indicator_system_from_template(
        by=county_office, place=world.county, year=2026, template="township", name="团结县示范乡镇（街道）测评指标")
    townships = services.campaign_create(
        by=county_office, place=world.county, name="2026年度乡镇创建工作测评", year=2026, system=township_system,
        subjects=world.townships, reviewers=[world.people["ducha"]])
    offices = {t.pk: people_with_role(Role.OFFICE, t, upward=False)[0] for t in world.townships}
    strengths = [D(x) for x in ("0.98", "0.93", "0.9", "0.88", "0.85", "0.82", "0.8", "0.76", "0.7", "0.66")]
    for index, entry in enumerate(townships.entries.select_related("subject").order_by("subject__path")):
        _self_assess(entry, offices[entry.subject_id], strengths[index % len(strengths)], submit=index < 8)

    for needle, key in AREA_TITLES:
        system = systems.get(key) or (township_system if key == "township" else None)
        if system is not None:
            for level in TitleLevel.objects.filter(title_name__contains=needle, indicator_system__isnull=True):
                level.indicator_system = system
                level.save()
