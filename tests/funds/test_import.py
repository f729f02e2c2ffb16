"""The fund allocation sheet (经费落实表): the expected records are written beside the rows that make them."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from tests.workbooks import as_upload, downloaded, imported_through_page, xlsx
from tuanjie.funds.importers import HEADERS, AllocationImporter
from tuanjie.funds.models import Allocation

H = list(HEADERS)
SHEET = [
    {"落实到（代码或名称）": "城关镇", "年度": 2026, "资金来源": "省级少数民族发展资金", "金额（元）": 50000,
     "示范点建设补助": "是", "下达日期": "2026年3月5日", "文号": "团民宗发〔2026〕3号", "用途": "示范点宣传阵地"},
    {"落实到（代码或名称）": "U1", "年度": 2026, "资金来源": "县级补助", "金额（元）": "１２００.５", "下达日期": 46086},
    {"落实到（代码或名称）": "团结县/城关镇/城关镇人民政府", "年度": 2026, "资金来源": "单位自筹", "金额（元）": 800},
]
EXPECTED = {
    ("城关镇", 2026, "provincial", Decimal("50000.00"), True, date(2026, 3, 5), "团民宗发〔2026〕3号", "示范点宣传阵地"),
    ("城关镇中心学校", 2026, "county", Decimal("1200.50"), False, date(2026, 3, 5), "", ""),
    ("城关镇人民政府", 2026, "self", Decimal("800.00"), False, None, "", ""),
}


def allocations():
    return {(a.place.name, a.year, a.source, a.amount, a.for_site, a.allocated_on, a.document_no, a.purpose)
            for a in Allocation.objects.select_related("place")}


def test_a_fund_sheet_creates_exactly_its_allocations_and_again_changes_nothing(tree, county_office, client_for):
    response = imported_through_page(client_for(county_office), reverse("funds:allocation_import"),
                                     {"file": xlsx(H, SHEET)})
    assert response.status_code == 302
    assert allocations() == EXPECTED
    again = AllocationImporter(county_office).run(xlsx(H, SHEET))
    assert (again.ok, again.created, again.updated) == (True, 0, 0)
    assert allocations() == EXPECTED


def test_a_changed_amount_updates_its_allocation_instead_of_adding_one(tree, county_office):
    AllocationImporter(county_office).run(xlsx(H, SHEET))
    changed = [dict(SHEET[0], **{"金额（元）": 60000}), *SHEET[1:]]
    result = AllocationImporter(county_office).run(xlsx(H, changed))
    assert (result.created, result.updated) == (0, 1)
    assert Allocation.objects.get(source="provincial").amount == Decimal("60000.00")
    assert Allocation.objects.count() == 3


def test_a_broken_sheet_writes_nothing_and_names_each_row_and_column(tree, county_office):
    rows = [*SHEET,
            {"落实到（代码或名称）": "友谊县", "年度": 2026, "资金来源": "县级补助", "金额（元）": 10},      # row 5
            {"落实到（代码或名称）": "U1", "年度": 2026, "资金来源": "中央专项", "金额（元）": 10},       # row 6
            {"落实到（代码或名称）": "U1", "年度": 2026, "资金来源": "县级补助", "金额（元）": -5},       # row 7
            {"落实到（代码或名称）": "U1", "年度": 2026, "资金来源": "县级补助", "金额（元）": 5,
             "下达日期": "2025-12-31", "文号": "x"},                                                    # row 8
            {"落实到（代码或名称）": "U1", "年度": 2026, "资金来源": "县级补助", "金额（元）": 5,
             "示范点建设补助": "也许", "文号": "y"}]                                                   # row 9
    result = AllocationImporter(county_office).run(xlsx(H, rows))
    assert not result.ok and not Allocation.objects.exists()
    starts = ["第5行“落实到（代码或名称）”", "第6行“资金来源”", "第7行“金额（元）”", "第8行“下达日期”", "第9行“示范点建设补助”"]
    for start in starts:
        assert any(e.startswith(start) for e in result.errors), (start, result.errors)
    assert not any(e.startswith(("第2行", "第3行", "第4行")) for e in result.errors)


def test_a_unit_imports_its_own_self_funding_only(tree, unit_staff):
    result = AllocationImporter(unit_staff).run(xlsx(H, [
        {"落实到（代码或名称）": "U1", "年度": 2026, "资金来源": "单位自筹", "金额（元）": 300},
        {"落实到（代码或名称）": "U1", "年度": 2026, "资金来源": "县级补助", "金额（元）": 300}]))
    assert not result.ok and result.errors[0].startswith("第3行") and "创建办" in result.errors[0]
    assert not Allocation.objects.exists()


def test_the_template_lists_the_sources_in_a_second_sheet_and_imports_as_it_is(tree, county_office, client_for):
    client = client_for(county_office)
    template = client.get(reverse("funds:allocation_import_template"))
    book = downloaded(template)
    assert [c.value for c in book.worksheets[0][1]] == H
    values = book["可填值"]
    assert [c.value for c in values[1]] == ["资金来源", "示范点建设补助"]
    assert [r[0].value for r in values.iter_rows(min_row=2) if r[0].value] == [
        "省级少数民族发展资金", "市专项", "县级补助", "单位自筹", "其他"]
    response = imported_through_page(client, reverse("funds:allocation_import"), {
        "file": as_upload(client.get(reverse("funds:allocation_import_template")))})
    assert response.status_code == 302
    assert Allocation.objects.get().document_no == "团民宗发〔2026〕3号"
