"""The demo county's 2026 implementation plan: sections, phases, key tasks with progress (some overdue), the
key-activity schedule, and township plans derived from it. Texts are written for the fictional 团结县."""

from datetime import date, timedelta

from tuanjie.plans import services
from tuanjie.plans.models import PlanTask

YEAR = 2026

SECTIONS = {
    "guiding_ideology": (
        "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的民族理论和民族政策，以铸牢中华民族共同体意识为主线，"
        "围绕“中华民族一家亲，同心共筑中国梦”总目标，深入开展民族团结进步创建工作，推动各民族交往交流交融，"
        "为建设团结、和谐、富裕、美丽的新团结县凝聚力量。"),
    "principles": (
        "坚持党的领导，把党的领导贯穿创建工作全过程；坚持以铸牢中华民族共同体意识为根本方向；坚持以人民为中心，"
        "把改善民生、凝聚人心作为出发点和落脚点；坚持因地制宜、分类指导，突出各领域特色；坚持常态长效，"
        "把创建工作融入经济社会发展各方面。"),
    "goals": (
        "推进创建工作“十五进”全覆盖、无盲区；全年培育县级民族团结进步示范单位30个，推荐市级示范单位8个、"
        "省级示范单位3个；各创建单位规定动作完成率达到95%以上；争创省级民族团结进步示范县。"),
    "task_overview": (
        "围绕宣传教育、交往交流交融、示范创建、民生保障、依法治理五个方面分解重点任务，逐项明确牵头单位、"
        "配合单位、完成时限和量化目标。牵头单位对任务负总责，每月底前在平台报送进展；配合单位按职责协同推进。"),
    "safeguards": (
        "（一）加强组织领导。县创建工作领导小组每季度召开一次点评会，各级党委（党组）每年听取创建工作汇报不少于2次。\n"
        "（二）强化教育培训。各级党组织每年开展民族理论和政策培训不少于2次。\n"
        "（三）落实经费保障。创建经费纳入县财政年度预算，各单位统筹安排自筹经费。\n"
        "（四）严格督促检查。县委统战部牵头开展专项督查、跟踪督查和互观互检互评，督查结果纳入年度绩效考核。\n"
        "（五）注重宣传引导。各单位每月报送创建信息不少于2条，县融媒体中心开设专栏集中宣传先进典型。"),
}

PHASES = [
    ("宣传动员", date(YEAR, 1, 10), date(YEAR, 3, 31), "召开全县动员大会，印发实施方案，各单位制定细化方案并广泛宣传发动。"),
    ("组织实施", date(YEAR, 4, 1), date(YEAR, 10, 31), "各单位按任务分工全面推进，县创建办开展跟踪督查。"),
    ("检查验收", date(YEAR, 11, 1), date(YEAR, 12, 20), "对照测评指标体系开展考核验收，形成书面验收报告。"),
    ("总结表彰", date(YEAR + 1, 1, 5), date(YEAR + 1, 3, 31), "总结全年工作，评选表彰先进集体和个人，整理归档。"),
]

