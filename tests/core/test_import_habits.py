"""Files as offices make them, read by every import (core/spreadsheets.py), and files that must be refused.
Driven through the activity import, whose rows have a date, a number and a unit; the expected dates are written
beside the cells that hold them."""

import csv
import io
import zipfile
from datetime import date

import pytest
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tuanjie.activities.importers import HEADERS, ActivityImporter
from tuanjie.activities.models import Activity
from tuanjie.core import spreadsheets

HEADER_ROW = list(HEADERS)


def values(day, title="开展主题宣讲", participants=120, unit="U1"):
    row = {"开展单位（代码或名称）": unit, "开始日期": day, "活动类型": "宣讲", "活动名称": title, "参加人数": participants}
    return [row.get(h, "") for h in HEADER_ROW]


def saved(book, name="台账.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def plain_book(rows):
    book = Workbook()
    book.active.append(HEADER_ROW)
    for row in rows:
        book.active.append(row)
    return book


@pytest.mark.parametrize(("cell", "expected"), [
    ("2026年3月5日", date(2026, 3, 5)),
    ("2026.3.5", date(2026, 3, 5)),
    ("2026/3/5", date(2026, 3, 5)),
    ("２０２６年３月５日", date(2026, 3, 5)),
    (46086, date(2026, 3, 5)),          # the Excel serial of 2026-03-05
    (20260305, date(2026, 3, 5)),       # typed as a number
    (date(2026, 3, 5), date(2026, 3, 5)),
])
def test_a_date_written_as_offices_write_it_is_read(tree, unit_staff, cell, expected):
    result = ActivityImporter(unit_staff).run(saved(plain_book([values(cell)])))
    assert result.ok, result.errors
    assert Activity.objects.get().start_date == expected


def test_a_date_that_is_no_date_is_named_by_row_and_column_in_chinese(tree, unit_staff):
    result = ActivityImporter(unit_staff).run(saved(plain_book([values("2026-03-05"), values(99999999)])))
    assert not result.ok and not Activity.objects.exists()
    assert any(e.startswith("第3行“开始日期”") for e in result.errors), result.errors


def test_full_width_digits_in_a_number_are_read(tree, unit_staff):
    result = ActivityImporter(unit_staff).run(saved(plain_book([values("2026-03-05", participants="１２０")])))
    assert result.ok, result.errors
    assert Activity.objects.get().participants == 120


def test_a_title_row_and_a_merged_two_row_header_above_the_data_are_read(tree, unit_staff):
    book = Workbook()
    sheet = book.active
    sheet.append(["团结县民族团结进步创建活动台账（2026年）"])
    sheet.merge_cells("A1:K1")
    sheet.append(["填报单位：城关镇中心学校"])
    # row 3: 开展单位 and 活动类型 … written once over rows 3-4; 日期 over 开始日期 and 结束日期
    upper = [h if h not in ("开始日期", "结束日期") else "" for h in HEADER_ROW]
    upper[HEADER_ROW.index("开始日期")] = "日期"
    sheet.append(upper)
    lower = [h if h in ("开始日期", "结束日期") else None for h in HEADER_ROW]
    sheet.append(lower)
    for column, header in enumerate(HEADER_ROW, start=1):
        if header not in ("开始日期", "结束日期"):
            sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    start = HEADER_ROW.index("开始日期") + 1
    sheet.merge_cells(start_row=3, start_column=start, end_row=3, end_column=start + 1)
    sheet.append(values("2026-03-05"))
    sheet.append(values("2026-03-06", title="第二场", participants="abc"))
    result = ActivityImporter(unit_staff).run(saved(book))
    assert not result.ok
    assert any(e.startswith("第6行“参加人数”") for e in result.errors), result.errors  # Excel's own row number


def test_an_old_xls_file_is_read(tree, unit_staff):
    book = xlwt.Workbook()
    sheet = book.add_sheet("台账")
    sheet.write(0, 0, "团结县活动台账")
    for column, header in enumerate(HEADER_ROW):
        sheet.write(1, column, header)
    for column, value in enumerate(values("2026/3/5")):
        sheet.write(2, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    result = ActivityImporter(unit_staff).run(SimpleUploadedFile("台账.xls", buffer.getvalue()))
    assert result.ok, result.errors
    assert Activity.objects.get().start_date == date(2026, 3, 5)


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_a_csv_in_gbk_or_utf8_with_bom_is_read(tree, unit_staff, encoding):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER_ROW)
    writer.writerow(values("2026年3月5日", title="城关镇中心学校宣讲"))
    result = ActivityImporter(unit_staff).run(SimpleUploadedFile("台账.csv", text.getvalue().encode(encoding)))
    assert result.ok, result.errors
    assert Activity.objects.get().title == "城关镇中心学校宣讲"


def refused(unit_staff, upload) -> str:
    result = ActivityImporter(unit_staff).run(upload)
    assert not result.ok and not Activity.objects.exists()
    return result.errors[0]


def test_a_macro_workbook_is_refused_by_name_and_by_content(tree, unit_staff):
    good = saved(plain_book([values("2026-03-05")])).read()
    assert "宏" in refused(unit_staff, SimpleUploadedFile("台账.xlsm", good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    assert "宏" in refused(unit_staff, SimpleUploadedFile("台账.xlsx", buffer.getvalue()))


def test_a_formula_where_a_value_is_expected_is_refused_naming_its_cell(tree, unit_staff):
    book = plain_book([values("2026-03-05")])
    book.active["F2"] = "=100+20"
    message = refused(unit_staff, saved(book))
    assert "F2" in message and "公式" in message


def test_more_rows_than_the_limit_are_refused_before_the_sheet_is_parsed(tree, unit_staff, monkeypatch):
    monkeypatch.setattr(ActivityImporter, "max_rows", 5)
    parsed = []
    monkeypatch.setattr(spreadsheets, "_calamine_rows", lambda *a: parsed.append(1))
    message = refused(unit_staff, saved(plain_book([values("2026-03-05")] * 40)))
    assert "超过5行" in message and not parsed


def test_a_file_that_unpacks_too_large_is_refused(tree, unit_staff, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 10_000)
    assert "解压后过大" in refused(unit_staff, saved(plain_book([values("2026-03-05")] * 200)))


@pytest.mark.parametrize(("name", "content"), [
    ("台账.xlsx", b"%PDF-1.7\n1 0 obj\n"),
    ("台账.xls", b"<html><body>not excel</body></html>"),
    ("台账.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
    ("台账.docx", b"PK\x03\x04"),
    ("台账.xlsx", b"PK\x03\x04broken zip"),
])
def test_a_file_that_is_not_a_spreadsheet_is_refused_in_chinese(tree, unit_staff, name, content):
    message = refused(unit_staff, SimpleUploadedFile(name, content))
    assert any(word in message for word in ("Excel", "CSV")), message


def test_an_export_writes_text_that_looks_like_a_formula_as_text(tree, unit_staff, client_for):
    from tests.factories_activities import make_activity

    activity = make_activity(tree.u1, tree)
    Activity.objects.filter(pk=activity.pk).update(title='=HYPERLINK("http://evil.example","点击")',
                                                    location="+1-2", description="@SUM(A1)")
    response = client_for(unit_staff).get("/activities/?export=xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in book.active.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value[:1] in "=+-@"]
    assert any(c.value.startswith("=HYPERLINK") for c in risky)
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
