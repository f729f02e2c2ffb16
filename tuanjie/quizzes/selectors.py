"""Reads of quizzes, surveys and their rates.

Rates come from the fact table (analytics.selectors), like every figure, so a township's rate is its subtree's and
a province's is one row read: participation = sheets ÷ expected respondents, average score = score sum ÷ sheets,
pass rate = passed ÷ sheets, awareness rate (知晓率) = 应知应会 items answered right ÷ asked, satisfaction rate =
Likert answers 满意/非常满意 ÷ Likert answers, survey completion = survey sheets ÷ sample. Percentages are shown
rounded half up to whole numbers; the countables (countables.py) compare them rounded down.

Who reads sheets: the person their own (`my_attempts`), a unit its staff's (`Attempt.objects.restrict`). Nobody
above reads a sheet: offices get rates and counts per place, never a row per respondent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from tuanjie.analytics.selectors import children_totals_between, totals_between
from tuanjie.places.models import Place
from tuanjie.quizzes import countables as keys
from tuanjie.quizzes.grading import round_half_up
from tuanjie.quizzes.models import Attempt, Quiz, QuizKind, Sample

FIGURE_KEYS = [keys.ANSWERS, keys.PASSED, keys.AWARE_ASKED, keys.AWARE_RIGHT, keys.EXPECTED, keys.TESTS_HELD,
               keys.RESPONSES, keys.SURVEY_EXPECTED, keys.LIKERT, keys.SATISFIED]


def _pct(part: int, whole: int) -> int | None:
    return round_half_up(part, whole) if whole else None


@dataclass(frozen=True)
class Rates:
    answers: int
    expected: int
    passed: int
    score_sum: int
    awareness_asked: int
    awareness_correct: int
    tests_held: int
    responses: int
    survey_sample: int
    likert: int
    satisfied: int

    @classmethod
    def of(cls, found) -> Rates:
        def get(key, which="n"):
            return found[key][which] if key in found else 0
        return cls(get(keys.ANSWERS), get(keys.EXPECTED, "total"), get(keys.PASSED), get(keys.ANSWERS, "total"),
                   get(keys.AWARE_ASKED, "total"), get(keys.AWARE_RIGHT, "total"), get(keys.TESTS_HELD),
                   get(keys.RESPONSES), get(keys.SURVEY_EXPECTED, "total"), get(keys.LIKERT, "total"),
                   get(keys.SATISFIED, "total"))

    @property
    def participation(self) -> int | None:
        return _pct(self.answers, self.expected)

    @property
    def average_score(self) -> int | None:
        return (2 * self.score_sum + self.answers) // (2 * self.answers) if self.answers else None

    @property
    def pass_rate(self) -> int | None:
        return _pct(self.passed, self.answers)

    @property
    def awareness(self) -> int | None:
        return _pct(self.awareness_correct, self.awareness_asked)

    @property
    def satisfaction(self) -> int | None:
        return _pct(self.satisfied, self.likert)

    @property
    def completion(self) -> int | None:
        return _pct(self.responses, self.survey_sample)

    @property
    def empty(self) -> bool:
        return not (self.answers or self.responses or self.expected or self.survey_sample)


def rates(place, start: date, end: date) -> Rates:
    """The rates of the place's subtree for whole months start..end."""
    return Rates.of(totals_between(place, start, end, FIGURE_KEYS))


def rates_by_child(place, start: date, end: date) -> list[tuple[Place, Rates]]:
    """(child place, its rates) for each place directly below, in tree order (one query for the figures)."""
    found = children_totals_between(place, start, end, FIGURE_KEYS)
    children = Place.objects.filter(depth=place.depth + 1, path__startswith=place.path).order_by("path")
    return [(child, Rates.of(found.get(child.pk, {}))) for child in children]


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


RATE_HEADERS = ["地区/单位", "测试答卷", "应答人数", "参与率%", "平均分", "及格率%", "知晓率%", "干部职工测试（次）",
                "测评答卷", "测评样本", "样本完成率%", "满意率%"]


def rate_rows(place, year: int) -> list[list]:
    """The export of rates by place: the place itself, then each place below it."""
    start, end = year_span(year)

    def row(name, r: Rates) -> list:
        return [name, r.answers, r.expected, _cell(r.participation), _cell(r.average_score), _cell(r.pass_rate),
                _cell(r.awareness), r.tests_held, r.responses, r.survey_sample, _cell(r.completion),
                _cell(r.satisfaction)]
    rows = [row(f"{place.name}（合计）", rates(place, start, end))]
    rows += [row(child.name, r) for child, r in rates_by_child(place, start, end)]
    return rows


def _cell(value):
    return "" if value is None else value


# ------------------------------------------------------------------------------------------------ quizzes, sheets
def quizzes_for(user):
    return Quiz.objects.restrict(user).select_related("place", "bank")


@dataclass(frozen=True)
class SampleRow:
    sample: Sample
    submitted: int

    @property
    def completion(self) -> int | None:
        return _pct(self.submitted, self.sample.size)


def sample_rows(quiz: Quiz, user) -> list[SampleRow]:
    """Each place the quiz is meant for (that the person sees) with the sheets handed in there: counts only."""
    samples = (Sample.objects.restrict(user).filter(quiz=quiz).select_related("place")
               .annotate(submitted=Count("attempts", filter=Q(attempts__submitted_at__isnull=False)))
               .order_by("place__path"))
    return [SampleRow(s, s.submitted) for s in samples]


@dataclass(frozen=True)
class QuizFigures:
    sheets: int
    average: int | None
    pass_rate: int | None
    awareness: int | None
    satisfaction: int | None


def quiz_figures(quiz: Quiz, user) -> QuizFigures:
    """The quiz's own figures over the sheets of the places the person sees (one aggregate query)."""
    from django.db.models import Sum

    sheets = Attempt.objects.filter(quiz=quiz, submitted_at__isnull=False, sample__in=Sample.objects.restrict(user))
    found = sheets.aggregate(n=Count("pk"), score=Sum("score"), passed=Count("pk", filter=Q(passed=True)),
                             aa=Sum("awareness_asked"), ac=Sum("awareness_correct"), la=Sum("likert_answered"),
                             ls=Sum("likert_satisfied"))
    n = found["n"] or 0
    return QuizFigures(n, (2 * (found["score"] or 0) + n) // (2 * n) if n else None, _pct(found["passed"], n),
                       _pct(found["ac"] or 0, found["aa"] or 0), _pct(found["ls"] or 0, found["la"] or 0))


def my_attempts(user):
    """The person's own sheets (a staff member sees their scores)."""
    return Attempt.objects.filter(person=user).select_related("quiz", "place").order_by("-started_at")


def open_tests_for(user, now=None):
    """Samples of published staff tests and quizzes open now at the places the person is staff of."""
    from tuanjie.quizzes.services import STAFF_ROLES

    now = now or timezone.now()
    places = user.assignments.filter(active=True, role__in=STAFF_ROLES).values("place_id")
    return (Sample.objects.filter(place_id__in=places, quiz__published_at__isnull=False, quiz__opens_at__lte=now,
                                  quiz__closes_at__gte=now)
            .exclude(quiz__kind=QuizKind.SURVEY).select_related("quiz", "place").order_by("quiz__closes_at"))


def sample_by_token(token: str) -> Sample | None:
    return Sample.objects.filter(token=token).select_related("quiz", "quiz__bank", "place").first()


def attempt_by_token(token: str) -> Attempt | None:
    return Attempt.objects.filter(token=token).select_related("quiz", "sample", "place").first()
