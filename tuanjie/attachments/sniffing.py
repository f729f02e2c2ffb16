"""What a file really is, from its content rather than its name: images are opened by Pillow, documents are
recognised by their signatures (PDF, Office Open XML, legacy Office)."""

import io
import zipfile

from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp",
                 "BMP": "image/bmp"}
OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}


def sniff(data: bytes) -> tuple[str, str] | None:
    """(kind, mime) for an accepted file, None for anything else."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
            fmt = img.format
        if fmt in IMAGE_FORMATS:
            return "image", IMAGE_FORMATS[fmt]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        pass
    if data.startswith(b"%PDF-"):
        return "document", "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            for prefix, (mime, _ext) in OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return "document", mime
        return None
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "document", "application/msword"   # legacy .doc/.xls (OLE compound file)
    return None
