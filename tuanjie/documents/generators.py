"""The documents the product drafts from live data, each an OfficialDocument (GB/T 9704-2012 layout).

Figures come from `documents.selectors.report_figures` (which reads the countables and the apps' selectors), so a
report states what the dashboards show. Wording an office may change lives in its DocumentTemplate; the defaults
below are used where it has written nothing."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.core.access import within
from tuanjie.documents import phrasing as ph
from tuanjie.documents import selectors as s
from tuanjie.documents.charts import bar_chart
from tuanjie.documents.models import DocumentKind, DocumentTemplate
from tuanjie.documents.official import OfficialDocument, chinese_date
from tuanjie.places.models import Place

NO_DATA = s.NO_DATA

DEFAULTS = {
    DocumentKind.PROGRESS: {
        "title": "{place}民族团结进步创建工作进展情况汇报",
        "opening": "{year}年以来，{place}坚持把民族团结进步创建工作作为民族工作的重要抓手，精心组织、扎实推进，"
                   "取得了阶段性成效。现将{period}工作进展情况汇报如下：",
        "closing": "下一步，我们将紧紧围绕年度创建目标，补短板、强弱项，扎实推进民族团结进步创建工作。",
    },
    DocumentKind.ANNUAL: {
        "title": "{place}{year}年民族团结进步创建工作总结",
        "opening": "{year}年，{place}认真贯彻落实党的民族政策，以铸牢中华民族共同体意识为主线，深入开展民族团结进步"
                   "创建工作。现将全年工作总结如下：",
        "closing": "我们将认真总结经验，查找不足，持续推动民族团结进步创建工作走深走实。",
    },
    DocumentKind.MONTHLY: {
        "title": "{place}民族团结进步创建工作月报表",
        "opening": "现将{period}民族团结进步创建工作主要数据报告如下（各地区、单位数据含其下属单位）。",
        "closing": "",
    },
    DocumentKind.INSPECTION_NOTICE: {"title": "", "opening": "", "closing": ""},
    DocumentKind.PLAN: {"title": "", "opening": "", "closing": ""},
    DocumentKind.CADRE_FILE: {
        "title": "{year}年结对帮扶“一人一档”",
        "opening": "",
        "closing": "",
    },
}


# ------------------------------------------------------------------------------------------------ periods
@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


def month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), f"{year}年{month}月")


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), f"{year}年度")


def to_date_period(year: int, month: int) -> Period:
    """January to the end of `month` ("2026年1—6月")."""
    end = month_period(year, month).end
    label = f"{year}年1月" if month == 1 else f"{year}年1—{month}月"
    return Period(date(year, 1, 1), end, label)


def period_for(kind: str, year: int, month: int | None = None) -> Period:
    if kind == DocumentKind.MONTHLY:
        return month_period(year, month or 1)
    if kind == DocumentKind.PROGRESS:
        return to_date_period(year, month or 12)
    return year_period(year)


# ------------------------------------------------------------------------------------------------ templates
@dataclass
class Wording:
    title: str
    issuer: str
    doc_number: str
    opening: str
    closing: str


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _fill(text: str, values: dict) -> str:
    try:
        return text.format_map(_Blank(values))
    except (ValueError, IndexError):       # stray braces an office typed: keep their text as written
        return text


def template_for(place: Place, kind: str) -> DocumentTemplate | None:
    """The office's template for this kind at the place, else the nearest one above it."""
    chain = {p.pk: i for i, p in enumerate(place.ancestors_and_self())}
    found = list(DocumentTemplate.objects.filter(place_id__in=chain, kind=kind))
    found.sort(key=lambda t: -chain[t.place_id])
    return found[0] if found else None


def default_issuer(place: Place) -> str:
    return f"{place.name}民族团结进步创建工作领导小组办公室"


