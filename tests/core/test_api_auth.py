"""How systems call the API: tokens a person creates (shown once, stored as a sha256, acting with the person's
reach, revocable), Basic auth that does not re-hash the password on every call, 401 with WWW-Authenticate for
wrong credentials, and the schema and Swagger page behind sign-in."""

import base64
import hashlib
import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache

from tuanjie.core.models import SecurityEvent
from tuanjie.people.models import ApiToken

PASSWORD = "Test-Pass-2026"


@pytest.fixture(autouse=True)
def _no_remembered_passwords():
    cache.clear()
    yield
    cache.clear()


def basic(username, password=PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def create_token(client, name="统计局对接") -> str:
    page = client.post("/people/tokens/", {"name": name}).content.decode()
    return re.search(r'data-token="(tj_[A-Za-z0-9_-]+)"', page).group(1)


def test_a_person_creates_a_token_that_is_shown_once_and_stored_hashed(tree, county_office, client_for):
    client = client_for(county_office)
    secret = create_token(client)
    token = ApiToken.objects.get(user=county_office)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest() and secret not in str(token.__dict__)
    assert secret not in client.get("/people/tokens/").content.decode()   # never again
    assert SecurityEvent.objects.filter(kind="token_create", user=county_office).exists()


def test_a_token_acts_with_its_persons_reach_and_records_its_use(tree, township_office, client_for, client):
    secret = create_token(client_for(township_office))
    api = client.__class__()
    response = api.get("/api/places/?page_size=100", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200
    names = {row["name"] for row in response.json()["results"]}
    assert {"城关镇", "幸福村"} <= names and "石榴镇" not in names and "友谊县" not in names
    assert api.get("/api/places/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert ApiToken.objects.get().last_used is not None


def test_a_revoked_token_answers_401_with_a_challenge(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    secret = create_token(client)
    token = ApiToken.objects.get()
    assert client.post(f"/people/tokens/{token.pk}/revoke/").status_code == 302
    api = client.__class__()
    response = api.get("/api/places/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")
    assert "吊销" in response.json()["detail"]


def test_a_person_cannot_revoke_anothers_token(tree, unit_staff, cadre, client_for):
    create_token(client_for(unit_staff))
    token = ApiToken.objects.get()
    assert client_for(cadre).post(f"/people/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked is None


def test_wrong_basic_credentials_answer_401_with_www_authenticate(tree, unit_staff, client):
    response = client.get("/api/places/", HTTP_AUTHORIZATION=basic(unit_staff.username, "wrong"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="tuanjie", charset="UTF-8"'


def test_no_credentials_answer_401_with_a_challenge(db, client):
    response = client.get("/api/places/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == 'Token realm="tuanjie"'


def test_basic_auth_verifies_the_password_once_and_then_remembers_it(tree, unit_staff, client, monkeypatch):
    calls = []
    verify = MD5PasswordHasher.verify
    monkeypatch.setattr(MD5PasswordHasher, "verify", lambda self, p, e: calls.append(1) or verify(self, p, e))
    for _ in range(3):
        assert client.get("/api/places/", HTTP_AUTHORIZATION=basic(unit_staff.username)).status_code == 200
    assert len(calls) == 1


def test_a_changed_password_ends_the_remembered_basic_pair(tree, unit_staff, client):
    assert client.get("/api/places/", HTTP_AUTHORIZATION=basic(unit_staff.username)).status_code == 200
    unit_staff.set_password("Another-Pass-2027")
    unit_staff.save()
    assert client.get("/api/places/", HTTP_AUTHORIZATION=basic(unit_staff.username)).status_code == 401


def test_people_who_need_the_second_factor_cannot_use_basic_auth(tree, county_office, client):
    response = client.get("/api/places/", HTTP_AUTHORIZATION=basic(county_office.username))
    assert response.status_code == 401 and "接口令牌" in response.json()["detail"]


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_the_schema_and_docs_need_sign_in(db, client, url):
    response = client.get(url)
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert response["Location"].startswith("/login/")


def test_a_signed_in_person_reads_the_schema_and_docs(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and "<script>" not in docs.content.decode()   # its script is a file
    assert client.get("/api/docs/?script").status_code == 200
