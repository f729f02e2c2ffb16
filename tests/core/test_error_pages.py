"""During a database outage the site answers with a Chinese page (JSON for the API) that says whether the action
was saved, renders it without the database, and works again as soon as the database is back."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories_attachments import PNG_1PX
from tests.outage import database_down
from tuanjie.activities.models import Activity
from tuanjie.attachments.models import Attachment

NOT_SAVED = "您的操作没有保存，请稍后重试"


@pytest.fixture
def signed_in(client_for, unit_staff):
    client = client_for(unit_staff)
    client.raise_request_exception = False
    return client


def stored_files(settings):
    return sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) if settings.MEDIA_ROOT.exists() else []


def test_a_page_view_during_an_outage_gets_a_chinese_503_and_works_again_after(signed_in):
    with database_down():
        response = signed_in.get("/activities/")
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"]
    assert "数据库暂时无法访问" in html and "本次访问没有更改任何数据" in html
    assert "Server Error" not in html
    assert signed_in.get("/activities/").status_code == 200


def test_a_form_whose_write_fails_says_not_saved_and_leaves_nothing(tree, signed_in, settings):
    with database_down(when=lambda sql: sql.startswith('INSERT INTO "attachments_attachment"')):
        response = signed_in.post("/activities/add/", {
            "place": tree.u1.pk, "start_date": "2026-05-12", "kind": "class_meeting", "title": "停电时提交",
            "photos": [SimpleUploadedFile("a.png", PNG_1PX)]})
    assert response.status_code == 503
    assert NOT_SAVED in response.content.decode()
    assert not Activity.objects.exists() and not Attachment.objects.exists()
    assert stored_files(settings) == []


def test_the_api_answers_an_outage_with_chinese_json(tree, signed_in):
    with database_down(when=lambda sql: sql.startswith("INSERT")):
        response = signed_in.post("/api/activities/", {"place": tree.u1.pk, "start_date": "2026-05-12",
                                                        "title": "主题宣讲", "kind": "lecture"},
                                  content_type="application/json")
    assert response.status_code == 503
    body = response.json()
    assert NOT_SAVED in body["detail"] and body["saved"] is False
    assert not Activity.objects.exists()


def test_another_error_gets_a_chinese_500_page(signed_in, settings):
    settings.ROOT_URLCONF = "tests.core.failing_urls"
    response = signed_in.post("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in html and NOT_SAVED in html and "请求编号" in html
    assert signed_in.get("/broken/", HTTP_ACCEPT="application/json").json()["detail"].startswith("系统出错了")


@pytest.mark.django_db(transaction=True)
def test_an_error_after_a_committed_write_does_not_claim_nothing_was_saved(tree, unit_staff, client, settings):
    settings.ROOT_URLCONF = "tests.core.failing_urls"
    client.force_login(unit_staff)
    client.raise_request_exception = False
    response = client.post("/saves-then-fails/")
    html = response.content.decode()
    assert Group.objects.filter(name="已经保存").exists()
    assert response.status_code == 503
    assert NOT_SAVED not in html and "您的操作可能已经保存" in html
