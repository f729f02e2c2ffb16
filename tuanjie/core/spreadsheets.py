"""Reading and writing tables: Excel (.xlsx) and CSV in, streaming Excel out in constant memory."""

import csv
import io
import itertools
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook, SheetTypeEnum

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Checked before a sheet is parsed, so a small file that unpacks to millions of rows is refused in a second
# instead of filling the worker's memory (a 3.5 MB .xlsx of 2 M rows took 49 s and 2.4 GB).
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
HEADER_SEARCH_ROWS = 15   # title rows and a two-row header above the data: the header is looked for this far down

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; the message says what to fix."""


def read_rows(uploaded, expected=(), max_rows: int = MAX_ROWS) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """Headers and (row number, {header: value}) of the first sheet of an .xlsx, .xls or .csv upload.

    The header is the row (within the first few) that names most of the `expected` headers: offices put a title
    row, a date line or a two-row header with merged cells above their data; a merged header cell names every
    column it spans, and a column whose header sits in the upper row of a two-row header takes it from there."""
    name = (getattr(uploaded, "name", "") or "").lower()
    if getattr(uploaded, "size", 0) and uploaded.size > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(_("文件超过20MB，请拆分后分批导入"))
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    head = uploaded.read(8)
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    if name.endswith((".xlsm", ".xltm", ".xlam")):
        raise SpreadsheetError(_("不接受含宏的Excel文件（.xlsm），请另存为“Excel工作簿（.xlsx）”后再导入"))
    if name.endswith(".csv"):
        rows, merged = _csv_rows(uploaded.read(), max_rows), []
    elif name.endswith(".xlsx"):
        if not head.startswith(_ZIP):
            raise SpreadsheetError(_("无法打开Excel文件：它不是Excel工作簿（.xlsx），请用Excel或WPS打开后另存为.xlsx再导入"))
        _check_xlsx(uploaded, max_rows)
        rows, merged = _calamine_rows(uploaded, max_rows)
    elif name.endswith(".xls"):
        if not head.startswith(_OLE):
            raise SpreadsheetError(_("无法打开Excel文件：它不是Excel 97-2003工作簿（.xls），请用Excel或WPS打开后另存为.xlsx再导入"))
        data = uploaded.read()
        uploaded.seek(0)
        if "_VBA_PROJECT".encode("utf-16-le") in data:
            raise SpreadsheetError(_("文件中含有宏，不能导入；请另存为不含宏的“Excel工作簿（.xlsx）”后再导入"))
        rows, merged = _calamine_rows(uploaded, max_rows)
    else:
        raise SpreadsheetError(_("只支持Excel（.xlsx、.xls）或CSV文件"))
    rows = iter(rows)
    top = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    if not top:
        raise SpreadsheetError(_("文件是空的，第一行应为表头"))
    at, headers = _find_header(top, merged, set(expected))

    def body():
        for number, row in enumerate(itertools.chain(top[at + 1:], rows), start=at + 2):
            values = [_plain(v) for v in row]
            if all(v == "" for v in values):
                continue
            values += [""] * (len(headers) - len(values))
            yield number, dict(zip(headers, values, strict=False))

    return headers, body()


def _csv_rows(raw: bytes, max_rows: int) -> list[list]:
    if b"\x00" in raw[:4096]:
        raise SpreadsheetError(_("文件不是CSV文本文件，请用Excel另存为“CSV（逗号分隔）”或直接上传.xlsx"))
    for encoding in ("utf-8-sig", "gb18030"):   # Excel on Windows saves CSV in GBK; elsewhere UTF-8, with a BOM
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError(_("无法识别CSV文件的编码，请另存为UTF-8编码"))
    rows = []
    for row in csv.reader(io.StringIO(text)):
        rows.append(row)
        if len(rows) > max_rows + HEADER_SEARCH_ROWS:
            raise _too_many_rows(max_rows)
        if len(row) > MAX_COLUMNS:
            raise _too_many_columns()
    return rows


def _too_many_rows(max_rows: int) -> SpreadsheetError:
    return SpreadsheetError(_("文件超过%(n)d行，请拆分成几个文件分批导入（已导入的行再次导入不会重复）") % {"n": max_rows})


def _too_many_columns() -> SpreadsheetError:
    return SpreadsheetError(_("文件超过%(n)d列，请只保留模板中的各列") % {"n": MAX_COLUMNS})


_SHEET_REL = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]+)"')
_REL = re.compile(rb'<Relationship\b[^>]*>')
_FORMULA = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*>(?:(?!</c>).){0,200}?<f[\s>/]', re.S)


def _check_xlsx(uploaded, max_rows: int) -> None:
    """Before calamine parses the first sheet: no macros, a bounded unpacked size, no more rows than allowed, and
    no formulas (the data must be values: a formula's result is whatever Excel last computed, or nothing)."""
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise SpreadsheetError(_("文件中含有宏，不能导入；请另存为不含宏的“Excel工作簿（.xlsx）”后再导入"))
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise SpreadsheetError(_("文件解压后过大，请拆分成几个文件分批导入"))
            sheet = _first_sheet_part(archive, names)
            if sheet is None:
                raise SpreadsheetError(_("无法打开Excel文件，请确认是.xlsx格式且未损坏"))
            rows, tail = 0, b""
            with archive.open(sheet) as stream:
                while chunk := stream.read(1 << 20):
                    rows += chunk.count(b"<row ") + chunk.count(b"<row>")
                    if rows > max_rows + HEADER_SEARCH_ROWS:
                        raise _too_many_rows(max_rows)
                    found = _FORMULA.search(tail + chunk)
                    if found:
                        raise SpreadsheetError(
                            _("单元格%(cell)s是公式，导入只接受数值：请选中数据，复制后“选择性粘贴→数值”，保存再导入") % {
                                "cell": (found.group(1) + found.group(2)).decode()})
                    tail = chunk[-400:]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        if isinstance(exc, SpreadsheetError):
            raise
        raise SpreadsheetError(_("无法打开Excel文件，请确认是.xlsx格式且未损坏")) from exc
    finally:
        uploaded.seek(0)


def _first_sheet_part(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    try:
        book = archive.read("xl/workbook.xml")[:1 << 20]
        rels = archive.read("xl/_rels/workbook.xml.rels")[:1 << 20]
    except KeyError:
        return None
    first = _SHEET_REL.search(book)
    if first is None:
        return None
    for rel in _REL.findall(rels):
        if f'Id="{first.group(1).decode()}"'.encode() in rel:
            target = re.search(rb'Target="([^"]+)"', rel)
            if target is None:
                return None
            path = target.group(1).decode().lstrip("/")
            path = path if path.startswith("xl/") else "xl/" + path
            return path if path in names else None
    return None


def _calamine_rows(uploaded, max_rows: int) -> tuple[Iterator[list], list]:
    # calamine (Rust) reads a sheet about 20 times faster than openpyxl's read-only mode, which builds an object per
    # cell and, for files without a <dimension> (openpyxl's own write-only output), parses the sheet twice. It reads
    # .xls (Excel 97-2003) too, so no second reader (xlrd) is needed.
    try:
        book = CalamineWorkbook.from_filelike(uploaded)
        first = next((s.name for s in book.sheets_metadata if s.typ == SheetTypeEnum.WorkSheet), None)
        if first is None:
            raise ValueError("no worksheet")
        sheet = book.get_sheet_by_name(first)
    except Exception as exc:  # a damaged file raises many kinds
        raise SpreadsheetError(_("无法打开Excel文件，请确认是.xlsx或.xls格式且未损坏")) from exc
    if sheet.total_height > max_rows + HEADER_SEARCH_ROWS:
        raise _too_many_rows(max_rows)
    if sheet.total_width > MAX_COLUMNS:
        raise _too_many_columns()
    # Rows are handed over one at a time (the sheet stays in calamine's compact cells, not a list of Python lists).
    # iter_rows starts at row 1 but at the first used column: padding keeps column A first, as Excel numbers them.
    pad = [""] * (sheet.start[1] if sheet.start else 0)
    return (pad + row for row in sheet.iter_rows()), list(sheet.merged_cell_ranges or [])


def _find_header(rows: list[list], merged: list, expected: set[str]) -> tuple[int, list[str]]:
    """(index of the header row, its headers). Without expected headers the first row is the header."""
    top = [[str(_plain(v)) for v in row] for row in rows[:HEADER_SEARCH_ROWS]]
    for (r1, c1), (r2, c2) in merged:   # a merged cell's text belongs to every cell it covers
        if r1 >= len(top):
            continue
        value = top[r1][c1] if c1 < len(top[r1]) else ""
        for r in range(r1, min(r2, len(top) - 1) + 1):
            for c in range(c1, c2 + 1):
                if c < len(top[r]) and top[r][c] == "":
                    top[r][c] = value
    if not expected:
        return 0, top[0]
    best, best_score = 0, -1
    for i in range(len(top)):
        headers = _headers_at(top, i)
        score = sum(1 for h in headers if h in expected)
        if score > best_score:
            best, best_score = i, score
    return best, _headers_at(top, best)


def _headers_at(top: list[list[str]], i: int) -> list[str]:
    """Row i's headers; an empty cell takes the text above it (a header written once over two rows)."""
    row = top[i]
    above = top[i - 1] if i else []
    headers = []
    for c, value in enumerate(row):
        upper = above[c] if c < len(above) else ""
        headers.append(value or upper)
    return headers


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")
_DATE_FORMS = (
    re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_EXCEL_EPOCH = date(1899, 12, 30)   # Excel's day 0 (its 1900 leap-year mistake makes day 60 the only odd one)


def cell_date(value):
    """A date cell as offices write it: a date, an Excel serial (46086), 20260305, 2026年3月5日, 2026.3.5,
    2026/3/5, 2026-03-05, with full-width digits or not. Anything else comes back as text, for the form's own
    "请输入有效日期" message; nothing here raises."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            value = int(value)   # a serial with a time of day
        number = int(value)
        if 19000101 <= number <= 21001231:
            value = str(number)
        elif 1 <= number <= 73050:   # up to the year 2099
            return _EXCEL_EPOCH + timedelta(days=number)
        else:
            return str(number)
    text = str(value).strip().translate(_FULL_WIDTH_DIGITS)
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                return text
    return text


def cell_number(value):
    """A number cell: full-width digits and thousands separators (1,200) read as the number they show."""
    if isinstance(value, str):
        text = value.strip().translate(_FULL_WIDTH_DIGITS).replace(",", "").replace("，", "")
        return text
    return value


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
    spool = tempfile.TemporaryFile()
    xlsx_write(spool, headers, rows, sheet_title)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def xlsx_write(target, headers: list[str], rows: Iterable[Iterable], sheet_title: str = "Sheet1") -> None:
    """Write rows as a write-only workbook into `target` (a file object or path), formula-like text made inert."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    sheet.append([_inert(sheet, h) for h in headers])    # headers name office-defined kinds and countables too
    for row in rows:
        sheet.append([_inert(sheet, v) for v in row])
    workbook.save(target)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts (no [ ] : * ? / or backslash, at most 31 characters) whatever a record's name holds."""
    return (_SHEET_TITLE_BAD.sub("_", str(title)).strip("'") or "Sheet1")[:31]


def _neutralise(workbook) -> None:
    """Every formula-like text of a workbook built in memory (templates: their lookup values are office-defined
    names) made a text cell with the quote prefix, as `_inert` does for the streamed exports."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def _inert(sheet, value):
    """Text that a spreadsheet would take for a formula (OWASP's = + - @ tab CR) is written as a text cell with
    Excel's quote prefix: shown as typed, never run, and read back unchanged by the import (an apostrophe put
    before it, OWASP's other advice, would end up in the data when the export is edited and imported again)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell = WriteOnlyCell(sheet, value=None)
        cell.data_type, cell._value = "s", value
        cell.quotePrefix = True
        return cell
    return value


def form_workbook(*, sheet_title: str, title: str, headers: list[str], rows: list[list]) -> bytes:
    """A statistical form as .xlsx, as offices total them upward: the title merged over the columns, 黑体 headers,
    ruled cells, the last row (合计) bold, first column and header frozen, landscape with the header on every page."""
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(sheet_title)
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(name="黑体", size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    thin = Side(style="thin")
    for r in sheet.iter_rows(min_row=2, max_row=sheet.max_row):
        for cell in r:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(horizontal="left" if cell.column == 1 else "center", vertical="center",
                                       wrap_text=True)
    for cell in sheet[2]:
        cell.font = Font(name="黑体")
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = max(12, max((len(str(r[0])) for r in rows), default=4) * 2 + 2)
    for i in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 14
    sheet.freeze_panes = "B3"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "2:2"
    _neutralise(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_response(filename: str, headers: list[str], example: list | None = None, notes: list[str] | None = None,
                      lookups: dict[str, Iterable] | None = None):
    """An import template: bold headers, one example row, a sheet of the values the lookup columns take
    ({header: values}) and a sheet of notes on how to fill it in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("数据")
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) * 3)
    if example:
        sheet.append(example)
    if lookups:
        values_sheet = workbook.create_sheet(_("可填值"))
        columns = [(header, [str(v) for v in values]) for header, values in lookups.items()]
        values_sheet.append([header for header, _values in columns])
        for cell in values_sheet[1]:
            cell.font = Font(bold=True)
            values_sheet.column_dimensions[cell.column_letter].width = 24
        for i in range(max((len(v) for _h, v in columns), default=0)):
            values_sheet.append([v[i] if i < len(v) else None for _h, v in columns])
    if notes:
        help_sheet = workbook.create_sheet(_("填写说明"))
        for line in notes:
            help_sheet.append([line])
        help_sheet.column_dimensions["A"].width = 90
    _neutralise(workbook)
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
