"""Documents the product wrote for the year (reports, summaries, notices, 一人一档), filed as PDF."""
from tuanjie.archives.registry import Piece
from tuanjie.documents.models import DocumentKind, GeneratedDocument


def _stored(document):
    return document.pdf if document.pdf else document.file


PIECES = [
    Piece("一人一档", "YD", GeneratedDocument, "period_end", dated="period_end", files=False, document=_stored,
          extra=lambda qs: qs.filter(status=GeneratedDocument.Status.DONE, kind=DocumentKind.CADRE_FILE)),
    Piece("工作文稿", "WG", GeneratedDocument, "period_end", dated="period_end", files=False, document=_stored,
          extra=lambda qs: qs.filter(status=GeneratedDocument.Status.DONE).exclude(kind=DocumentKind.CADRE_FILE)),
]
