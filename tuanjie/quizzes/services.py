"""Writes of question banks, quizzes, surveys and answer sheets.

Offices keep banks and publish quizzes and surveys for their area; a unit may also publish a staff test for
itself. Answering has two doors: a signed-in person (staff tests only take their own unit's staff) and the public
(a device cookie, no identity at all). Both go through `attempt_start` (draws the sheet, fixed from then on) and
`attempt_submit` (marks it, once: a sheet sent again after a cut connection gets the first result back, never a
second sheet). The window and the time limit are checked here, on the server's clock."""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.core.access import ADD, CHANGE, may
from tuanjie.core.roles import Role
from tuanjie.people.models import RoleAssignment
from tuanjie.places.models import Place
from tuanjie.quizzes import grading
from tuanjie.quizzes.models import (
    Attempt,
    Likert,
    Question,
    QuestionBank,
    QuestionKind,
    Quiz,
    QuizKind,
    Sample,
    SurveyItem,
    SurveyItemKind,
)

# A sheet handed in this long after its deadline is still taken: the phone may have been answering offline and sent
# it as soon as the network came back. Later than that it is refused.
GRACE = timedelta(minutes=5)
STAFF_ROLES = (Role.UNIT, Role.CADRE, Role.GROUP_LEADER, Role.OFFICE)
BANK_FIELDS = ("name", "description")
QUESTION_FIELDS = ("kind", "text", "options", "answer", "source", "awareness")
QUIZ_FIELDS = ("title", "bank", "question_count", "time_limit", "opens_at", "closes_at", "pass_percent", "public")


def _check(user, action: str, model, place) -> None:
    if user is not None and not may(user, action, model, place):
        raise PermissionDenied(_("您无权在“%(place)s”下登记或修改%(what)s") % {
            "place": place, "what": model._meta.verbose_name})


def _apply(obj, allowed: tuple, fields: dict) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"unknown field {name}")
        setattr(obj, name, value)


# ------------------------------------------------------------------------------------------------------- banks
@transaction.atomic
def bank_create(*, by, place, name: str, description: str = "") -> QuestionBank:
    _check(by, ADD, QuestionBank, place)
    bank = QuestionBank(place=place, name=name.strip(), description=description)
    bank.full_clean()
    bank.save()
    return bank


@transaction.atomic
def bank_update(*, by, instance: QuestionBank, place=None, **fields) -> QuestionBank:
    _check(by, CHANGE, QuestionBank, instance.place)
    if place is not None and place.pk != instance.place_id:
        _check(by, CHANGE, QuestionBank, place)
        instance.place = place
    _apply(instance, BANK_FIELDS, fields)
    instance.full_clean()
    instance.save()
    return instance


def banks_usable_at(place):
    """Banks a quiz at `place` may draw from: the place's own and those of the areas above it (inherited down)."""
    return QuestionBank.objects.filter(place__in=Place.objects.filter(
        path__in=[place.path[:i] for i in range(Place.steplen, len(place.path) + 1, Place.steplen)]))


# --------------------------------------------------------------------------------------------------- questions
def clean_question(kind: str, options, answer) -> tuple[list[str], list]:
    """(options, answer) made regular, or a ValidationError saying what to fix."""
    options = [str(o).strip() for o in (options or []) if str(o).strip()]
    answer = list(answer or [])
    if kind == QuestionKind.TRUE_FALSE:
        options = list(grading.TRUE_FALSE_OPTIONS)
    if kind == QuestionKind.SHORT:
        texts = [str(a).strip() for a in answer if str(a).strip()]
        if not texts:
            raise ValidationError({"answer": _("简答题请填写参考答案（多个可接受的答案用“|”分隔）")})
        return [], texts
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(options) < 2:
        raise ValidationError({"options": _("选择题至少需要两个选项")})
    if len(set(options)) != len(options):
        raise ValidationError({"options": _("选项不能重复")})
    try:
        positions = sorted({int(a) for a in answer})
    except (TypeError, ValueError) as exc:
        raise ValidationError({"answer": _("答案应为选项的序号（A、B、C…）")}) from exc
    if not positions or positions[0] < 0 or positions[-1] >= len(options):
        raise ValidationError({"answer": _("答案应是已有选项之一（共%(n)d个选项）") % {"n": len(options)}})
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and len(positions) != 1:
        raise ValidationError({"answer": _("单选题和判断题只能有一个正确答案")})
    return options, positions


def _save_question(question: Question) -> Question:
    question.options, question.answer = clean_question(question.kind, question.options, question.answer)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_create(*, by, bank: QuestionBank, kind: str, text: str, options=None, answer=None, source: str = "",
                    awareness: bool = False) -> Question:
    _check(by, ADD, Question, bank.place)
    return _save_question(Question(bank=bank, kind=kind, text=text.strip(), options=options or [],
                                   answer=answer or [], source=source, awareness=awareness))


