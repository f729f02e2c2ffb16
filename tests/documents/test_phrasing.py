"""How documents write Chinese: each rule as a table of cases written by hand (tuanjie/documents/phrasing.py)."""
from datetime import date
from decimal import Decimal

import pytest

from tuanjie.documents import phrasing as ph


@pytest.mark.parametrize(("d", "within", "expected"), [
    (date(2026, 6, 15), None, "2026年6月15日"),
    (date(2026, 1, 5), None, "2026年1月5日"),            # no leading zeros
    (date(2026, 7, 15), 2026, "7月15日"),                 # the year is dropped within the report's year
    (date(2027, 1, 10), 2026, "2027年1月10日"),
])
def test_days_are_written_as_offices_write_them(d, within, expected):
    assert ph.day(d, within_year=within) == expected


@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2026, 7, 1), date(2026, 8, 31), "7月1日至8月31日"),
    (date(2026, 7, 1), date(2026, 7, 1), "7月1日"),
    (date(2026, 12, 1), date(2027, 1, 15), "12月1日至2027年1月15日"),
    (date(2027, 1, 5), date(2027, 3, 31), "2027年1月5日至3月31日"),          # the year said once
])
def test_day_ranges(start, end, expected):
    assert ph.day_range(start, end, within_year=2026) == expected


@pytest.mark.parametrize(("yuan", "expected"), [
    ("450000", "45万元"), ("45000", "4.5万元"), ("123456", "12.35万元"), ("3000", "0.3万元"),
    ("10000", "1万元"), ("1005000", "100.5万元"), ("0", "0万元"), ("80", "80元"), ("123449.99", "12.34万元"),
])
def test_amounts_are_in_wan_yuan_with_at_most_two_decimals(yuan, expected):
    assert ph.wan(Decimal(yuan)) == expected


@pytest.mark.parametrize(("names", "measure", "limit", "expected"), [
    (["文旅局"], "个单位", 5, "文旅局"),                                   # one name: no 等
    (["甲", "乙"], "个单位", 5, "甲、乙等2个单位"),
    (["甲", "乙", "丙", "丁"], "个单位", 2, "甲、乙等4个单位"),
    (["甲", "乙", "甲"], "", 5, "甲、乙等"),                              # duplicates once
    ([], "个单位", 5, ""),
])
def test_lists_say_deng_only_for_two_or_more(names, measure, limit, expected):
    assert ph.listing(names, measure, limit=limit) == expected


@pytest.mark.parametrize(("texts", "expected"), [
    (["宣传折页1963份", "宣传折页37份"], ["宣传折页2000份"]),              # one total across units
    (["灯杆宣传牌191个、宣传手册500册", "宣传手册100册"], ["宣传手册600册", "灯杆宣传牌191个"]),
    (["宣传折页100份（县文旅局）"], ["宣传折页100份"]),
    (["发放法律宣传资料70份", "法律宣传资料30份"], ["法律宣传资料100份"]),   # the verb does not make it another thing
    (["一批宣传品", "一批宣传品"], ["一批宣传品"]),                        # not "name number unit": kept once
    ([""], []),
])
def test_outputs_are_merged_across_units(texts, expected):
    assert ph.merged_outputs(texts) == expected


@pytest.mark.parametrize(("starts", "expected"), [
    ([date(2026, 4, 12), date(2026, 4, 15), date(2026, 6, 3), date(2026, 6, 9)], "4月中旬2轮、6月上旬2轮"),
    ([date(2026, 5, 31)], "5月下旬1轮"),
    ([date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 21)], "3月上旬1轮、3月中旬1轮、3月下旬1轮"),
    ([date(2026, 12, 28), date(2027, 1, 4)], "2026年12月下旬1轮、2027年1月上旬1轮"),
    ([], ""),
])
def test_inspection_rounds_keep_their_timing(starts, expected):
    assert ph.rounds_by_month(starts) == expected


@pytest.mark.parametrize(("pairs", "expected"), [
    ([("宣讲", 3), ("培训", 1)], "宣讲3次、培训1次"),
    ([("宣讲", 3), ("其他", 2)], "宣讲3次、其他活动2次"),               # not "其他3次"
    ([("宣讲", 0), ("培训", 2)], "培训2次"),
    ([], ""),
])
def test_counts_by_kind(pairs, expected):
    assert ph.counts(pairs, "次") == expected


@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2026, 1, 1), date(2026, 6, 30), "1—6月"), (date(2026, 6, 1), date(2026, 6, 30), "6月"),
    (date(2026, 1, 1), date(2026, 12, 31), "全年"), (date(2026, 1, 1), date(2026, 11, 30), "1—11月"),
])
def test_period_words(start, end, expected):
    assert ph.months_words(start, end) == expected


@pytest.mark.parametrize(("parts", "expected"), [
    (("开展活动5次", "", "参与群众280人次。"), "开展活动5次，参与群众280人次。"),
    (("", "  "), ""),                                                      # no sentence for nothing
])
def test_a_sentence_of_only_what_there_is(parts, expected):
    assert ph.sentence(*parts) == expected
