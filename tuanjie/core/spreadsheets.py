"""Reading and writing tables: Excel (.xlsx) and CSV in, streaming Excel out in constant memory."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook, SheetTypeEnum

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; the message says what to fix."""


def read_rows(uploaded) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """Headers and (row number, {header: value}) of the first sheet of an .xlsx or a .csv upload."""
    name = (getattr(uploaded, "name", "") or "").lower()
    if getattr(uploaded, "size", 0) and uploaded.size > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(_("文件超过20MB，请拆分后分批导入"))
    if name.endswith(".csv"):
        raw = uploaded.read()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise SpreadsheetError(_("无法识别CSV文件的编码，请另存为UTF-8编码"))
        rows = list(csv.reader(io.StringIO(text)))
    elif name.endswith(".xlsx"):
        rows = _xlsx_rows(uploaded)
    else:
        raise SpreadsheetError(_("只支持.xlsx或.csv文件"))
    if not rows:
        raise SpreadsheetError(_("文件是空的，第一行应为表头"))
    headers = [str(_plain(h)) for h in rows[0]]

    def body():
        for number, row in enumerate(rows[1:], start=2):
            values = [_plain(v) for v in row]
            if all(v == "" for v in values):
                continue
            values += [""] * (len(headers) - len(values))
            yield number, dict(zip(headers, values, strict=False))

    return headers, body()


def _xlsx_rows(uploaded) -> list[list]:
    # calamine (Rust) reads a sheet about 20 times faster than openpyxl's read-only mode, which builds an object per
    # cell and, for files without a <dimension> (openpyxl's own write-only output), parses the sheet twice.
    try:
        if hasattr(uploaded, "seek"):
            uploaded.seek(0)
        book = CalamineWorkbook.from_filelike(uploaded)
        first = next((s.name for s in book.sheets_metadata if s.typ == SheetTypeEnum.WorkSheet), None)
        if first is None:
            raise ValueError("no worksheet")
        # skip_empty_area=False keeps row 1 as row 1 and column A as the first value, as Excel numbers them.
        return book.get_sheet_by_name(first).to_python(skip_empty_area=False)
    except Exception as exc:  # a damaged file raises many kinds
        raise SpreadsheetError(_("无法打开Excel文件，请确认是.xlsx格式且未损坏")) from exc


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    # Excel stores every number as a float; a whole number (a code, a count) reads as the int the user typed.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def xlsx_response(filename: str, headers: list[str], rows: Iterable[Iterable], sheet_title: str = "Sheet1"):
    """Stream rows into a write-only workbook on disk and send it; memory stays flat for a million rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def template_response(filename: str, headers: list[str], example: list | None = None, notes: list[str] | None = None):
    """An import template: bold headers, one example row, and a sheet of notes on how to fill it in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("数据")
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) * 3)
    if example:
        sheet.append(example)
    if notes:
        help_sheet = workbook.create_sheet(_("填写说明"))
        for line in notes:
            help_sheet.append([line])
        help_sheet.column_dimensions["A"].width = 90
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