@transaction.atomic
def question_update(*, by, instance: Question, bank=None, **fields) -> Question:
    _check(by, CHANGE, Question, instance.bank.place)
    if bank is not None and bank.pk != instance.bank_id:
        _check(by, CHANGE, Question, bank.place)
        instance.bank = bank
    _apply(instance, QUESTION_FIELDS, fields)
    return _save_question(instance)


# ----------------------------------------------------------------------------------------------------- quizzes
def staff_of(place) -> list[int]:
    """Ids of the people who hold a role at exactly this place (a unit's staff)."""
    return sorted(set(RoleAssignment.objects.filter(place=place, active=True, role__in=STAFF_ROLES)
                      .values_list("user_id", flat=True)))


def _validate_quiz(by, quiz: Quiz) -> None:
    if quiz.closes_at and quiz.opens_at and quiz.closes_at <= quiz.opens_at:
        raise ValidationError({"closes_at": _("截止时间应晚于开始时间")})
    if quiz.kind == QuizKind.SURVEY:
        quiz.bank = None
        quiz.time_limit = None
    elif quiz.bank_id is None:
        raise ValidationError({"bank": _("知识测试和干部职工测试请选择题库")})
    elif not banks_usable_at(quiz.place).filter(pk=quiz.bank_id).exists():
        raise ValidationError({"bank": _("只能使用本地区或上级地区的题库")})
    if quiz.kind == QuizKind.TEST:
        quiz.public = False          # staff sign in: their scores are theirs and their unit's
    if not 1 <= quiz.pass_percent <= 100:
        raise ValidationError({"pass_percent": _("及格分应在1到100之间")})
    if by is not None and not by.is_superuser and quiz.kind != QuizKind.TEST:
        if not may(by, ADD, QuestionBank, quiz.place):     # the office of the place
            raise PermissionDenied(_("单位只能发布本单位的干部职工测试；知识测试和满意度测评由创建办发布"))


def _sync_samples(quiz: Quiz) -> None:
    """Each sample carries its quiz's opening day once published, so the facts count it in that month."""
    day = timezone.localtime(quiz.opens_at).date() if quiz.is_published else None
    for sample in quiz.samples.select_for_update():
        if sample.opens_on != day:
            sample.opens_on = day
            sample.save()


@transaction.atomic
def quiz_create(*, by, place, kind: str, title: str, opens_at: datetime, closes_at: datetime, bank=None,
                question_count: int = 10, time_limit: int | None = None, pass_percent: int = 60,
                public: bool = True) -> Quiz:
    _check(by, ADD, Quiz, place)
    quiz = Quiz(place=place, kind=kind, title=title.strip(), bank=bank, question_count=question_count,
                time_limit=time_limit, opens_at=opens_at, closes_at=closes_at, pass_percent=pass_percent,
                public=public, created_by=by if getattr(by, "pk", None) else None)
    _validate_quiz(by, quiz)
    quiz.full_clean()
    quiz.save()
    sample_set(by=by, quiz=quiz, place=place)
    return quiz


@transaction.atomic
def quiz_update(*, by, instance: Quiz, place=None, kind=None, **fields) -> Quiz:
    _check(by, CHANGE, Quiz, instance.place)
    if kind is not None and kind != instance.kind:
        raise ValidationError({"kind": _("类型在创建后不能修改，请新建")})
    if place is not None and place.pk != instance.place_id:
        raise ValidationError({"place": _("发布地区在创建后不能修改，请新建")})
    answered = instance.attempts.exists()
    if answered and any(fields.get(name, getattr(instance, name)) != getattr(instance, name)
                        for name in ("bank", "question_count", "pass_percent")):
        raise ValidationError(_("已有人作答，题库、抽题数量和及格分不能再修改"))
    _apply(instance, QUIZ_FIELDS, fields)
    _validate_quiz(by, instance)
    instance.full_clean()
    instance.save()
    _sync_samples(instance)
    return instance


@transaction.atomic
def quiz_publish(*, by, quiz: Quiz) -> Quiz:
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
    _check(by, CHANGE, Quiz, quiz.place)
    if quiz.is_published:
        return quiz
    if quiz.is_survey and not quiz.items.exists():
        raise ValidationError(_("请先添加测评题目再发布"))
    if not quiz.is_survey and not Question.objects.filter(bank_id=quiz.bank_id).exists():
        raise ValidationError(_("题库“%(b)s”还没有题目，请先添加或导入题目") % {"b": quiz.bank})
    quiz.published_at = timezone.now()
    quiz.save()
    _sync_samples(quiz)
    return quiz


