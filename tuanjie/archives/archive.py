"""The scanned paper documents an office filed for the year, under their own 件号 and archival fields (models.py)."""
from tuanjie.archives.models import PaperDocument
from tuanjie.archives.registry import Piece

PIECES = [
    Piece("纸质档案", "ZZ", PaperDocument, "year", dated="dated", responsible=lambda d: d.responsible,
          number=lambda d: d.number, retention_of=lambda d: d.retention),
]
