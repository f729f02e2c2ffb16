import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.hostile_files import pdf
from tuanjie.attachments.models import Attachment
from tuanjie.attachments.services import attach_files


def jpeg_rotated() -> bytes:
    """A 40×20 photo whose EXIF says 'rotate 90°', as phones write them."""
    img = Image.new("RGB", (40, 20), "red")
    exif = img.getexif()
    exif[0x0112] = 6
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_phone_photo_is_stored_upright_with_a_thumbnail(tree, unit_staff):
    [a] = attach_files(owner=tree.u1, files=[SimpleUploadedFile("IMG_0001.JPG", jpeg_rotated())], by=unit_staff)
    with Image.open(a.file.open("rb")) as stored:
        assert stored.size == (20, 40)
        assert not stored.getexif().get(0x0112)
    assert a.thumbnail and a.kind == "image" and a.mime == "image/jpeg"
    assert a.place == tree.u1


def test_a_file_is_judged_by_its_content_not_its_name(tree, unit_staff):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 this is an executable")
    with pytest.raises(ValidationError, match="不是支持的文件类型"):
        attach_files(owner=tree.u1, files=[fake], by=unit_staff)


def test_one_bad_file_keeps_the_whole_batch_out(tree, unit_staff):
    good = SimpleUploadedFile("a.jpg", jpeg_rotated())
    bad = SimpleUploadedFile("b.pdf", b"not a pdf")
    with pytest.raises(ValidationError):
        attach_files(owner=tree.u1, files=[good, bad], by=unit_staff)
    assert Attachment.objects.count() == 0


def test_an_oversized_file_is_refused_with_the_limit(tree, unit_staff, settings):
    settings.TUANJIE_MAX_UPLOAD_MB = 0
    with pytest.raises(ValidationError, match="超过"):
        attach_files(owner=tree.u1, files=[SimpleUploadedFile("a.jpg", jpeg_rotated())], by=unit_staff)


def test_a_pdf_is_accepted_as_a_document(tree, unit_staff):
    [a] = attach_files(owner=tree.u1, files=[SimpleUploadedFile("x.pdf", pdf())], by=unit_staff)
    assert a.kind == "document" and a.mime == "application/pdf"


def test_a_neighbour_cannot_attach_to_our_records_or_download_them(tree, unit_staff, neighbour_office, client_for):
    with pytest.raises(PermissionDenied):
        attach_files(owner=tree.u1, files=[SimpleUploadedFile("a.jpg", jpeg_rotated())], by=neighbour_office)
    [a] = attach_files(owner=tree.u1, files=[SimpleUploadedFile("a.jpg", jpeg_rotated())], by=unit_staff)
    assert client_for(neighbour_office).get(f"/attachments/{a.pk}/").status_code == 404
    assert client_for(unit_staff).get(f"/attachments/{a.pk}/").status_code == 200
