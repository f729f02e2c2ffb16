"""The house rules that ruff cannot know, checked line by line over tuanjie/ (run by `./dev lint`).

Reads start from `Model.objects.restrict(user, action)` and the place tree's subtree is one indexed prefix query
written in one place. So outside the selectors (`*/selectors.py`, `*/selectors/`), `tuanjie/core/`, tests and
migrations, the code may not

  - reach past `restrict()` with `_base_manager`,
  - list every row with `.objects.all()` (reference data excepted: it has no place and everyone may read it),
  - write the subtree prefix by hand with `path__startswith` (use `core.access.within(place, lookup)`, or
    `Place.objects.subtree(place)`).

A line that must break a rule is listed in ALLOWED below with its reason; a line can also end with
`# house-rules: allow <rule> — reason` when the reason is local to it. Exit status 1 when anything is found.
Usage: python tools/house_rules.py [paths...]   (default: tuanjie)"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Where the rules do not apply: the layers whose job these queries are.
EXEMPT = ("tuanjie/core/*", "tuanjie/*/selectors.py", "tuanjie/*/selectors/*", "*/migrations/*", "tests/*")

# Reference data: tables without a place that every signed-in person may read (choices in filters and forms).
REFERENCE_MODELS = ("PlaceLevel", "CreationField", "TitleLevel")


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    message: str


RULES = [
    Rule("base-manager", re.compile(r"\b_base_manager\b"),
         "`_base_manager` reads past restrict(): move the query into the app's selectors"),
    Rule("objects-all", re.compile("".join(rf"(?<!\b{name})" for name in REFERENCE_MODELS) + r"\.objects\.all\(\)"),
         "`.objects.all()` lists every row: start from `.objects.restrict(user, action)` or use a selector"),
    Rule("path-startswith", re.compile(r"path__startswith"),
         "hand-written subtree prefix: use `core.access.within(place, lookup)` or `Place.objects.subtree(place)`"),
]

# (file glob, rule, reason): the documented exceptions. Keep this short; every entry says why.
ALLOWED = [
    ("tuanjie/places/models.py", "path-startswith",
     "the tree's own `subtree()`: the one prefix query the rest of the code calls"),
    ("tuanjie/analytics/facts.py", "*",
     "the fact table is derived from every record whoever is looking, and rolls up by path like the tree does"),
    ("tuanjie/pairing/models.py", "base-manager",
     "the pairing access policy itself: deciding who may see a household reads the pairs before restrict() exists"),
    ("tuanjie/*/reminders.py", "*",
     "daily reminder jobs run for nobody in particular: they must see every rule, task and pair to warn their owners"),
    ("tuanjie/titles/defaults.py", "objects-all",
     "a data migration's default title levels: the historical model of PlaceLevel, passed in by the migration"),
    ("tuanjie/places/views_config.py", "objects-all",
     "the system administrator's pages for the reference tables (creation fields, place levels)"),
    ("tuanjie/*/api.py", "objects-all",
     "a serializer's related-field lookup: the service it calls checks `may()` on the place or record chosen"),
]


def exempt(rel: str) -> bool:
    return any(fnmatch(rel, pattern) for pattern in EXEMPT)


def allowed(rel: str, rule: str, line: str) -> bool:
    if f"house-rules: allow {rule}" in line:
        return True
    return any(fnmatch(rel, glob) and name in ("*", rule) for glob, name, _reason in ALLOWED)


def check_file(path: Path) -> list[str]:
    return check_text(path.resolve().relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))


def check_text(rel: str, text: str) -> list[str]:
    """The problems in the source `text` of the file at `rel` (a path relative to the checkout)."""
    if exempt(rel):
        return []
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0] if "house-rules:" not in line else line
        for rule in RULES:
            if rule.pattern.search(code) and not allowed(rel, rule.name, line):
                found.append(f"{rel}:{number}: [{rule.name}] {rule.message}")
    return found


def files(args: list[str]):
    for arg in args or ["tuanjie"]:
        target = (ROOT / arg) if not Path(arg).is_absolute() else Path(arg)
        yield from ([target] if target.is_file() else sorted(target.rglob("*.py")))


MERGE_MARKER = re.compile(r"^(<{7}|>{7}) ")


def merge_markers() -> list[str]:
    """A merge conflict committed unresolved: Python fails to import, but a template or a script only fails on the
    page that uses it (one reached the branch of a helper this way)."""
    found = []
    for path in sorted((ROOT / "tuanjie").rglob("*")):
        if path.suffix in {".html", ".js", ".css", ".py", ".txt", ".md"} and path.is_file():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if MERGE_MARKER.match(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: [merge-marker] 未解决的合并冲突标记")
    return found


def main(argv: list[str]) -> int:
    problems = [problem for path in files(argv) for problem in check_file(path)]
    if not argv:
        problems += merge_markers()
    for problem in problems:
        print(problem)
    if problems:
        print(f"house rules: {len(problems)} problem(s); see tools/house_rules.py for the rules and the exceptions")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
