"""The visit form with the needs raised during it, sent by script (the offline queue's sync): JSON answers and one
contact however often it is sent under its key (core/answers.py, core/idempotency.py)."""

import uuid

import pytest
from django.urls import reverse

from tuanjie.pairing.models import Contact, Need

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def visit(scene):
    return {"pair": scene.pair.pk, "date": "2026-02-03", "form": "visit", "topic": "拉家常，了解春耕准备",
            "deeds": "帮助联系农机", "cost": "30", "needs-TOTAL_FORMS": "2", "needs-INITIAL_FORMS": "0",
            "needs-MIN_NUM_FORMS": "0", "needs-MAX_NUM_FORMS": "1000",
            "needs-0-category": "housing", "needs-0-description": "屋顶漏雨",
            "needs-1-category": "medical", "needs-1-description": "母亲需要复查"}


def test_a_visit_with_its_needs_answers_ok_and_a_retry_under_its_key_saves_nothing_more(scene, visit, client_for):
    client = client_for(scene.cadre)
    headers = {**JSON, "HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())}
    first = client.post(reverse("pairing:contact_add"), visit, **headers)
    again = client.post(reverse("pairing:contact_add"), visit, **headers)
    contact = Contact.objects.get()
    assert first.json() == {"ok": True, "redirect": reverse("pairing:my_pairs"), "id": contact.pk,
                            "message": f"已保存：{contact}"}
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Need.objects.count() == 2


def test_a_half_filled_need_row_answers_422_naming_the_row(scene, visit, client_for):
    visit["needs-1-description"] = ""
    response = client_for(scene.cadre).post(reverse("pairing:contact_add"), visit, **JSON)
    body = response.json()
    assert response.status_code == 422
    assert body["errors"] == {"needs-1-description": ["请填写诉求内容（不登记这项诉求时请删除此项）"]}
    assert "第2行" in body["message"] and "请填写诉求内容" in body["message"]
    assert Contact.objects.count() == 0


def test_a_visit_the_service_refuses_answers_422_with_its_reason(scene, visit, client_for):
    response = client_for(scene.cadre).post(reverse("pairing:contact_add"), {**visit, "date": "2026-01-05"}, **JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": ["联系日期不能早于结对日期（2026年1月6日）"]}
