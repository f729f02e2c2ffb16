"""Exactly-once writes: a request sent again with its Idempotency-Key (header or the pages' hidden field) gets the
first answer and writes nothing again (core/idempotency.py, the field-capture contract in the README)."""

import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.client import encode_multipart
from django.urls import reverse
from django.utils import timezone

from tests.factories_attachments import PNG_1PX
from tuanjie.activities.models import Activity
from tuanjie.activities.views import ActivityEditView
from tuanjie.attachments.models import Attachment
from tuanjie.core.idempotency import BAD_KEY, IN_PROGRESS, MISMATCH, REPLAYED_NOTE
from tuanjie.core.models import IdempotencyKey

ADD = reverse("activities:activity_add")
API = "/api/activities/"
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'",
                                   reason="SQLite serialises writers: a duplicate cannot overlap the first")


def page_fields(tree, **changes):
    return {"place": tree.u1.pk, "start_date": "2026-05-12", "kind": "class_meeting", "title": "民族团结主题班会",
            "participants": "45", **changes}


def api_fields(tree, **changes):
    return {"place": tree.u1.pk, "start_date": "2026-05-12", "title": "主题宣讲", "kind": "lecture",
            "participants": 60, **changes}


def multipart(client, url, fields, boundary, **headers):
    """The same form and photo as a browser's FormData sent again: a new boundary, so other bytes on the wire."""
    return client.post(url, encode_multipart(boundary, fields), content_type=f"multipart/form-data; boundary={boundary}",
                       **headers)


def test_a_page_form_sent_twice_with_new_boundaries_saves_one_activity_and_one_set_of_photos(tree, unit_staff,
                                                                                             client_for):
    client = client_for(unit_staff)
    key = str(uuid.uuid4())

    def send(boundary):
        photo = SimpleUploadedFile("班会.png", PNG_1PX, content_type="image/png")
        return multipart(client, ADD, page_fields(tree, idempotency_key=key, photos=photo), boundary)

    first, second = send("----first-boundary-1111"), send("----second-boundary-2222")
    activity = Activity.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == activity.get_absolute_url()
    assert "Idempotent-Replayed" not in first and second["Idempotent-Replayed"] == "true"
    assert Attachment.objects.for_object(activity).count() == 1
    assert REPLAYED_NOTE in client.get(second["Location"]).content.decode()