def wording(place: Place, kind: str, period: Period, *, number: int = 1) -> Wording:
    template = template_for(place, kind)
    defaults = DEFAULTS.get(kind, {})
    values = {"place": place.name, "year": period.start.year, "period": period.label, "n": number}

    def pick(name: str) -> str:
        text = getattr(template, name, "") if template is not None else ""
        return _fill(text or defaults.get(name, ""), values)

    issuer = (template.issuer if template is not None and template.issuer else default_issuer(place))
    pattern = template.doc_number_pattern if template is not None else ""
    return Wording(title=pick("title"), issuer=_fill(issuer, values), doc_number=_fill(pattern, values) if pattern
                   else "", opening=pick("opening"), closing=pick("closing"))


# ------------------------------------------------------------------------------------------------ helpers
def _period_words(period: Period) -> str:
    """"1—6月" / "6月": how a paragraph of the report names its period."""
    return ph.months_words(period.start, period.end)


def _add(doc: OfficialDocument, text: str) -> None:
    """A paragraph only when there is something to say."""
    if text:
        doc.paragraph(text)


# ------------------------------------------------------------------------------------------------ progress report
def progress_report(place: Place, period: Period, *, today: date | None = None, issued_on: date | None = None,
                    number: int = 1, kind: str = DocumentKind.PROGRESS, charts: bool = True) -> OfficialDocument:
    """工作进展情况汇报 (seed 002), or with kind=ANNUAL the 年度工作总结 in the same frame.

    Every figure is the period's, as it stood at the period's end; the document is dated the period's last day
    (the day of drafting while the period is not over) unless `issued_on` says otherwise. `today` is written
    nowhere else, so a report of a past period is the same whichever day it is drafted on."""
    today = today or date.today()
    words = wording(place, kind, period, number=number)
    issued = issued_on or min(today, period.end)
    doc = OfficialDocument(title=words.title, issuer=words.issuer, doc_number=words.doc_number, date=issued)
    f = s.report_figures(place, period.start, period.end, today)
    annual = kind == DocumentKind.ANNUAL
    if words.opening:
        doc.paragraph(words.opening)

    doc.heading1(_("主要工作及成效") if annual else _("工作进展情况"))
    _key_results(doc, f, period)
    _organisation(doc, f)
    _publicity(doc, f, period, charts=charts)
    _examples(doc, f)
    _inspections(doc, f)
    _funds(doc, f, period)
    _delivery(doc, f, period)

    doc.heading1(_("存在的不足") if annual else _("存在的困难和问题"))
    _problems(doc, f, period)

    doc.heading1(f"{period.start.year + 1}年工作打算" if annual else _("下一步工作打算"))
    _next_steps(doc, f, place, period, annual=annual)
    if words.closing:
        doc.paragraph(words.closing)
    doc.signature(words.issuer, doc.date)
    return doc


def annual_summary(place: Place, period: Period, *, today: date | None = None, issued_on: date | None = None,
                   number: int = 1, charts: bool = True) -> OfficialDocument:
    return progress_report(place, period, today=today, issued_on=issued_on, number=number, kind=DocumentKind.ANNUAL,
                           charts=charts)


def _key_results(doc: OfficialDocument, f: s.ReportFigures, period: Period) -> None:
    """The results the offices recorded for the period, first: "1—6月，取得了以下重要成效：贫困村出列7个（5月20日，
    经省级验收）；……". No sentence when none was recorded."""
    if not f.key_results:
        return
    items = []
    for result in f.key_results:
        where = "" if result.place_id == f.place.pk else result.place.name
        detail = ph.day(result.achieved_on, within_year=period.end.year)
        if result.note.strip():
            detail += "，" + result.note.strip().rstrip("。")
        items.append(f"{where}{result.name}{result.value_text}（{detail}）")
    doc.paragraph(f"{_period_words(period)}，取得了以下重要成效：" + "；".join(items) + "。")


def _organisation(doc: OfficialDocument, f: s.ReportFigures) -> None:
    doc.heading2(_("统一思想认识，强化组织领导"))
    o = f.organisation
    parts = []
    if o.own_group:
        parts.append(f"成立了{o.own_group}，办公室负责日常工作")
    if o.leading_groups:
        groups = f"全域共有创建单位{o.units}个，已成立创建工作领导小组{o.leading_groups}个"
        if o.unit_groups:
            groups += f"，其中创建单位成立领导小组{o.unit_groups}个"
        parts.append(groups)
    else:
        parts.append(f"全域共有创建单位{o.units}个")
    if o.plans:
        parts.append(f"各级制定年度创建工作实施方案{o.plans}个，明确了创建目标、内容和步骤")
    doc.paragraph(ph.sentence(*parts, sep="；"))


