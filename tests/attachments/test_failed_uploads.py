"""A failed upload leaves no file behind: not when the database write fails after the file was stored, not when
the caller's transaction rolls back later, and not when the disk fills up mid-write (no partial, no empty file)."""

import errno

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, transaction

from tests.factories_attachments import PNG_1PX
from tests.outage import database_down
from tuanjie.activities.models import Activity
from tuanjie.attachments.models import Attachment
from tuanjie.attachments.services import attach_files
from tuanjie.attachments.storage import WholeFileSystemStorage
from tuanjie.core.rollback import run_rollback_hooks


def files_under(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def photo(name="a.png"):
    return SimpleUploadedFile(name, PNG_1PX)


def disk_full(*args):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_database_failure_after_the_file_was_stored_removes_the_file(tree, settings):
    with database_down(when=lambda sql: sql.startswith('INSERT INTO "attachments_attachment"')), \
            pytest.raises(OperationalError):
        attach_files(owner=tree.u1, files=[photo(), photo("b.png")], by=None)
    assert files_under(settings.MEDIA_ROOT) == []


@pytest.mark.django_db(transaction=True)   # the point is what happens when the outer transaction rolls back
def test_files_of_a_transaction_that_rolls_back_later_are_removed(tree, settings):
    with pytest.raises(RuntimeError), transaction.atomic():
        attach_files(owner=tree.u1, files=[photo()], by=None)
        assert len(files_under(settings.MEDIA_ROOT)) == 2     # the photo and its thumbnail, not yet committed
        raise RuntimeError("the caller fails after the attachment was written")
    run_rollback_hooks()                                       # what the middleware does when the request ends
    assert files_under(settings.MEDIA_ROOT) == [] and not Attachment.objects.exists()
    kept = attach_files(owner=tree.u1, files=[photo()], by=None)
    run_rollback_hooks()
    assert len(files_under(settings.MEDIA_ROOT)) == 2 and kept[0].file.storage.exists(kept[0].file.name)


def test_a_full_disk_mid_write_leaves_no_partial_or_empty_file(tmp_path, monkeypatch):
    storage = WholeFileSystemStorage(location=tmp_path)
    monkeypatch.setattr("tuanjie.attachments.storage.os.fsync", disk_full)   # after some bytes were written
    with pytest.raises(OSError):
        storage.save("attachments/2026/05/photo.jpg", ContentFile(b"x" * 100_000))
    assert files_under(tmp_path) == []


def test_a_complete_write_is_stored_under_a_free_name(tmp_path):
    storage = WholeFileSystemStorage(location=tmp_path)
    first = storage.save("a/photo.jpg", ContentFile(b"one"))
    second = storage.save("a/photo.jpg", ContentFile(b"two"))
    assert first == "a/photo.jpg" and second != first
    assert storage.open(first).read() == b"one" and storage.open(second).read() == b"two"
    assert len(files_under(tmp_path)) == 2


def test_a_full_disk_on_the_add_page_says_so_in_chinese_and_saves_nothing(tree, unit_staff, client_for, settings,
                                                                         monkeypatch):
    monkeypatch.setattr("tuanjie.attachments.storage.os.fsync", disk_full)
    response = client_for(unit_staff).post("/activities/add/", {
        "place": tree.u1.pk, "start_date": "2026-05-12", "kind": "class_meeting", "title": "磁盘满时提交",
        "photos": [photo()]})
    assert response.status_code == 200
    assert "存储空间不足" in response.content.decode()
    assert not Activity.objects.exists() and files_under(settings.MEDIA_ROOT) == []


def test_the_service_turns_a_full_disk_into_a_chinese_message(tree, monkeypatch):
    monkeypatch.setattr("tuanjie.attachments.storage.os.fsync", disk_full)
    with pytest.raises(ValidationError) as refused:
        attach_files(owner=tree.u1, files=[photo()], by=None)
    assert "本次提交没有保存" in refused.value.messages[0]
