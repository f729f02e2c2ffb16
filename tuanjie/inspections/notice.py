"""The circulated notice (督查通报) of a round as an editable Word file in the official layout: 主送机关 under the
title, the rectification list as its 附件, and the 版记 (抄送, 印发) on the last page."""

from tuanjie.documents.official import OfficialDocument
from tuanjie.inspections.models import Round
from tuanjie.inspections.selectors import round_notice

LIST_TITLE = "督查发现问题整改清单"


def round_notice_document(round_: Round) -> OfficialDocument:
    notice = round_notice(round_)
    doc = OfficialDocument(title=notice.title, issuer=notice.issuer, doc_number=notice.doc_number, date=notice.date)
    if notice.addressee:
        doc.addressee(notice.addressee)
    tables = []
    for section in notice.sections:
        doc.heading1(section.heading)
        for text in section.paragraphs:
            doc.paragraph(text)
        if section.table:
            tables.append(section.table)
    if tables:
        doc.blank()
        doc.attachment_note([LIST_TITLE])
    doc.signature(notice.issuer, notice.date)
    for headers, rows in tables:
        doc.attachment(LIST_TITLE)
        doc.table(headers, rows)
    doc.blank()
    doc.imprint(copy_to=notice.copy_to, printer=notice.issuer, printed_on=notice.date)
    return doc
