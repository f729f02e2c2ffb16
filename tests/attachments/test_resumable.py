"""Resumable uploads (tus 1.0.0): a large file goes ahead of its form in chunks, resumes after a cut connection at
the offset the server holds, belongs to its uploader only, and is taken by the form that names it, sniffed and all
or nothing like a direct upload. The expected answers are the protocol's (tus.io/protocols/resumable-upload)."""

import base64
import io
import os
import time
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.factories_attachments import PNG_1PX
from tests.hostile_files import pdf
from tuanjie.activities.models import Activity
from tuanjie.attachments.models import Attachment

CREATE = "/attachments/resumable/"
TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
PDF = pdf(padding=b"0" * 300_000)


def meta(**values) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def create(client, length, name="方案.pdf", **headers):
    return client.post(CREATE, HTTP_UPLOAD_LENGTH=str(length), HTTP_UPLOAD_METADATA=meta(filename=name),
                       **{**TUS, **headers})


def patch(client, url, offset, data, content_type="application/offset+octet-stream"):
    return client.generic("PATCH", url, data, content_type=content_type, HTTP_UPLOAD_OFFSET=str(offset), **TUS)


def head(client, url):
    return client.head(url, **TUS)


def upload(client, data, name="方案.pdf", chunk=100_000) -> str:
    """A whole upload in chunks, as tus-js-client sends it; returns its id."""
    url = create(client, len(data), name)["Location"]
    for offset in range(0, len(data), chunk):
        assert patch(client, url, offset, data[offset:offset + chunk]).status_code == 204
    return url.rstrip("/").split("/")[-1]


def test_the_server_says_which_version_and_extensions_it_speaks(client_for, unit_staff):
    response = client_for(unit_staff).options(CREATE)
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0" and response["Tus-Resumable"] == "1.0.0"
    assert set(response["Tus-Extension"].split(",")) >= {"creation", "expiration", "termination"}
    assert int(response["Tus-Max-Size"]) == 20 * 1024 * 1024


def test_an_upload_is_created_filled_in_chunks_and_reports_its_offset(client_for, unit_staff):
    client = client_for(unit_staff)
    created = create(client, len(PDF))
    assert created.status_code == 201 and created["Location"].startswith(CREATE)
    assert created["Upload-Expires"].endswith("GMT")
    url = created["Location"]
    assert head(client, url)["Upload-Offset"] == "0"
    answer = patch(client, url, 0, PDF[:120_000])
    assert answer.status_code == 204 and answer["Upload-Offset"] == "120000"
    probe = head(client, url)
    assert probe.status_code == 200 and probe["Upload-Offset"] == "120000"
    assert probe["Upload-Length"] == str(len(PDF)) and probe["Cache-Control"] == "no-store"


def test_after_a_cut_connection_the_bytes_that_arrived_are_kept_and_the_upload_resumes_there(client_for, unit_staff,
                                                                                            settings):
    client = client_for(unit_staff)
    url = create(client, len(PDF))["Location"]

    class CutAfter(io.BytesIO):
        """A request body whose connection breaks after 70,000 bytes (gunicorn raises an OSError)."""

        def read(self, size=-1):
            if self.tell() >= 70_000:
                raise OSError("connection reset by peer")
            return super().read(min(size, 70_000 - self.tell()))

    from django.test import RequestFactory

    from tuanjie.attachments.views import resumable_upload

    request = RequestFactory().generic("PATCH", url, PDF[:200_000], content_type="application/offset+octet-stream",
                                       HTTP_UPLOAD_OFFSET="0", **TUS)
    request.user, request._dont_enforce_csrf_checks = unit_staff, True
    request._stream = CutAfter(PDF[:200_000])
    assert resumable_upload(request, url.rstrip("/").split("/")[-1]).status_code == 400

    assert head(client, url)["Upload-Offset"] == "70000"      # the client asks where to carry on
    assert patch(client, url, 70_000, PDF[70_000:]).status_code == 204
    upload_id = url.rstrip("/").split("/")[-1]
    part = settings.TUANJIE_UPLOADS_DIR / str(unit_staff.pk) / f"{upload_id}.part"
    assert part.read_bytes() == PDF


def test_a_chunk_at_the_wrong_offset_is_refused_with_409_and_nothing_is_written(client_for, unit_staff):
    client = client_for(unit_staff)
    url = create(client, len(PDF))["Location"]
    patch(client, url, 0, PDF[:1000])
    twice = patch(client, url, 0, PDF[:1000])        # a retry of a chunk that had arrived
    ahead = patch(client, url, 5000, PDF[5000:6000])
    assert twice.status_code == 409 and ahead.status_code == 409
    assert twice["Upload-Offset"] == "1000" and head(client, url)["Upload-Offset"] == "1000"


def test_someone_elses_upload_is_not_found(client_for, unit_staff, cadre):
    from django.test import Client

    url = create(client_for(unit_staff), len(PDF))["Location"]
    other = Client()
    other.force_login(cadre)
    assert head(other, url).status_code == 404
    assert patch(other, url, 0, PDF[:10]).status_code == 404
    assert other.delete(url, **TUS).status_code == 404
    assert head(client_for(unit_staff), url)["Upload-Offset"] == "0"


