"""What a file really is, from its content rather than its name, and whether it is safe to keep.

Images are opened by Pillow (with a pixel cap checked before any pixel is decoded); a PDF must parse and carry no
scripts, launch actions or embedded files; an Office file must be a sound zip with the parts its type requires and
no macros; a legacy Office file must be an OLE compound file without a VBA project. The name a file arrives with
only decides what it is called: a document's extension is set from what it is (a PDF named .html is kept as .pdf,
so it is never served as a page), and a long name is shortened keeping its extension."""

from __future__ import annotations

import io
import os
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "BMP"}
# Larger than any phone photo (a 50-megapixel sensor), far below what a decompression bomb declares (a 30000 × 30000
# PNG of a few kilobytes is 900 megapixels, 2.7 GB once decoded).
MAX_PIXELS = 60_000_000
# An Office file of 20 MB that unpacks to more than this is a bomb, not a report.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200           # unpacked / packed of the whole archive; real documents stay under 30
NAME_LIMIT = 100          # characters of a stored name (the record keeps up to 200; file systems choke on more)

OOXML = {   # main part → (mime, extension, its content type in [Content_Types].xml)
    "word/document.xml": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx",
                          b"wordprocessingml.document.main+xml"),
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx",
                        b"spreadsheetml.sheet.main+xml"),
    "ppt/presentation.xml": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx",
                             b"presentationml.presentation.main+xml"),
}
OLE_MIME = {".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".ppt": "application/vnd.ms-powerpoint"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# PDF names whose presence means the file can act when opened (OWASP file upload cheat sheet, PDF section).
# (An /OpenAction alone is no sign: Word and WPS use one to open at the first page.)
_PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/EmbeddedFiles", b"/RichMedia",
               b"/SubmitForm", b"/ImportData")


class UnsafeFile(ValueError):
    """The file is refused; the message (Chinese) names the file and says what to do."""


@dataclass(frozen=True)
class Identified:
    kind: str          # "image" or "document"
    mime: str
    extension: str     # ".pdf", ".docx"…; images get theirs when they are re-encoded


def identify(data: bytes, name: str) -> Identified:
    """What `data` is, or UnsafeFile saying why it is refused."""
    image = _image(data, name)
    if image is not None:
        return image
    if data.startswith(b"%PDF-"):
        _check_pdf(data, name)
        return Identified("document", "application/pdf", ".pdf")
    if data.startswith(b"PK\x03\x04"):
        return _office(data, name)
    if data.startswith(_OLE):
        return _legacy_office(data, name)
    raise UnsafeFile(_("“%(n)s”不是支持的文件类型。支持：JPG、PNG、GIF、WEBP图片，PDF、Word、Excel、PPT文档") % {"n": name})


