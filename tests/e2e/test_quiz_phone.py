"""A phone answers a public quiz on a weak network: the answers survive a reload, a sheet handed in while the
network is gone waits in the page and reaches the server once when it comes back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import shot
from tuanjie.core.context import acting_as
from tuanjie.quizzes import services
from tuanjie.quizzes.models import Attempt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sample(tree, county_office):
    now = timezone.now()
    with acting_as(county_office, source="test"):
        bank = services.bank_create(by=county_office, place=tree.county, name="应知应会")
        services.question_create(by=county_office, bank=bank, kind="single", text="创建工作的主线是什么？",
                                 options=["铸牢中华民族共同体意识", "发展经济"], answer=[0], awareness=True)
        services.question_create(by=county_office, bank=bank, kind="truefalse", text="民族团结是生命线。",
                                 answer=[0], awareness=True)
        quiz = services.quiz_create(by=county_office, place=tree.county, kind="quiz", title="知识竞赛", bank=bank,
                                    question_count=2, time_limit=20, opens_at=now - timedelta(hours=1),
                                    closes_at=now + timedelta(days=1))
        sample = services.sample_set(by=county_office, quiz=quiz, place=tree.t1, size=10)
        services.quiz_publish(by=county_office, quiz=quiz)
    return sample


def test_a_sheet_handed_in_offline_is_kept_and_sent_once_when_the_network_returns(sample, phone):
    page = phone
    page.goto(f"/public/quiz/{sample.token}/")
    page.get_by_test_id("start").click()
    page.get_by_test_id("submit").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("铸牢中华民族共同体意识").check()
    page.reload()
    assert page.get_by_label("铸牢中华民族共同体意识").is_checked()       # kept in the browser
    page.get_by_label("正确").check()
    page.context.set_offline(True)
    page.get_by_test_id("submit").click()
    page.locator("[data-offline]").wait_for(state="visible")
    shot(page, "quiz-offline")
    assert not Attempt.objects.filter(submitted_at__isnull=False).exists()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_test_id("result").wait_for()
    assert "100" in page.get_by_test_id("result").inner_text()
    sheet = Attempt.objects.get()
    assert (sheet.score, sheet.person_id, sheet.awareness_correct) == (100, None, 2)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('tj-quiz')).length") == 0