def _publicity(doc: OfficialDocument, f: s.ReportFigures, period: Period, *, charts: bool) -> None:
    doc.heading2(_("创新载体平台，强化宣传引导"))
    p = f.publicity
    units = f.organisation.units
    head = f"{_period_words(period)}，全域共开展各类创建活动{p.activities}次"
    if p.participants:
        head += f"，参与群众{p.participants}人次"
    if units:
        head += f"，{units}个创建单位中{p.active_units}个开展了活动"
    text = ph.sentence(head)
    kinds = ph.counts(p.by_kind[:8], "次")
    if kinds and len([n for _label, n in p.by_kind if n]) > 1:
        text += ph.sentence("其中" + kinds)
    outputs = ph.merged_outputs(p.outputs, limit=4)
    if outputs:
        text += ph.sentence("活动产出主要有" + ph.SEP.join(outputs))
    if p.info_submitted:
        text += ph.sentence(f"各单位报送创建信息{p.info_submitted}条，被采用{p.info_accepted}条，"
                            f"已发布信息{p.info_published}条")
    text += _quiz_sentences(f)
    doc.paragraph(text)
    if charts and len(p.by_kind) >= 2:
        labels = [label for label, _n in p.by_kind[:8]]
        values = [n for _label, n in p.by_kind[:8]]
        doc.image(bar_chart(labels, values, title=_("各类创建活动开展情况"), unit="次"), width_mm=140)


def _quiz_sentences(f: s.ReportFigures) -> str:
    """Knowledge tests and satisfaction surveys as offices report them ("收回答卷30份，平均得分82分，应知应会知晓率91%");
    nothing when none was held in the period."""
    r = f.quizzes
    if r is None:
        return ""
    text = ""
    if r.answers:
        parts = [f"组织民族团结进步知识竞赛和测试，收回答卷{r.answers}份"]
        if r.participation is not None:
            parts.append(f"参与率{r.participation}%")
        parts.append(f"平均得分{r.average_score}分")
        if r.awareness is not None:
            parts.append(f"应知应会知晓率{r.awareness}%")
        text += ph.sentence(*parts)
    if r.responses:
        parts = [f"开展群众满意度测评，收回问卷{r.responses}份"]
        if r.satisfaction is not None:
            parts.append(f"满意率{r.satisfaction}%")
        text += ph.sentence(*parts)
    return text


def _examples(doc: OfficialDocument, f: s.ReportFigures) -> None:
    e = f.examples
    if not e.most_active and not e.most_accepted:
        return
    doc.heading2(_("突出特色实际，强化典型引领"))
    parts = []
    if e.most_active:
        names = ph.SEP.join(f"{name}（{n}次）" for name, n in e.most_active)
        parts.append(names + ("等单位" if len(e.most_active) > 1 else "") + "开展活动较多，形成了示范带动效应")
    if e.most_accepted:
        names = ph.SEP.join(f"{name}（{n}条）" for name, n in e.most_accepted)
        parts.append(names + ("等单位" if len(e.most_accepted) > 1 else "") + "报送信息被采用较多，及时宣传了先进做法")
    doc.paragraph(ph.sentence(*parts, sep="；"))


def _inspections(doc: OfficialDocument, f: s.ReportFigures) -> None:
    i = f.inspections
    if i.rounds == 0:
        return
    doc.heading2(_("跟进工作动态，强化督促检查"))
    timing = ph.rounds_by_month(i.round_starts)
    if i.rounds == 1:
        timing = timing.removesuffix("1轮")
    if len(i.round_kinds) == 1:
        parts = [f"组织开展{i.round_kinds[0][0]}{i.rounds}轮（{timing}）"]
    else:
        parts = [f"组织开展督查检查{i.rounds}轮（{timing}），其中" +
                 ph.SEP.join(f"{label}{n}轮" for label, n in i.round_kinds)]
    if i.highlights:
        parts.append(f"总结亮点典型{i.highlights}条")
    if i.problems:
        parts.append(f"发现问题{i.problems}个")
    if i.rectifications:
        status = [f"下达整改事项{i.rectifications}项"]
        if i.rectified:
            status.append(f"已整改销号{i.rectified}项")
        if i.open:
            status.append(f"正在整改{i.open}项" + (f"，其中逾期未整改{i.overdue}项" if i.overdue else ""))
        parts.append("，".join(status))
    text = ph.sentence(*parts)
    if i.talks:
        text += f"对重视不够、推进不力的单位，约谈主要负责人{i.talks}次，督促抓好落实。"
    doc.paragraph(text)


