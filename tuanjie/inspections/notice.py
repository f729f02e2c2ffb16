"""The circulated notice (督查通报) of a round as an editable Word file in the official layout."""

from tuanjie.documents.official import OfficialDocument
from tuanjie.inspections.models import Round
from tuanjie.inspections.selectors import round_notice


def round_notice_document(round_: Round) -> OfficialDocument:
    notice = round_notice(round_)
    doc = OfficialDocument(title=notice.title, issuer=notice.issuer, doc_number=notice.doc_number, date=notice.date)
    for section in notice.sections:
        doc.heading1(section.heading)
        for text in section.paragraphs:
            doc.paragraph(text)
        if section.table:
            headers, rows = section.table
            doc.table(headers, rows)
    doc.signature(notice.issuer, notice.date)
    return doc
