"""Default indicator-system templates, after the public structure of the national measurement systems for
demonstration areas and units (全国民族团结进步示范区（单位）测评指标): 100 points in six first-level indicators,
veto items worth 0 points (一票否决), and ledger-bound indicators that the platform scores from the records.
The same skeleton serves the four area categories and creation units; what differs is who is meant and how many
records the year needs (a prefecture holds more lectures than a village). An office starts from a template and edits
its copy; a province derives its own version from it and the offices below adopt that."""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

# The area categories: the level of the place tree an area system measures, and what the system is called.
AREA_CATEGORIES = {"市": "示范州/市", "县": "示范县", "乡": "乡镇/街道", "村": "村/社区"}


def area_category(level_name: str) -> str:
    return AREA_CATEGORIES.get(level_name, f"{level_name}级地区")


@dataclass(frozen=True)
class Template:
    key: str
    label: str
    level: str            # the PlaceLevel name of the areas it measures; "" for creation units
    who: str              # how the indicators name the subject
    minimums: dict        # countable key -> records a year for full points (absent: scored by self-assessment)


TEMPLATES = {t.key: t for t in [
    Template("prefecture", "示范州/市测评指标", "市", "州（市）", {
        "activity.report_hearing": 2, "activity.lecture": 12, "activity.training": 4, "information.accepted": 60,
        "activity.study_visit": 4, "activity.festival": 6, "activity.volunteer": 12, "activity.legal_service": 6,
        "title.named": 10}),
    Template("county", "示范县测评指标", "县", "县（市、区）", {
        "activity.report_hearing": 2, "activity.lecture": 8, "activity.training": 3, "information.accepted": 36,
        "activity.study_visit": 2, "activity.festival": 4, "activity.volunteer": 8, "activity.legal_service": 4,
        "title.named": 5}),
    Template("township", "示范乡镇（街道）测评指标", "乡", "乡镇（街道）", {
        "activity.report_hearing": 2, "activity.lecture": 4, "activity.training": 2, "information.accepted": 12,
        "activity.study_visit": 1, "activity.festival": 2, "activity.volunteer": 4, "activity.legal_service": 2}),
    Template("village", "示范村（社区）测评指标", "村", "村（社区）", {
        "activity.lecture": 2, "activity.training": 1, "information.accepted": 4, "activity.festival": 2,
        "activity.volunteer": 2}),
    Template("unit", "示范单位测评指标", "", "本单位", {
        "activity.report_hearing": 2, "activity.lecture": 2, "activity.training": 2, "information.accepted": 12,
        "activity.study_visit": 1, "activity.festival": 1, "activity.volunteer": 2}),
]}