def _funds(doc: OfficialDocument, f: s.ReportFigures, period: Period) -> None:
    m = f.funds
    if not m.allocated and not m.needed:
        return
    doc.heading2(_("多方筹措经费，强化资金保障"))
    parts = []
    if m.public:
        public = f"{period.start.year}年落实上级及财政资金{ph.wan(m.public)}"
        if len(m.public_by_source) > 1:
            public += "（其中" + ph.SEP.join(f"{label}{ph.wan(a)}" for label, a in m.public_by_source) + "）"
        elif m.public_by_source:
            public += f"（{m.public_by_source[0][0]}）"
        parts.append(public)
    if m.self_funding_units:
        parts.append(f"{m.self_funding_units}家创建单位从单位经费中自筹资金" +
                     (f"{ph.wan(m.self_funded)}" if m.self_funded else "") + "用于创建工作")
    if m.sites_funded:
        parts.append(f"{m.sites_funded}个创建点落实了补助资金")
    if m.spent:
        parts.append(f"已支出{ph.wan(m.spent)}")
    doc.paragraph(ph.sentence(*parts, sep="；"))


def _delivery(doc: OfficialDocument, f: s.ReportFigures, period: Period) -> None:
    d = f.delivery
    if not d.plan_title and not d.quota_rules:
        return
    doc.heading2(_("坚持创建统领，强化政策落实"))
    parts = []
    if d.plan_title:
        parts.append(f"《{d.plan_title}》确定重点任务{d.tasks}项，截至{ph.day(period.end)}已完成{d.done}项，"
                     f"平均完成进度{d.average_percent}%")
    if d.quota_rules and d.quota_percent is not None:
        parts.append(f"{d.quota_rules}项规定动作平均完成率{d.quota_percent}%")
    doc.paragraph(ph.sentence(*parts, sep="；"))
    if d.targets:
        # a task its lead unit reported done is done, whatever the ledger holds against it; its achieved figure
        # is then left as "—" rather than printing a ledger count below the target next to 已完成
        rows = [[title, f"{target}{unit}", "—" if done and achieved < target else f"{achieved}{unit}",
                 "已完成" if done else f"{min(100, round(100 * achieved / target))}%" if target else "—"]
                for title, target, unit, achieved, done in d.targets]
        doc.table(["重点任务", "量化目标", f"截至{period.end.month}月底\n完成", "完成率"], rows,
                  caption="重点任务量化目标完成情况")


