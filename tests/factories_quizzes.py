from datetime import timedelta
from itertools import count

from django.utils import timezone

from tests.factories import factory


def _bank(place, tree):
    """A bank at the province, usable at every place of the battery's tree, with one question."""
    from tuanjie.quizzes.models import QuestionBank
    from tuanjie.quizzes.services import bank_create, question_create

    bank = QuestionBank.objects.filter(place=tree.province, name="电池题库").first()
    if bank is None:
        bank = bank_create(by=None, place=tree.province, name="电池题库")
        question_create(by=None, bank=bank, kind="truefalse", text="民族团结是各族人民的生命线。", answer=[0],
                        awareness=True)
    return bank


_SERIAL = count(1)      # several records at one place (a bank's name is unique there)


def _window():
    now = timezone.now()
    return now - timedelta(days=1), now + timedelta(days=30)


@factory("quizzes.QuestionBank")
def make_bank(place, tree):
    from tuanjie.quizzes.services import bank_create

    return bank_create(by=None, place=place, name=f"题库{place.code}-{next(_SERIAL)}")


@factory("quizzes.Question")
def make_question(place, tree):
    from tuanjie.quizzes.services import question_create

    return question_create(by=None, bank=make_bank(place, tree), kind="single", text=f"题目{place.code}",
                           options=["甲", "乙"], answer=[0])


@factory("quizzes.Quiz")
def make_quiz(place, tree):
    """A staff test (a unit may publish one for itself) drawing from the province's bank."""
    from tuanjie.quizzes.services import quiz_create

    opens, closes = _window()
    return quiz_create(by=None, place=place, kind="test", title=f"干部职工测试{place.code}", bank=_bank(place, tree),
                       question_count=1, opens_at=opens, closes_at=closes)


@factory("quizzes.SurveyItem")
def make_survey_item(place, tree):
    from tuanjie.quizzes.services import quiz_create, survey_item_create

    opens, closes = _window()
    survey = quiz_create(by=None, place=place, kind="survey", title=f"满意度测评{place.code}", opens_at=opens,
                         closes_at=closes)
    return survey_item_create(by=None, quiz=survey, text="您对创建工作是否满意？")


@factory("quizzes.Sample")
def make_sample(place, tree):
    return make_quiz(place, tree).samples.get()


@factory("quizzes.Attempt")
def make_attempt(place, tree):
    """A staff member's handed-in sheet at the place (someone other than the battery's personas)."""
    from tuanjie.core.roles import Role
    from tuanjie.quizzes.services import attempt_start, attempt_submit, quiz_publish

    quiz = make_quiz(place, tree)
    person = tree.person(Role.UNIT, place, f"sheet-{place.code}")
    sample = quiz.samples.get()
    quiz_publish(by=None, quiz=quiz)
    sheet = attempt_start(by=person, sample=sample)
    return attempt_submit(by=person, attempt=sheet, answers={})