@transaction.atomic
def sample_set(*, by, quiz: Quiz, place, size: int | None = None) -> Sample:
    """Who the quiz is meant for at `place` (inside the quiz's area): `size` respondents, by default (a staff
    test) the place's staff."""
    _check(by, CHANGE, Quiz, quiz.place)
    if not place.path.startswith(quiz.place.path):
        raise ValidationError({"place": _("答题范围应在“%(p)s”之内") % {"p": quiz.place}})
    if size is None:
        size = len(staff_of(place)) if quiz.kind == QuizKind.TEST else 0
    if size < 0:
        raise ValidationError({"size": _("应答人数不能为负数")})
    sample = Sample.objects.select_for_update().filter(quiz=quiz, place=place).first()
    if sample is None:
        sample = Sample(quiz=quiz, place=place, token=secrets.token_urlsafe(16)[:22])
    sample.size = size
    sample.opens_on = timezone.localtime(quiz.opens_at).date() if quiz.is_published else None
    sample.full_clean()
    sample.save()
    return sample


@transaction.atomic
def survey_item_create(*, by, quiz: Quiz, text: str, kind: str = SurveyItemKind.LIKERT, options=None,
                       order: int | None = None) -> SurveyItem:
    _check(by, CHANGE, Quiz, quiz.place)
    if not quiz.is_survey:
        raise ValidationError(_("只有满意度测评可以添加测评题目；测试的题目来自题库"))
    if quiz.attempts.exists():
        raise ValidationError(_("已有人作答，不能再添加题目"))
    options = [str(o).strip() for o in (options or []) if str(o).strip()]
    if kind == SurveyItemKind.CHOICE and len(options) < 2:
        raise ValidationError({"options": _("选择题至少需要两个选项")})
    if kind == SurveyItemKind.LIKERT:
        options = []
    if order is None:
        order = quiz.items.count() + 1
    item = SurveyItem(quiz=quiz, kind=kind, text=text.strip(), options=options, order=order)
    item.full_clean()
    item.save()
    return item


# --------------------------------------------------------------------------------------------------- answering
def _open_now(quiz: Quiz, now: datetime) -> None:
    if not quiz.is_published:
        raise ValidationError(_("该测试尚未发布"))
    if now < quiz.opens_at:
        raise ValidationError(_("答题将于%(t)s开始") % {"t": timezone.localtime(quiz.opens_at).strftime("%Y-%m-%d %H:%M")})
    if now > quiz.closes_at:
        raise ValidationError(_("答题已于%(t)s截止") % {"t": timezone.localtime(quiz.closes_at).strftime("%Y-%m-%d %H:%M")})


def is_staff_of(user, place) -> bool:
    return RoleAssignment.objects.filter(user=user, place=place, active=True, role__in=STAFF_ROLES).exists()


def _draw(quiz: Quiz, rng: random.Random | None) -> list[dict]:
    # A real sheet is drawn unpredictably, so a respondent cannot learn which questions come up; the demo passes
    # its own seeded generator so that its figures are the same on every build.
    rng = rng or random.Random(secrets.randbits(64))
    if quiz.is_survey:
        return [{"q": pk, "o": []} for pk in quiz.items.order_by("order", "id").values_list("pk", flat=True)]
    items = [grading.Item(q.pk, q.kind, tuple(q.options), tuple(q.answer), q.awareness)
             for q in Question.objects.filter(bank_id=quiz.bank_id).order_by("pk")]
    return grading.draw(items, quiz.question_count, rng)


@transaction.atomic
def attempt_start(*, by, sample: Sample, device: str = "", now: datetime | None = None,
                  rng: random.Random | None = None) -> Attempt:
    """The sheet of this person (signed in) or device (the public) for the sample's quiz: the one already started,
    or a new one drawn now. A staff test is for the sample's staff only; the public only where the quiz allows."""
    now = now or timezone.now()
    quiz = Quiz.objects.select_related("bank").get(pk=sample.quiz_id)
    person = by if getattr(by, "is_authenticated", False) else None
    if person is None:
        if quiz.kind == QuizKind.TEST or not quiz.public:
            raise PermissionDenied(_("该测试须登录后作答"))
        if not device:
            raise ValidationError(_("请允许浏览器保存 Cookie 后再答题"))
        found = Attempt.objects.filter(quiz=quiz, device=device).first()
    else:
        if quiz.kind == QuizKind.TEST and not is_staff_of(person, sample.place):
            raise PermissionDenied(_("该测试只面向“%(p)s”的干部职工") % {"p": sample.place})
        found = Attempt.objects.filter(quiz=quiz, person=person).first()
        device = ""
    if found is not None:
        return found
    _open_now(quiz, now)
    deadline = quiz.closes_at
    if quiz.time_limit:
        deadline = min(deadline, now + timedelta(minutes=quiz.time_limit))
    attempt = Attempt(quiz=quiz, sample=sample, place_id=sample.place_id, person=person, device=device,
                      token=secrets.token_urlsafe(16)[:22], started_at=now, deadline=deadline, drawn=_draw(quiz, rng))
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:      # the same person or device started it a moment ago (a double tap)
        lookup = {"person": person} if person else {"device": device}
        return Attempt.objects.get(quiz=quiz, **lookup)
    return attempt


