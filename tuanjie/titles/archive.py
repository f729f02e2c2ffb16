"""Applications for demonstration titles of the year, with their materials."""
from tuanjie.archives.models import Retention
from tuanjie.archives.registry import Piece
from tuanjie.titles.models import TitleApplication

PIECES = [
    Piece("示范称号", "CH", TitleApplication, "year", dated="submitted_at", retention=Retention.PERMANENT, select_related=("title_level",)),
]
