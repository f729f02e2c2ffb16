"""A year of believable activities for the demo county (2026-01-01 to today): ~3,000 records across every
creation field and kind, with seasonality (May is the publicity month), outputs, links to the county plan's tasks,
a few photos, and some units clearly behind.

Speed: the rows are written in bulk with their change-log entries (a per-row service call with full_clean would
take most of the demo's time budget); the analytics demo rebuilds the facts afterwards."""

import io
from datetime import date, timedelta

from django.utils import timezone

from tuanjie.activities.models import Activity
from tuanjie.activities.models import ActivityKind as K
from tuanjie.core.access import within
from tuanjie.core.bulk import insert_new
from tuanjie.core.changelog import log_bulk_created
from tuanjie.plans.models import PlanTask

YEAR = 2026

# Relative activity per month (May = 民族团结进步宣传月; September = 民族团结进步月 in many places; Spring Festival).
MONTH_WEIGHT = {1: 0.6, 2: 0.7, 3: 1.0, 4: 1.1, 5: 2.3, 6: 1.1, 7: 0.8, 8: 0.8, 9: 1.6, 10: 1.0, 11: 0.9, 12: 0.9}

# Kinds each creation field typically holds (weights).
FIELD_KINDS = {
    "机关": {K.LECTURE: 3, K.TRAINING: 3, K.SYMPOSIUM: 2, K.STUDY_VISIT: 1, K.VOLUNTEER: 2, K.ASSISTANCE: 2,
           K.EXCHANGE_VISIT: 1, K.SPORTS: 1},
    "学校": {K.CLASS_MEETING: 5, K.CONTEST: 2, K.LECTURE: 2, K.SPORTS: 2, K.PERFORMANCE: 1, K.STUDY_VISIT: 1,
           K.LANGUAGE_TEST: 1},
    "企业": {K.TRAINING: 3, K.VOLUNTEER: 2, K.ASSISTANCE: 2, K.FESTIVAL: 1, K.LECTURE: 1, K.SPORTS: 1},
    "乡镇街道": {K.LECTURE: 3, K.TRAINING: 2, K.PERFORMANCE: 2, K.FESTIVAL: 2, K.COMMENDATION: 1, K.LEGAL_SERVICE: 1,
             K.ASSISTANCE: 2},
    "村居社区": {K.FESTIVAL: 3, K.PERFORMANCE: 2, K.LECTURE: 2, K.ASSISTANCE: 2, K.LEGAL_SERVICE: 1,
             K.COMMENDATION: 2, K.LANGUAGE_TEST: 1, K.VOLUNTEER: 1},
    "宗教活动场所": {K.LECTURE: 3, K.LEGAL_SERVICE: 2, K.VOLUNTEER: 2, K.FESTIVAL: 1, K.SYMPOSIUM: 1},
    "军（警）营": {K.VOLUNTEER: 3, K.EXCHANGE_VISIT: 2, K.LECTURE: 2, K.SPORTS: 1, K.LEGAL_SERVICE: 1},
    "景区": {K.LECTURE: 2, K.PERFORMANCE: 3, K.FESTIVAL: 2, K.TRAINING: 1},
    "园区": {K.TRAINING: 3, K.LECTURE: 1, K.VOLUNTEER: 1, K.SPORTS: 1},
    "红色圣地": {K.STUDY_VISIT: 4, K.LECTURE: 3, K.PERFORMANCE: 1},
    "易地扶贫搬迁安置点": {K.ASSISTANCE: 3, K.FESTIVAL: 2, K.TRAINING: 2, K.LEGAL_SERVICE: 1, K.LANGUAGE_TEST: 1},
    "示范户/家庭": {K.FESTIVAL: 3, K.ASSISTANCE: 2, K.OTHER: 1},
    "示范商铺": {K.VOLUNTEER: 2, K.FESTIVAL: 2, K.OTHER: 1},
    "示范街": {K.FESTIVAL: 3, K.PERFORMANCE: 2, K.VOLUNTEER: 1},
    "两新组织": {K.VOLUNTEER: 3, K.LEGAL_SERVICE: 2, K.TRAINING: 1, K.SYMPOSIUM: 1},
    "医院": {K.VOLUNTEER: 3, K.LECTURE: 2, K.TRAINING: 1, K.ASSISTANCE: 1},
}
DEFAULT_KINDS = {K.LECTURE: 2, K.VOLUNTEER: 1, K.OTHER: 1}

