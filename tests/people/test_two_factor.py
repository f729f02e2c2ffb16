"""Offices, inspectors and admins sign in with a second factor (TOTP from a phone, or a one-time recovery code);
an office resets it for the people of its reach. Signed in here through the pages, never force_login (which stands
for a finished sign-in, tests/conftest.py)."""

import base64
import re
import time

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.twofactor import code_at, code_for, enrol
from tuanjie.core.models import SecurityEvent
from tuanjie.core.roles import Role

PASSWORD = "Test-Pass-2026"


def password_step(client, username):
    return client.post("/login/", {"username": username, "password": PASSWORD, "next": "/activities/"})


def enrol_through_the_page(client, next_url="/activities/"):
    page = client.get(f"/2fa/enrol/?next={next_url}")
    secret = re.search(r'data-totp-secret="([A-Z2-7=]+)"', page.content.decode()).group(1)
    code = code_at(base64.b32decode(secret), int(time.time()) // 30)
    return page, client.post("/2fa/enrol/", {"code": code, "next": next_url})


@pytest.mark.parametrize("role", [Role.OFFICE, Role.INSPECTOR])
def test_an_office_or_inspector_without_an_authenticator_is_sent_to_enrol_after_the_password(role, tree, client):
    person = tree.person(role, tree.county)
    response = password_step(client, person.username)
    assert response.status_code == 302
    gated = client.get(response["Location"])
    assert gated.status_code == 302 and gated["Location"].startswith("/2fa/enrol/")
    assert client.get("/places/")["Location"].startswith("/2fa/enrol/")   # nothing else opens until then
    api = client.get("/api/places/")
    assert api.status_code == 403 and "双因素认证" in api.json()["detail"]
    refused = SecurityEvent.objects.get(kind="denied")
    assert refused.user == person and refused.url == "/api/places/" and "双因素认证" in refused.detail


def test_the_enrolment_page_shows_a_qr_code_and_then_the_recovery_codes_once(county_office, client):
    password_step(client, "county_office")
    page, done = enrol_through_the_page(client)
    assert 'src="data:image/svg+xml' in page.content.decode()   # the QR code, drawn on the server
    text = done.content.decode()
    assert done.status_code == 200 and "只显示这一次" in text
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", text)
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=county_office).values_list("token", flat=True)) == set(codes)
    assert client.get("/activities/").status_code == 200      # this session has passed
    assert client.get("/2fa/enrol/")["Location"].startswith("/2fa/verify/")   # codes are not shown again
    assert SecurityEvent.objects.filter(kind="otp_enrol", user=county_office).count() == 1


def test_a_wrong_code_does_not_enrol(county_office, client):
    password_step(client, "county_office")
    response = client.post("/2fa/enrol/", {"code": "000000", "next": "/"})
    assert "动态口令不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=county_office, confirmed=True).exists()


def test_an_enrolled_office_types_the_code_after_the_password(county_office, client):
    device = enrol(county_office)
    password_step(client, "county_office")
    assert client.get("/activities/")["Location"].startswith("/2fa/verify/")
    response = client.post("/2fa/verify/", {"code": code_for(device), "next": "/activities/"})
    assert response.status_code == 302 and response["Location"] == "/activities/"
    assert client.get("/activities/").status_code == 200
    assert SecurityEvent.objects.filter(kind="login", user=county_office).exists()


def test_a_wrong_code_is_refused_and_logged(county_office, client):
    enrol(county_office)
    password_step(client, "county_office")
    response = client.post("/2fa/verify/", {"code": "123456", "next": "/"})
    assert response.status_code == 200 and "动态口令不正确" in response.content.decode()
    assert client.get("/activities/").status_code == 302
    assert SecurityEvent.objects.filter(kind="otp_failed", user=county_office).count() == 1


def test_a_recovery_code_works_once(county_office, client):
    password_step(client, "county_office")
    _page, done = enrol_through_the_page(client)
    code = re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())[0]
    client.post("/logout/")
    password_step(client, "county_office")
    assert client.post("/2fa/verify/", {"code": code, "next": "/activities/"})["Location"] == "/activities/"
    client.post("/logout/")
    password_step(client, "county_office")
    assert client.post("/2fa/verify/", {"code": code, "next": "/activities/"}).status_code == 200   # spent
    assert SecurityEvent.objects.filter(kind="recovery_used", user=county_office).count() == 1


def test_units_and_cadres_sign_in_with_the_password_alone(unit_staff, cadre, client):
    for person in (unit_staff, cadre):
        client.post("/login/", {"username": person.username, "password": PASSWORD})
        assert client.get("/activities/").status_code == 200
        client.post("/logout/")


def test_the_setting_turns_the_requirement_off_with_a_warning_on_every_page(settings, county_office, unit_staff,
                                                                          client):
    settings.TUANJIE_2FA_REQUIRED = False
    password_step(client, "county_office")
    page = client.get("/activities/")
    assert page.status_code == 200 and "双因素认证已关闭" in page.content.decode()
    client.post("/logout/")
    client.post("/login/", {"username": unit_staff.username, "password": PASSWORD})
    assert "双因素认证已关闭" not in client.get("/activities/").content.decode()   # it never applied to units


def test_the_production_default_requires_it():
    from tuanjie import settings as production

    assert production.TUANJIE_2FA_REQUIRED is True


def test_an_office_resets_a_person_of_its_reach_and_the_old_session_stops_passing(
        tree, county_office, township_office, client_for):
    from django.test import Client

    device = enrol(township_office)
    theirs = Client()
    password_step(theirs, township_office.username)
    theirs.post("/2fa/verify/", {"code": code_for(device), "next": "/"})
    assert theirs.get("/activities/").status_code == 200
    office = client_for(county_office)
    response = office.post(f"/people/{township_office.pk}/2fa-reset/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=township_office).exists()
    assert theirs.get("/activities/")["Location"].startswith("/2fa/enrol/")
    event = SecurityEvent.objects.get(kind="otp_reset")
    assert event.user == county_office and township_office.username in event.detail and event.request_id


def test_an_office_cannot_reset_a_person_outside_its_reach(tree, neighbour_office, township_office, client_for):
    enrol(township_office)
    response = client_for(neighbour_office).post(f"/people/{township_office.pk}/2fa-reset/")
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=township_office).exists()


def test_the_demo_personas_of_the_gated_roles_are_enrolled_with_the_published_secret(tree):
    from tuanjie.demo.twofactor import DEMO_TOTP_SECRET, enrol_demo_people

    office, unit = tree.person(Role.OFFICE, tree.county), tree.person(Role.UNIT, tree.u1)
    enrol_demo_people([office, unit])
    device = TOTPDevice.objects.get(user=office)
    assert base64.b32encode(device.bin_key).decode() == DEMO_TOTP_SECRET == "OR2WC3TKNFSS2ZDFNVXS2MTGMEWWWZLZ"
    assert not TOTPDevice.objects.filter(user=unit).exists()
