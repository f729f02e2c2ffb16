"""The 1—6月 progress report of a county whose half-year the test entered (tests/documents/half_year.py): every
figure in its section, nothing from after the period, and the same report whichever day it is drafted on."""
import io
import zipfile
from datetime import date, datetime

import pytest
from docx import Document

from tests.documents.half_year import enter_half_year
from tuanjie.documents import generators
from tuanjie.documents.models import DocumentKind, GeneratedDocument
from tuanjie.documents.services import document_request

PERIOD = generators.to_date_period(2026, 6)
DECEMBER = date(2026, 12, 15)
JUNE_30 = date(2026, 6, 30)


@pytest.fixture
def half_year(tree):
    return enter_half_year(tree)


def sections(doc) -> dict[str, str]:
    """{"（一）…" or "一、…" heading: the text up to the next heading} of a generated document."""
    document = Document(io.BytesIO(doc.to_bytes()))
    out: dict[str, str] = {}
    current = "头"
    for p in document.paragraphs:
        if p.style.name in ("Heading 1", "Heading 2"):
            current = p.text
            out[current] = ""
        else:
            out[current] = out.get(current, "") + p.text + "\n"
    for table in document.tables:
        out.setdefault("表格", "")
        out["表格"] += "\n".join("|".join(c.text for c in row.cells) for row in table.rows) + "\n"
    return out


def test_every_figure_of_the_half_year_is_stated_in_its_section(half_year):
    s = sections(generators.progress_report(half_year.tree.county, PERIOD, today=DECEMBER, charts=False))
    publicity = s["（二）创新载体平台，强化宣传引导"]
    assert "1—6月，全域共开展各类创建活动7次，参与群众380人次，31个创建单位中3个开展了活动。" in publicity
    assert "其中宣讲4次、其他活动2次、知识竞赛1次。" in publicity
    assert "活动产出主要有宣传折页2000份。" in publicity                  # one total across the two events
    assert "各单位报送创建信息3条，被采用3条，已发布信息2条。" in publicity
    results = s["一、工作进展情况"]
    assert results == "1—6月，取得了以下重要成效：贫困村出列7个（5月20日，经省级验收）。\n"   # first in section 一
    assert "命名示范村" not in "".join(s.values())                   # recorded for July
    inspections = s["（四）跟进工作动态，强化督促检查"]
    assert "组织开展督查检查3轮（4月中旬2轮、6月上旬1轮），其中专项督查2轮、跟踪督查1轮" in inspections
    assert "总结亮点典型1条，发现问题1个，下达整改事项1项，正在整改1项，其中逾期未整改1项。" in inspections
    funds = s["（五）多方筹措经费，强化资金保障"]
    assert funds.startswith("2026年落实上级及财政资金45万元（其中省级少数民族发展资金40万元、市专项5万元）；"
                            "1家创建单位从单位经费中自筹资金3万元用于创建工作。")
    delivery = s["（六）坚持创建统领，强化政策落实"]
    assert "确定重点任务2项，截至2026年6月30日已完成0项" in delivery
    assert "开展民族团结进步宣传月活动|10场|2场|20%" in s["表格"]        # two activities against the task by June
    problems = s["（一）工作进展不够平衡"]
    assert "1—6月未登记活动的有中心学校附属幼儿园、团结县民族宗教事务局、团结县教育体育局、团结县卫生健康局、" \
           "团结县人力资源和社会保障局等28个单位" in problems
    assert "1项重点任务逾期未完成（牵头单位：城关镇人民政府）" in problems
    assert "整改事项逾期未完成的有城关镇人民政府，" in problems
    gap = s["（二）创建经费存在缺口"]
    assert "团结县测算创建经费需求90万元，已落实48万元，缺口42万元" in gap
    next_steps = s["三、下一步工作打算"]
    assert next_steps.startswith("7月1日至8月31日为检查验收阶段，迎接省级考核验收。\n"
                                 "近期重点活动安排：7月15日全市互观互检活动（团结县文化广电体育和旅游局承办）。")
    assert "宣传动员" not in next_steps
    assert next_steps.rstrip().endswith("团结县民族团结进步创建工作领导小组办公室\n2026年6月30日")   # dated the period's end


