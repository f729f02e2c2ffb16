"""Commendation nominations (事迹材料 attached) of the campaign's year."""
from tuanjie.archives.models import Retention
from tuanjie.archives.registry import Piece
from tuanjie.commendations.models import Nomination

PIECES = [
    Piece("表彰", "BZ", Nomination, "campaign__year", dated="honoured_on", retention=Retention.PERMANENT,
          select_related=("campaign",)),
]