def _clean_answers(attempt: Attempt, answers: dict) -> dict:
    """Only the drawn questions' answers, as positions inside their options (or a short text); a bad one refuses
    the sheet with what to fix, rather than marking it wrong."""
    drawn = {str(entry["q"]): entry for entry in attempt.drawn}
    cleaned: dict = {}
    if attempt.quiz.is_survey:
        items = {str(i.pk): i for i in attempt.quiz.items.all()}
        for key, value in answers.items():
            if key not in drawn or value in (None, "", []):
                continue
            item = items[key]
            top = 5 if item.kind == SurveyItemKind.LIKERT else len(item.options) - 1
            low = 1 if item.kind == SurveyItemKind.LIKERT else 0
            try:
                value = int(value[0] if isinstance(value, list) else value)
            except (TypeError, ValueError) as exc:
                raise ValidationError(_("第%(n)s题的选择无法识别，请重新选择") % {"n": item.order}) from exc
            if not low <= value <= top:
                raise ValidationError(_("第%(n)s题的选择无法识别，请重新选择") % {"n": item.order})
            cleaned[key] = value
        return cleaned
    questions = {str(q.pk): q for q in Question.objects.filter(pk__in=[e["q"] for e in attempt.drawn])}
    numbers = {str(entry["q"]): n for n, entry in enumerate(attempt.drawn, start=1)}
    for key, value in answers.items():
        if key not in drawn or value in (None, "", []):
            continue
        number = numbers[key]
        question = questions[key]
        if question.kind == QuestionKind.SHORT:
            cleaned[key] = str(value if not isinstance(value, list) else " ".join(map(str, value)))[:500]
            continue
        values = value if isinstance(value, list) else [value]
        try:
            positions = sorted({int(v) for v in values})
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("第%(n)d题的选择无法识别，请重新选择") % {"n": number}) from exc
        if positions[0] < 0 or positions[-1] >= len(question.options):
            raise ValidationError(_("第%(n)d题的选择无法识别，请重新选择") % {"n": number})
        cleaned[key] = positions
    return cleaned


@transaction.atomic
def attempt_submit(*, by, attempt: Attempt, answers: dict, now: datetime | None = None) -> Attempt:
    """Hand in a sheet and mark it. A sheet already handed in is returned as it is (the same result for a retry)."""
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if attempt.person_id is not None and getattr(by, "pk", None) != attempt.person_id:
        raise PermissionDenied(_("这份答卷不是您的"))
    if attempt.is_submitted:
        return attempt
    if attempt.deadline and now > attempt.deadline + GRACE:
        raise ValidationError(_("已超过答题时限，答卷未被接收"))
    quiz = attempt.quiz
    attempt.answers = _clean_answers(attempt, answers or {})
    if quiz.is_survey:
        likert = set(quiz.items.filter(kind=SurveyItemKind.LIKERT).values_list("pk", flat=True))
        attempt.likert_answered, attempt.likert_satisfied = grading.satisfaction(
            [v for k, v in attempt.answers.items() if int(k) in likert])
        attempt.asked = len(attempt.drawn)
    else:
        by_id = {q.pk: q for q in Question.objects.filter(pk__in=[e["q"] for e in attempt.drawn])}
        items = [grading.Item(q.pk, q.kind, tuple(q.options), tuple(q.answer), q.awareness)
                 for q in (by_id[e["q"]] for e in attempt.drawn if e["q"] in by_id)]
        marks = grading.mark(items, attempt.answers, quiz.pass_percent)
        attempt.asked, attempt.correct, attempt.score, attempt.passed = (
            marks.asked, marks.correct, marks.score, marks.passed)
        attempt.awareness_asked, attempt.awareness_correct = marks.awareness_asked, marks.awareness_correct
    attempt.submitted_at = now
    attempt.save()
    return attempt


LIKERT_CHOICES = [(value, label) for value, label in Likert.choices]
