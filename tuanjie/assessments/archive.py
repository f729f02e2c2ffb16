"""Assessment entries (each subject's self-assessment with its evidence) of the campaign's year."""
from tuanjie.archives.registry import Piece
from tuanjie.assessments.models import Entry, Line

PIECES = [
    Piece("考核验收", "KH", Entry, "campaign__year", select_related=("campaign",),
          title=lambda e: f"{e.campaign}：{e.subject}"),
    Piece("考核验收", "KH", Line, "entry__campaign__year", listed=False),
]
