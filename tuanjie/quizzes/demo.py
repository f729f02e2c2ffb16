"""The demo county's knowledge work measured: the county's 应知应会 bank, its October knowledge contest answered by
thirty phones (most without signing in, a few cadres signed in), a satisfaction survey of ten people per township
still collecting, and 团结县第一中学 testing its staff in March and September against the quota "每年测试2次".
The townships' awareness and satisfaction rates score a small area assessment bound to them. All through the
services, with the answering clock set inside each window."""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from tuanjie.assessments import services as assessments
from tuanjie.assessments.services import IndicatorSpec
from tuanjie.places.models import CreationField
from tuanjie.quizzes import services
from tuanjie.quizzes.countables import AWARENESS_RATE, SATISFACTION_RATE, TESTS_HELD
from tuanjie.quotas.services import quota_rule_create

YEAR = 2026
SOURCE_LAW = "《中华人民共和国民族区域自治法》"
SOURCE_OPINION = "《关于全面深入持久开展民族团结进步创建工作铸牢中华民族共同体意识的意见》"
SOURCE_LOCAL = "团结县民族团结进步创建应知应会手册"
BANK = [
    # kind, text, options, answer, source, 应知应会
    ("single", "新时代党的民族工作的主线是什么？", ["铸牢中华民族共同体意识", "加快经济发展", "推进城镇化", "保护生态环境"],
     [0], SOURCE_OPINION, True),
    ("single", "民族团结进步创建工作的总目标是促进各民族什么？", ["交往交流交融", "分散居住", "各自发展", "互不往来"], [0],
     SOURCE_OPINION, True),
    ("truefalse", "民族团结是各族人民的生命线。", [], [0], SOURCE_LOCAL, True),
    ("truefalse", "民族区域自治制度是我国的一项基本政治制度。", [], [0], SOURCE_LAW, True),
    ("single", "我国的民族区域自治法于哪一年颁布施行？", ["1984年", "1949年", "1978年", "2001年"], [0], SOURCE_LAW, False),
    ("multiple", "“三个离不开”是指哪些？", ["汉族离不开少数民族", "少数民族离不开汉族", "各少数民族之间也相互离不开",
                                       "城市离不开农村"], [0, 1, 2], SOURCE_LOCAL, True),
    ("multiple", "“四个与共”包括哪些？", ["休戚与共", "荣辱与共", "生死与共", "命运与共", "风雨与共"], [0, 1, 2, 3],
     SOURCE_OPINION, True),
    ("single", "每年的哪个月是我县民族团结进步宣传月？", ["9月", "1月", "5月", "12月"], [0], SOURCE_LOCAL, False),
    ("truefalse", "民族团结进步创建只是统战和民宗部门的事。", [], [1], SOURCE_LOCAL, True),
    ("short", "中华民族共同体意识的核心是什么认同？（四个字）", [], ["中华民族", "中华民族认同"], SOURCE_OPINION, False),
    ("single", "各民族像什么一样紧紧抱在一起？", ["石榴籽", "葡萄", "苹果", "向日葵"], [0], SOURCE_OPINION, True),
    ("multiple", "创建“进”的重点领域有哪些？", ["进机关", "进企业", "进社区", "进学校", "进寺庙"], [0, 1, 2, 3, 4],
     SOURCE_OPINION, False),
    ("truefalse", "创建工作要坚持共同团结奋斗、共同繁荣发展。", [], [0], SOURCE_OPINION, True),
    ("single", "“五个认同”中居首位的是对什么的认同？", ["伟大祖国", "中华文化", "中国共产党", "中国特色社会主义"], [0],
     SOURCE_OPINION, True),
    ("truefalse", "干部职工每年应参加不少于2次民族团结进步知识测试。", [], [0], SOURCE_LOCAL, True),
]
SURVEY = [
    ("likert", "您对本地民族团结进步创建工作总体是否满意？", []),
    ("likert", "您对村（社区）为各族群众办实事的情况是否满意？", []),
    ("likert", "您对本地民族团结宣传教育活动是否满意？", []),
    ("likert", "您对各族群众邻里互助、和睦相处的情况是否满意？", []),
    ("choice", "您最常参加哪类民族团结活动？", ["文艺联欢", "政策宣讲", "志愿服务", "节日联谊", "很少参加"]),
]


def _at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(YEAR, month, day, hour, minute))


def _answers(rng, attempt, questions, knowledge: float) -> dict:
    """What a respondent who knows `knowledge` of the answers gives: the right one, or a plausible wrong one."""
    given = {}
    for entry in attempt.drawn:
        q = questions[entry["q"]]
        if rng.random() < 0.03:
            continue                                         # left blank
        if q.kind == "short":
            given[str(q.pk)] = q.answer[0] if rng.random() < knowledge else "不清楚"
        elif rng.random() < knowledge:
            given[str(q.pk)] = list(q.answer)
        else:
            wrong = [i for i in range(len(q.options)) if [i] != q.answer] or [0]
            given[str(q.pk)] = [rng.choice(wrong)]
    return given


