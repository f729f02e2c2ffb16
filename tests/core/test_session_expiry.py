"""A form sent after the session ended leads, through sign-in, back to the page that holds the form (where the
browser's draft is restored), with a Chinese message; 继续使用 refreshes the session; pages say how long it lasts."""

import re
from datetime import UTC, datetime, timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from tuanjie.core import sessions

FORM = "/pairing/contacts/add/"
EXPIRED = "登录已超时，刚才的内容尚未提交。您填写的内容已保存在本机，重新登录后将回到原页面并自动恢复。"


def test_an_expired_post_sends_to_sign_in_with_the_form_as_next_and_says_the_input_is_kept(tree, cadre, client):
    response = client.post(FORM, {"topic": "拉家常"}, HTTP_REFERER=f"http://testserver{FORM}")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/pairing/contacts/add/"
    login = client.get(response["Location"])
    assert EXPIRED in login.content.decode()
    assert 'name="next" value="/pairing/contacts/add/"' in login.content.decode()
    signed_in = client.post("/login/", {"username": "cadre", "password": "Test-Pass-2026",
                                        "next": "/pairing/contacts/add/"})
    assert signed_in.status_code == 302 and signed_in["Location"] == FORM


def test_an_expired_post_to_an_action_address_returns_to_the_page_it_was_sent_from(tree, cadre, client):
    response = client.post("/pairing/needs/7/solve_by_cadre/", {"note": "已修好"},
                           HTTP_REFERER="http://testserver/pairing/needs/7/?tab=steps")
    assert response["Location"] == "/login/?next=/pairing/needs/7/%3Ftab%3Dsteps"


def test_an_expired_post_from_another_site_returns_to_the_address_posted_to(tree, cadre, client):
    response = client.post(FORM, {"topic": "x"}, HTTP_REFERER="https://elsewhere.example/pairing/contacts/add/")
    assert response["Location"] == "/login/?next=/pairing/contacts/add/"
    without = client.post(FORM, {"topic": "x"})
    assert without["Location"] == "/login/?next=/pairing/contacts/add/"


def test_an_expired_post_in_a_real_session_is_treated_alike(tree, cadre, client_for):
    client = client_for(cadre)
    client.get("/")
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.post(FORM, {"topic": "拉家常"}, HTTP_REFERER=f"http://testserver{FORM}")
    assert response["Location"] == "/login/?next=/pairing/contacts/add/"


def test_an_expired_htmx_post_makes_the_whole_page_go_to_sign_in(tree, cadre, client):
    response = client.post("/pairing/needs/7/solve_by_cadre/", {"note": "已修好"}, HTTP_HX_REQUEST="true",
                           HTTP_REFERER="http://testserver/pairing/needs/7/")
    assert response.status_code == 200 and response["HX-Redirect"] == "/login/?next=/pairing/needs/7/"
    assert EXPIRED in client.get(response["HX-Redirect"]).content.decode()


def test_an_expired_keep_alive_is_told_401_with_where_to_sign_in_and_no_message(tree, client):
    response = client.post("/system/session/keep-alive/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "message": "登录已过期，请重新登录后再同步",
                               "login": "/login/?next=/system/session/keep-alive/"}
    assert EXPIRED not in client.get(response.json()["login"]).content.decode()


def test_opening_a_page_while_signed_out_shows_no_expiry_message(tree, client):
    response = client.get(FORM, follow=True)
    assert EXPIRED not in response.content.decode()


def test_keep_alive_moves_the_sessions_end_a_full_idle_time_ahead(tree, cadre, client_for, monkeypatch, settings):
    settings.SESSION_COOKIE_AGE = 1800
    client = client_for(cadre)
    client.get("/")
    key = client.session.session_key
    start = client.session[sessions.REFRESHED]
    later = start + 20     # inside the minute in which page views do not write the session
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    monkeypatch.setattr(timezone, "now", lambda: datetime.fromtimestamp(later, UTC))
    response = client.post("/system/session/keep-alive/")
    assert response.status_code == 200 and response.json() == {"seconds_left": 1800}
    assert Session.objects.get(pk=key).expire_date == datetime.fromtimestamp(later + 1800, UTC)


def test_keep_alive_takes_only_posts_and_only_from_a_signed_in_person(tree, cadre, client, client_for):
    assert client.post("/system/session/keep-alive/", HTTP_ACCEPT="application/json").status_code == 401
    assert client_for(cadre).get("/system/session/keep-alive/").status_code == 405


def test_a_page_tells_its_script_how_long_the_session_has_left(tree, cadre, client_for, monkeypatch, settings):
    settings.SESSION_COOKIE_AGE = 1800
    client = client_for(cadre)
    client.get("/")
    refreshed = client.session[sessions.REFRESHED]
    left = lambda page: int(re.search(r'data-session-left="(\d+)"', page.content.decode()).group(1))  # noqa: E731
    monkeypatch.setattr(sessions.time, "time", lambda: refreshed + 30)
    assert left(client.get("/pairing/")) == 1770         # not refreshed yet: it ends where the last refresh put it
    monkeypatch.setattr(sessions.time, "time", lambda: refreshed + 90)
    assert left(client.get("/pairing/")) == 1800         # refreshed on the way out


def test_the_sign_in_page_carries_no_session_clock(tree, client):
    assert "data-session-left" not in client.get("/login/").content.decode()
