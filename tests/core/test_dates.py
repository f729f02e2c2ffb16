"""Every date a person reads is written one way (core/dates.py): the expected texts are written by hand."""

from datetime import UTC, date, datetime

import pytest

from tuanjie.core.dates import when

NOW = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)      # 2026-12-01 12:00 in Shanghai

TABLE = [
    (date(2026, 12, 1), False, "2026年12月1日"),
    (date(2025, 1, 9), False, "2025年1月9日"),
    (datetime(2026, 12, 1, 7, 33, 5, 123456, tzinfo=UTC), False, "12月1日 15:33"),
    (datetime(2026, 12, 1, 7, 33, 5, 123456, tzinfo=UTC), True, "12月1日 15:33:05"),
    (datetime(2025, 12, 1, 7, 33, tzinfo=UTC), False, "2025年12月1日 15:33"),
    (datetime(2025, 12, 31, 16, 30, tzinfo=UTC), False, "1月1日 00:30"),       # already 2026 in Shanghai
    (datetime(2026, 12, 31, 16, 30, tzinfo=UTC), False, "2027年1月1日 00:30"),
    (None, False, ""),
]


@pytest.mark.parametrize(("value", "seconds", "shown"), TABLE)
def test_a_date_or_moment_is_written_as_the_table_says(value, seconds, shown):
    assert when(value, seconds=seconds, now=NOW) == shown


def test_the_template_filter_writes_the_same(settings):
    from django.template import Context, Template

    html = Template('{% load tuanjie %}{{ d|when }} / {{ t|when:"秒" }}').render(
        Context({"d": date(2025, 3, 8), "t": datetime(2020, 5, 4, 1, 2, 3, tzinfo=UTC)}))
    assert html == "2025年3月8日 / 2020年5月4日 09:02:03"