def _problems(doc: OfficialDocument, f: s.ReportFigures, period: Period) -> None:
    lagging = []
    if f.idle_units:
        lagging.append(f"{_period_words(period)}未登记活动的有{ph.listing(f.idle_units, '个单位')}")
    d = f.delivery
    # the shortfalls with most units first; beyond four, one clause counts the rest
    behind = sorted(d.quota_behind, key=lambda item: -len(item[1]))
    for what, units in behind[:4]:
        lagging.append(f"{what}的有{ph.listing(units, '个单位')}")
    if len(behind) > 4:
        lagging.append(f"另有{len(behind) - 4}项规定动作存在未达规定次数的单位")
    if d.overdue_tasks:
        units = sorted({unit for _task, unit in d.overdue_tasks if unit})
        lagging.append(f"{d.overdue}项重点任务逾期未完成" + (f"（牵头单位：{ph.SEP.join(units)}）" if units else ""))
    i = f.inspections
    if i.overdue_units:
        lagging.append(f"整改事项逾期未完成的有{ph.listing(i.overdue_units, '个单位')}")
    m = f.funds
    if not lagging and not m.gap:
        doc.paragraph("从平台数据看，各创建单位工作推进总体平衡，暂未发现明显滞后的单位，已落实的经费能够满足创建"
                      "工作需要。")
        return
    doc.paragraph("创建工作虽然取得了一定成绩，但对照创建目标和指标要求还有差距，还存在一些困难和问题。")
    if lagging:
        doc.heading2(_("工作进展不够平衡"))
        doc.paragraph("从平台数据看，个别单位工作相对滞后：" + "；".join(lagging) + "，需进一步提高认识、加大力度、"
                      "迎头赶上。")
    if m.gap:
        doc.heading2(_("创建经费存在缺口"))
        who = {"own": f"{f.place.name}测算", "below": "各地各单位申报", "both": "本级和各地各单位申报"}[m.needs_from]
        doc.paragraph(f"{who}创建经费需求{ph.wan(m.needed)}，已落实{ph.wan(m.allocated)}，缺口{ph.wan(m.gap)}，"
                      "部分示范点打造和活动开展受到影响。")


def _next_steps(doc: OfficialDocument, f: s.ReportFigures, place: Place, period: Period, *, annual: bool) -> None:
    u = s.upcoming(place, period.start.year + 1, period.end) if annual else f.upcoming
    if not u.phases and not u.schedule:
        doc.paragraph("紧紧围绕年度创建目标，对照实施方案和指标体系，逐项梳理未完成任务，补短板、强弱项，"
                      "确保各项创建任务按期完成。")
        return
    year = period.end.year + (1 if annual else 0)
    for name, start, end, description in u.phases:
        text = f"{ph.day_range(start, end, within_year=year)}为{name}阶段"
        text += f"，{description.strip().rstrip('。')}。" if description.strip() else "。"
        doc.paragraph(text)
    if u.schedule:
        items = [f"{ph.day(d, within_year=year)}{title}" + (f"（{organiser}承办）" if organiser else "")
                 for d, title, organiser in u.schedule]
        doc.paragraph("近期重点活动安排：" + "；".join(items) + "。")


# ------------------------------------------------------------------------------------------------ monthly form
def monthly_report(place: Place, period: Period, *, today: date | None = None, issued_on: date | None = None,
                   number: int = 1) -> OfficialDocument:
    """月报表 on a turned page, laid out as statistical forms are: 填报单位 and 填报日期 on the line above the table
    (so no signature can end up alone on a page after it), a row per child place, a column per figure, 合计 last
    (kept with the rows above)."""
    words = wording(place, DocumentKind.MONTHLY, period, number=number)
    title = words.title if "（" in words.title else f"{words.title}\n（{period.label}）"
    issued = issued_on or min(today or date.today(), period.end)
    doc = OfficialDocument(title=title, issuer=words.issuer, doc_number=words.doc_number, date=issued,
                           landscape=True)
    headers, rows = s.monthly_rows(place, period.start, period.end)
    if words.opening:
        doc.paragraph(words.opening)
    doc.form_line(f"填报单位：{words.issuer}", f"填报日期：{ph.day(issued)}")
    if not rows[:-1]:
        doc.paragraph(NO_DATA)
    else:
        # headers break before their unit, "报送信息（条）" → "报送信息\n（条）", so the figures' columns stay narrow
        doc.table([h.replace("（", "\n（") for h in headers], rows, total_row=True, ends_document=not words.closing)
    if words.closing:
        doc.paragraph(words.closing)
    return doc


def monthly_workbook(place: Place, period: Period) -> bytes:
    """The monthly form as .xlsx (the figures of `monthly_report`, for offices that total them upward)."""
    from tuanjie.core.spreadsheets import form_workbook

    headers, rows = s.monthly_rows(place, period.start, period.end)
    title = f"{wording(place, DocumentKind.MONTHLY, period).title}（{period.label}）"
    return form_workbook(sheet_title=period.label, title=title, headers=headers, rows=rows)