TITLES = {
    K.LECTURE: ["{unit}开展{theme}主题宣讲", "{unit}举办“石榴籽”宣讲进{short}活动", "{unit}开展党的民族政策宣讲",
                "{unit}邀请县委宣讲团开展铸牢中华民族共同体意识宣讲"],
    K.TRAINING: ["{unit}举办民族理论政策专题培训", "{unit}组织干部职工学习民族团结进步创建知识",
                 "{unit}开展民族工作业务培训", "{unit}举办各族群众就业技能培训班"],
    K.CLASS_MEETING: ["{unit}开展“民族团结一家亲”主题班会", "{unit}各班级开展铸牢中华民族共同体意识主题班会",
                      "{unit}开展“我和我的祖国”主题班会"],
    K.CONTEST: ["{unit}举办民族团结进步知识竞赛", "{unit}开展民族政策法规知识答题活动", "{unit}举办民族团结主题演讲比赛"],
    K.PERFORMANCE: ["{unit}举办“各族人民心连心”文艺演出", "{unit}开展民族团结进步主题文艺汇演",
                    "{unit}组织文艺小分队送文化下乡"],
    K.SPORTS: ["{unit}举办各族群众趣味运动会", "{unit}开展民族传统体育项目比赛", "{unit}举办民族团结杯篮球赛"],
    K.FESTIVAL: ["{unit}开展{festival}各族群众联谊活动", "{unit}举办“我们的节日·{festival}”主题活动",
                 "{unit}组织各族群众共度{festival}"],
    K.VOLUNTEER: ["{unit}开展民族团结志愿服务活动", "{unit}志愿者走进社区开展便民服务", "{unit}开展“学雷锋”志愿服务"],
    K.STUDY_VISIT: ["{unit}组织干部职工参观石榴籽民族团结教育基地", "{unit}组织参观红军会师旧址纪念馆",
                    "{unit}组织赴民族团结进步教育基地参观学习"],
    K.LEGAL_SERVICE: ["{unit}开展法律服务进{short}活动", "{unit}开展民族宗教政策法规宣传咨询", "{unit}举办普法宣传集市"],
    K.ASSISTANCE: ["{unit}开展“民族团结一家亲”帮扶慰问", "{unit}走访慰问困难群众", "{unit}开展结对帮扶送温暖活动"],
    K.SYMPOSIUM: ["{unit}召开民族团结进步创建工作座谈会", "{unit}召开各族群众代表座谈会", "{unit}召开创建工作推进会"],
    K.REPORT_HEARING: ["{unit}党委（党组）听取民族团结进步创建工作汇报", "{unit}党组会议专题研究创建工作"],
    K.LANGUAGE_TEST: ["{unit}组织国家通用语言学习测试", "{unit}开展双语学习成果测试"],
    K.EXCHANGE_VISIT: ["{unit}与结对单位开展互访交流", "{unit}开展军民共建互访联谊活动"],
    K.COMMENDATION: ["{unit}表彰民族团结进步先进个人", "{unit}评选“民族团结好家庭”", "{unit}召开月度评比表彰会"],
    K.OTHER: ["{unit}开展民族团结进步创建宣传", "{unit}更新民族团结宣传栏"],
}
THEMES = {5: "民族团结进步宣传月", 9: "民族团结进步月"}
FESTIVALS = {1: "元旦", 2: "春节", 3: "元宵节", 4: "清明节", 5: "端午节", 6: "端午节", 7: "建党节", 8: "七夕",
             9: "中秋节", 10: "国庆节", 11: "重阳节", 12: "冬至"}