def test_the_report_names_nothing_after_the_period_drafted_in_december(half_year):
    text = "".join(sections(generators.progress_report(half_year.tree.county, PERIOD, today=DECEMBER,
                                                       charts=False)).values())
    assert "暑期宣讲" not in text and "30人次" not in text
    assert "2026-" not in text                                   # dates are written 2026年6月30日


def test_drafted_in_december_or_on_30_june_the_report_is_the_same_but_for_its_stamp(half_year):
    county = half_year.tree.county
    december = generators.progress_report(county, PERIOD, today=DECEMBER)
    december.stamp(datetime(2026, 12, 15, 9, 30))
    june = generators.progress_report(county, PERIOD, today=JUNE_30)
    june.stamp(datetime(2026, 6, 30, 17, 0))
    parts_december = zipfile.ZipFile(io.BytesIO(december.to_bytes()))
    parts_june = zipfile.ZipFile(io.BytesIO(june.to_bytes()))
    assert parts_december.namelist() == parts_june.namelist()
    differing = [name for name in parts_june.namelist() if parts_june.read(name) != parts_december.read(name)]
    assert differing == ["docProps/core.xml"]
    assert b"2026-12-15T09:30:00" in parts_december.read("docProps/core.xml")


def test_a_report_of_a_period_not_yet_over_is_dated_the_day_it_is_drafted(half_year):
    doc = generators.progress_report(half_year.tree.county, generators.to_date_period(2026, 12),
                                     today=date(2026, 8, 20), charts=False)
    texts = [p.text for p in doc.document.paragraphs if p.text]
    assert texts[-1] == "2026年8月20日"
    assert "全域共开展各类创建活动8次" in "".join(texts)     # seven by June and the lecture of 8 July


def test_a_requested_report_is_dated_the_periods_end_unless_the_office_sets_a_date(half_year):
    county = half_year.tree.county
    default = document_request(by=half_year.office, place=county, kind=DocumentKind.PROGRESS, year=2026, month=6)
    chosen = document_request(by=half_year.office, place=county, kind=DocumentKind.PROGRESS, year=2026, month=6,
                              issued_on=date(2026, 7, 3))
    for document, day in ((default, "2026年6月30日"), (chosen, "2026年7月3日")):
        assert document.status == GeneratedDocument.Status.DONE, document.error
        paragraphs = [p.text for p in Document(document.file.open("rb")).paragraphs if p.text]
        assert paragraphs[-1] == day


def test_a_date_before_the_period_is_refused_in_chinese(half_year):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="成文日期不能早于期间开始"):
        document_request(by=half_year.office, place=half_year.tree.county, kind=DocumentKind.PROGRESS, year=2026,
                         month=6, issued_on=date(2025, 12, 31))


def test_two_periods_download_under_their_own_names(half_year, client_for):
    county = half_year.tree.county
    client = client_for(half_year.office)
    names = set()
    for month in (3, 6):
        document = document_request(by=half_year.office, place=county, kind=DocumentKind.PROGRESS, year=2026,
                                    month=month)
        response = client.get(f"/documents/{document.pk}/download/")
        names.add(response["Content-Disposition"])
    assert len(names) == 2
    assert any("%E5%9B%A2%E7%BB%93%E5%8E%BF2026%E5%B9%B41%E2%80%946%E6%9C%88" in n for n in names)  # 团结县2026年1—6月


