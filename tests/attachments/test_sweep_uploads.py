"""What a crash left behind (a file stored before its row committed) is removed by `tuanjie sweep_uploads`;
files that rows name and files of uploads still in progress are kept."""

import os
import time
from io import StringIO

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.factories_attachments import PNG_1PX
from tuanjie.attachments.services import attach_files


def age(name, hours):
    path = default_storage.path(name)
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_only_old_files_without_a_row_are_removed(tree):
    kept = attach_files(owner=tree.u1, files=[SimpleUploadedFile("a.png", PNG_1PX)], by=None)[0]
    left_by_a_crash = default_storage.save("attachments/2026/05/crash.jpg", SimpleUploadedFile("c.jpg", b"x"))
    in_progress = default_storage.save("attachments/2026/05/.part-abc", SimpleUploadedFile("p", b"x"))
    for name in (kept.file.name, kept.thumbnail.name, left_by_a_crash):
        age(name, 2)
    out = StringIO()
    call_command("sweep_uploads", stdout=out)
    assert not default_storage.exists(left_by_a_crash)
    assert default_storage.exists(kept.file.name) and default_storage.exists(kept.thumbnail.name)
    assert default_storage.exists(in_progress)
    assert "删除了 1 个" in out.getvalue()
