"""Security events (安全审计): sign-ins, failures, lockouts, refusals with the person, place, URL and request id,
exports and bulk reads, in a log that offices read for their subtree, export to Excel and keep at least six
months."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from tuanjie.core.models import SecurityEvent
from tuanjie.core.security import security_events_prune

PASSWORD = "Test-Pass-2026"


def kinds(**filters) -> list[str]:
    return list(SecurityEvent.objects.filter(**filters).order_by("id").values_list("kind", flat=True))


def test_a_sign_in_and_a_failure_are_events_of_the_persons_place(tree, unit_staff, client):
    client.post("/login/", {"username": unit_staff.username, "password": "wrong"})
    client.post("/login/", {"username": unit_staff.username, "password": PASSWORD})
    events = list(SecurityEvent.objects.order_by("id"))
    assert [e.kind for e in events] == ["login_failed", "login"]
    assert all(e.user == unit_staff and e.place_path == tree.u1.path and e.ip == "127.0.0.1" for e in events)
    assert events[0].url == "/login/" and events[0].request_id


def test_an_unknown_login_name_is_logged_without_a_place(db, client):
    client.post("/login/", {"username": "nobody", "password": "wrong"})
    event = SecurityEvent.objects.get()
    assert (event.kind, event.username, event.user, event.place_path) == ("login_failed", "nobody", None, "")


def test_a_lockout_is_an_event(tree, unit_staff, client):
    for _ in range(5):
        client.post("/login/", {"username": unit_staff.username, "password": "wrong"})
    assert "lockout" in kinds(username=unit_staff.username)


def test_a_refused_page_is_logged_with_person_place_url_and_request_id(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    response = client.get("/places/import/")   # an office's page: the unit is refused
    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind="denied")
    assert event.user == unit_staff and event.place_path == tree.u1.path and event.place_name == tree.u1.name
    assert event.url == "/places/import/" and event.status == 403
    assert event.request_id == response["X-Request-ID"]


def test_a_refused_api_call_is_logged_with_its_reason(tree, unit_staff, client_for):
    response = client_for(unit_staff).post("/api/places/", {"name": "新单位"}, content_type="application/json")
    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind="denied")
    assert event.method == "POST" and event.url == "/api/places/" and event.detail


def test_an_unauthenticated_api_call_is_logged(db, client):
    import base64

    auth = "Basic " + base64.b64encode(b"nobody:wrong").decode()
    assert client.get("/api/places/", HTTP_AUTHORIZATION=auth).status_code == 401
    assert "unauthenticated" in kinds(username="nobody")


def test_an_excel_export_is_an_event(tree, county_office, client_for):
    response = client_for(county_office).get("/places/?export=xlsx")
    assert response.status_code == 200
    event = SecurityEvent.objects.get(kind="export")
    assert event.user == county_office and event.url == "/places/?export=xlsx"


def test_offices_read_the_events_of_their_subtree_only(tree, county_office, township_office, neighbour_office,
                                                       unit_staff, client_for, client):
    client.post("/login/", {"username": unit_staff.username, "password": "wrong"})        # at U1, below T1
    client.post("/login/", {"username": neighbour_office.username, "password": "wrong"})  # the neighbour county
    assert SecurityEvent.objects.restrict(county_office).count() == 1
    assert SecurityEvent.objects.restrict(township_office).count() == 1
    assert SecurityEvent.objects.restrict(neighbour_office).count() == 1
    assert not SecurityEvent.objects.restrict(unit_staff).exists()
    page = client_for(county_office).get("/system/security/").content.decode()
    assert unit_staff.username in page and neighbour_office.username not in page


def test_the_log_exports_to_excel(tree, county_office, unit_staff, client_for, client):
    client.post("/login/", {"username": unit_staff.username, "password": "wrong"})
    response = client_for(county_office).get("/system/security/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "事件", "登录名")
    assert ("登录失败", unit_staff.username) in [(r[1], r[2]) for r in rows[1:]]


def test_the_log_is_for_offices(tree, unit_staff, client_for, client):
    client.post("/login/", {"username": unit_staff.username, "password": "wrong"})
    page = client_for(unit_staff).get("/system/security/")
    assert page.status_code == 200 and not page.context["object_list"]   # a unit reads none, not even its own


def test_events_are_kept_at_least_six_months_whatever_the_setting(settings, tree, unit_staff, client, monkeypatch):
    from tuanjie import settings as production

    monkeypatch.setenv("TUANJIE_SECURITY_LOG_DAYS", "30")
    import importlib

    assert importlib.reload(production).TUANJIE_SECURITY_LOG_DAYS == 183   # six months is the floor
    monkeypatch.delenv("TUANJIE_SECURITY_LOG_DAYS")
    importlib.reload(production)
    settings.TUANJIE_SECURITY_LOG_DAYS = 183
    client.post("/login/", {"username": unit_staff.username, "password": "wrong"})
    client.post("/login/", {"username": unit_staff.username, "password": "wrong"})
    old, recent = SecurityEvent.objects.order_by("id")
    SecurityEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=184))
    SecurityEvent.objects.filter(pk=recent.pk).update(at=timezone.now() - timedelta(days=182))
    assert security_events_prune() == 1
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [recent.pk]


def test_purge_prunes_the_security_log(settings, tree, unit_staff, client):
    client.post("/login/", {"username": unit_staff.username, "password": "wrong"})
    SecurityEvent.objects.update(at=timezone.now() - timedelta(days=settings.TUANJIE_SECURITY_LOG_DAYS + 1))
    out = io.StringIO()
    call_command("purge", stdout=out)
    assert "安全事件与查看记录：清除 1 条" in out.getvalue() and not SecurityEvent.objects.exists()


def test_an_event_cannot_be_edited(tree, unit_staff, client):
    client.post("/login/", {"username": unit_staff.username, "password": "wrong"})
    event = SecurityEvent.objects.get()
    event.detail = "改过"
    with pytest.raises(PermissionError):
        event.save()