def test_a_file_over_the_size_cap_is_refused_before_a_byte_is_sent(client_for, unit_staff, settings):
    settings.TUANJIE_MAX_UPLOAD_MB = 1
    response = create(client_for(unit_staff), 1024 * 1024 + 1)
    assert response.status_code == 413 and "超过1MB" in response.content.decode()


def test_more_bytes_than_announced_are_refused(client_for, unit_staff):
    client = client_for(unit_staff)
    url = create(client, 100)["Location"]
    assert patch(client, url, 0, b"x" * 150).status_code == 413


def test_a_request_without_the_protocol_version_or_with_the_wrong_body_type_is_refused(client_for, unit_staff):
    client = client_for(unit_staff)
    assert client.post(CREATE, HTTP_UPLOAD_LENGTH="10").status_code == 412
    url = create(client, 10)["Location"]
    assert patch(client, url, 0, b"0123456789", content_type="application/octet-stream").status_code == 415


def test_an_expired_upload_is_gone_and_swept(client_for, unit_staff, settings, monkeypatch):
    client = client_for(unit_staff)
    url = create(client, len(PDF))["Location"]
    patch(client, url, 0, PDF[:1000])
    later = time.time() + 25 * 3600
    monkeypatch.setattr("tuanjie.attachments.resumable.time.time", lambda: later)
    assert head(client, url).status_code == 410
    out = StringIO()
    call_command("sweep_uploads", stdout=out)
    assert "删除了 2 个过期的断点续传文件" in out.getvalue()
    assert not any(p.is_file() for p in settings.TUANJIE_UPLOADS_DIR.rglob("*"))


def test_the_sweep_keeps_uploads_still_in_progress(client_for, unit_staff, settings):
    client = client_for(unit_staff)
    patch(client, create(client, len(PDF))["Location"], 0, PDF[:1000])
    call_command("sweep_uploads", stdout=StringIO())
    assert len([p for p in settings.TUANJIE_UPLOADS_DIR.rglob("*") if p.is_file()]) == 2


def test_an_upload_can_be_cancelled(client_for, unit_staff):
    client = client_for(unit_staff)
    url = create(client, len(PDF))["Location"]
    assert client.delete(url, **TUS).status_code == 204
    assert head(client, url).status_code == 404


# --- the form path ---------------------------------------------------------------------------------------------

def activity_form(tree, **extra):
    return {"place": tree.u1.pk, "start_date": "2026-05-12", "kind": "class_meeting", "title": "断点续传的佐证材料",
            **extra}


def test_the_activity_form_takes_finished_uploads_by_id_with_its_direct_photos(tree, unit_staff, client_for, settings,
                                                                             django_capture_on_commit_callbacks):
    client = client_for(unit_staff)
    pdf_id = upload(client, PDF)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/activities/add/", activity_form(tree, photos_uploads=[pdf_id], photos=[
            SimpleUploadedFile("a.png", PNG_1PX)]))
    assert response.status_code == 302
    activity = Activity.objects.get()
    stored = {a.original_name: a for a in Attachment.objects.for_object(activity)}
    assert set(stored) == {"方案.pdf", "a.png"}
    pdf = stored["方案.pdf"]
    assert pdf.mime == "application/pdf" and pdf.size == len(PDF)
    with pdf.file.open("rb") as handle:
        assert handle.read() == PDF
    # taken once: its bytes are gone from the uploads folder once the record was committed
    assert not any(p.is_file() for p in settings.TUANJIE_UPLOADS_DIR.rglob("*"))


def test_an_upload_that_is_not_a_supported_file_refuses_the_whole_form(tree, unit_staff, client_for, settings):
    client = client_for(unit_staff)
    good = upload(client, PDF)
    bad = upload(client, b"MZ\x90\x00" + os.urandom(5000), name="setup.exe")
    response = client.post("/activities/add/", activity_form(tree, photos_uploads=[good, bad]))
    assert response.status_code == 200
    assert "“setup.exe”不是支持的文件类型" in response.content.decode()
    assert not Activity.objects.exists() and not Attachment.objects.exists()
    assert len([p for p in settings.TUANJIE_UPLOADS_DIR.rglob("*.part")]) == 2     # kept, to fix and save again


def test_an_unfinished_or_someone_elses_upload_is_refused_in_chinese(tree, unit_staff, county_office, client_for):
    client = client_for(unit_staff)
    half = create(client, len(PDF))["Location"]
    patch(client, half, 0, PDF[:1000])
    response = client.post("/activities/add/", activity_form(tree, photos_uploads=[half.rstrip("/").split("/")[-1]]))
    assert "还没有传完（1000/" in response.content.decode()
    theirs = upload(client_for(county_office), PDF)
    response = client_for(unit_staff).post("/activities/add/", activity_form(tree, photos_uploads=[theirs]))
    assert "已过期或不存在" in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize("made_up", ["../../etc/passwd", "0" * 32, ""])
def test_a_made_up_upload_id_finds_nothing(tree, unit_staff, client_for, made_up):
    response = client_for(unit_staff).post("/activities/add/", activity_form(tree, photos_uploads=[made_up]))
    if made_up:
        assert "已过期或不存在" in response.content.decode()
    else:
        assert response.status_code == 302      # an empty id is no upload at all
