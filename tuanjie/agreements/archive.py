"""Target responsibility agreements (printed, with the signed scan) and the five-inclusion checklists of the year."""
from tuanjie.agreements.documents import agreement_document
from tuanjie.agreements.models import Agreement, AgreementTarget, InclusionChecklist, InclusionItem
from tuanjie.archives.models import Retention
from tuanjie.archives.registry import Piece

PIECES = [
    Piece("目标责任书", "MB", Agreement, "year", dated="signed_on", retention=Retention.PERMANENT,
          document=agreement_document),
    Piece("目标责任书", "MB", AgreementTarget, "agreement__year", listed=False),
    Piece("五个纳入", "NR", InclusionChecklist, "year"),
    Piece("五个纳入", "NR", InclusionItem, "checklist__year", listed=False),
]
