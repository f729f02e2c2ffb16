"""Reports drafted from live data: open each .docx and check its structure and that its figures are the
selectors' figures."""
import io
import time
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from tuanjie.analytics import selectors as analytics
from tuanjie.core import countables
from tuanjie.core.context import acting_as
from tuanjie.documents import generators, selectors
from tuanjie.documents.models import DocumentKind, DocumentTemplate

TODAY = date(2026, 6, 30)
PERIOD = generators.to_date_period(2026, 6)


def aware(d: date):
    return timezone.make_aware(datetime(d.year, d.month, d.day, 10, 0))


@pytest.fixture
def county_data(tree):
    """A county half-way through 2026: activities, information, funds, a plan, an inspection round."""
    from tuanjie.activities.services import activity_create
    from tuanjie.funds.services import allocation_create, need_create
    from tuanjie.information.models import InformationItem
    from tuanjie.inspections.models import Finding, Rectification, Round
    from tuanjie.plans.models import Plan, PlanPhase, PlanTask, ScheduledActivity

    with acting_as(None, source="test"):
        for day, kind in [(date(2026, 3, 2), "lecture"), (date(2026, 4, 9), "lecture"), (date(2026, 5, 12), "training"),
                          (date(2026, 6, 1), "lecture")]:
            activity_create(by=None, place=tree.u1, start_date=day, title="民族团结宣讲进校园", kind=kind,
                            participants=60)
        activity_create(by=None, place=tree.u2, start_date=date(2026, 5, 20), title="民族团结知识竞赛",
                        kind="contest", participants=40)
        activity_create(by=None, place=tree.u2, start_date=date(2025, 12, 20), title="去年的活动", kind="lecture",
                        participants=10)
        for i, (place, status) in enumerate([(tree.u1, "published"), (tree.u1, "accepted"), (tree.u2, "published")]):
            InformationItem.objects.create(
                place=place, title=f"信息{i}", body="<p>正文</p>", status=status, submitted_at=aware(date(2026, 4, 1)),
                accepted_at=aware(date(2026, 4, 2)),
                published_at=aware(date(2026, 4, 3)) if status == "published" else None)
        allocation_create(by=None, place=tree.county, year=2026, source="provincial", amount=Decimal("400000"))
        allocation_create(by=None, place=tree.county, year=2026, source="city", amount=Decimal("50000"))
        need_create(by=None, place=tree.county, year=2026, amount=Decimal("900000"), purpose="示范点打造")
        plan = Plan.objects.create(place=tree.county, year=2026, title="团结县2026年民族团结进步创建工作实施方案",
                                   guiding_ideology="以铸牢中华民族共同体意识为主线。", goals="创建省级示范县。")
        PlanPhase.objects.create(plan=plan, order=1, name="宣传动员", start=date(2026, 3, 1), end=date(2026, 4, 30))
        PlanPhase.objects.create(plan=plan, order=2, name="检查验收", start=date(2026, 7, 1), end=date(2026, 8, 31),
                                 description="迎接省级考核验收")
        PlanTask.objects.create(plan=plan, number=1, title="建设民族团结进步宣传一条街", lead_unit=tree.u2,
                                deadline=date(2026, 5, 31))
        ScheduledActivity.objects.create(plan=plan, title="全市互观互检活动", start=date(2026, 7, 15))
        round_ = Round.objects.create(place=tree.county, title="第一轮专项督查", kind=Round.Kind.SPECIAL,
                                      start_date=date(2026, 4, 10), end_date=date(2026, 4, 20))
        round_.units.add(tree.u1, tree.u2)
        Finding.objects.create(round=round_, unit=tree.u1, kind=Finding.Kind.HIGHLIGHT, text="宣讲有特色")
        problem = Finding.objects.create(round=round_, unit=tree.u2, kind=Finding.Kind.PROBLEM, text="资料不全")
        Rectification.objects.create(finding=problem, unit=tree.u2, requirement="补齐资料",
                                     deadline=date(2026, 5, 30))
    return tree


def read(doc):
    document = Document(io.BytesIO(doc.to_bytes()))
    return document, "\n".join(p.text for p in document.paragraphs)


def headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_progress_report_follows_the_seed_structure(county_data):
    document, _text = read(generators.progress_report(county_data.county, PERIOD, today=TODAY))
    assert headings(document, 1) == ["一、工作进展情况", "二、存在的困难和问题", "三、下一步工作打算"]
    assert headings(document, 2)[:6] == [
        "（一）统一思想认识，强化组织领导", "（二）创新载体平台，强化宣传引导", "（三）突出特色实际，强化典型引领",
        "（四）跟进工作动态，强化督促检查", "（五）多方筹措经费，强化资金保障", "（六）坚持创建统领，强化政策落实"]
    assert document.paragraphs[0].text == "团结县民族团结进步创建工作进展情况汇报"


def test_progress_report_figures_equal_the_selectors(county_data):
    county = county_data.county
    _document, text = read(generators.progress_report(county, PERIOD, today=TODAY))
    activities = countables.get("activity").count_in_subtree(county.path, PERIOD.start, PERIOD.end)
    published = countables.get("information.published").count_in_subtree(county.path, PERIOD.start, PERIOD.end)
    accepted = countables.get("information.accepted").count_in_subtree(county.path, PERIOD.start, PERIOD.end)
    assert (activities, published, accepted) == (5, 2, 3)
    assert f"开展各类创建活动{activities}次" in text
    assert f"已发布信息{published}条" in text
    assert f"被采用{accepted}条" in text
    assert "宣讲3次" in text and "培训1次" in text
    assert "参与群众280人次" in text
    assert "组织开展专项督查1轮（4月上旬）" in text and "发现问题1个" in text and "逾期未整改1项" in text
    assert "落实上级及财政资金45万元（其中省级少数民族发展资金40万元、市专项5万元）" in text


def test_progress_report_names_lagging_units_and_the_funding_gap(county_data):
    _document, text = read(generators.progress_report(county_data.county, PERIOD, today=TODAY))
    problems = text.split("二、存在的困难和问题")[1].split("三、下一步工作打算")[0]
    assert "1—6月未登记活动的有中心学校附属幼儿园；" in problems      # no activity at all this year
    assert "整改事项逾期未完成的有城关镇人民政府，" in problems        # one unit: no "等"
    assert "团结县测算创建经费需求90万元，已落实45万元，缺口45万元" in problems   # the county's own need


def test_progress_report_plans_next_steps_from_the_schedule(county_data):
    _document, text = read(generators.progress_report(county_data.county, PERIOD, today=TODAY))
    next_steps = text.split("三、下一步工作打算")[1]
    assert "7月1日至8月31日为检查验收阶段，迎接省级考核验收。" in next_steps
    assert "7月15日全市互观互检活动" in next_steps
    assert "宣传动员" not in next_steps              # a phase already over is not planned again


def test_progress_report_embeds_a_chart(county_data):
    document, _text = read(generators.progress_report(county_data.county, PERIOD, today=TODAY))
    assert len(document.inline_shapes) == 1


def test_a_broken_part_fails_the_report_instead_of_leaving_a_blank(county_data, monkeypatch):
    def broken(*args, **kwargs):
        raise AttributeError("fund_summary moved")

    monkeypatch.setattr(selectors, "funds", broken)
    with pytest.raises(AttributeError):
        generators.progress_report(county_data.county, PERIOD, today=TODAY, charts=False)


def test_a_countable_missing_from_the_registry_fails_the_report(county_data, monkeypatch):
    registry = {k: v for k, v in countables.registry().items() if k != "information.accepted"}
    monkeypatch.setattr(countables, "registry", lambda: registry)
    with pytest.raises(KeyError):
        generators.progress_report(county_data.county, PERIOD, today=TODAY, charts=False)


def test_report_for_a_township_counts_only_its_subtree(county_data):
    _document, text = read(generators.progress_report(county_data.t2, PERIOD, today=TODAY, charts=False))
    assert "开展各类创建活动0次" in text


def test_office_template_changes_title_opening_issuer_and_number(county_data):
    DocumentTemplate.objects.create(place=county_data.county, kind=DocumentKind.PROGRESS,
                                    title="关于{place}{period}创建工作情况的汇报", issuer="中共团结县委统战部",
                                    doc_number_pattern="团统〔{year}〕{n}号", opening="各位领导：现将{period}情况汇报如下。")
    document, text = read(generators.progress_report(county_data.t1, PERIOD, today=TODAY, number=7, charts=False))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:3] == ["中共团结县委统战部文件", "团统〔2026〕7号", "关于城关镇2026年1—6月创建工作情况的汇报"]
    assert "各位领导：现将2026年1—6月情况汇报如下。" in text
    assert texts[-2:] == ["中共团结县委统战部", "2026年6月30日"]


