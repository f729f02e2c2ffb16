"""Indicator systems: import of the official table (all or nothing, row errors in Chinese), export, versions."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tuanjie.assessments import selectors, services
from tuanjie.assessments.imports import IndicatorSystemImporter
from tuanjie.assessments.models import Indicator, IndicatorSystem
from tuanjie.places.models import CreationField

HEADERS = ["一级指标", "二级指标", "三级指标/测评内容", "分值", "评分标准", "佐证材料", "是否一票否决",
           "台账规则", "年度最低数量", "每条得分"]

GOOD_ROWS = [
    ["组织领导（20分）", "领导机构", "成立创建工作领导小组", 5, "未成立不得分", "成立文件", "否", "", "", ""],
    [None, None, "党组听取创建工作汇报", 5, "每年不少于2次", "会议记录", "否", "activity.report_hearing", 2, ""],
    [None, "制度建设", "制定年度实施方案", 10, "无方案不得分", "实施方案", "否", "", "", ""],
    ["宣传教育", "政策培训", "", 10, "每年不少于2次", "培训通知、照片", "否", "activity.training", 2, 5],
    [None, "信息报送", "", 10, "全年采用信息24条", "信息台账", "否", "information.accepted", 24, 0.5],
    ["否决事项", "发生影响民族团结的重大事件", "", 0, "发生即否决", "", "是", "", "", ""],
]


def xlsx(rows, headers=HEADERS, name="指标.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


@pytest.fixture
def agency():
    return CreationField.objects.get(name="机关")


def run(user, tree, agency, upload):
    importer = IndicatorSystemImporter(user, place=tree.county, year=2026, category=agency, name="机关测评指标")
    return importer, importer.run(upload)


def test_a_good_file_builds_the_tree_with_merged_cells_filled_down(tree, county_office, agency):
    importer, result = run(county_office, tree, agency, xlsx(GOOD_ROWS))
    assert result.ok, result.errors
    system = importer.system
    assert result.created == 6 and system.version == 1
    top = list(system.indicators.filter(level=1).values_list("name", "points"))
    assert top == [("组织领导（20分）", Decimal("20")), ("宣传教育", Decimal("20")), ("否决事项", Decimal("0"))]
    leader = Indicator.objects.get(system=system, name="领导机构")
    assert leader.children.count() == 2 and leader.points == Decimal("10")
    training = Indicator.objects.get(system=system, name="政策培训")
    assert training.level == 2 and training.countable_key == "activity.training" and training.min_count == 2
    assert training.points_per_record == Decimal("5")
    assert Indicator.objects.get(system=system, name="发生影响民族团结的重大事件").is_veto
    assert selectors.full_points(system) == Decimal("40")


def test_a_broken_file_names_every_bad_row_and_writes_nothing(tree, county_office, agency):
    rows = [
        ["组织领导", "领导机构", "成立领导小组", "五分", "", "", "否", "", "", ""],
        [None, None, "听取汇报", 5, "", "", "也许", "", "", ""],
        [None, None, "培训", 5, "", "", "否", "activity.training", "", ""],
        [None, None, "信息", 5, "", "", "否", "", "", 0.5],
        ["宣传", "", "三级却无二级", 5, "", "", "否", "", "", ""],
        ["宣传", "正常", "", 5, "", "", "否", "Activity Training", 2, ""],
    ]
    _importer, result = run(county_office, tree, agency, xlsx(rows))
    assert not result.ok
    text = "\n".join(result.errors)
    assert "第2行“分值”" in text
    assert "第3行“是否一票否决”：请填“是”或“否”" in text
    assert "第4行“年度最低数量”" in text
    assert "第5行“每条得分”" in text
    assert "第6行“二级指标”" in text
    assert "第7行“台账规则”" in text
    assert not IndicatorSystem.objects.exists() and not Indicator.objects.exists()


def test_one_bad_row_among_good_ones_writes_nothing(tree, county_office, agency):
    rows = GOOD_ROWS + [[None, None, "坏行", -1, "", "", "否", "", "", ""]]
    _importer, result = run(county_office, tree, agency, xlsx(rows))
    assert not result.ok and "第8行" in result.errors[0]
    assert not IndicatorSystem.objects.exists()


def test_missing_headers_are_named(tree, county_office, agency):
    _importer, result = run(county_office, tree, agency, xlsx([["a", "b"]], headers=["一级指标", "名称"]))
    assert "缺少列" in result.errors[0] and "分值" in result.errors[0]


def test_a_unit_cannot_import_an_indicator_system(tree, unit_staff, agency):
    importer = IndicatorSystemImporter(unit_staff, place=tree.u1, year=2026, category=agency, name="x")
    result = importer.run(xlsx(GOOD_ROWS))
    assert not result.ok and "创建办" in result.errors[0]
    assert not IndicatorSystem.objects.exists()


def test_the_export_reads_back_as_the_same_table(tree, county_office, agency, client_for):
    importer, _result = run(county_office, tree, agency, xlsx(GOOD_ROWS))
    response = client_for(county_office).get(f"/assessments/systems/{importer.system.pk}/export.xlsx")
    content = b"".join(response.streaming_content)
    ws = load_workbook(io.BytesIO(content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[2][:4] == ("组织领导（20分）", "领导机构", "党组听取创建工作汇报", 5)
    assert rows[4][:4] == ("宣传教育", "政策培训", None, 10) or rows[4][:4] == ("宣传教育", "政策培训", "", 10)
    # and the export imports again into an identical tree
    again = IndicatorSystemImporter(county_office, place=tree.county, year=2026, category=agency, name="再导入")
    assert again.run(SimpleUploadedFile("again.xlsx", content)).ok
    assert again.system.version == 2
    assert selectors.system_rows(again.system) == selectors.system_rows(importer.system)


def test_the_import_page_shows_row_errors_and_the_template_downloads(tree, county_office, agency, client_for):
    client = client_for(county_office)
    assert client.get("/assessments/systems/template.xlsx").status_code == 200
    response = client.post("/assessments/systems/import/", {
        "place": tree.county.pk, "year": 2026, "category": agency.pk, "name": "机关",
        "file": xlsx([["组织领导", "x", "y", "abc", "", "", "否", "", "", ""]])})
    assert response.status_code == 422 and "第2行" in response.content.decode()
    response = client.post("/assessments/systems/import/", {
        "place": tree.county.pk, "year": 2026, "category": agency.pk, "name": "机关", "file": xlsx(GOOD_ROWS)})
    assert response.status_code == 302
    assert IndicatorSystem.objects.get().indicators.count() == 11


def test_a_new_version_copies_the_tree(tree, county_office, agency, township_office):
    importer, _result = run(county_office, tree, agency, xlsx(GOOD_ROWS))
    copy = services.indicator_system_new_version(by=county_office, system=importer.system)
    assert copy.version == 2 and copy.indicators.count() == importer.system.indicators.count()
    assert selectors.system_rows(copy) == selectors.system_rows(importer.system)
    with pytest.raises(PermissionDenied):
        services.indicator_system_new_version(by=township_office, system=importer.system)