def open_image(data: bytes, name: str):
    """Pillow's image of `data`, refused before decoding when its declared size is a decompression bomb's."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(name) from exc
    width, height = img.size
    if width * height > MAX_PIXELS:
        img.close()
        raise _too_many_pixels(name, width, height)
    return img


def _too_many_pixels(name, width=None, height=None) -> UnsafeFile:
    size = f"{width}×{height}" if width else _("超大")
    return UnsafeFile(_("“%(n)s”的图片尺寸过大（%(size)s像素，上限%(mp)d00万像素），请缩小后再上传") % {
        "n": name, "size": size, "mp": MAX_PIXELS // 1_000_000})


def _image(data: bytes, name: str) -> Identified | None:
    try:
        img = open_image(data, name)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, UnsafeFile):
            raise
        return None
    with img:
        fmt = img.format
        try:
            img.verify()
        except (OSError, SyntaxError, ValueError) as exc:
            raise UnsafeFile(_("“%(n)s”是损坏的图片，请重新拍摄或导出后再上传") % {"n": name}) from exc
    if fmt not in IMAGE_FORMATS:
        return None
    return Identified("image", f"image/{fmt.lower()}", "")


def _check_pdf(data: bytes, name: str) -> None:
    from pypdf import PdfReader

    active = next((word.decode() for word in _PDF_ACTIVE if re.search(re.escape(word) + rb"(?![A-Za-z])", data)),
                  None)
    if active:
        raise UnsafeFile(_("“%(n)s”含有脚本、自动动作或嵌入文件（%(what)s），不能上传；请用“打印为PDF”另存一份再上传") % {
            "n": name, "what": active})
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UnsafeFile(_("“%(n)s”是加密的PDF，请去掉密码后再上传") % {"n": name})
        pages = len(reader.pages)
        active = _pdf_catalog_action(reader)
    except UnsafeFile:
        raise
    except Exception as exc:  # a damaged PDF raises many kinds (pypdf's own, ValueError, KeyError, RecursionError…)
        raise UnsafeFile(_("“%(n)s”不是完整的PDF文件（无法打开），请重新导出后再上传") % {"n": name}) from exc
    if active:
        raise UnsafeFile(_("“%(n)s”含有脚本、自动动作或嵌入文件（%(what)s），不能上传；请用“打印为PDF”另存一份再上传") % {
            "n": name, "what": active})
    if pages < 1:
        raise UnsafeFile(_("“%(n)s”是没有页面的PDF，请重新导出后再上传") % {"n": name})


def _pdf_catalog_action(reader) -> str | None:
    """The catalog's scripts or embedded files, which a compressed object stream hides from the byte scan."""
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    for key in ("/JavaScript", "/EmbeddedFiles"):
        if key in names:
            return key
    opening = root.get("/OpenAction")
    opening = opening.get_object() if opening is not None else None
    if hasattr(opening, "get") and opening.get("/S") in ("/JavaScript", "/Launch"):
        return str(opening.get("/S"))
    return "/AA" if "/AA" in root else None


def _office(data: bytes, name: str) -> Identified:
    damaged = UnsafeFile(_("“%(n)s”不是完整的Word、Excel或PPT文件（无法打开），请用Office或WPS另存后再上传") % {"n": name})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(len(data), 1):
                raise UnsafeFile(_("“%(n)s”解压后过大，不像是正常的文档，不能上传") % {"n": name})
            names = {info.filename for info in infos}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise UnsafeFile(_("“%(n)s”含有宏，不能上传；请另存为不含宏的文档（.docx、.xlsx、.pptx）后再上传") % {"n": name})
            if "[Content_Types].xml" not in names:
                raise damaged
            types = archive.read("[Content_Types].xml")
            main = next((part for part in OOXML if part in names), None)
            if main is None or OOXML[main][2] not in types:
                raise damaged
            if archive.testzip() is not None:     # every part's checksum: a truncated or forged archive fails here
                raise damaged
            if not archive.read(main).lstrip()[:1] == b"<":
                raise damaged
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, NotImplementedError) as exc:
        raise damaged from exc
    mime, extension, _type = OOXML[main]
    return Identified("document", mime, extension)


def _legacy_office(data: bytes, name: str) -> Identified:
    if "_VBA_PROJECT".encode("utf-16-le") in data or b"_VBA_PROJECT" in data:
        raise UnsafeFile(_("“%(n)s”含有宏，不能上传；请另存为不含宏的文档（.docx、.xlsx、.pptx）后再上传") % {"n": name})
    extension = os.path.splitext(name)[1].lower()
    if extension not in OLE_MIME:
        raise UnsafeFile(_("“%(n)s”是旧版Office文件，但扩展名不是.doc、.xls或.ppt，请用Office或WPS另存为新格式后再上传") % {
            "n": name})
    return Identified("document", OLE_MIME[extension], extension)


_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def safe_name(name: str, extension: str | None = None, limit: int = NAME_LIMIT) -> str:
    """The file's name as it will be kept: the last path part, without control or reserved characters, its
    extension replaced by `extension` when given (what the content is), and shortened to `limit` characters by
    cutting the stem, so the extension survives."""
    name = unicodedata.normalize("NFC", os.path.basename((name or "").replace("\\", "/")))
    name = _UNSAFE_CHARS.sub("_", name).strip(" .") or "file"
    stem, ext = os.path.splitext(name)
    if extension is not None:
        ext = extension
    ext = ext[:12]
    stem = stem.strip(" .") or "file"
    return stem[: max(1, limit - len(ext))] + ext