# (一级, 二级, 三级/测评内容 with {who}, 分值, 评分标准, 佐证材料, 台账规则). Points sum to 100 (checked in the tests
# against the committed table there, not against this one).
ROWS = [
    ("组织领导", "领导机构", "{who}成立民族团结进步创建工作领导小组，办公室有专人负责", 4,
     "未成立不得分；无专人负责扣2分", "成立文件、人员名单", ""),
    ("组织领导", "领导机构", "党委（党组）听取创建工作汇报，研究解决重大问题", 4,
     "每少1次按比例扣分", "会议纪要", "activity.report_hearing"),
    ("组织领导", "工作部署", "制定年度创建工作实施方案，任务分解到部门、到人", 4,
     "无方案不得分；未分解扣2分", "实施方案、任务分解表", ""),
    ("组织领导", "工作部署", "创建工作纳入目标责任考核", 4, "未纳入不得分", "目标责任书、考核办法", ""),
    ("组织领导", "经费保障", "创建工作经费列入预算并足额保障", 4, "未列入预算扣2分；未足额扣1分", "预算文件、支出凭证", ""),
    ("铸牢中华民族共同体意识", "宣传教育", "开展铸牢中华民族共同体意识主题宣讲", 6,
     "每少1次按比例扣分", "宣讲记录、照片", "activity.lecture"),
    ("铸牢中华民族共同体意识", "干部培训", "组织民族理论政策专题培训", 5,
     "每少1次按比例扣分", "培训通知、签到表", "activity.training"),
    ("铸牢中华民族共同体意识", "宣传阵地", "设置创建宣传栏、文化墙等宣传阵地，内容定期更新", 5,
     "无阵地不得分；内容陈旧扣2分", "现场查看、照片", ""),
    ("铸牢中华民族共同体意识", "信息报送", "创建工作信息被上级采用", 5, "每少1条按比例扣分", "信息台账",
     "information.accepted"),
    ("铸牢中华民族共同体意识", "教育基地", "组织到民族团结进步教育基地参观学习", 4, "每少1次按比例扣分", "活动照片",
     "activity.study_visit"),
    ("推动高质量发展", "经济发展", "{who}经济社会发展主要指标完成年度目标", 6, "按完成比例评分", "统计数据", ""),
    ("推动高质量发展", "民生保障", "就业、教育、医疗、住房等民生保障落实到各族群众", 6, "每有1项不到位扣2分",
     "工作台账", ""),
    ("推动高质量发展", "公共服务", "基本公共服务均等化水平持续提高", 4, "按评估结果评分", "评估报告", ""),
    ("推动高质量发展", "城乡建设", "人居环境和基础设施建设成效明显", 4, "按现场查看评分", "现场查看", ""),
    ("交往交流交融", "节庆联谊", "利用传统节日开展各族群众联谊活动", 5, "每少1次按比例扣分", "活动照片",
     "activity.festival"),
    ("交往交流交融", "志愿服务", "组织开展志愿服务、帮扶慰问活动", 5, "每少1次按比例扣分", "活动记录、照片",
     "activity.volunteer"),
    ("交往交流交融", "结对认亲", "干部职工与各族群众结对认亲、经常走访", 5, "未结对不得分；走访不经常扣2分",
     "结对台账、走访记录", ""),
    ("交往交流交融", "互嵌环境", "推动建设相互嵌入式的社会结构和社区环境", 5, "按建设成效评分", "工作方案、现场查看", ""),
    ("依法治理", "法治宣传", "开展法律服务和法治宣传进基层", 4, "每少1次按比例扣分", "活动记录",
     "activity.legal_service"),
    ("依法治理", "矛盾化解", "矛盾纠纷排查化解机制健全，问题及时解决", 6, "每有1起处置不当扣2分", "排查台账", ""),
    ("创建成效", "示范带动", "辖区命名民族团结进步创建示范单位", 5, "每少1个按比例扣分", "命名文件",
     "title.named"),
]
VETOES = [
    ("一票否决", "重大事件", "发生影响民族团结的重大事件或造成恶劣社会影响的", 0, "发生即不合格", "", ""),
    ("一票否决", "违反政策", "发生违反党的民族政策、伤害民族感情的言行并造成恶劣影响的", 0, "发生即不合格", "", ""),
]


def specs(key: str) -> list:
    """The template's indicators as specs for `indicator_system_create`. An indicator bound to a countable the
    template sets no minimum for (a village's titles, a unit's) is scored by self-assessment instead."""
    from tuanjie.assessments.services import IndicatorSpec

    template = TEMPLATES[key]
    found = []
    for l1, l2, l3, points, guidance, evidence, countable in ROWS + VETOES:
        minimum = template.minimums.get(countable) if countable else None
        name = l3.format(who=template.who)
        if countable == "title.named" and minimum is None:
            name, guidance = "形成可复制可推广的创建特色做法", "有特色做法并被推广的得满分"
        per_record = (Decimal(points) / minimum).quantize(Decimal("0.01"), rounding=ROUND_DOWN) if minimum else None
        if minimum:
            guidance = f"全年不少于{minimum}次（条/个）得满分；{guidance}"
        found.append(IndicatorSpec(
            names=(l1, l2, name), points=Decimal(points), guidance=guidance, evidence_required=evidence,
            is_veto=l1 == "一票否决", countable_key=countable if minimum else "", min_count=minimum,
            points_per_record=per_record))
    return found
