import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def test_a_person_signs_in_and_lands_on_their_place(tree, county_office, client):
    response = client.post("/login/", {"username": "county_office", "password": "Test-Pass-2026"}, follow=True)
    assert response.status_code == 200
    assert "团结县" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(tree, county_office, client):
    for _ in range(5):
        client.post("/login/", {"username": "county_office", "password": "wrong"})
    response = client.post("/login/", {"username": "county_office", "password": "Test-Pass-2026"})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_a_wrong_password_says_so_in_chinese(tree, county_office, client):
    response = client.post("/login/", {"username": "county_office", "password": "wrong"})
    assert "登录名或密码不正确" in response.content.decode()


@pytest.mark.parametrize("password", ["short1A!", "alllowercaseletters", "1234567890123", "Abcdefghijkl"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_strong_password_is_accepted():
    validate_password("Hezuo-Tuanjie-2026")


def test_sessions_expire_when_idle(settings, tree, county_office, client):
    assert "tuanjie.core.sessions.IdleSessionMiddleware" in settings.MIDDLEWARE   # requests push the expiry on
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    client.force_login(county_office)
    assert client.get("/").status_code == 200
    client.session.set_expiry(-1)  # simulate the idle time passing
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_pages_need_sign_in_but_health_does_not(db, client):
    assert client.get("/places/").status_code == 302
    assert client.get("/healthz").status_code == 200
