"""Shared test fixtures: a small tree with a neighbour at every level, and personas built through the same
services the product uses (so tests never reach states the product cannot)."""

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role

# Playwright's sync API runs an event loop in the test thread; Django's ORM use there is still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_in_memory_sqlite():
    """Browser tests on SQLite run against an in-memory database whose one connection Django's live server shares
    between its request threads; requests that overlap (a page and the service worker's warm-up of the working
    pages) can then deadlock inside sqlite3. The live server takes them one at a time there; PostgreSQL (and a real
    SQLite file in production, a connection per thread) keeps them concurrent."""
    import threading

    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor != "sqlite":
        yield
        return
    base = LiveServerThread.server_class
    lock = threading.Lock()

    class OneAtATime(base):
        def set_app(self, application):
            def serialised(environ, start_response):
                with lock:
                    return application(environ, start_response)
            super().set_app(serialised)

    LiveServerThread.server_class = OneAtATime
    yield
    LiveServerThread.server_class = base


@pytest.fixture(scope="session", autouse=True)
def _force_login_passes_the_second_factor():
    """The test client's force_login stands for a finished sign-in: for the roles that must pass the second factor
    (people/twofactor.py) it also enrols an authenticator and marks the session verified, as the verification page
    does. Tests of the second factor itself sign in through the pages (tests/people/test_two_factor.py)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.twofactor import enrol
    from tuanjie.people.twofactor import requires_second_factor

    original = Client._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        if requires_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = enrol(user).persistent_id
            session.save()

    Client._login = _login
    yield
    Client._login = original


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    # The fast one preferred, the imports' initial-password hasher after it as in production (settings.py).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 "tuanjie.people.hashers.RandomInitialPasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TUANJIE_UPLOADS_DIR = tmp_path / "uploads"
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "tests.static_storage.FoundOrFailStaticFilesStorage"}}
    settings.AXES_ENABLED = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
    # Pages compute their dashboard afresh unless a test asks for the fragment cache (`dashboard_cache` fixture).
    settings.CACHES = {**settings.CACHES, "dashboard": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@dataclass
class Tree:
    """province → city → county A (townships T1, T2; T1 has village V1 and units U1 (with sub-unit U1a), U2)
    and the neighbouring county B (township B1)."""

    province: object = None
    city: object = None
    county: object = None
    neighbour: object = None
    t1: object = None
    t2: object = None
    v1: object = None
    u1: object = None
    u1a: object = None
    u2: object = None
    b1: object = None
    users: dict = field(default_factory=dict)

    def person(self, role: str, place, username: str | None = None):
        """A person holding `role` at `place` (created on first use)."""
        from tuanjie.people.services import user_create

        key = username or f"{role}-{place.code}"
        if key not in self.users:
            self.users[key] = user_create(by=None, username=key, full_name=f"{Role(role).label}{place.name}",
                                          home_place=place, password="Test-Pass-2026", roles=(role,))
        return self.users[key]

    def relatives(self, anchor: str) -> dict:
        """own / child / sibling / parent places for an anchor level."""
        return {
            "county": {"own": self.county, "child": self.t1, "sibling": self.neighbour, "parent": self.city},
            "township": {"own": self.t1, "child": self.v1, "sibling": self.t2, "parent": self.county},
            "unit": {"own": self.u1, "child": self.u1a, "sibling": self.u2, "parent": self.t1},
        }[anchor]


@pytest.fixture
def tree(db) -> Tree:
    from tuanjie.places.defaults import ensure
    from tuanjie.places.models import CreationField, Place, PlaceLevel
    from tuanjie.places.services import place_create

    ensure()  # a transactional (browser) test flushes the tables the data migration filled
    level = {lv.name: lv for lv in PlaceLevel.objects.all()}
    school = CreationField.objects.get(name="学校")
    agency = CreationField.objects.get(name="机关")
    area = Place.Kind.AREA
    unit = Place.Kind.UNIT
    t = Tree()
    with acting_as(None, source="test"):
        t.province = place_create(parent=None, kind=area, name="同心省", code="910000000000", level=level["省"])
        t.city = place_create(parent=t.province, kind=area, name="和睦市", code="910100000000", level=level["市"])
        t.county = place_create(parent=t.city, kind=area, name="团结县", code="910102000000", level=level["县"])
        t.neighbour = place_create(parent=t.city, kind=area, name="友谊县", code="910103000000", level=level["县"])
        t.t1 = place_create(parent=t.county, kind=area, name="城关镇", code="910102001000", level=level["乡"])
        t.t2 = place_create(parent=t.county, kind=area, name="石榴镇", code="910102002000", level=level["乡"])
        t.v1 = place_create(parent=t.t1, kind=area, name="幸福村", code="910102001001", level=level["村"])
        t.u1 = place_create(parent=t.t1, kind=unit, name="城关镇中心学校", code="U1", creation_field=school)
        t.u1a = place_create(parent=t.u1, kind=unit, name="中心学校附属幼儿园", code="U1A", creation_field=school)
        t.u2 = place_create(parent=t.t1, kind=unit, name="城关镇人民政府", code="U2", creation_field=agency)
        t.b1 = place_create(parent=t.neighbour, kind=area, name="友谊镇", code="910103001000", level=level["乡"])
    return t


@pytest.fixture
def county_office(tree):
    return tree.person(Role.OFFICE, tree.county, "county_office")


@pytest.fixture
def township_office(tree):
    return tree.person(Role.OFFICE, tree.t1, "township_office")


@pytest.fixture
def unit_staff(tree):
    return tree.person(Role.UNIT, tree.u1, "unit_staff")


@pytest.fixture
def cadre(tree):
    return tree.person(Role.CADRE, tree.u1, "cadre")


@pytest.fixture
def neighbour_office(tree):
    return tree.person(Role.OFFICE, tree.neighbour, "neighbour_office")


@pytest.fixture
def client_for(client):
    """client_for(user) signs the test client in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


# --- Browser tests: Debian's chromium driven by Playwright (one browser for the whole session) ---
CHROMIUM = os.environ.get("TUANJIE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Debian 的 chromium 未安装：apt-get install -y chromium（./dev test 会自动安装）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live_server, settings):
    """A phone-sized page (375 px) pointed at the live server; screenshots go to var/screens when asked."""
    settings.DEBUG = False
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


