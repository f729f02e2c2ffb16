"""The project lint (tools/house_rules.py) that `./dev lint` runs beside ruff and mypy."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import house_rules  # noqa: E402

BAD = """\
rows = Pair._base_manager.filter(group=group)
everything = Activity.objects.all()
mine = Activity.objects.filter(place__path__startswith=place.path)
"""


def test_the_codebase_keeps_the_house_rules():
    assert house_rules.main([]) == 0


def test_each_rule_is_reported_in_a_view_with_its_line():
    found = house_rules.check_text("tuanjie/activities/views.py", BAD)
    assert [line.split(" ")[:2] for line in found] == [
        ["tuanjie/activities/views.py:1:", "[base-manager]"],
        ["tuanjie/activities/views.py:2:", "[objects-all]"],
        ["tuanjie/activities/views.py:3:", "[path-startswith]"],
    ]


@pytest.mark.parametrize("rel", ["tuanjie/activities/selectors.py", "tuanjie/quotas/selectors/compliance.py",
                                 "tuanjie/core/access.py", "tuanjie/activities/migrations/0002_x.py"])
def test_selectors_core_and_migrations_may_write_these_queries(rel):
    assert house_rules.check_text(rel, BAD) == []


def test_reference_data_may_be_listed_whole_anywhere():
    assert house_rules.check_text("tuanjie/places/forms.py", "q = PlaceLevel.objects.all()\n") == []


def test_a_line_may_carry_its_own_reasoned_exception():
    line = "qs = Place.objects.all()  # house-rules: allow objects-all — an administrator sees every place\n"
    assert house_rules.check_text("tuanjie/places/views.py", line) == []
    assert house_rules.check_text("tuanjie/places/views.py", "qs = Place.objects.all()  # why not\n") != []
