"""The demo carries a question bank, a finished contest with thirty sheets (most anonymous), a survey still
collecting, a school's two staff tests meeting the quota, and an assessment scored from the townships' rates."""

from datetime import date

from tuanjie.assessments.models import Line
from tuanjie.core.context import acting_as
from tuanjie.quizzes import selectors
from tuanjie.quizzes.models import Attempt, Question, Quiz
from tuanjie.quotas.models import QuotaRule
from tuanjie.quotas.selectors import compliance_table


def test_the_demo_measures_awareness_and_satisfaction(db):
    from tuanjie.demo.foundation import build_foundation
    from tuanjie.quizzes import demo

    with acting_as(None, source="demo"):
        world = build_foundation(2026)
        demo.build(world)
    assert Question.objects.count() == 15
    contest = Quiz.objects.get(kind="quiz")
    sheets = Attempt.objects.filter(quiz=contest, submitted_at__isnull=False)
    assert sheets.count() == 30
    assert sheets.filter(person__isnull=True).count() == 24 and sheets.filter(person__isnull=False).count() == 6
    survey = Quiz.objects.get(kind="survey")
    assert survey.closes_at.date() > date(2026, 12, 1) and survey.attempts.count() > 0
    rates = selectors.rates(world.county, date(2026, 1, 1), date(2026, 12, 31))
    assert rates.answers == 30 + 2 * len(set(Attempt.objects.filter(quiz__kind="test").values_list("person", flat=True)))
    assert 60 <= rates.awareness <= 100 and rates.satisfaction is not None and rates.tests_held == 2
    rule = QuotaRule.objects.get(countable="quiz.test_held")
    school = next(row for row in compliance_table(rule, today=date(2026, 12, 1)).rows
                  if row.place.name == "团结县第一中学")
    assert school.standings[0].state == "met"
    awareness_lines = Line.objects.filter(indicator__countable_key="quiz.awareness_rate")
    assert awareness_lines.count() == 5
    for line in awareness_lines.select_related("entry__subject"):
        rate = selectors.rates(line.entry.subject, date(2026, 1, 1), date(2026, 12, 31)).awareness_correct * 100 // max(
            1, selectors.rates(line.entry.subject, date(2026, 1, 1), date(2026, 12, 31)).awareness_asked)
        assert line.proposed_count == rate
        assert line.proposed_score == (50 if rate >= 90 else 0)
    assert {line.entry.subject.name for line in awareness_lines if line.proposed_score == 50} == {"石榴镇"}
