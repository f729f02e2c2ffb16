"""Attaching files to records: validated by content, phone photos turned upright, thumbnails made, and
all-or-nothing — if one file of a batch is refused, none is kept."""

import io
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from tuanjie.attachments.models import OWNER_ACTION, Attachment
from tuanjie.attachments.sniffing import sniff
from tuanjie.core.access import ADD, may
from tuanjie.core.rollback import on_rollback

THUMB_PX = 480


def max_bytes() -> int:
    return int(getattr(settings, "TUANJIE_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def _prepare(upload) -> dict:
    name = os.path.basename(getattr(upload, "name", "") or "file")[:200]
    if upload.size > max_bytes():
        raise ValidationError(_("“%(n)s”超过%(mb)dMB，请压缩后再上传") % {"n": name, "mb": max_bytes() // 1048576})
    data = upload.read()
    found = sniff(data)
    if found is None:
        raise ValidationError(
            _("“%(n)s”不是支持的文件类型。支持：JPG、PNG、GIF、WEBP图片，PDF、Word、Excel、PPT文档") % {"n": name})
    kind, mime = found
    thumb = None
    if kind == "image":
        data, mime, thumb = _upright_and_thumb(data, mime)
    return {"name": name, "data": data, "kind": kind, "mime": mime, "thumb": thumb}


def _upright_and_thumb(data: bytes, mime: str) -> tuple[bytes, str, bytes]:
    """Apply the EXIF orientation (phones store photos sideways) and drop EXIF, which also removes GPS."""
    with Image.open(io.BytesIO(data)) as img:
        if img.format == "GIF":
            frame = img.convert("RGB")
            upright = frame
        else:
            upright = ImageOps.exif_transpose(img)
            if upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            upright.save(out, format="JPEG", quality=88, optimize=True)
            data, mime = out.getvalue(), "image/jpeg"
        thumb = upright.copy()
        thumb.thumbnail((THUMB_PX, THUMB_PX))
        tout = io.BytesIO()
        thumb.convert("RGB").save(tout, format="JPEG", quality=80)
    return data, mime, tout.getvalue()


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
                stem = os.path.splitext(item["name"])[0] or "file"
                ext = ".jpg" if item["mime"] == "image/jpeg" else os.path.splitext(item["name"])[1].lower()
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