PARTICIPANTS = {K.LECTURE: (30, 400), K.TRAINING: (20, 150), K.CLASS_MEETING: (30, 60), K.CONTEST: (40, 300),
                K.PERFORMANCE: (200, 1500), K.SPORTS: (60, 500), K.FESTIVAL: (50, 800), K.VOLUNTEER: (10, 80),
                K.STUDY_VISIT: (15, 60), K.LEGAL_SERVICE: (30, 300), K.ASSISTANCE: (5, 40), K.SYMPOSIUM: (10, 40),
                K.REPORT_HEARING: (7, 20), K.LANGUAGE_TEST: (20, 120), K.EXCHANGE_VISIT: (10, 50),
                K.COMMENDATION: (30, 200), K.OTHER: (10, 100)}
OUTPUTS = {
    K.LECTURE: [("宣传手册{n}册", 200, 1000), ("宣传折页{n}份", 300, 2000)],
    K.FESTIVAL: [("宣传展板{n}块", 6, 30)],
    K.OTHER: [("灯杆宣传牌{n}个", 50, 200), ("宣传标语{n}条", 10, 60), ("文化墙{n}面", 1, 6)],
    K.LEGAL_SERVICE: [("发放法律宣传资料{n}份", 100, 800), ("解答法律咨询{n}人次", 10, 80)],
    K.VOLUNTEER: [("服务群众{n}人次", 20, 300)],
    K.ASSISTANCE: [("慰问困难群众{n}户", 5, 40), ("办实事好事{n}件", 2, 20)],
    K.PERFORMANCE: [("演出节目{n}个", 8, 20)],
    K.TRAINING: [("培训{n}人次", 20, 200)],
}
TASK_KINDS = {"宣讲": K.LECTURE, "主题班会": K.CLASS_MEETING, "培训": K.TRAINING, "参观": K.STUDY_VISIT,
              "文艺演出": K.PERFORMANCE, "法律服务": K.LEGAL_SERVICE, "走访": K.ASSISTANCE, "表彰": K.COMMENDATION}


def _short(place) -> str:
    name = place.creation_field.name if place.creation_field_id else "社区"
    return {"学校": "校园", "机关": "机关", "村居社区": "村组", "宗教活动场所": "宗教活动场所", "企业": "企业"}.get(name, "社区")


def _title(rng, kind, place, day) -> str:
    template = rng.choice(TITLES[kind])
    theme = THEMES.get(day.month, "铸牢中华民族共同体意识")
    return template.format(unit=place.name, theme=theme, short=_short(place), festival=FESTIVALS[day.month])[:200]


def _days(rng, count: int, today: date) -> list[date]:
    """`count` dates in 2026 up to today, spread by the monthly weights."""
    months = [m for m in range(1, 13) if date(YEAR, m, 1) <= today]
    weights = [MONTH_WEIGHT[m] * (min(today, _month_end(m)) - date(YEAR, m, 1)).days for m in months]
    chosen = rng.choices(months, weights=weights, k=count)
    days = []
    for month in chosen:
        last = min(today, _month_end(month))
        days.append(date(YEAR, month, rng.randint(1, last.day)))
    return days


def _month_end(month: int) -> date:
    return (date(YEAR, month % 12 + 1, 1) if month < 12 else date(YEAR + 1, 1, 1)) - timedelta(days=1)


def _tasks_by_unit():
    """{(unit id, kind): [task]} for the county plan's tasks, matched to a kind by a word of their title."""
    found: dict = {}
    for task in PlanTask.objects.filter(plan__year=YEAR).prefetch_related("partner_units"):
        kinds = [kind for word, kind in TASK_KINDS.items() if word in task.title]
        units = [task.lead_unit_id] + [p.pk for p in task.partner_units.all()]
        for kind in kinds:
            for unit_id in units:
                found.setdefault((unit_id, kind), []).append(task)
    return found


