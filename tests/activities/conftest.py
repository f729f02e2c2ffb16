from datetime import date

import pytest

from tuanjie.activities.services import activity_create
from tuanjie.core.context import acting_as


@pytest.fixture
def log(tree):
    """log(place, **fields) logs one activity as the system (defaults: a lecture on 2026-05-12)."""

    def make(place, **fields):
        fields.setdefault("start_date", date(2026, 5, 12))
        fields.setdefault("title", f"{place.name}开展民族团结进步主题宣讲")
        fields.setdefault("kind", "lecture")
        with acting_as(None, source="test"):
            return activity_create(by=None, place=place, **fields)

    return make
