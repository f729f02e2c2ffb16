import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tuanjie.activities.importers import HEADERS, ActivityImporter
from tuanjie.activities.models import Activity

HEADER_ROW = list(HEADERS)


def xlsx(rows, headers=HEADER_ROW) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("活动台账.xlsx", buffer.getvalue())


def row(unit="U1", day="2026-05-12", kind="宣讲", title="开展主题宣讲", participants=120, **extra):
    values = {"开展单位（代码或名称）": unit, "开始日期": day, "活动类型": kind, "活动名称": title,
              "参加人数": participants, **extra}
    return [values.get(h, "") for h in HEADER_ROW]


def test_the_template_has_the_chinese_headers_and_notes(tree, unit_staff, client_for):
    response = client_for(unit_staff).get(reverse("activities:activity_import_template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in book.worksheets[0][1]] == HEADER_ROW
    assert "填写说明" in book.sheetnames


def test_a_good_file_imports_every_row_with_units_by_code_or_name_and_kinds_by_label(tree, township_office):
    result = ActivityImporter(township_office).run(xlsx([
        row(),
        row(unit="城关镇人民政府", kind="党委（党组）听取创建工作汇报", title="镇党委听取创建工作汇报", participants=12),
        row(unit="U1A", kind="参观学习", title="参观教育基地", day="2026/06/01", 活动产出="宣传手册500册", 产出数量=500),
    ]))
    assert result.ok, result.errors
    assert result.created == 3
    assert set(Activity.objects.values_list("kind", flat=True)) == {"lecture", "report_hearing", "study_visit"}
    visit = Activity.objects.get(kind="study_visit")
    assert visit.place == tree.u1a and visit.output_quantity == 500 and visit.creation_field == tree.u1a.creation_field


def test_a_file_with_two_bad_rows_is_refused_naming_both_rows_and_nothing_is_written(tree, unit_staff, client_for):
    upload = xlsx([
        row(),
        row(kind="游行", title="类型写错"),                       # row 3: unknown kind
        row(),
        row(unit="U2", title="兄弟单位的活动"),                   # row 5: outside the unit's reach
    ])
    response = client_for(unit_staff).post(reverse("activities:activity_import"), {"file": upload})
    assert response.status_code == 422
    errors = response.context["errors"]
    assert any(e.startswith("第3行") and "游行" in e for e in errors)
    assert any(e.startswith("第5行") and "管辖范围" in e for e in errors)
    assert not any(e.startswith(("第2行", "第4行")) for e in errors)
    assert not Activity.objects.exists()


def test_a_missing_date_and_a_bad_number_are_named_with_their_column(tree, unit_staff):
    result = ActivityImporter(unit_staff).run(xlsx([row(day=""), row(participants="很多")]))
    assert not result.ok
    assert any("第2行“开始日期”" in e for e in result.errors)
    assert any("第3行“参加人数”" in e for e in result.errors)
    assert not Activity.objects.exists()


def test_a_file_without_the_template_headers_is_refused(tree, unit_staff):
    result = ActivityImporter(unit_staff).run(xlsx([["x"]], headers=["单位", "日期"]))
    assert not result.ok and "缺少列" in result.errors[0]


def test_an_export_can_be_imported_again(tree, unit_staff, client_for, log):
    log(tree.u1, participants=30, output_text="展板12块", output_quantity=12)
    response = client_for(unit_staff).get(reverse("activities:activity_list"), {"export": "xlsx"})
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert [c.value for c in sheet[1]][:len(HEADER_ROW)] == HEADER_ROW
    Activity.objects.all().delete()
    result = ActivityImporter(unit_staff).run(SimpleUploadedFile("export.xlsx", content))
    assert result.ok, result.errors
    again = Activity.objects.get()
    assert again.participants == 30 and again.output_quantity == 12 and again.place == tree.u1


@pytest.mark.django_db(transaction=True)   # whether a transaction is open is the point, so none from the test
def test_every_row_is_checked_before_the_write_transaction_begins(tree, township_office, monkeypatch):
    from django.db import connection

    seen = {"checked in a transaction": [], "saved in a transaction": []}
    build, save = ActivityImporter.build_record, ActivityImporter.save_records

    def building(self, cleaned, number):
        seen["checked in a transaction"].append(connection.in_atomic_block)
        return build(self, cleaned, number)

    def saving(self, records, result):
        seen["saved in a transaction"].append(connection.in_atomic_block)
        return save(self, records, result)

    monkeypatch.setattr(ActivityImporter, "build_record", building)
    monkeypatch.setattr(ActivityImporter, "save_records", saving)
    result = ActivityImporter(township_office).run(xlsx([row(), row(title="第二场")]))
    assert result.ok and result.created == 2
    # On SQLite the write transaction holds the write lock: only the writing happens inside it.
    assert seen == {"checked in a transaction": [False, False], "saved in a transaction": [True]}
