"""Idle sessions still end, but a page view does not write: the session is refreshed at most once a minute, and
nothing else a plain GET does writes either, so on SQLite page views never wait for the write lock."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tuanjie.core import sessions

PAGES = ["/", "/activities/", "/places/", "/inbox/", "/analytics/", "/plans/", "/pairing/", "/titles/",
         "/information/", "/funds/", "/system/changes/"]


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE")]


def at(monkeypatch, when: float):
    monkeypatch.setattr(sessions.time, "time", lambda: when)
    monkeypatch.setattr(timezone, "now", lambda: datetime.fromtimestamp(when, UTC))


def test_plain_page_views_write_nothing(tree, county_office, client_for):
    client = client_for(county_office)
    client.get("/")
    for page in PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
        assert response.status_code in (200, 302), page
        assert writes(queries) == [], page


def test_the_session_is_refreshed_once_a_minute_and_moves_its_expiry(tree, county_office, client_for, monkeypatch):
    client = client_for(county_office)
    client.get("/")
    key = client.session.session_key
    refreshed = client.session[sessions.REFRESHED]          # noted at sign-in
    first_expiry = Session.objects.get(pk=key).expire_date
    at(monkeypatch, refreshed + 59)
    with CaptureQueriesContext(connection) as queries:
        client.get("/activities/")
    assert writes(queries) == []
    at(monkeypatch, refreshed + 62)
    with CaptureQueriesContext(connection) as queries:
        client.get("/activities/")
    assert [sql for sql in writes(queries) if "django_session" in sql]
    assert Session.objects.get(pk=key).expire_date - first_expiry >= timedelta(seconds=60)


def test_an_idle_session_still_ends(tree, county_office, client_for):
    client = client_for(county_office)
    client.get("/")
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/activities/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_on_sqlite_page_views_succeed_while_another_connection_holds_the_write_lock(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUANJIE_")}
    # A one-second lock timeout: a view that wanted the write lock would fail instead of waiting.
    env.update(TUANJIE_DATA_DIR=str(tmp_path), TUANJIE_SQLITE_TIMEOUT="1", TUANJIE_TASKS="immediate")
    probe = Path(__file__).with_name("sqlite_lock_probe.py")
    out = subprocess.run([sys.executable, str(probe), "/", "/activities/", "/places/", "/inbox/"], env=env,
                         capture_output=True, text=True, timeout=300, cwd=Path(__file__).parents[2])
    assert out.returncode == 0, out.stderr
    statuses = {line.split()[0]: int(line.split()[1]) for line in out.stdout.splitlines()}
    assert statuses == {"/": 200, "/activities/": 200, "/places/": 200, "/inbox/": 200}