def test_annual_summary_has_its_own_headings(county_data):
    document, _text = read(generators.annual_summary(county_data.county, generators.year_period(2026),
                                                     today=date(2026, 12, 28), charts=False))
    assert headings(document, 1) == ["一、主要工作及成效", "二、存在的不足", "三、2027年工作打算"]
    assert document.paragraphs[0].text == "团结县2026年民族团结进步创建工作总结"


def test_monthly_form_has_a_row_per_child_place_and_totals_equal_the_countables(county_data):
    county = county_data.county
    period = generators.month_period(2026, 5)
    document, _text = read(generators.monthly_report(county, period, today=TODAY))
    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][:2] == ["地区/单位", "开展活动\n（次）"]
    assert [r[0] for r in rows[1:]] == ["城关镇", "石榴镇", "合计"]
    total = countables.get("activity").count_in_subtree(county.path, period.start, period.end)
    assert rows[1][1] == str(total) == "2"
    assert rows[-1][1] == str(total)


def test_plan_document_is_drawn_from_the_plan(county_data):
    from tuanjie.plans.models import Plan

    plan = Plan.objects.get(place=county_data.county, year=2026)
    document, text = read(generators.plan_document(plan))
    # the fixture's plan has no 基本原则 and no 保障措施: those parts get no heading (and no "暂无数据")
    assert headings(document, 1) == ["一、指导思想", "二、目标任务", "三、重点工作及任务分工", "四、工作步骤"]
    assert "以铸牢中华民族共同体意识为主线。" in text
    assert "牵头单位：城关镇人民政府；完成时限：2026年5月31日" in text
    assert "（二）检查验收（7月1日—8月31日）" in headings(document, 2)
    assert document.tables[0].rows[1].cells[1].text == "全市互观互检活动"


def test_inspection_notice_comes_from_the_inspections_notice(county_data):
    from tuanjie.inspections.models import Round

    round_ = Round.objects.get(title="第一轮专项督查")
    document, text = read(generators.build(DocumentKind.INSPECTION_NOTICE, county_data.county,
                                           generators.year_period(2026), subject_id=round_.pk))
    assert "资料不全" in text


def test_cadre_file_without_pairs_says_no_data(tree, cadre):
    document, text = read(generators.cadre_file_document(cadre, 2026, viewer=cadre))
    assert "一人一档" in document.paragraphs[0].text
    assert "结对户0户" in text


def test_county_progress_report_generates_quickly(county_data):
    began = time.monotonic()
    generators.progress_report(county_data.county, PERIOD, today=TODAY).to_bytes()
    assert time.monotonic() - began < 3


def test_report_figures_equal_the_dashboard_roll_ups(county_data):
    county = county_data.county
    year = analytics.Span.of("y", date(2026, 1, 1))
    board = analytics.dashboard(county, year)
    headline = {(f.key, f.unit): f.value for f in board.headline}
    _document, text = read(generators.progress_report(county, generators.year_period(2026), today=TODAY,
                                                      charts=False))
    assert f"开展各类创建活动{headline[('activity', '次')]}次" in text
    assert f"参与群众{headline[('activity', '人次')]}人次" in text
    assert f"已发布信息{headline[('information.published', '条')]}条" in text
    assert f"被采用{headline[('information.accepted', '条')]}条" in text
    for label, n, _url in board.by_kind:
        assert f"{label}{n}次" in text


def test_report_states_the_fixtures_known_figures_for_january_to_june(county_data):
    """Counted by hand from `county_data`: u1 held four activities of 60 people (lectures in March, April and
    June, a training in May), u2 a contest of 40 in May (and a lecture in December 2025, outside the period);
    three items were submitted and accepted in April, two of them published."""
    _document, text = read(generators.progress_report(county_data.county, PERIOD, today=TODAY, charts=False))
    assert "1—6月，全域共开展各类创建活动5次，参与群众280人次，3个创建单位中2个开展了活动。" in text
    assert "其中宣讲3次、培训1次、知识竞赛1次。" in text
    assert "各单位报送创建信息3条，被采用3条，已发布信息2条。" in text


def test_monthly_form_states_the_fixtures_known_figures_for_may(county_data):
    """May 2026 in `county_data`: a training at u1 and a contest at u2, both units of 城关镇; nothing in 石榴镇;
    no information items."""
    document, _text = read(generators.monthly_report(county_data.county, generators.month_period(2026, 5),
                                                     today=TODAY))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert [row[:3] for row in rows[1:]] == [["城关镇", "2", "0"], ["石榴镇", "0", "0"], ["合计", "2", "0"]]
