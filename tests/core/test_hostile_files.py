"""The hostile-file corpus (tests/hostile_files.py, made at test time): every file offered as an attachment or to an
import is refused with a Chinese message, or kept in a form that carries nothing but its content — never a server
error. What "safe" means is checked on the stored bytes, not on what the code says it did."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.hostile_files import SECRET, import_corpus, png_declaring, upload_corpus
from tuanjie.activities.importers import HEADERS, ActivityImporter
from tuanjie.activities.models import Activity
from tuanjie.attachments.models import Attachment
from tuanjie.attachments.services import attach_files

CHINESE = re.compile(r"[\u4e00-\u9fff]")
UPLOADS = upload_corpus()
EXTENSION = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx"}
# Marks of metadata in a stored file: EXIF, XMP, ICC, a JPEG comment segment, PNG text chunks.
METADATA = (b"Exif\x00\x00", b"xmpmeta", b"ICC_PROFILE", b"\xff\xfe", b"tEXt", b"iTXt", b"zTXt")


def test_the_corpus_holds_at_least_forty_files():
    headers = list(HEADERS)
    assert len(UPLOADS) + len(import_corpus(headers, [""] * len(headers), [""] * len(headers))) >= 40


@pytest.mark.parametrize(("label", "name", "data", "want"), UPLOADS, ids=[u[0] for u in UPLOADS])
def test_a_hostile_upload_is_refused_in_chinese_or_kept_safe(tree, unit_staff, label, name, data, want):
    upload = SimpleUploadedFile(name, data)
    if want == "refused":
        with pytest.raises(ValidationError) as refused:
            attach_files(owner=tree.u1, files=[upload], by=unit_staff)
        assert all(CHINESE.search(m) for m in refused.value.messages), refused.value.messages
        assert not Attachment.objects.exists()
        return
    [kept] = attach_files(owner=tree.u1, files=[upload], by=unit_staff)
    stored = kept.file.open("rb").read()
    assert SECRET.encode() not in stored and SECRET.encode("utf-16-le") not in stored
    assert kept.original_name.endswith(EXTENSION[kept.mime]), (kept.original_name, kept.mime)
    assert kept.file.name.endswith(EXTENSION[kept.mime])
    assert len(kept.original_name) <= 100 and not re.search(r"[\x00-\x1f/\\<>]", kept.original_name)
    if kept.kind == "image":
        assert not [mark for mark in METADATA if mark in stored], label
        with Image.open(io.BytesIO(data)) as original, Image.open(io.BytesIO(stored)) as again:
            assert again.size == original.size and not again.info.get("comment")
            assert again.format == ("PNG" if kept.mime == "image/png" else "JPEG")


def test_a_long_name_is_shortened_keeping_its_extension(tree, unit_staff):
    [kept] = [a for u in UPLOADS if u[0] == "long file name"
              for a in attach_files(owner=tree.u1, files=[SimpleUploadedFile(u[1], u[2])], by=unit_staff)]
    assert kept.original_name.startswith("活动照片活动照片") and kept.original_name.endswith(".jpg")
    assert len(kept.original_name) == 100


def test_a_pdf_named_html_is_kept_and_served_as_a_pdf(tree, unit_staff, client_for):
    from tests.hostile_files import pdf

    [kept] = attach_files(owner=tree.u1, files=[SimpleUploadedFile("通知.html", pdf())], by=unit_staff)
    response = client_for(unit_staff).get(f"/attachments/{kept.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert "通知.pdf" in response["Content-Disposition"] or "%E9%80%9A%E7%9F%A5.pdf" in response["Content-Disposition"]


def test_a_decompression_bomb_sent_with_an_activity_is_refused_on_the_page(tree, unit_staff, client_for):
    """The 30000 × 30000 PNG that gave a 500: through the page it is a form error in Chinese."""
    from tuanjie.attachments.services import _prepare

    with pytest.raises(ValidationError, match="图片尺寸过大"):
        _prepare(SimpleUploadedFile("bomb.png", png_declaring(30000, 30000)))


def _rows():
    good = {"开展单位（代码或名称）": "U1", "开始日期": 20260305, "活动类型": "宣讲", "活动名称": "开展主题宣讲",
            "参加人数": 120}
    formula = {**good, "活动名称": "=cmd|' /C calc'!A0"}
    headers = list(HEADERS)
    return headers, [good.get(h, "") for h in headers], [formula.get(h, "") for h in headers]


IMPORTS = import_corpus(*_rows())


@pytest.mark.parametrize(("label", "name", "data", "want"), IMPORTS, ids=[i[0] for i in IMPORTS])
def test_a_hostile_import_is_refused_in_chinese_or_read_safely(tree, unit_staff, client_for, label, name, data, want):
    data = data() if callable(data) else data
    response = client_for(unit_staff).post("/activities/import/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code in (200, 422), response.status_code
    result = ActivityImporter(unit_staff).run(SimpleUploadedFile(name, data), dry_run=True)
    if want == "refused":
        assert not result.ok and result.errors
        assert all(CHINESE.search(str(e)) for e in result.errors), result.errors
        assert response.status_code == 422
    else:
        assert result.ok, result.errors
    assert not Activity.objects.exists()
