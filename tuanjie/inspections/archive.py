"""Inspection findings with their rectification and its evidence, filed by the year of the round."""
from tuanjie.archives.registry import Piece
from tuanjie.inspections.models import Finding, Rectification, RectificationStep, Round

PIECES = [
    Piece("督查整改", "DC", Round, "start_date"),
    Piece("督查整改", "DC", Finding, "round__start_date", select_related=("round",)),
    Piece("督查整改", "DC", Rectification, "finding__round__start_date", select_related=("finding__round",)),
    Piece("督查整改", "DC", RectificationStep, "rectification__finding__round__start_date", listed=False),
]