def build(world) -> None:
    rng = world.rng
    today = min(timezone.localdate(), date(YEAR, 12, 31))
    if today < date(YEAR, 1, 1):
        today = date(YEAR, 11, 23)
    school = next((u for u in world.units if u.name == "团结县第一中学"), None)
    # Units clearly behind: a handful across fields, never the demo login's school.
    candidates = [u for u in world.units if u is not school]
    laggards = {u.pk for u in rng.sample(candidates, 9)}
    tasks = _tasks_by_unit()

    holders = [(u, 22 if u.depth <= world.county.depth + 1 else 16) for u in world.units]
    holders += [(t, 20) for t in world.townships] + [(v, 6) for v in world.villages]
    rows: list[Activity] = []
    for place, yearly in holders:
        field_name = place.creation_field.name if place.creation_field_id else ""
        kinds = FIELD_KINDS.get(field_name, DEFAULT_KINDS)
        if place.pk in laggards:
            count = rng.randint(0, 2)
        else:
            count = max(1, round(yearly * rng.uniform(0.7, 1.3)))
        planned = []
        if place.pk not in laggards and field_name in {"机关", "乡镇街道"}:
            # Quotas of seed 003: the party committee hears a report twice a year; two policy trainings a year.
            planned += [(K.REPORT_HEARING, date(YEAR, 3, rng.randint(10, 28))),
                        (K.REPORT_HEARING, date(YEAR, 9, rng.randint(5, 25))),
                        (K.TRAINING, date(YEAR, 4, rng.randint(1, 28))),
                        (K.TRAINING, date(YEAR, 10, rng.randint(8, 28)))]
            if rng.random() < 0.8:
                planned.append((K.STUDY_VISIT, date(YEAR, rng.choice([5, 6, 7]), rng.randint(1, 28))))
        planned = [(k, d) for k, d in planned if d <= today]
        for day in _days(rng, max(0, count - len(planned)), today):
            kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
            if day.month in (5, 9) and rng.random() < 0.35:
                kind = K.LECTURE
            planned.append((kind, day))
        for kind, day in planned:
            rows.append(_activity(rng, place, kind, day, tasks))
    insert_new(rows)
    log_bulk_created(rows)
    _photos(world, rng)


def _activity(rng, place, kind, day, tasks) -> Activity:
    low, high = PARTICIPANTS[kind]
    output_text, quantity = "", None
    if kind in OUTPUTS and rng.random() < 0.45:
        pattern, o_low, o_high = rng.choice(OUTPUTS[kind])
        quantity = rng.randint(o_low, o_high)
        output_text = pattern.format(n=quantity)
    end = day + timedelta(days=rng.randint(1, 3)) if kind in (K.TRAINING, K.FESTIVAL) and rng.random() < 0.3 else None
    candidates = tasks.get((place.pk, kind))
    task = rng.choice(candidates) if candidates and rng.random() < 0.7 else None
    where = {K.STUDY_VISIT: "石榴籽民族团结教育基地", K.PERFORMANCE: f"{place.name}文化广场",
             K.FESTIVAL: f"{place.name}文化广场", K.SPORTS: f"{place.name}运动场"}.get(kind, f"{place.name}会议室")
    return Activity(
        place=place, start_date=day, end_date=end, kind=kind, title=_title(rng, kind, place, day),
        creation_field_id=place.creation_field_id, plan_task=task, location=where[:200],
        participants=rng.randint(low, high), output_text=output_text, output_quantity=quantity,
        description=f"{place.name}按照年度创建工作实施方案，组织开展{K(kind).label}活动，各族干部群众积极参与。",
    )


def _photos(world, rng) -> None:
    """A few activities get a generated photo, through the attachments service (thumbnails included)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tuanjie.attachments.services import attach_files

    colours = [(192, 57, 43), (230, 126, 34), (241, 196, 15), (39, 174, 96), (41, 128, 185)]
    picked = Activity.objects.filter(within(world.county),
                                     kind__in=[K.LECTURE, K.PERFORMANCE, K.FESTIVAL]).order_by("-start_date")[:12]
    for i, activity in enumerate(picked):
        buffer = io.BytesIO()
        Image.new("RGB", (320, 240), rng.choice(colours)).save(buffer, format="JPEG", quality=70)
        attach_files(owner=activity, by=None, caption="活动现场",
                     files=[SimpleUploadedFile(f"activity-{i + 1}.jpg", buffer.getvalue(), content_type="image/jpeg")])
