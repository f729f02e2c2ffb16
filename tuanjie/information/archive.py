"""Information items an office accepted (采用) or passed on in the year; drafts and returned items are not filed."""
from tuanjie.archives.models import Retention
from tuanjie.archives.registry import Piece
from tuanjie.information.models import InformationItem

FILED = (InformationItem.Status.ACCEPTED, InformationItem.Status.FORWARDED, InformationItem.Status.PUBLISHED)

PIECES = [
    Piece("信息", "XX", InformationItem, "created", retention=Retention.TEN,
          extra=lambda qs: qs.filter(status__in=FILED)),
]