# title, lead, partners, deadline (month, day), target, unit, phase index, progress profile
TASKS = [
    ("召开全县民族团结进步创建工作动员大会", "中共团结县委统战部", ["团结县民族宗教事务局", "团结县融媒体中心"],
     (3, 15), 1, "次", 0, "done"),
    ("印发年度实施方案并分解任务清单", "中共团结县委统战部", ["团结县民族宗教事务局"], (3, 31), 1, "份", 0, "done"),
    ("开展“石榴籽”民族团结进步宣讲进机关、进学校、进社区", "中共团结县委统战部",
     ["团结县教育局", "团结县文化旅游广电局", "团结县直机关工委"], (10, 31), 60, "场", 1, "steady"),
    ("中小学开展民族团结主题班会", "团结县教育局", ["团结县第一中学", "团结县民族中学", "团结县第二小学"],
     (6, 30), 120, "节", 1, "done"),
    ("举办民族理论和政策专题培训班", "团结县民族宗教事务局", ["中共团结县委统战部"], (9, 30), 4, "期", 1, "late"),
    ("开设民族团结进步网络宣传专栏并持续更新", "团结县融媒体中心", ["团结县文化旅游广电局"], (12, 31), 100, "条",
     1, "steady"),
    ("组织各族群众参观民族团结进步教育基地", "团结县文化旅游广电局", ["石榴籽民族团结教育基地", "红军会师旧址纪念馆"],
     (10, 31), 40, "批次", 1, "late"),
    ("开展“民族团结一家亲”结对帮扶走访活动", "中共团结县委统战部", ["团结县直机关工委", "团结县人力资源和社会保障局"],
     (12, 31), 1200, "户次", 1, "steady"),
    ("举办民族团结进步主题文艺演出", "团结县文化旅游广电局", ["团结县融媒体中心"], (9, 30), 10, "场", 1, "done"),
    ("开展民族团结进步法律服务进社区", "团结县司法局", ["和睦律师事务所"], (8, 31), 20, "场", 1, "stalled"),
    ("打造民族团结进步示范街区", "团结县市场监督管理局", ["民族团结进步示范街", "石榴籽美食街"], (9, 30), 2, "条",
     1, "late"),
    ("开展就业技能培训促进各族群众增收", "团结县人力资源和社会保障局", ["团结县工业园区"], (11, 30), 500, "人次",
     1, "steady"),
    ("医疗卫生服务进安置点", "团结县卫生健康局", ["团结县人民医院", "同心新村易地扶贫搬迁安置点"], (7, 31), 12, "次",
     1, "stalled"),
    ("组织民族团结进步创建专项督查", "中共团结县委统战部", ["中共团结县委政法委员会", "团结县民族宗教事务局"],
     (12, 15), 4, "轮", 2, "steady"),
    ("评选表彰民族团结进步模范集体和个人", "中共团结县委统战部", ["团结县民族宗教事务局"], (date(YEAR + 1, 3, 31)),
     30, "个", 3, "none"),
]

SCHEDULE = [
    ("全县民族团结进步创建工作动员大会", (3, 12), None, "中共团结县委统战部", 0),
    ("“石榴籽”宣讲团启动仪式", (4, 8), None, "中共团结县委统战部", 2),
    ("民族理论和政策专题培训班（第一期）", (4, 21), (4, 23), "团结县民族宗教事务局", 4),
    ("“民族团结一家亲”结对认亲集中活动", (5, 16), None, "中共团结县委统战部", 7),
    ("中小学民族团结主题班会观摩", (5, 27), None, "团结县教育局", 3),
    ("民族团结进步法律服务月", (6, 1), (6, 30), "团结县司法局", 9),
    ("民族团结进步主题文艺汇演", (7, 1), None, "团结县文化旅游广电局", 8),
    ("民族团结进步宣传月", (9, 1), (9, 30), "中共团结县委统战部", 2),
    ("全县运动会民族传统体育项目比赛", (9, 18), (9, 20), "团结县文化旅游广电局", None),
    ("第三轮专项督查", (10, 12), (10, 23), "中共团结县委统战部", 13),
    ("创建工作考核验收", (11, 9), (11, 27), "中共团结县委统战部", 13),
    ("年度工作总结会", (12, 18), None, "中共团结县委统战部", 14),
]

PROGRESS_TEXTS = {
    "start": "已制定工作方案，明确专人负责，正在组织实施。",
    "mid": "按计划推进，已完成阶段性目标，相关照片和台账已整理。",
    "late": "受人员调整影响进度滞后，正在加紧推进。",
    "done": "任务已全面完成，佐证材料已归档。",
}


def _date(spec) -> date:
    return spec if isinstance(spec, date) else date(YEAR, *spec)


def _report(task, day, status, percent, key):
    services.task_progress_report(by=None, task=task, status=status, percent=percent, text=PROGRESS_TEXTS[key],
                                  reported_on=day)


def _progress(task: PlanTask, profile: str, rng) -> None:
    deadline = task.deadline
    if profile == "none":
        return
    if profile == "done":
        _report(task, deadline - timedelta(days=40), PlanTask.Status.IN_PROGRESS, 50, "mid")
        _report(task, deadline - timedelta(days=rng.randint(0, 10)), PlanTask.Status.DONE, 100, "done")
    elif profile == "steady":
        _report(task, date(YEAR, 5, 31), PlanTask.Status.IN_PROGRESS, 30 + rng.randint(0, 10), "start")
        _report(task, date(YEAR, 9, 30), PlanTask.Status.IN_PROGRESS, 65 + rng.randint(0, 15), "mid")
    elif profile == "late":        # past its deadline and not finished: shown as overdue
        _report(task, date(YEAR, 6, 30), PlanTask.Status.IN_PROGRESS, 40, "start")
        _report(task, deadline - timedelta(days=5), PlanTask.Status.IN_PROGRESS, 60 + rng.randint(0, 20), "late")
    elif profile == "stalled":     # one early report, then nothing
        _report(task, date(YEAR, 4, 30), PlanTask.Status.IN_PROGRESS, 15, "start")


