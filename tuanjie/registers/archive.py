"""Registers of the year: the cultivation list, numbered briefings (printed), leading-group decisions."""
from tuanjie.archives.registry import Piece
from tuanjie.registers.documents import briefing_document
from tuanjie.registers.models import Briefing, CultivationEntry, GroupDecision

PIECES = [
    Piece("领导小组", "LD", GroupDecision, "decided_on", select_related=("group",)),
    Piece("培育名单", "PY", CultivationEntry, "year"),
    Piece("简报", "JB", Briefing, "year", dated="issued_on", document=briefing_document),
]
