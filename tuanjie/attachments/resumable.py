"""Resumable uploads for large files, so a PDF or a photo that stayed big survives a weak connection: tus 1.0.0
(the core protocol with its creation, expiration and termination extensions, https://tus.io/protocols/resumable-upload),
spoken by the pages through npm tus-js-client (send.js).

An upload is created with its length (POST), filled by PATCH requests that each append at the offset the server
holds (a PATCH at any other offset is refused with 409, so nothing is written twice or out of order), and after a
cut connection the client asks for that offset (HEAD) and carries on; whatever bytes arrived before the cut are
kept. Each upload belongs to the person who created it: anyone else gets 404. It lives on local disk, whatever the
attachment storage, under TUANJIE_UPLOADS_DIR/<person id>/ as <id>.part (the bytes) and <id>.json (length, name,
expiry). A finished upload does nothing by itself: the form it went ahead of names its id in `<field>_uploads`,
and `files_from` hands it to the attachment service with the form's direct files, where it is sniffed and stored
all or nothing like them, and deleted once the record is committed. What is never taken expires after
EXPIRY_HOURS, and `tuanjie sweep_uploads` removes it."""

from __future__ import annotations

import base64
import binascii
import fcntl
import json
import os
import re
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

EXPIRY_HOURS = 24
ID = re.compile(r"^[0-9a-f]{32}$")


def root() -> Path:
    return Path(settings.TUANJIE_UPLOADS_DIR)


@dataclass
class Upload:
    id: str
    owner_id: int
    length: int
    name: str
    mime: str
    created: float
    expires: float

    @property
    def folder(self) -> Path:
        return root() / str(self.owner_id)

    @property
    def part(self) -> Path:
        return self.folder / f"{self.id}.part"

    @property
    def meta(self) -> Path:
        return self.folder / f"{self.id}.json"

    @property
    def offset(self) -> int:
        try:
            return self.part.stat().st_size
        except FileNotFoundError:
            return 0

    @property
    def expired(self) -> bool:
        return time.time() > self.expires

    @property
    def finished(self) -> bool:
        return self.offset == self.length

    def remove(self) -> None:
        for path in (self.part, self.meta):
            path.unlink(missing_ok=True)


def parse_metadata(header: str) -> dict[str, str]:
    """Upload-Metadata: comma-separated "key base64value" pairs (the value may be absent)."""
    found: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _sep, value = pair.partition(" ")
        try:
            found[key] = base64.b64decode(value.strip(), validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise ValueError(key) from exc
    return found


def upload_create(*, by, length: int, metadata: dict[str, str]) -> Upload:
    now = time.time()
    upload = Upload(id=uuid.uuid4().hex, owner_id=by.pk, length=length,
                    name=os.path.basename(metadata.get("filename", "") or "file")[:200],
                    mime=metadata.get("filetype", "")[:100], created=now, expires=now + EXPIRY_HOURS * 3600)
    upload.folder.mkdir(parents=True, exist_ok=True)
    upload.part.touch()
    temporary = upload.meta.with_suffix(".json-new")
    temporary.write_text(json.dumps(asdict(upload)))
    temporary.replace(upload.meta)      # the upload exists once its description is whole
    return upload


def upload_for(by, upload_id: str) -> Upload | None:
    """The person's own upload with this id, or None (someone else's, a made-up id, a removed one)."""
    if not ID.match(upload_id or "") or not getattr(by, "pk", None):
        return None
    meta = root() / str(by.pk) / f"{upload_id}.json"
    try:
        upload = Upload(**json.loads(meta.read_text()))
    except (FileNotFoundError, json.JSONDecodeError):   # gone, or its description cut off mid-write
        return None
    return upload if upload.owner_id == by.pk and upload.id == upload_id else None


class OffsetMismatch(Exception):
    pass


class TooLong(Exception):
    pass


class Interrupted(Exception):
    """The connection broke while the body came in; what arrived is kept."""


def upload_append(*, upload: Upload, offset: int, stream, chunk: int = 64 * 1024) -> int:
    """Append the request body at `offset`, which must be where the upload stands; returns the new offset. Bytes
    written before the connection broke stay (the client resumes after them). One writer at a time (flock)."""
    with open(upload.part, "ab") as out:
        fcntl.flock(out, fcntl.LOCK_EX)
        try:
            if out.seek(0, os.SEEK_END) != offset:
                raise OffsetMismatch
            room = upload.length - offset
            while True:
                try:
                    data = stream.read(min(chunk, room + 1))
                except OSError as exc:       # the client went away mid-body (gunicorn: NoMoreData)
                    raise Interrupted from exc
                if not data:
                    break
                if len(data) > room:
                    out.write(data[:room])
                    raise TooLong
                out.write(data)
                room -= len(data)
            return upload.length - room
        finally:
            out.flush()
            os.fsync(out.fileno())
            fcntl.flock(out, fcntl.LOCK_UN)


def upload_delete(*, upload: Upload) -> None:
    upload.remove()


class FinishedUpload(File):
    """A finished upload opened as a file for attach_files, which removes it once its record is committed."""

    def __init__(self, upload: Upload):
        super().__init__(open(upload.part, "rb"), name=upload.name)
        self.upload = upload

    def release(self) -> None:
        self.close()
        self.upload.remove()


def claim(*, by, ids) -> list[FinishedUpload]:
    """The person's finished uploads named by a form, all of them or a Chinese refusal naming what to redo."""
    found = []
    for upload_id in dict.fromkeys(i for i in ids if i):
        upload = upload_for(by, upload_id)
        if upload is None or upload.expired:
            raise ValidationError(_("有一个提前上传的文件已过期或不存在，请重新选择该文件后再保存"))
        if not upload.finished:
            raise ValidationError(_("文件“%(n)s”还没有传完（%(done)d/%(all)d 字节），请等上传完成后再保存")
                                  % {"n": upload.name, "done": upload.offset, "all": upload.length})
        found.append(upload)
    return [FinishedUpload(upload) for upload in found]


def files_from(request, name: str) -> list:
    """A form's files of field `name`: those it carries, then the finished uploads it names in `<name>_uploads`."""
    return list(request.FILES.getlist(name)) + claim(by=request.user, ids=request.POST.getlist(f"{name}_uploads"))


def stale_uploads(now: float | None = None, grace_seconds: int = 3600) -> list[Path]:
    """Files of uploads past their expiry, and leftovers without a description older than `grace_seconds`."""
    now = time.time() if now is None else now
    base = root()
    stale: list[Path] = []
    for folder in (f for f in (base.iterdir() if base.is_dir() else ()) if f.is_dir()):
        for path in folder.iterdir():
            if path.suffix == ".json":
                try:
                    expires = float(json.loads(path.read_text())["expires"])
                except json.JSONDecodeError:   # a description cut off mid-write: swept like an expired one
                    expires = 0
                if expires < now:
                    stale += [p for p in (path.with_suffix(".part"), path) if p.exists()]
            elif not path.with_suffix(".json").exists() and path.stat().st_mtime < now - grace_seconds:
                stale.append(path)   # bytes whose description never got written, or a description half-written
    return stale
