"""Attaching files to records: validated by content, phone photos turned upright, thumbnails made, and
all-or-nothing — if one file of a batch is refused, none is kept."""

import io
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import ImageOps

from tuanjie.attachments.models import OWNER_ACTION, Attachment
from tuanjie.attachments.sniffing import UnsafeFile, identify, open_image, safe_name
from tuanjie.core.access import ADD, may
from tuanjie.core.rollback import on_rollback

THUMB_PX = 480


def max_bytes() -> int:
    return int(getattr(settings, "TUANJIE_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def _prepare(upload) -> dict:
    name = safe_name(getattr(upload, "name", "") or "file")
    if upload.size > max_bytes():
        raise ValidationError(_("“%(n)s”超过%(mb)dMB，请压缩后再上传") % {"n": name, "mb": max_bytes() // 1048576})
    data = upload.read()
    try:
        found = identify(data, name)
        if found.kind == "image":
            data, mime, extension, thumb = _clean_image(data, name)
        else:
            mime, extension, thumb = found.mime, found.extension, None
    except UnsafeFile as exc:
        raise ValidationError(str(exc)) from exc
    # The extension is what the content is (a PDF named .html is kept and served as a .pdf).
    return {"name": safe_name(name, extension), "data": data, "kind": found.kind, "mime": mime, "thumb": thumb}


def _clean_image(data: bytes, name: str) -> tuple[bytes, str, str, bytes]:
    """The picture alone, re-encoded: turned upright by its EXIF orientation (phones store photos sideways), and
    nothing else of the original kept — no EXIF (GPS), comments, XMP, ICC profile or PNG text chunks, which can
    carry a location, a name or a payload. A GIF keeps its first frame. PNGs (screenshots, scans) and
    transparent pictures stay lossless PNG; photos (JPEG, WEBP, BMP) become JPEG."""
    with open_image(data, name) as img:
        try:
            img.seek(0)
            upright = ImageOps.exif_transpose(img)
            alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
            lossless = alpha or img.format in ("PNG", "GIF")
            picture = upright.convert("RGBA" if alpha else "RGB")
        except (OSError, ValueError, SyntaxError, EOFError) as exc:   # truncated or corrupt pixel data
            raise UnsafeFile(_("“%(n)s”是损坏的图片，请重新拍摄或导出后再上传") % {"n": name}) from exc
    picture.info = {}
    out = io.BytesIO()
    if lossless:
        picture.save(out, format="PNG", optimize=True)
        mime, extension = "image/png", ".png"
    else:
        picture.save(out, format="JPEG", quality=88, optimize=True)
        mime, extension = "image/jpeg", ".jpg"
    thumb = picture.convert("RGB")
    thumb.thumbnail((THUMB_PX, THUMB_PX))
    tout = io.BytesIO()
    thumb.save(tout, format="JPEG", quality=80)
    return out.getvalue(), mime, extension, tout.getvalue()


def may_attach(by, owner) -> bool:
    """May `by` add files to `owner`? By the attachment's place rule, or by the owner's own rule (models.py)."""
    model = type(owner)
    if getattr(model, "attachments_follow_owner", False):
        return model.objects.restrict(by, OWNER_ACTION[ADD]).filter(pk=owner.pk).exists()
    return may(by, ADD, Attachment, owner.scope_place)


def attach_files(*, owner, files, by, caption: str = "") -> list[Attachment]:
    place = owner.scope_place
    if by is not None and not may_attach(by, owner):
        raise PermissionDenied(_("您无权为该记录上传附件"))
    prepared = [_prepare(f) for f in files]          # any refusal happens before anything is stored
    for upload in files:
        if hasattr(upload, "release"):   # a resumable upload (resumable.py): gone once its record is committed
            transaction.on_commit(upload.release)
    created: list[Attachment] = []
    try:
        with transaction.atomic():
            for item in prepared:
                stem, ext = os.path.splitext(item["name"])
                attachment = Attachment(
                    owner=owner, place=place, kind=item["kind"], original_name=item["name"], mime=item["mime"],
                    size=len(item["data"]), caption=caption[:200], uploaded_by=by if getattr(by, "pk", None) else None,
                )
                _store(attachment.file, f"{stem[:60]}{ext}", item["data"])
                created.append(attachment)
                if item["thumb"]:
                    _store(attachment.thumbnail, f"{stem[:60]}-thumb.jpg", item["thumb"])
                attachment.save()
    except Exception:
        for attachment in created:           # stored files of a failed batch are removed too
            attachment.file.delete(save=False)
            if attachment.thumbnail:
                attachment.thumbnail.delete(save=False)
        raise
    return created


def _store(field_file, name: str, data: bytes) -> None:
    try:
        field_file.save(name, ContentFile(data), save=False)
    except OSError as exc:
        raise ValidationError(_("附件没能存入服务器（存储空间不足或不可写），本次提交没有保存。请联系管理员处理后重试")) from exc
    # The row may still roll back after this function returns (the caller's transaction): the file goes with it.
    on_rollback(lambda storage=field_file.storage, stored=field_file.name: storage.delete(stored))


def attach(*, owner, file, by, caption: str = "") -> Attachment:
    return attach_files(owner=owner, files=[file], by=by, caption=caption)[0]


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    file, thumb = attachment.file, attachment.thumbnail
    attachment.delete()

    def remove_files() -> None:
        file.delete(save=False)
        if thumb:
            thumb.delete(save=False)

    transaction.on_commit(remove_files)