def build(world) -> None:
    rng = world.rng
    office = world.people["xianban"]
    bank = services.bank_create(by=office, place=world.county, name="民族团结进步应知应会题库",
                                description="县创建办编印，供全县知识竞赛和干部职工测试抽题")
    for kind, text, options, answer, source, awareness in BANK:
        services.question_create(by=office, bank=bank, kind=kind, text=text, options=options, answer=answer,
                                 source=source, awareness=awareness)
    questions = {q.pk: q for q in bank.questions.all()}

    # The county's October contest: a link per township, thirty sheets in all.
    contest = services.quiz_create(by=office, place=world.county, kind="quiz", title=f"{YEAR}年民族团结进步知识竞赛",
                                   bank=bank, question_count=10, time_limit=20, pass_percent=60,
                                   opens_at=_at(10, 10, 8), closes_at=_at(10, 31, 22))
    townships = world.townships[:5]
    for township in townships:
        services.sample_set(by=office, quiz=contest, place=township, size=8)
    services.quiz_publish(by=office, quiz=contest)
    samples = list(contest.samples.exclude(place=world.county).order_by("place__path"))
    signed_in = [world.people[login] for login in ("ganbu", "zuzhang", "danwei")] + list(world.cadres[:3])
    # How well each township's respondents know the answers: 石榴镇 clears 知晓率 90 %, the others fall short.
    knows = [(0.55, 0.95), (0.97, 1.0), (0.6, 0.95), (0.5, 0.9), (0.6, 1.0)]
    for n in range(30):
        sample = samples[n % len(samples)]
        when = _at(10, 10 + n % 20, 9 + n % 10, n % 60)
        person = signed_in[n // 5] if n % 5 == 0 and n // 5 < len(signed_in) else None
        sheet = services.attempt_start(by=person, sample=sample, device="" if person else f"demo-phone-{n:02d}",
                                       now=when, rng=rng)
        knowledge = rng.uniform(*knows[n % len(samples) % len(knows)])
        services.attempt_submit(by=person, attempt=sheet, answers=_answers(rng, sheet, questions, knowledge),
                                now=when.replace(minute=min(59, when.minute + 12)))

    # The satisfaction survey: ten respondents per township, still collecting.
    survey = services.quiz_create(by=office, place=world.county, kind="survey", title=f"{YEAR}年各族群众满意度测评",
                                  opens_at=_at(11, 5, 8), closes_at=_at(12, 20, 22))
    items = [services.survey_item_create(by=office, quiz=survey, kind=kind, text=text, options=options)
             for kind, text, options in SURVEY]
    for township in townships:
        services.sample_set(by=office, quiz=survey, place=township, size=10)
    services.quiz_publish(by=office, quiz=survey)
    for i, sample in enumerate(survey.samples.exclude(place=world.county).order_by("place__path")):
        for n in range(6 + (i * 3) % 5):
            when = _at(11, 6 + n, 10 + i)
            sheet = services.attempt_start(by=None, sample=sample, device=f"demo-survey-{i}-{n}", now=when)
            answers = {str(item.pk): (rng.choices([5, 4, 3, 2], weights=[5, 4, 1, 0.4])[0] if item.kind == "likert"
                                      else rng.randrange(len(item.options))) for item in items}
            services.attempt_submit(by=None, attempt=sheet, answers=answers, now=when)

    # 团结县第一中学 tests its staff twice a year.
    school = next(u for u in world.units if u.name == "团结县第一中学")
    unit_staff = world.people["danwei"]
    from tuanjie.people.models import RoleAssignment

    staff_ids = services.staff_of(school)
    staff = list(RoleAssignment.objects.filter(place=school, active=True, user_id__in=staff_ids)
                 .select_related("user").order_by("user_id").distinct())
    people = list({a.user_id: a.user for a in staff}.values())
    for month, label in ((3, "上半年"), (9, "下半年")):
        test = services.quiz_create(by=unit_staff, place=school, kind="test", title=f"{YEAR}年{label}干部职工民族团结知识测试",
                                    bank=bank, question_count=10, time_limit=30, opens_at=_at(month, 15, 8),
                                    closes_at=_at(month, 25, 18))
        services.quiz_publish(by=unit_staff, quiz=test)
        sample = test.samples.get()
        for k, person in enumerate(people):
            when = _at(month, 16 + k % 8, 15)
            sheet = services.attempt_start(by=person, sample=sample, now=when, rng=rng)
            services.attempt_submit(by=person, attempt=sheet, now=when.replace(minute=20),
                                    answers=_answers(rng, sheet, questions, rng.uniform(0.8, 1.0)))

    schools = list(CreationField.objects.filter(name="学校"))
    quota_rule_create(by=office, place=world.county, name="学校每年开展干部职工民族团结知识测试2次", year=YEAR,
                      countable=TESTS_HELD, minimum=2, period="year", creation_fields=schools)

    # The townships' rates score the indicators that ask for them.
    system = assessments.indicator_system_create(
        by=office, place=world.county, year=YEAR, category=None, subject_level=townships[0].level,
        name=f"{YEAR}年乡镇民族团结进步知晓率和满意度测评",
        note="知晓率、满意率取自全县知识竞赛和满意度测评，按台账自动计分。", specs=[
            IndicatorSpec(("宣传教育", "知识普及", "党员干部群众知晓率不低于90%"), Decimal("50"),
                          guidance="知晓率达到90%得满分，未达到不得分", evidence_required="知识竞赛成绩",
                          countable_key=AWARENESS_RATE, min_count=90),
            IndicatorSpec(("创建成效", "群众满意", "各族群众满意率不低于85%"), Decimal("50"),
                          guidance="满意率达到85%得满分，未达到不得分", evidence_required="满意度测评",
                          countable_key=SATISFACTION_RATE, min_count=85),
        ])
    assessments.campaign_create(by=office, place=world.county, name=f"{YEAR}年乡镇知晓率和满意度测评", year=YEAR,
                                system=system, subjects=townships)
