"""HTTP responses for generated documents."""
from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment_headers(response: HttpResponse, filename: str) -> HttpResponse:
    """Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987) for Chinese file names."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "document"
    if ascii_name.startswith("."):
        ascii_name = "document" + ascii_name
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response


def bytes_response(data: bytes, filename: str, content_type: str = DOCX_TYPE) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    return attachment_headers(response, filename)


def docx_response(doc, filename: str) -> HttpResponse:
    """Send an OfficialDocument (or raw .docx bytes) as a download; ".docx" is added to the name if missing."""
    if not filename.lower().endswith(".docx"):
        filename += ".docx"
    data = doc if isinstance(doc, bytes | bytearray) else doc.to_bytes()
    return bytes_response(bytes(data), filename, DOCX_TYPE)