# ------------------------------------------------------------------------------------------------ the plan
def plan_document(plan) -> OfficialDocument:
    """实施方案 from the plans app's data: the sections, the key tasks with responsible units, the phases and the
    schedule of key activities as attachments."""
    from tuanjie.plans.selectors import plan_tasks

    place = plan.place
    words = wording(place, DocumentKind.PLAN, year_period(plan.year))
    issuer = words.issuer
    doc = OfficialDocument(title=plan.title, issuer=issuer, doc_number=plan.doc_number, date=plan.issued_on,
                           red_head=False)
    sections = [
        (_("指导思想"), plan.guiding_ideology),
        (_("基本原则"), plan.principles),
        (_("目标任务"), plan.goals),
    ]
    for heading, text in sections:
        if text.strip():         # a part the office has not written gets no heading (and no "暂无数据")
            doc.heading1(heading)
            _text_block(doc, text)
    doc.heading1(_("重点工作及任务分工"))
    _text_block(doc, plan.task_overview, empty="")
    tasks = list(plan_tasks(plan).order_by("number", "id"))
    for task in tasks:
        doc.heading2(task.title)
        if task.description:
            _text_block(doc, task.description)
        partners = "、".join(p.name for p in task.partner_units.all())
        line = f"牵头单位：{task.lead_unit.name if task.lead_unit_id else '（未定）'}"
        if partners:
            line += f"；配合单位：{partners}"
        if task.deadline:
            line += f"；完成时限：{chinese_date(task.deadline)}"
        if task.target_quantity is not None:
            line += f"；量化目标：{task.target_quantity}{task.target_unit}"
        doc.paragraph(line + "。")
    if not tasks:
        doc.paragraph(NO_DATA)
    doc.heading1(_("工作步骤"))
    phases = list(plan.phases.order_by("start", "order"))
    for phase in phases:
        doc.heading2(f"{phase.name}（{phase.start.month}月{phase.start.day}日—{phase.end.month}月{phase.end.day}日）")
        _text_block(doc, phase.description, empty="")
    if not phases:
        doc.paragraph(NO_DATA)
    if plan.safeguards.strip():
        doc.heading1(_("保障措施"))
        _text_block(doc, plan.safeguards)
    schedule = list(plan.schedule.select_related("organiser").order_by("start", "id"))
    if schedule:
        doc.blank()
        doc.attachment_note(["重要活动安排表"])
    doc.signature(issuer, plan.issued_on or timezone.localdate(plan.created))
    if schedule:
        doc.attachment("重要活动安排表")
        rows = [[i, item.title, _date_range(item.start, item.end), item.organiser.name if item.organiser_id else "",
                 item.location] for i, item in enumerate(schedule, start=1)]
        doc.table(["序号", "活动名称", "时间", "承办单位", "地点"], rows)
    return doc


def _date_range(start: date, end: date | None) -> str:
    if end is None or end == start:
        return f"{start.month}月{start.day}日"
    return f"{start.month}月{start.day}日—{end.month}月{end.day}日"


def _text_block(doc: OfficialDocument, text: str, empty: str = NO_DATA) -> None:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines and empty:
        doc.paragraph(empty)
    for line in lines:
        doc.paragraph(line)


# ------------------------------------------------------------------------------------------------ inspection notice
def inspection_notice(round_) -> OfficialDocument:
    """督查通报: the inspections app draws it with this engine; we use theirs so the notice is written once."""
    from tuanjie.inspections.notice import round_notice_document

    return round_notice_document(round_)


