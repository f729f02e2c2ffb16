import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tuanjie.places.importers import PlaceImporter
from tuanjie.places.models import Place


def xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(["代码", "名称", "上级代码", "类型"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("places.xlsx", out.getvalue())


def test_a_good_file_creates_places_under_parents_from_earlier_rows(tree, county_office):
    result = PlaceImporter(county_office).run(xlsx([
        ["910102003000", "团结乡", "910102000000", "乡"],
        ["910102003001", "东湾村", "910102003000", "村"],
        ["TJX-99", "团结乡中心学校", "910102003000", "学校"],
    ]))
    assert result.ok, result.errors
    assert result.created == 3
    school = Place.objects.get(code="TJX-99")
    assert school.kind == "unit" and school.creation_field.name == "学校"
    assert school.path.startswith(Place.objects.get(code="910102003000").path)


def test_a_csv_in_gb18030_from_excel_on_windows_is_read(tree, county_office):
    text = "代码,名称,上级代码,类型\n910102003000,团结乡,910102000000,乡\n"
    result = PlaceImporter(county_office).run(SimpleUploadedFile("p.csv", text.encode("gb18030")))
    assert result.ok, result.errors


def test_a_file_with_two_bad_rows_names_both_and_writes_nothing(tree, county_office):
    before = Place.objects.count()
    result = PlaceImporter(county_office).run(xlsx([
        ["910102003000", "团结乡", "910102000000", "乡"],
        ["910102003001", "东湾村", "999999999999", "村"],
        ["910102003002", "西沟村", "910102003000", "星球"],
    ]))
    assert not result.ok
    assert any(e.startswith("第3行") and "上级代码" in e for e in result.errors), result.errors
    assert any(e.startswith("第4行") and "星球" in e for e in result.errors), result.errors
    assert Place.objects.count() == before


def test_an_office_cannot_import_into_the_neighbouring_county(tree, county_office):
    result = PlaceImporter(county_office).run(xlsx([["910103009000", "某镇", "910103000000", "乡"]]))
    assert not result.ok and "无权" in result.errors[0]


def test_wrong_headers_are_reported_before_any_row(tree, county_office):
    wb = Workbook()
    wb.active.append(["编号", "名字"])
    out = io.BytesIO()
    wb.save(out)
    result = PlaceImporter(county_office).run(SimpleUploadedFile("x.xlsx", out.getvalue()))
    assert "缺少列" in result.errors[0]


def test_a_non_spreadsheet_is_refused_clearly(tree, county_office):
    result = PlaceImporter(county_office).run(SimpleUploadedFile("x.xlsx", b"garbage"))
    assert "无法打开Excel文件" in result.errors[0]


def test_the_export_imports_back_unchanged(tree, county_office, client_for):
    response = client_for(county_office).get("/places/?export=xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("代码", "名称", "上级代码", "类型")
    assert ("910102001000", "城关镇", "910102000000", "乡") in rows
    assert not any(r[1] == "友谊县" for r in rows)       # the neighbour is not in the county's export
    result = PlaceImporter(county_office).run(SimpleUploadedFile("back.xlsx", data))
    assert result.ok, result.errors
    assert result.created == 0 and result.updated == len(rows) - 1


def test_the_import_page_shows_row_errors(tree, county_office, client_for):
    client = client_for(county_office)
    response = client.post("/places/import/", {"file": xlsx([["910102003001", "东湾村", "404", "村"]])})
    assert response.status_code == 422
    assert "第2行" in response.content.decode()
