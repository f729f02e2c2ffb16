"""The score arithmetic of an assessment, as pure functions (no database), so every rule is stated and tested once.

Rules:
- A line (one scored indicator) is scored 0..its points. Scores are kept to 2 decimals, rounded half up.
- Reviewers' scores of a line are combined by the campaign's rule: "mean" = the mean; "trimmed" = drop one
  highest and one lowest score and take the mean of the rest when there are 3 or more reviewers (otherwise the
  mean). The result is rounded half up to 2 decimals.
- A countable indicator is proposed from the ledger: full points when the unit has at least the minimum number
  of records in the year; below the minimum, points-per-record × records (never above the points) when the
  indicator gives points per record, otherwise 0. Without reviewer scores the proposal stands.
- A veto item (一票否决) fails when any reviewer marks it failed (or, unreviewed, when the ledger count is below
  its minimum). A veto item worth 0 points needs no score: unmarked, it passes.
- The total is the sum of line scores. The percent is total ÷ the system's full points × 100, rounded half up to
  1 decimal, so a system worth 120 points grades like one worth 100 (points are the weights).
- Grade from the percent: ≥ excellent 优秀, ≥ good 良好, ≥ pass 合格, else 不合格; a failed veto item gives 不合格
  whatever the total.
- Ranking: vetoed units after all others; higher percent first; equal percents share a rank (1, 2, 2, 4).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")
ONE = Decimal("0.1")
ZERO = Decimal("0")

MEAN = "mean"
TRIMMED = "trimmed"

EXCELLENT, GOOD, PASS, FAIL = "excellent", "good", "pass", "fail"


def _d(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round2(value) -> Decimal:
    return _d(value).quantize(TWO, rounding=ROUND_HALF_UP)


def round1(value) -> Decimal:
    return _d(value).quantize(ONE, rounding=ROUND_HALF_UP)


def check_score(score, points) -> Decimal:
    """A score must lie between 0 and the indicator's points; raises ValueError with a Chinese message."""
    score, points = _d(score), _d(points)
    if score < 0:
        raise ValueError("得分不能为负数")
    if score > points:
        raise ValueError(f"得分不能超过该项分值{points.normalize():f}分")
    return round2(score)


def combine(scores: Sequence, rule: str = MEAN) -> Decimal | None:
    """Combine several reviewers' scores of one line; None when nobody has scored it."""
    values = sorted(_d(s) for s in scores)
    if not values:
        return None
    if rule == TRIMMED and len(values) >= 3:
        values = values[1:-1]
    elif rule not in (MEAN, TRIMMED):
        raise ValueError(f"unknown rule {rule!r}")
    return round2(sum(values, ZERO) / len(values))


def ledger_score(points, count: int, min_count: int, per_record=None) -> Decimal:
    """The score the ledger proposes for a countable indicator."""
    points = _d(points)
    if count >= min_count:
        return round2(points)
    if per_record is not None:
        return round2(min(points, _d(per_record) * count))
    return ZERO.quantize(TWO)


@dataclass(frozen=True)
class LineScore:
    points: Decimal
    reviewer_scores: tuple = ()
    proposed: Decimal | None = None
    is_veto: bool = False
    veto_marks: tuple = ()          # one bool per reviewer who judged the veto item: True = failed
    proposed_veto_failed: bool = False


def line_result(line: LineScore, rule: str = MEAN) -> tuple[Decimal | None, bool]:
    """(final score, veto failed) of one line."""
    score = combine(line.reviewer_scores, rule)
    if score is None:
        score = round2(line.proposed) if line.proposed is not None else None
    if score is None and line.is_veto and _d(line.points) == 0:
        score = ZERO.quantize(TWO)      # a pure veto item needs no score, only a mark when it fails
    if score is not None:
        score = min(score, round2(line.points))
    if line.is_veto:
        failed = any(line.veto_marks) if line.veto_marks else line.proposed_veto_failed
    else:
        failed = False
    return score, failed


@dataclass(frozen=True)
class Thresholds:
    excellent: Decimal = Decimal("90")
    good: Decimal = Decimal("80")
    passing: Decimal = Decimal("60")

    def __post_init__(self):
        if not (_d(self.excellent) >= _d(self.good) >= _d(self.passing) >= 0):
            raise ValueError("分数线应满足：优秀 ≥ 良好 ≥ 合格 ≥ 0")


def percent(total, full_points) -> Decimal:
    full = _d(full_points)
    if full <= 0:
        return ZERO.quantize(ONE)
    return round1(_d(total) * 100 / full)


def grade(pct, vetoed: bool, thresholds: Thresholds = Thresholds()) -> str:
    if vetoed:
        return FAIL
    pct = _d(pct)
    if pct >= _d(thresholds.excellent):
        return EXCELLENT
    if pct >= _d(thresholds.good):
        return GOOD
    if pct >= _d(thresholds.passing):
        return PASS
    return FAIL


@dataclass(frozen=True)
class EntryResult:
    total: Decimal
    percent: Decimal
    vetoed: bool
    grade: str
    missing: int          # lines with no score at all (not yet reviewed, not countable)


def entry_result(lines: Iterable[LineScore], full_points, rule: str = MEAN,
                 thresholds: Thresholds = Thresholds()) -> EntryResult:
    total = ZERO
    vetoed = False
    missing = 0
    for line in lines:
        score, failed = line_result(line, rule)
        if score is None:
            missing += 1
        else:
            total += score
        vetoed = vetoed or failed
    total = round2(total)
    pct = percent(total, full_points)
    return EntryResult(total, pct, vetoed, grade(pct, vetoed, thresholds), missing)


def rank(results: Sequence[tuple[object, Decimal, bool]]) -> dict:
    """{key: rank} for (key, percent, vetoed) triples: vetoed last, higher first, ties share (1, 2, 2, 4)."""
    ordered = sorted(results, key=lambda r: (r[2], -_d(r[1])))
    ranks: dict = {}
    previous = None
    for position, (key, pct, vetoed) in enumerate(ordered, start=1):
        marker = (vetoed, _d(pct))
        if marker != previous:
            current = position
            previous = marker
        ranks[key] = current
    return ranks
