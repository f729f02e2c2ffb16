"""简报 第N期 as an official document (built with documents/official.py's OfficialDocument): the masthead with the
period number and the editor, then each accepted information item with its unit, in the briefing's order."""

from __future__ import annotations

import nh3
from django.utils.translation import gettext as _

from tuanjie.documents.official import OfficialDocument, chinese_date
from tuanjie.registers.models import Briefing
from tuanjie.registers.selectors import briefing_items


def _paragraphs(html: str) -> list[str]:
    text = nh3.clean((html or "").replace("</p>", "\n").replace("<br>", "\n").replace("</li>", "\n"), tags=set())
    return [line.strip() for line in text.splitlines() if line.strip()]


def editor_of(briefing: Briefing) -> str:
    return briefing.editor or f"{briefing.place.name}民族团结进步创建工作领导小组办公室"


def briefing_document(briefing: Briefing) -> OfficialDocument:
    editor = editor_of(briefing)
    doc = OfficialDocument(title=briefing.title, issuer=editor, doc_number=_("%(y)d年第%(n)d期") % {
        "y": briefing.year, "n": briefing.number}, date=briefing.issued_on, red_head=False)
    doc.paragraph(f"{editor}　　{chinese_date(briefing.issued_on)}", indent=False)
    items = briefing_items(briefing)
    for item in items:
        doc.heading1(item.title)
        for line in _paragraphs(item.body):
            doc.paragraph(line)
        doc.paragraph(f"（{item.place.name}）", indent=False)
    if not items:
        doc.paragraph(_("（本期无信息）"))
    doc.signature(editor, briefing.issued_on)
    return doc


def filename(briefing: Briefing) -> str:
    return f"{briefing.place.name}{briefing.title}{briefing.year}年第{briefing.number}期"
