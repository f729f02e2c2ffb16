"""Run by test_sessions in its own process: a fresh SQLite database (WAL, as the product sets it up), a signed-in
person, then page views while another connection holds the write lock. Prints one status line per page."""

import os
import sqlite3
import sys
import time

os.environ["DJANGO_SETTINGS_MODULE"] = "tuanjie.settings"
sys.path.insert(0, os.getcwd())

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# No collectstatic in this throwaway folder: static names as the test suite resolves them (tests/conftest.py).
settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "tests.static_storage.FoundOrFailStaticFilesStorage"}}
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from tests.twofactor import enrol  # noqa: E402
from tuanjie.core.context import acting_as  # noqa: E402
from tuanjie.core.roles import Role  # noqa: E402
from tuanjie.people.services import user_create  # noqa: E402
from tuanjie.places.models import Place, PlaceLevel  # noqa: E402
from tuanjie.places.services import place_create  # noqa: E402

call_command("migrate", verbosity=0)
with acting_as(None, source="test"):
    county = place_create(parent=None, kind=Place.Kind.AREA, name="团结县", code="910102000000",
                          level=PlaceLevel.objects.get(name="县"))
    office = user_create(by=None, username="office", full_name="县办", home_place=county,
                         password="Test-Pass-2026", roles=(Role.OFFICE,))
client = Client(raise_request_exception=False)
client.force_login(office)
session = client.session   # the office has passed its second factor, as tests/conftest.py's force_login does
session[DEVICE_ID_SESSION_KEY] = enrol(office).persistent_id
session.save()
client.get("/")                     # the first view after sign-in may write the session

holder = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=0)
holder.execute("BEGIN IMMEDIATE")   # as a long import's write transaction does
holder.execute("INSERT INTO django_session (session_key, session_data, expire_date) "
               "VALUES ('x', 'x', '2000-01-01')")
for path in sys.argv[1:]:
    started = time.monotonic()
    status = client.get(path).status_code
    print(f"{path} {status} {time.monotonic() - started:.2f}", flush=True)
holder.rollback()