# ------------------------------------------------------------------------------------------------ one person, one file
def cadre_file_document(cadre, year: int, *, viewer, issued_on: date | None = None) -> OfficialDocument:
    """一人一档 from pairing.selectors.cadre_file: only what that selector returns to this viewer (household names
    and contacts appear only when the viewer may see them)."""
    from tuanjie.pairing.selectors import cadre_file

    data = cadre_file(cadre, year, viewer=viewer)
    name = getattr(cadre, "full_name", "") or cadre.get_username()
    home = getattr(cadre, "home_place", None)
    period = year_period(year)
    words = wording(home, DocumentKind.CADRE_FILE, period) if home is not None else None
    title = f"{name}{(words.title if words else f'{year}年结对帮扶“一人一档”')}"
    issuer = words.issuer if words else ""
    doc = OfficialDocument(title=title, issuer=issuer or name, date=issued_on or date.today())
    doc.heading1(_("基本情况"))
    doc.paragraph(f"结对干部：{name}；所在单位：{home.name if home else NO_DATA}；结对户{len(data.pairs)}户。")
    doc.heading1(_("帮扶情况"))
    if not data.contacts and not data.needs_raised:
        doc.paragraph(f"{year}年尚未登记联系结对户和结对户诉求。")
    else:
        contact = ph.sentence(
            f"{year}年联系结对户{data.contacts}次" + (f"，其中入户走访{data.visits}次" if data.visits else ""),
            f"办好事实事{data.deeds}件" if data.deeds else "",
            f"花费{ph.wan(data.cost)}" if data.cost else "")
        needs = (f"结对户提出诉求{data.needs_raised}件，已解决{data.needs_solved}件" if data.needs_raised else "")
        months = f"按月联系达标{data.months_met}个月（应达标{data.months_due}个月）" if data.months_due else ""
        doc.paragraph(ph.sentence(contact.rstrip("。"), needs, months, sep="；"))
    for entry in data.pairs:
        pair = entry["pair"]
        doc.heading2(f"结对户：{entry['household_name']}")
        doc.paragraph(f"结对日期：{chinese_date(pair.paired_on)}" +
                      (f"；住址：{entry['household_address']}" if entry.get("household_address") else "") + "。")
        contacts = entry.get("contacts") or []
        if contacts:
            doc.table(["日期", "方式", "交流内容", "办好事实事", "花费（元）"],
                      [[f"{c.date.month}月{c.date.day}日", c.get_form_display(), c.topic, c.deeds, f"{c.cost:.2f}"]
                       for c in contacts], widths_mm=[20, 18, 52, 46, 20])
        needs = entry.get("needs") or []
        if needs:
            doc.table(["提出日期", "类别", "诉求内容", "办理状态"],
                      [[f"{n.raised_on.month}月{n.raised_on.day}日", n.get_category_display(), n.description,
                        n.get_state_display()] for n in needs], widths_mm=[22, 22, 76, 36])
    return doc


# ------------------------------------------------------------------------------------------------ dispatch
KIND_HAS_SUBJECT = {DocumentKind.PLAN, DocumentKind.INSPECTION_NOTICE, DocumentKind.CADRE_FILE}


def build(kind: str, place: Place, period: Period, *, subject_id: int | None = None, today: date | None = None,
          issued_on: date | None = None, number: int = 1, viewer=None) -> OfficialDocument:
    """The document of `kind` for a place and period (and a subject: plan, round or cadre, where the kind needs
    one)."""
    if kind == DocumentKind.PROGRESS:
        return progress_report(place, period, today=today, issued_on=issued_on, number=number)
    if kind == DocumentKind.ANNUAL:
        return annual_summary(place, period, today=today, issued_on=issued_on, number=number)
    if kind == DocumentKind.MONTHLY:
        return monthly_report(place, period, today=today, issued_on=issued_on, number=number)
    if kind == DocumentKind.PLAN:
        from tuanjie.plans.models import Plan

        plan = (Plan.objects.filter(within(place), pk=subject_id).first() if subject_id
                else s.the_plan(place, period.start.year))
        if plan is None:
            raise ValidationError(_("%(place)s没有%(year)s年的实施方案") % {"place": place.name, "year": period.start.year})
        return plan_document(plan)
    if kind == DocumentKind.INSPECTION_NOTICE:
        from tuanjie.inspections.models import Round

        round_ = Round.objects.filter(within(place), pk=subject_id).first()
        if round_ is None:
            raise ValidationError(_("没有找到该督查轮次"))
        return inspection_notice(round_)
    if kind == DocumentKind.CADRE_FILE:
        from django.contrib.auth import get_user_model

        cadre = get_user_model().objects.filter(pk=subject_id).first()
        if cadre is None:
            raise ValidationError(_("没有找到该结对干部"))
        return cadre_file_document(cadre, period.start.year, viewer=viewer or cadre, issued_on=issued_on)
    raise ValueError(kind)
