"""The answer sheet page, for a signed-in person and for the public alike, and the public door to it.

The page is plain HTML that works without script: radio buttons and check boxes posted as a form. A small script
(static/tuanjie/quiz.js) keeps each answer in the browser as it is given and sends the sheet in the background
with an Idempotency-Key, again and again until an answer comes back, so a phone that loses its network keeps its
answers and hands them in once (`services.attempt_submit` marks a sheet once; a second send gets the same result).

The public door asks nothing about the person. One sheet per device: a random cookie (stored hashed on the sheet,
so the database cannot be used to answer as someone's phone), and a cap on sheets started per network address in a
window (settings.TUANJIE_QUIZ_STARTS_PER_ADDRESS per TUANJIE_QUIZ_WINDOW_SECONDS), so a script cannot fill a quiz."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

from tuanjie.quizzes import importers, selectors, services
from tuanjie.quizzes.models import Attempt, Likert, Question, QuestionKind, SurveyItemKind

DEVICE_COOKIE = "tj_quiz_device"
DEVICE_AGE = 400 * 24 * 3600


def _json(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# ------------------------------------------------------------------------------------------------- the sheet
def sheet_rows(attempt: Attempt) -> list[dict]:
    """The questions in the attempt's drawn order, each with its options in the drawn order (values are positions
    in the question's own options, so marking does not depend on the order shown)."""
    if attempt.quiz.is_survey:
        items = {i.pk: i for i in attempt.quiz.items.all()}
        rows = []
        for entry in attempt.drawn:
            item = items.get(entry["q"])
            if item is None:
                continue
            choices = (list(Likert.choices) if item.kind == SurveyItemKind.LIKERT
                       else list(enumerate(item.options)))
            rows.append({"id": item.pk, "text": item.text, "multiple": False, "short": False, "choices": choices})
        return rows
    questions = {q.pk: q for q in Question.objects.filter(pk__in=[e["q"] for e in attempt.drawn])}
    rows = []
    for entry in attempt.drawn:
        q = questions.get(entry["q"])
        if q is None:
            continue
        order = entry["o"] or list(range(len(q.options)))
        rows.append({"id": q.pk, "text": q.text, "kind": q.get_kind_display(),
                     "multiple": q.kind == QuestionKind.MULTIPLE, "short": q.kind == QuestionKind.SHORT,
                     "choices": [(i, q.options[i]) for i in order if i < len(q.options)]})
    return rows


def posted_answers(request, attempt: Attempt) -> dict:
    found = {}
    for entry in attempt.drawn:
        name = f"q{entry['q']}"
        values = [v for v in request.POST.getlist(name) if v != ""]
        if values:
            found[str(entry["q"])] = values if len(values) > 1 or not attempt.quiz.is_survey else values[0]
    return found


def review(attempt: Attempt) -> list[dict]:
    """Each drawn question with what was answered and the right answer, for the sheet's own reader."""
    if attempt.quiz.is_survey:
        return []
    questions = {q.pk: q for q in Question.objects.filter(pk__in=[e["q"] for e in attempt.drawn])}
    rows = []
    for entry in attempt.drawn:
        q = questions.get(entry["q"])
        if q is None:
            continue
        given = attempt.answers.get(str(q.pk))
        if q.kind == QuestionKind.SHORT:
            shown = given or ""
        else:
            shown = "、".join(q.options[i] for i in (given or []) if i < len(q.options))
        from tuanjie.quizzes.grading import Item, is_right

        right = is_right(Item(q.pk, q.kind, tuple(q.options), tuple(q.answer), q.awareness), given)
        rows.append({"text": q.text, "given": shown, "right": right, "answer": importers.answer_as_text(q),
                     "answer_options": "、".join(q.options[i] for i in q.answer if isinstance(i, int)
                                                 and i < len(q.options)) if q.kind != QuestionKind.SHORT else "",
                     "source": q.source})
    return rows


