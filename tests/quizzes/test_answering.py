"""Answering: the public door (no identity, one sheet per device, a cap per address), the window and the time
limit on the server's clock, a draw fixed per sheet, and a sheet handed in once however often it is sent."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tuanjie.quizzes import services
from tuanjie.quizzes.answering import DEVICE_COOKIE
from tuanjie.quizzes.models import Attempt

from .conftest import at, right_answers


@pytest.fixture
def open_quiz(quiz, county_office):
    """The fixture quiz, open from a day ago for a week (the pages run on the real clock)."""
    from django.utils import timezone

    now = timezone.now()
    return services.quiz_update(by=county_office, instance=quiz, opens_at=now - timedelta(days=1),
                                closes_at=now + timedelta(days=7))


def input_names(page) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', page.content.decode()))


def start_publicly(client, sample):
    url = reverse("public_quizzes:start", args=[sample.token])
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url)


def test_a_phone_answers_without_signing_in_and_without_any_identity(client, tree, open_quiz, bank):
    sample = open_quiz.samples.get(place=tree.t1)
    page = client.get(reverse("public_quizzes:start", args=[sample.token]))
    assert input_names(page) == {"csrfmiddlewaretoken", "idempotency_key"}    # a start button, nothing asked
    started = client.post(reverse("public_quizzes:start", args=[sample.token]))
    assert started.status_code == 302
    sheet_url = started["Location"]
    sheet = client.get(sheet_url)
    assert sheet.status_code == 200 and "交卷" in sheet.content.decode()
    # the sheet asks the drawn questions and nothing else
    assert input_names(sheet) == {"csrfmiddlewaretoken", "idempotency_key"} | {f"q{q.pk}" for q in bank.q}
    attempt = Attempt.objects.get()
    data = {f"q{k}": v for k, v in right_answers(bank).items()}
    sent = client.post(sheet_url, data, HTTP_ACCEPT="application/json")
    assert sent.json()["ok"] is True
    attempt.refresh_from_db()
    assert (attempt.person_id, attempt.score, attempt.passed, attempt.place_id) == (None, 100, True, tree.t1.pk)
    assert len(attempt.device) == 64 and attempt.device != client.cookies[DEVICE_COOKIE].value


def test_a_sheet_sent_twice_is_one_sheet_with_the_first_result(client, tree, open_quiz, bank):
    sample = open_quiz.samples.get(place=tree.t1)
    sheet_url = start_publicly(client, sample)["Location"]
    right = {f"q{k}": v for k, v in right_answers(bank).items()}
    first = client.post(sheet_url, right, HTTP_ACCEPT="application/json")
    again = client.post(sheet_url, {}, HTTP_ACCEPT="application/json")   # a retry after a lost answer
    assert first.json()["ok"] and again.json()["ok"]
    assert Attempt.objects.count() == 1 and Attempt.objects.get().score == 100


def test_one_device_gets_one_sheet(client, tree, open_quiz):
    sample = open_quiz.samples.get(place=tree.t1)
    first = start_publicly(client, sample)["Location"]
    assert client.get(reverse("public_quizzes:start", args=[sample.token]))["Location"] == first
    assert client.post(reverse("public_quizzes:start", args=[sample.token])).status_code == 302
    assert Attempt.objects.count() == 1


def test_another_device_cannot_open_someone_elses_sheet(client, tree, open_quiz):
    from django.test import Client

    sheet_url = start_publicly(client, open_quiz.samples.get(place=tree.t1))["Location"]
    assert Client().get(sheet_url).status_code == 404


def test_starts_from_one_address_are_capped(client, tree, open_quiz, settings):
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    settings.TUANJIE_QUIZ_STARTS_PER_ADDRESS = 2
    sample = open_quiz.samples.get(place=tree.t1)
    answers = [start_publicly(Client(), sample).status_code for _ in range(3)]
    assert answers == [302, 302, 429]
    assert Attempt.objects.count() == 2


def test_a_staff_test_cannot_be_answered_anonymously(tree, unit_staff, bank, county_office):
    test = services.quiz_create(by=county_office, place=tree.county, kind="test", title="干部测试", bank=bank,
                                question_count=4, opens_at=at(3, 1), closes_at=at(3, 31), public=True)
    assert test.public is False
    sample = services.sample_set(by=county_office, quiz=test, place=tree.u1)
    services.quiz_publish(by=county_office, quiz=test)
    with pytest.raises(PermissionDenied, match="须登录"):
        services.attempt_start(by=None, sample=sample, device="x", now=at(3, 2))


def test_a_staff_test_is_only_for_the_units_staff(tree, unit_staff, bank, county_office, township_office):
    test = services.quiz_create(by=county_office, place=tree.county, kind="test", title="干部测试", bank=bank,
                                question_count=4, opens_at=at(3, 1), closes_at=at(3, 31))
    sample = services.sample_set(by=county_office, quiz=test, place=tree.u1)
    assert sample.size == 1                       # the unit's one staff member
    services.quiz_publish(by=county_office, quiz=test)
    with pytest.raises(PermissionDenied, match="只面向"):
        services.attempt_start(by=township_office, sample=sample, now=at(3, 2))
    sheet = services.attempt_start(by=unit_staff, sample=sample, now=at(3, 2))
    assert sheet.person == unit_staff and sheet.device == ""
    assert services.attempt_start(by=unit_staff, sample=sample, now=at(3, 3)).pk == sheet.pk


def test_the_window_is_enforced_on_the_servers_clock(tree, quiz):
    sample = quiz.samples.get(place=tree.t1)
    with pytest.raises(ValidationError, match="开始"):
        services.attempt_start(by=None, sample=sample, device="early", now=at(2, 28))
    with pytest.raises(ValidationError, match="截止"):
        services.attempt_start(by=None, sample=sample, device="late", now=at(4, 1))


def test_the_time_limit_refuses_a_sheet_handed_in_after_the_grace(tree, quiz, bank):
    sample = quiz.samples.get(place=tree.t1)
    sheet = services.attempt_start(by=None, sample=sample, device="slow", now=at(3, 5, 10))
    assert sheet.deadline == at(3, 5, 10) + timedelta(minutes=20)
    with pytest.raises(ValidationError, match="超过答题时限"):
        services.attempt_submit(by=None, attempt=sheet, answers=right_answers(bank),
                                now=at(3, 5, 10) + timedelta(minutes=26))
    # within the grace (a phone that was offline at the deadline) it is taken
    done = services.attempt_submit(by=None, attempt=sheet, answers=right_answers(bank),
                                   now=at(3, 5, 10) + timedelta(minutes=24))
    assert done.score == 100


def test_the_draw_and_the_option_order_are_fixed_per_sheet(tree, quiz, bank, county_office):
    services.quiz_update(by=county_office, instance=quiz, title=quiz.title)
    sample = quiz.samples.get(place=tree.t1)
    sheet = services.attempt_start(by=None, sample=sample, device="d1", now=at(3, 2))
    drawn = sheet.drawn
    assert sorted(e["q"] for e in drawn) == sorted(q.pk for q in bank.q)
    assert services.attempt_start(by=None, sample=sample, device="d1", now=at(3, 3)).drawn == drawn
    orders = {tuple(e["o"]) for _ in range(30)
              for e in services.attempt_start(by=None, sample=sample, device=f"n{_}", now=at(3, 2)).drawn
              if e["q"] == bank.q[2].pk}
    assert len(orders) > 1                           # the options of the multiple-choice question are shuffled


def test_an_answer_outside_the_options_is_refused_with_what_to_fix(tree, quiz, bank):
    sheet = services.attempt_start(by=None, sample=quiz.samples.get(place=tree.t1), device="bad", now=at(3, 2))
    with pytest.raises(ValidationError, match="无法识别"):
        services.attempt_submit(by=None, attempt=sheet, answers={str(bank.q[0].pk): [7]}, now=at(3, 2))
    assert not Attempt.objects.get(pk=sheet.pk).is_submitted


def test_the_change_log_the_offices_read_holds_no_answers_scores_or_names(tree, quiz, bank, unit_staff):
    from tuanjie.core.models import ChangeLogEntry

    sheet = services.attempt_start(by=None, sample=quiz.samples.get(place=tree.t1), device="log", now=at(3, 2))
    services.attempt_submit(by=None, attempt=sheet, answers=right_answers(bank), now=at(3, 2))
    logged = ChangeLogEntry.objects.filter(object_id=str(sheet.pk), content_type__model="attempt")
    assert logged.count() == 2
    fields = set().union(*[set((e.before or {}) | (e.after or {})) for e in logged])
    assert fields <= {"id", "quiz_id", "sample_id", "place_id", "started_at", "submitted_at"}
