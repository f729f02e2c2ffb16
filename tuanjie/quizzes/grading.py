"""Drawing and marking an answer sheet, as pure functions (no database), so each rule is stated and tested once.

- A draw takes `count` questions of the bank at random (all of them when the bank has fewer) and, for choice
  questions, a random order of their options; true/false keeps 正确/错误 in place. It is fixed on the attempt.
- Answers are positions in the question's own options (not in the shuffled order the page showed), so marking
  never depends on the draw.
- A single-choice or true/false question is right when the one chosen option is the right one; a multiple-choice
  question when exactly the right options are chosen (no partial credit); a short answer when, without spaces and
  punctuation, it equals one of the accepted texts. Unanswered is wrong.
- The score is right ÷ asked × 100, rounded half up to a whole number; passed when score ≥ the pass mark.
- 应知应会 items asked and answered right are counted for the awareness rate (知晓率 = right ÷ asked over all sheets).
- A survey sheet counts its Likert items answered and those answered 满意 or 非常满意 (satisfaction rate =
  satisfied ÷ answered over all sheets)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

SINGLE, MULTIPLE, TRUE_FALSE, SHORT = "single", "multiple", "truefalse", "short"
TRUE_FALSE_OPTIONS = ["正确", "错误"]


@dataclass(frozen=True)
class Item:
    id: int
    kind: str
    options: tuple
    answer: tuple
    awareness: bool = False


@dataclass(frozen=True)
class Marks:
    asked: int
    correct: int
    score: int
    passed: bool
    awareness_asked: int
    awareness_correct: int


def draw(items: list[Item], count: int, rng: random.Random) -> list[dict]:
    chosen = rng.sample(items, min(count, len(items))) if count else list(items)
    sheet = []
    for item in chosen:
        order = list(range(len(item.options)))
        if item.kind in (SINGLE, MULTIPLE):
            rng.shuffle(order)
        sheet.append({"q": item.id, "o": order})
    return sheet


def normalise(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", str(text))
                   if not (ch.isspace() or unicodedata.category(ch).startswith("P"))).lower()


def is_right(item: Item, given) -> bool:
    if given in (None, "", []):
        return False
    if item.kind == SHORT:
        text = normalise(given if isinstance(given, str) else " ".join(map(str, given)))
        return bool(text) and text in {normalise(a) for a in item.answer}
    chosen = sorted({int(x) for x in (given if isinstance(given, list) else [given])})
    right = sorted({int(x) for x in item.answer})
    if item.kind in (SINGLE, TRUE_FALSE) and len(chosen) != 1:
        return False
    return chosen == right


def round_half_up(part: int, whole: int) -> int:
    return (200 * part + whole) // (2 * whole) if whole else 0


def mark(items: list[Item], answers: dict, pass_percent: int) -> Marks:
    """Marks of a sheet: `items` the drawn questions, `answers` {str(question id): answer}."""
    correct = awareness_asked = awareness_correct = 0
    for item in items:
        right = is_right(item, answers.get(str(item.id)))
        correct += right
        if item.awareness:
            awareness_asked += 1
            awareness_correct += right
    score = round_half_up(correct, len(items))
    return Marks(len(items), correct, score, score >= pass_percent, awareness_asked, awareness_correct)


def satisfaction(likert_answers: list) -> tuple[int, int]:
    """(answered, satisfied) of a survey sheet's Likert answers (1..5; blank = not answered)."""
    given = [int(a) for a in likert_answers if a not in (None, "")]
    return len(given), sum(1 for a in given if a >= 4)