def test_the_api_replays_the_first_answer_for_the_header_as_an_sf_string_or_a_bare_token(tree, unit_staff,
                                                                                         client_for):
    client = client_for(unit_staff)
    key = str(uuid.uuid4())
    first = client.post(API, api_fields(tree), content_type="application/json", HTTP_IDEMPOTENCY_KEY=f'"{key}"')
    again = client.post(API, api_fields(tree), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Activity.objects.count() == 1


def test_an_api_upload_sent_twice_as_multipart_creates_one_record(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    headers = {"HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())}
    fields = {k: str(v) for k, v in api_fields(tree).items()}
    assert multipart(client, API, fields, "b-one", **headers).status_code == 201
    assert multipart(client, API, fields, "b-two", **headers)["Idempotent-Replayed"] == "true"
    assert Activity.objects.count() == 1


def test_the_same_key_for_a_different_request_is_refused_with_422_in_chinese(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    key = str(uuid.uuid4())
    client.post(API, api_fields(tree), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    response = client.post(API, api_fields(tree, participants=61), content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 422 and MISMATCH in response.json()["message"]
    same_key_other_photo = multipart(client, ADD, page_fields(tree, idempotency_key=key), "x")
    assert same_key_other_photo.status_code == 422
    assert Activity.objects.count() == 1


def test_a_file_with_other_bytes_under_the_same_name_is_a_different_request(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    key = str(uuid.uuid4())
    one = SimpleUploadedFile("a.png", PNG_1PX, content_type="image/png")
    other = SimpleUploadedFile("a.png", PNG_1PX[:-1] + b"\x01", content_type="image/png")
    assert multipart(client, ADD, page_fields(tree, idempotency_key=key, photos=one), "b1").status_code == 302
    assert multipart(client, ADD, page_fields(tree, idempotency_key=key, photos=other), "b2").status_code == 422


def test_another_persons_same_key_is_unrelated(tree, unit_staff, county_office, client):
    key = str(uuid.uuid4())
    for person in (unit_staff, county_office):
        client.force_login(person)
        response = client.post(API, api_fields(tree), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
        assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert Activity.objects.count() == 2


def test_an_invalid_form_keeps_no_key_so_the_corrected_form_saves_under_it(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    key = str(uuid.uuid4())
    assert client.post(ADD, page_fields(tree, title="", idempotency_key=key)).status_code == 200
    assert IdempotencyKey.objects.count() == 0
    response = client.post(ADD, page_fields(tree, idempotency_key=key))
    assert response.status_code == 302 and "Idempotent-Replayed" not in response
    assert Activity.objects.count() == 1


def test_a_request_cut_off_after_its_write_leaves_neither_record_nor_key_and_the_retry_saves_once(
        tree, unit_staff, monkeypatch):
    """The service has saved and its own transaction has ended when the request fails (here: working out where to
    go next): without the request's transaction the activity would stay and the retry would save a second."""
    client = Client(raise_request_exception=False)
    client.force_login(unit_staff)
    real = ActivityEditView.success_url

    def cut_off(self, saved):
        raise ConnectionResetError("the connection was cut")

    monkeypatch.setattr(ActivityEditView, "success_url", cut_off)
    fields = page_fields(tree, idempotency_key=str(uuid.uuid4()),
                         photos=SimpleUploadedFile("a.png", PNG_1PX, content_type="image/png"))
    assert multipart(client, ADD, fields, "cut").status_code == 500
    assert Activity.objects.count() == 0 and IdempotencyKey.objects.count() == 0 and Attachment.objects.count() == 0
    monkeypatch.setattr(ActivityEditView, "success_url", real)
    fields["photos"] = SimpleUploadedFile("a.png", PNG_1PX, content_type="image/png")
    assert multipart(client, ADD, fields, "retry").status_code == 302
    fields["photos"] = SimpleUploadedFile("a.png", PNG_1PX, content_type="image/png")
    assert multipart(client, ADD, fields, "again")["Idempotent-Replayed"] == "true"
    assert Activity.objects.count() == 1 and Attachment.objects.count() == 1


def test_a_refused_write_keeps_no_key(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    key = str(uuid.uuid4())
    response = client.post(API, api_fields(tree, place=tree.u2.pk), content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY=key)
    # a place outside the person's reach is refused as a missing one (422 "不存在"), and no key is kept
    assert response.status_code == 422 and IdempotencyKey.objects.count() == 0


def test_a_malformed_key_is_refused_in_chinese_before_anything_runs(tree, unit_staff, client_for):
    response = client_for(unit_staff).post(API, api_fields(tree), content_type="application/json",
                                           HTTP_IDEMPOTENCY_KEY="键" * 3)
    assert response.status_code == 400 and BAD_KEY in response.json()["message"]
    assert Activity.objects.count() == 0


def test_an_api_call_signed_with_basic_credentials_has_its_own_keys(tree, unit_staff):
    import base64

    client = Client()
    auth = "Basic " + base64.b64encode(b"unit_staff:Test-Pass-2026").decode()
    key = str(uuid.uuid4())
    for _ in range(2):
        response = client.post(API, api_fields(tree), content_type="application/json", HTTP_AUTHORIZATION=auth,
                               HTTP_IDEMPOTENCY_KEY=key)
        assert response.status_code == 201, response.content
    assert response["Idempotent-Replayed"] == "true"
    assert IdempotencyKey.objects.get().person == unit_staff and Activity.objects.count() == 1


def test_every_post_form_on_a_page_carries_a_fresh_key(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    pages = [client.get(ADD).content.decode() for _ in range(2)]
    keys = [page.split('name="idempotency_key" value="')[1].split('"')[0] for page in pages]
    assert len({str(uuid.UUID(k)) for k in keys}) == 2


def test_purge_forgets_keys_older_than_seven_days(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    for _ in range(2):
        client.post(API, api_fields(tree), content_type="application/json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    old, recent = IdempotencyKey.objects.order_by("pk")
    IdempotencyKey.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=7, minutes=1))
    IdempotencyKey.objects.filter(pk=recent.pk).update(created=timezone.now() - timedelta(days=6, hours=23))
    call_command("purge", stdout=open("/dev/null", "w"))
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [recent.pk]


# --- Two requests with one key at the same time (PostgreSQL: two connections) ---

class Held:
    """The first request stops after its write, inside its transaction, until released."""

    def __init__(self, monkeypatch):
        self.inside, self.release = threading.Event(), threading.Event()
        real = ActivityEditView.success_url

        def held(view, saved):
            self.inside.set()
            self.release.wait(20)
            return real(view, saved)

        monkeypatch.setattr(ActivityEditView, "success_url", held)


def _send_in_thread(person, data, answers, name):
    def run():
        try:
            client = Client()
            client.force_login(person)
            answers[name] = client.post(ADD, data)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_duplicate_sent_while_the_first_is_saving_waits_and_then_gets_its_answer(tree, unit_staff, monkeypatch):
    held = Held(monkeypatch)
    data, answers = page_fields(tree, idempotency_key=str(uuid.uuid4())), {}
    first = _send_in_thread(unit_staff, data, answers, "first")
    assert held.inside.wait(20)
    second = _send_in_thread(unit_staff, data, answers, "second")
    time.sleep(0.5)
    assert "second" not in answers      # waiting on the first one's key
    held.release.set()
    first.join(20), second.join(20)
    assert answers["first"].status_code == answers["second"].status_code == 302
    assert answers["second"]["Location"] == answers["first"]["Location"]
    assert answers["second"]["Idempotent-Replayed"] == "true"
    assert Activity.objects.count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_duplicate_that_waits_too_long_for_the_first_is_told_409_in_chinese(tree, unit_staff, monkeypatch,
                                                                             settings):
    settings.TUANJIE_IDEMPOTENCY_WAIT_SECONDS = 1
    held = Held(monkeypatch)
    data, answers = page_fields(tree, idempotency_key=str(uuid.uuid4())), {}
    first = _send_in_thread(unit_staff, data, answers, "first")
    assert held.inside.wait(20)
    client = Client()
    client.force_login(unit_staff)
    response = client.post(ADD, data, HTTP_ACCEPT="application/json")
    held.release.set()
    first.join(20)
    assert response.status_code == 409 and IN_PROGRESS in response.json()["message"]
    assert answers["first"].status_code == 302 and Activity.objects.count() == 1
