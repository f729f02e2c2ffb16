"""The leading groups' documents in a year's archive: the group's members close with the year the group was set up
in only as records of that year; its decisions are filed by the registers app (registers/archive.py)."""
from tuanjie.archives.models import Retention
from tuanjie.archives.registry import Piece
from tuanjie.leadership.models import LeadingGroup

PIECES = [
    Piece("领导小组", "LD", LeadingGroup, "established_on", retention=Retention.PERMANENT),
]
