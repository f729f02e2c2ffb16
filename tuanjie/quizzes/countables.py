"""The quizzes' countables: answer sheets and samples per place and month, summed by the facts (each sheet carries
its score, its 应知应会 items asked and right, its Likert items answered and satisfied), and the rates built on them
(core.countables.Ratio), which quota rules ("知晓率 ≥ 90") and ledger-bound indicators compare with their minimum.
A sheet counts in the month it was handed in, a sample in the month its quiz opened. Counts only: no countable
names a respondent."""

from django.utils.translation import gettext_lazy as _

from tuanjie.core.countables import Countable, Ratio

SHEET = "quizzes.Attempt"
SAMPLE = "quizzes.Sample"
_QUIZ = {"submitted_at__isnull": False, "quiz__kind__in": ["quiz", "test"]}
_SURVEY = {"submitted_at__isnull": False, "quiz__kind": "survey"}
_HELD = {"opens_on__isnull": False}

ANSWERS, PASSED, AWARE_ASKED, AWARE_RIGHT, EXPECTED = (
    "quiz.answer", "quiz.passed", "quiz.awareness_asked", "quiz.awareness_correct", "quiz.expected")
TESTS_HELD = "quiz.test_held"
RESPONSES, SURVEY_EXPECTED, LIKERT, SATISFIED = (
    "survey.response", "survey.expected", "survey.likert_answered", "survey.likert_satisfied")
AWARENESS_RATE, PASS_RATE, AVERAGE_SCORE, PARTICIPATION_RATE, SATISFACTION_RATE, RESPONSE_RATE = (
    "quiz.awareness_rate", "quiz.pass_rate", "quiz.average_score", "quiz.participation_rate",
    "survey.satisfaction_rate", "survey.response_rate")

COUNTABLES = [
    Countable(ANSWERS, _("测试答卷"), SHEET, "submitted_at", filters=_QUIZ, unit="份", measure="score"),
    Countable(PASSED, _("测试及格答卷"), SHEET, "submitted_at", filters={**_QUIZ, "passed": True}, unit="份"),
    Countable(AWARE_ASKED, _("应知应会题（作答）"), SHEET, "submitted_at", filters=_QUIZ, unit="份",
              measure="awareness_asked"),
    Countable(AWARE_RIGHT, _("应知应会题（答对）"), SHEET, "submitted_at", filters=_QUIZ, unit="份",
              measure="awareness_correct"),
    Countable(EXPECTED, _("测试应答人数"), SAMPLE, "opens_on", unit="个",
              filters={**_HELD, "quiz__kind__in": ["quiz", "test"]}, measure="size"),
    # A unit's staff test: one per unit it was held for, whoever published it ("每年测试2次").
    Countable(TESTS_HELD, _("干部职工测试"), SAMPLE, "opens_on", unit="次", filters={**_HELD, "quiz__kind": "test"}),
    Countable(RESPONSES, _("满意度测评答卷"), SHEET, "submitted_at", filters=_SURVEY, unit="份"),
    Countable(SURVEY_EXPECTED, _("满意度测评样本"), SAMPLE, "opens_on", unit="个",
              filters={**_HELD, "quiz__kind": "survey"}, measure="size"),
    Countable(LIKERT, _("满意度题（作答）"), SHEET, "submitted_at", filters=_SURVEY, unit="份",
              measure="likert_answered"),
    Countable(SATISFIED, _("满意度题（满意）"), SHEET, "submitted_at", filters=_SURVEY, unit="份",
              measure="likert_satisfied"),
    Ratio(AWARENESS_RATE, _("知晓率"), SAMPLE, "opens_on", filters=_HELD, unit="%",
          numerator=(AWARE_RIGHT, "total"), denominator=(AWARE_ASKED, "total")),
    Ratio(PASS_RATE, _("测试及格率"), SAMPLE, "opens_on", filters=_HELD, unit="%",
          numerator=(PASSED, "n"), denominator=(ANSWERS, "n")),
    Ratio(AVERAGE_SCORE, _("测试平均分"), SAMPLE, "opens_on", filters=_HELD, unit="分",
          numerator=(ANSWERS, "total"), denominator=(ANSWERS, "n"), scale=1),
    Ratio(PARTICIPATION_RATE, _("测试参与率"), SAMPLE, "opens_on", filters=_HELD, unit="%",
          numerator=(ANSWERS, "n"), denominator=(EXPECTED, "total")),
    Ratio(SATISFACTION_RATE, _("满意率"), SAMPLE, "opens_on", filters=_HELD, unit="%",
          numerator=(SATISFIED, "total"), denominator=(LIKERT, "total")),
    Ratio(RESPONSE_RATE, _("测评样本完成率"), SAMPLE, "opens_on", filters=_HELD, unit="%",
          numerator=(RESPONSES, "n"), denominator=(SURVEY_EXPECTED, "total")),
]
