"""The agreement as an official document (GB/T 9704 layout, built with documents/official.py's OfficialDocument):
the preamble, the numbered targets with their responsible person, the signing block for the two posts, and, once
assessed, the fulfilment of each target. Figures come from selectors.agreement_targets, as on the agreement's page."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from tuanjie.agreements.models import Agreement
from tuanjie.agreements.selectors import agreement_targets, fulfilment
from tuanjie.documents.official import OfficialDocument, chinese_date

DEFAULT_PREAMBLE = ("为全面落实民族团结进步创建工作责任，确保{year}年度各项创建目标任务落到实处，"
                    "经研究，{issuer}与{party}签订本责任书。")


def agreement_document(agreement: Agreement, *, today: date | None = None) -> OfficialDocument:
    today = today or date.today()
    rows = agreement_targets(agreement, today=today)
    issuer_name = f"{agreement.issuer.name}民族团结进步创建工作领导小组"
    doc = OfficialDocument(title=agreement.title, issuer=issuer_name, date=agreement.issued_on or today)
    preamble = (agreement.preamble or "").strip() or DEFAULT_PREAMBLE.format(
        year=agreement.year, issuer=agreement.issuer.name, party=agreement.place.name)
    for line in preamble.splitlines():
        if line.strip():
            doc.paragraph(line.strip())
    doc.heading1(_("目标任务"))
    for row in rows:
        target = row.target
        who = f"（责任人：{target.responsible.full_name}）" if target.responsible_id else ""
        doc.paragraph(f"{target.number}. {target.text}{who}")
    if not rows:
        doc.paragraph(_("（暂无目标）"))
    doc.heading1(_("考核办法"))
    doc.paragraph(_("各项目标的完成情况以平台台账记录为准，年底由%(i)s核定，结果纳入年度考核验收。") % {
        "i": agreement.issuer.name})
    if agreement.status == Agreement.Status.ASSESSED:
        doc.heading1(_("完成情况"))
        done = fulfilment(rows)
        doc.paragraph(_("经%(d)s核定，共%(n)d项目标，完成%(m)d项%(all)s。") % {
            "d": chinese_date(agreement.assessed_on), "n": done.targets, "m": done.met,
            "all": "，全部完成" if agreement.fulfilled else ""})
        doc.table(["序号", "目标", "完成情况"],
                  [[r.target.number, r.target.text, r.progress.text] for r in rows], widths_mm=[14, 110, 32])
    doc.blank()
    doc.table(["甲方", "乙方"], [
        [agreement.issuer.name, agreement.place.name],
        [f"{agreement.issuer_post}（签字）：", f"{agreement.party_post}（签字）："],
        [chinese_date(agreement.issued_on) if agreement.issued_on else "年　月　日",
         chinese_date(agreement.signed_on) if agreement.signed_on else "年　月　日"],
    ], widths_mm=[78, 78])
    return doc


def filename(agreement: Agreement) -> str:
    return f"{agreement.year}年目标责任书-{agreement.place.name}"
