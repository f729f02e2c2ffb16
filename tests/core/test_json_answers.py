"""A page's form sent by script (Accept: application/json, the offline queue's sync) is answered in JSON as the
field-capture contract says (core/answers.py): the activity form here, the shared create/edit pages it is one of,
and the visit form with its needs in tests/pairing/test_visit_json.py."""

import uuid

from django.test import Client
from django.urls import reverse

from tuanjie.activities.models import Activity

ADD = reverse("activities:activity_add")
JSON = {"HTTP_ACCEPT": "application/json"}


def activity(tree, **changes):
    return {"place": tree.u1.pk, "start_date": "2026-05-12", "kind": "class_meeting", "title": "民族团结主题班会",
            "participants": "45", **changes}


def test_a_saved_activity_answers_ok_with_where_to_go_and_its_id(tree, unit_staff, client_for):
    response = client_for(unit_staff).post(ADD, activity(tree), **JSON)
    saved = Activity.objects.get()
    assert response.status_code == 200
    assert response.json() == {"ok": True, "redirect": saved.get_absolute_url(), "id": saved.pk,
                               "message": "已保存：民族团结主题班会"}


def test_an_invalid_activity_answers_422_saying_what_to_fix_by_field(tree, unit_staff, client_for):
    response = client_for(unit_staff).post(ADD, activity(tree, title=""), **JSON)
    body = response.json()
    assert response.status_code == 422 and body["ok"] is False
    assert list(body["errors"]) == ["title"]
    assert body["message"].startswith("请修改后再提交：") and "活动名称：该字段是必填项" in body["message"]
    assert Activity.objects.count() == 0


def test_an_activity_for_a_unit_out_of_reach_answers_422_or_403_in_chinese(tree, unit_staff, client_for):
    response = client_for(unit_staff).post(ADD, activity(tree, place=tree.u2.pk), **JSON)
    # The unit's choices hold only its own places: the form refuses the sibling before any service runs.
    assert response.status_code == 422 and "place" in response.json()["errors"]


def test_a_refusal_by_the_place_check_answers_403_with_the_reason(tree, unit_staff, client_for, monkeypatch):
    from django.core.exceptions import PermissionDenied

    from tuanjie.activities.views import ActivityEditView

    def refuse(self, form, obj):
        raise PermissionDenied("您无权在“城关镇中心学校”下保存该记录")

    monkeypatch.setattr(ActivityEditView, "perform_save", refuse)
    response = client_for(unit_staff).post(ADD, activity(tree), **JSON)
    assert response.status_code == 403
    assert response.json() == {"ok": False, "message": "您无权在“城关镇中心学校”下保存该记录"}


def test_a_post_after_the_session_ended_answers_401_with_the_sign_in_address(tree, client):
    response = client.post(ADD, activity(tree), HTTP_REFERER="http://testserver/activities/add/", **JSON)
    assert response.status_code == 401
    assert response.json() == {"ok": False, "message": "登录已过期，请重新登录后再同步",
                               "login": "/login/?next=/activities/add/"}


def test_a_refused_csrf_token_answers_403_marked_csrf(tree, unit_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(unit_staff)
    response = client.post(ADD, activity(tree, idempotency_key=str(uuid.uuid4())), **JSON)
    body = response.json()
    assert response.status_code == 403 and body["ok"] is False and body["csrf"] is True
    assert body["message"] == "页面已过期。您提交的内容没有保存。"
    assert Activity.objects.count() == 0


def test_a_form_without_script_still_gets_the_redirect(tree, unit_staff, client_for):
    response = client_for(unit_staff).post(ADD, activity(tree))
    assert response.status_code == 302