def build(world) -> None:
    rng = world.rng
    units = {u.name: u for u in world.units}
    plan = services.plan_create(
        by=None, place=world.county, year=YEAR, title=f"团结县{YEAR}年民族团结进步创建工作实施方案",
        doc_number=f"团创组发〔{YEAR}〕1号", issued_on=date(YEAR, 3, 5), status="issued", **SECTIONS)
    phases = [services.phase_add(by=None, plan=plan, name=n, start=s, end=e, description=d, order=i)
              for i, (n, s, e, d) in enumerate(PHASES, start=1)]
    tasks = []
    for number, (title, lead, partners, deadline, qty, unit_word, phase, profile) in enumerate(TASKS, start=1):
        task = services.task_create(
            by=None, plan=plan, number=number, title=title, lead_unit=units[lead],
            partner_units=[units[p] for p in partners], deadline=_date(deadline), target_quantity=qty,
            target_unit=unit_word, phase=phases[phase],
            description=f"由{lead}牵头，{'、'.join(partners)}配合，按时限完成并报送佐证材料。")
        _progress(task, profile, rng)
        tasks.append(task)
    for title, start, end, organiser, task_index in SCHEDULE:
        services.schedule_add(by=None, plan=plan, title=title, start=_date(start), end=_date(end) if end else None,
                              organiser=units[organiser], task=tasks[task_index] if task_index is not None else None,
                              location="团结县")
    # Township plans derived from the county's, for a few townships, with some progress of their own.
    for township in world.townships[:3]:
        derived = services.plan_derive(by=None, source=plan, place=township)
        derived.status, derived.issued_on = "issued", date(YEAR, 3, 20)
        derived.doc_number = f"{township.name[:2]}党发〔{YEAR}〕{rng.randint(5, 30)}号"
        derived.save()
        services.schedule_add(by=None, plan=derived, title=f"{township.name}民族团结进步宣传月活动",
                              start=date(YEAR, 9, 5), end=date(YEAR, 9, 25), organiser=township)
        for task in derived.tasks.all()[:6]:
            if rng.random() < 0.7:
                _report(task, date(YEAR, 6, 15), PlanTask.Status.IN_PROGRESS, rng.choice([20, 40, 60]), "start")
    _unit_plans(world)


def _unit_plans(world) -> None:
    """Units' own plans (issue 16), written by their liaisons: the school's three-year creation plan with its 2026
    annual plan under it (started from its area's plan), its 宣传月 and 十进 topic plans, and a few other units'
    annual plans."""
    tried = _demo_unit(world)   # left for the demo's unit login to write its own, as a new user would
    staffed = [u for u in world.units if u.pk in world.staff_by_unit and u.creation_field and u != tried]
    school = next((u for u in staffed if u.creation_field.name == "学校"), None)
    if school is None:
        return              # a world without units' liaisons (a test's small one): nobody to write them
    staff = world.staff_by_unit[school.pk]
    programme = services.plan_create(
        by=staff, place=school, year=YEAR, end_year=YEAR + 2, kind="multiyear",
        title=f"{school.name}民族团结进步创建三年规划（{YEAR}—{YEAR + 2}年）",
        goals=f"三年内建成县级、争创市级民族团结进步示范学校；{YEAR + 2}年前民族团结教育课程覆盖全部年级。")
    services.plan_create(by=staff, place=school, year=YEAR, programme=programme,
                         title=f"{school.name}{YEAR}年民族团结进步创建工作方案")
    services.plan_create(by=staff, place=school, year=YEAR, kind="topic", programme=programme,
                         title=f"{school.name}{YEAR}年民族团结进步宣传月活动方案",
                         goals="九月开展主题班会、手拉手结对和民族团结故事会，覆盖全体师生。")
    services.plan_create(by=staff, place=school, year=YEAR, kind="topic",
                         title=f"{school.name}民族团结进步创建“进学校”活动方案")
    others = [u for u in staffed if u != school and u.creation_field.name in {"机关", "企业", "医院"}][:4]
    for unit in others:
        services.plan_create(by=world.staff_by_unit[unit.pk], place=unit, year=YEAR,
                             title=f"{unit.name}{YEAR}年民族团结进步创建工作方案")


def _demo_unit(world):
    person = world.people.get("danwei")
    return person.home_place if person is not None else None
