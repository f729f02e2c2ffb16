"""Reads shared by the pages, the API, the circulated notice (通报) and reminders."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from tuanjie.inspections.models import Finding, Rectification, Round, Talk

OPEN_STATES = (Rectification.State.OPEN, Rectification.State.RETURNED)


def overdue_rectifications(today: date, queryset=None):
    qs = Rectification.objects.all() if queryset is None else queryset
    return qs.filter(state__in=OPEN_STATES, deadline__lt=today).select_related("unit", "finding__round")


def rectification_counts(round_: Round, today: date) -> dict:
    items = Rectification.objects.filter(finding__round=round_)
    counts = {state: 0 for state, _label in Rectification.State.choices}
    for state in items.values_list("state", flat=True):
        counts[state] += 1
    counts["total"] = sum(counts.values())
    counts["overdue"] = items.filter(state__in=OPEN_STATES, deadline__lt=today).count()
    return counts


@dataclass
class NoticeSection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: tuple[list[str], list[list[str]]] | None = None


@dataclass
class Notice:
    title: str
    issuer: str
    doc_number: str
    date: date | None
    sections: list[NoticeSection]
    addressee: str = ""          # 主送机关
    copy_to: str = ""            # 抄送


def round_notice(round_: Round, today: date | None = None) -> Notice:
    """The circulated notice (督查通报) of a round as structured sections; the .docx is drawn from this."""
    today = today or round_.notice_date or round_.end_date
    units = list(round_.units.order_by("path"))
    findings = list(Finding.objects.filter(round=round_).select_related("unit").order_by("unit__path", "id"))
    highlights = [f for f in findings if f.kind == Finding.Kind.HIGHLIGHT]
    problems = [f for f in findings if f.kind == Finding.Kind.PROBLEM]
    team = list(round_.team.all())
    leader = next((m for m in team if m.is_leader), None)
    intro = _("%(start)s至%(end)s，%(office)s组织督查组对%(n)d个创建单位开展了%(kind)s。") % {
        "start": f"{round_.start_date.month}月{round_.start_date.day}日",
        "end": f"{round_.end_date.month}月{round_.end_date.day}日",
        "office": round_.place.name, "n": len(units), "kind": round_.get_kind_display()}
    if team:
        intro += _("督查组由%(leader)s带队，成员%(n)d人，") % {
            "leader": leader.name if leader else team[0].name, "n": len(team)}
        intro += _("采取听取汇报、查阅资料、实地查看、个别访谈等方式进行。")
    if round_.purpose:
        intro += _("督查内容：%(p)s") % {"p": round_.purpose}
    sections = [NoticeSection(_("一、基本情况"), [intro])]
    overall = [round_.conclusion] if round_.conclusion else []
    sections.append(NoticeSection(_("二、总体评价"), overall or [
        _("从督查情况看，各创建单位总体重视，工作有序推进，但进展不够平衡。")]))
    # a category with nothing in it gets no section ("本轮未记录亮点" is not something an office circulates)
    if highlights:
        sections.append(NoticeSection(_("亮点和典型"), [
            f"{i}. {f.unit.name}：{f.text}" for i, f in enumerate(highlights, start=1)]))
    sections.append(NoticeSection(_("存在的问题"), [
        f"{i}. {f.unit.name}：{f.text}" for i, f in enumerate(problems, start=1)] or [_("本轮督查未发现问题。")]))
    items = list(Rectification.objects.filter(finding__round=round_).select_related("unit").order_by("deadline", "id"))
    rows = [[str(i), it.unit.name, it.requirement, f"{it.deadline.year}年{it.deadline.month}月{it.deadline.day}日",
             it.get_state_display() + (_("（已超期）") if it.is_overdue(today) else "")]
            for i, it in enumerate(items, start=1)]
    sections.append(NoticeSection(
        _("整改要求"),
        [_("请各责任单位对照问题清单（见附件），逐项制定整改措施，在规定时限内将整改情况及佐证材料报送创建办，"
           "创建办将逐项核验销号。")] if items else [_("本轮无整改事项。")],
        ([_("序号"), _("责任单位"), _("整改要求"), _("整改时限"), _("状态")], rows) if rows else None,
    ))
    talks = list(Talk.objects.filter(round=round_).select_related("place").order_by("date", "id"))
    if talks:
        sections.append(NoticeSection(_("约谈情况"), [
            _("%(d)s，%(by)s约谈%(unit)s%(post)s：%(content)s") % {
                "d": f"{t.date.month}月{t.date.day}日", "by": t.interviewer, "unit": t.place.name,
                "post": t.interviewee_post, "content": t.content} for t in talks]))
    for i, section in enumerate(sections, start=1):
        section.heading = f"{'一二三四五六七八九'[i - 1]}、{section.heading.split('、', 1)[-1]}"
    names = [u.name for u in units]
    return Notice(
        addressee=("、".join(names) if 0 < len(names) <= 6 else _("各有关地区、单位")),
        copy_to=_("%(place)s民族团结进步创建工作领导小组各成员单位") % {"place": round_.place.name},
        title=_("关于%(title)s情况的通报") % {"title": round_.title},
        issuer=_("%(place)s民族团结进步创建工作领导小组办公室") % {"place": round_.place.name},
        doc_number=round_.notice_no, date=round_.notice_date or today, sections=sections)
