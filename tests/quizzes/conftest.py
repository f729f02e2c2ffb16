from datetime import datetime

import pytest
from django.utils import timezone

from tuanjie.quizzes import services

# Every question of the bank is drawn (question_count 4), so each fixture sheet's marks are known by hand.
QUESTIONS = [
    # kind, text, options, answer, awareness
    ("single", "中华民族共同体意识的主线是什么？", ["铸牢中华民族共同体意识", "经济建设", "城镇化"], [0], True),
    ("truefalse", "民族团结是各族人民的生命线。", [], [0], True),
    ("multiple", "创建工作的“三交”指的是哪些？", ["交往", "交流", "交融", "交易"], [0, 1, 2], False),
    ("short", "我国的民族区域自治制度是一项什么制度？", [], ["基本政治制度"], False),
]


def at(month, day=1, hour=10):
    return timezone.make_aware(datetime(2026, month, day, hour))


@pytest.fixture
def bank(tree, county_office):
    bank = services.bank_create(by=county_office, place=tree.county, name="民族团结应知应会题库")
    questions = [services.question_create(by=county_office, bank=bank, kind=k, text=t, options=o, answer=a,
                                          awareness=w, source="《中华人民共和国民族区域自治法》")
                 for k, t, o, a, w in QUESTIONS]
    bank.q = questions
    return bank


@pytest.fixture
def quiz(tree, county_office, bank):
    """The county's March quiz: 15 respondents expected (10 in 城关镇, 5 in 石榴镇), 60 to pass."""
    quiz = services.quiz_create(by=county_office, place=tree.county, kind="quiz", title="民族团结知识竞赛",
                                bank=bank, question_count=4, time_limit=20, opens_at=at(3, 1), closes_at=at(3, 31))
    services.sample_set(by=county_office, quiz=quiz, place=tree.t1, size=10)
    services.sample_set(by=county_office, quiz=quiz, place=tree.t2, size=5)
    return services.quiz_publish(by=county_office, quiz=quiz)


def right_answers(bank):
    single, truefalse, multiple, short = bank.q
    return {str(single.pk): [0], str(truefalse.pk): [0], str(multiple.pk): [0, 1, 2], str(short.pk): "基本 政治制度。"}


def answer(quiz, place, answers, device, when=None):
    sample = quiz.samples.get(place=place)
    when = when or at(3, 10)
    attempt = services.attempt_start(by=None, sample=sample, device=device, now=when)
    return services.attempt_submit(by=None, attempt=attempt, answers=answers, now=when)


@pytest.fixture
def sheets(tree, quiz, bank):
    """Three sheets in 城关镇 and one in 石榴镇, marked by hand:
    A all right: 4/4 = 100, passed, 应知应会 2/2;  B 应知应会 right, the others wrong: 2/4 = 50, failed, 2/2;
    C the single-choice wrong, the rest right: 3/4 = 75, passed, 1/2;  D blank: 0, failed, 0/2."""
    single, truefalse, multiple, short = bank.q
    right = right_answers(bank)
    answer(quiz, tree.t1, right, "device-a")
    answer(quiz, tree.t1, {**right, str(multiple.pk): [0, 1], str(short.pk): "不知道"}, "device-b")
    answer(quiz, tree.t1, {**right, str(single.pk): [1]}, "device-c")
    answer(quiz, tree.t2, {}, "device-d")