def test_the_monthly_form_comes_as_a_workbook_too(half_year, client_for):
    from openpyxl import load_workbook

    document = document_request(by=half_year.office, place=half_year.tree.county, kind=DocumentKind.MONTHLY,
                                year=2026, month=5)
    response = client_for(half_year.office).get(f"/documents/{document.pk}/download/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:2] == ["地区/单位", "开展活动（次）"]
    by_name = {row[0]: row for row in rows[1:]}
    # May: u1's lecture-free month, u2's contest (both in 城关镇), the 文旅局's event
    assert by_name["城关镇"][1] == 1 and by_name["团结县文化广电体育和旅游局"][1] == 1 and by_name["合计"][1] == 2


def test_the_notice_has_its_addressees_attachment_in_heiti_and_imprint(half_year):
    from tuanjie.inspections.models import Round
    from tuanjie.inspections.notice import round_notice_document

    doc = round_notice_document(Round.objects.get(pk=half_year.round_id))
    document = Document(io.BytesIO(doc.to_bytes()))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[1] == "城关镇中心学校、城关镇人民政府："                    # 主送机关 under the title
    assert "附件：督查发现问题整改清单" in texts
    label = next(p for p in document.paragraphs if p.text == "附件")
    assert {r.font.name for r in label.runs} == {"黑体"}
    assert "三、亮点和典型" in texts and "本轮未记录亮点。" not in texts
    imprint = document.tables[-1]
    assert imprint.rows[0].cells[0].text == "抄送：团结县民族团结进步创建工作领导小组各成员单位。"
    assert imprint.rows[1].cells[0].text.startswith("团结县民族团结进步创建工作领导小组办公室\t")
    assert "2026年5月30日" in "".join(c.text for c in document.tables[0].rows[1].cells)


def test_the_generate_page_offers_the_one_person_files_to_who_may_see_the_pairs(tree, client_for):
    from tuanjie.core.roles import Role

    office = tree.person(Role.OFFICE, tree.county, "county_office_only")
    page = client_for(office).get("/documents/").content.decode()
    assert "重要成效" in page
    assert "一人一档" not in page           # no pairs within this office's reach: nothing to offer


def test_the_programme_office_finds_its_cadres_files_and_cards_on_the_generate_page(tree, client_for):
    from tests.factories_pairing import setup_programme
    from tuanjie.core.roles import Role

    pair = setup_programme(tree.t1, tree)
    office = tree.person(Role.OFFICE, tree.t1, "township_programme_office")
    client = client_for(office)
    page = client.get("/documents/").content.decode()
    assert f"/pairing/file/{pair.cadre_id}/" in page and "/pairing/pairs/" in page
    response = client.get(f"/documents/my-file/?cadre={pair.cadre_id}&year=2026")
    assert response.status_code == 200
    assert "%E4%B8%80%E4%BA%BA%E4%B8%80%E6%A1%A3.docx" in response["Content-Disposition"]   # …一人一档.docx
    outsider = tree.person(Role.OFFICE, tree.neighbour, "neighbour_documents")
    assert client_for(outsider).get(f"/documents/my-file/?cadre={pair.cadre_id}").status_code == 404


def test_a_task_reported_done_shows_no_ledger_count_below_its_target_beside_yichengwancheng(half_year):
    from tuanjie.core.context import acting_as
    from tuanjie.people.models import Role
    from tuanjie.plans.models import PlanTask
    from tuanjie.plans.services import task_progress_report

    task = PlanTask.objects.get(title="开展民族团结进步宣传月活动")
    office = half_year.tree.person(Role.OFFICE, half_year.tree.county, "half_year_office")
    with acting_as(office, source="test"):
        task_progress_report(by=office, task=task, status="done", percent=100, text="宣传月活动已全部完成",
                             reported_on=date(2026, 6, 20))
    table = sections(generators.progress_report(half_year.tree.county, PERIOD, today=DECEMBER, charts=False))["表格"]
    assert "开展民族团结进步宣传月活动|10场|—|已完成" in table          # two logged, but the lead unit reported it done