def sheet_page(request, attempt: Attempt, *, by, result_url: str, public: bool = False):
    """GET: the sheet (or its result once handed in). POST: hand it in."""
    if request.method == "POST":
        try:
            attempt = services.attempt_submit(by=by, attempt=attempt, answers=posted_answers(request, attempt))
        except ValidationError as exc:
            message = " ".join(exc.messages)
            if _wants_json(request):
                return _json({"ok": False, "message": message}, 422)
            return _render_sheet(request, attempt, public, error=message, status=422)
        except PermissionDenied as exc:
            if _wants_json(request):
                return _json({"ok": False, "message": str(exc)}, 403)
            raise
        if _wants_json(request):
            return _json({"ok": True, "redirect": result_url, "message": _("已交卷")})
        return HttpResponseRedirect(result_url)
    return _render_sheet(request, attempt, public)


def _render_sheet(request, attempt: Attempt, public: bool, error: str = "", status: int = 200):
    now = timezone.now()
    # The clock shows the time limit; a sheet without one only says when the quiz closes.
    left = int((attempt.deadline - now).total_seconds()) if attempt.deadline and attempt.quiz.time_limit else None
    return render(request, "quizzes/sheet.html", {
        "title": attempt.quiz.title, "attempt": attempt, "quiz": attempt.quiz, "public": public,
        "rows": [] if attempt.is_submitted else sheet_rows(attempt), "error": error,
        "seconds_left": max(left, 0) if left is not None else None,
        "review": review(attempt) if attempt.is_submitted and not public else [],
    }, status=status)


# -------------------------------------------------------------------------------------------- the public door
def _device_hash(raw: str) -> str:
    return hashlib.sha256(f"quiz-device:{raw}".encode()).hexdigest() if raw else ""


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _over_limit(request, sample) -> bool:
    """Count a start from this address; True when it is over the cap for the window."""
    key = f"tj-quiz-starts:{sample.quiz_id}:{_address(request)}"
    window = settings.TUANJIE_QUIZ_WINDOW_SECONDS
    if cache.add(key, 1, window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:      # expired between add and incr
        cache.add(key, 1, window)
        return False
    return count > settings.TUANJIE_QUIZ_STARTS_PER_ADDRESS


def _with_device(response, raw: str):
    response.set_cookie(DEVICE_COOKIE, raw, max_age=DEVICE_AGE, httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)
    return response


@never_cache
@ensure_csrf_cookie
def public_start(request, token):
    sample = selectors.sample_by_token(token)
    if sample is None or not sample.quiz.is_published or not sample.quiz.public:
        raise Http404(_("没有找到这份测试，请确认链接或二维码是否正确"))
    quiz = sample.quiz
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    device = _device_hash(raw)
    existing = Attempt.objects.filter(quiz=quiz, device=device).first() if device else None
    if existing is not None:
        return HttpResponseRedirect(reverse("public_quizzes:sheet", args=[existing.token]))
    error, status = "", 200
    if request.method == "POST":
        if not raw:
            raw = secrets.token_urlsafe(24)
            device = _device_hash(raw)
        if _over_limit(request, sample):
            error, status = _("同一网络提交过于频繁，请稍后再试"), 429
        else:
            try:
                attempt = services.attempt_start(by=None, sample=sample, device=device)
            except (ValidationError, PermissionDenied) as exc:
                error, status = " ".join(getattr(exc, "messages", [str(exc)])), 422
            else:
                return _with_device(HttpResponseRedirect(reverse("public_quizzes:sheet", args=[attempt.token])), raw)
    now = timezone.now()
    response = render(request, "quizzes/public_start.html", {
        "title": quiz.title, "quiz": quiz, "sample": sample, "error": error,
        "open": quiz.opens_at <= now <= quiz.closes_at,
        "count": quiz.items.count() if quiz.is_survey else min(quiz.question_count, quiz.bank.questions.count())},
        status=status)
    return _with_device(response, raw) if raw else response


@never_cache
@ensure_csrf_cookie
def public_sheet(request, token):
    attempt = selectors.attempt_by_token(token)
    device = _device_hash(request.COOKIES.get(DEVICE_COOKIE, ""))
    if attempt is None or not device or attempt.device != device:
        raise Http404(_("没有找到这份答卷：请用作答时的手机和浏览器打开"))
    return sheet_page(request, attempt, by=None, public=True,
                      result_url=reverse("public_quizzes:sheet", args=[attempt.token]))
