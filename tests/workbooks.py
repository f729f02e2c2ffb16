"""Spreadsheets built in the tests (the expected answers sit beside the rows they put in the file)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook


def xlsx(headers: list[str], rows: list[dict], name: str = "导入.xlsx") -> SimpleUploadedFile:
    """A file with `headers` and one row per {header: value} (missing headers are blank cells)."""
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def downloaded(response):
    """The workbook a streamed download answered with."""
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def as_upload(response, name: str = "模板.xlsx") -> SimpleUploadedFile:
    """A downloaded file uploaded again unchanged."""
    return SimpleUploadedFile(name, b"".join(response.streaming_content))


def imported_through_page(client, url: str, data: dict):
    """Upload on an import page, then confirm its preview, as an office does; the preview's own answer when the
    file was refused (so a test sees its errors)."""
    preview = client.post(url, data)
    token = preview.context.get("token") if preview.status_code == 200 and preview.context else None
    if not token:
        return preview
    return client.post(url, {"confirm": token})
