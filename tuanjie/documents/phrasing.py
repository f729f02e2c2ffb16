"""How the generated documents write figures, dates, amounts and lists in Chinese, as an office would.

Small pure functions, each with a table of cases in tests/documents/test_phrasing.py:
    day(date(2026, 6, 15))                     → "2026年6月15日"
    wan(Decimal("450000"))                     → "45万元"
    listing(["文旅局"], "个单位")               → "文旅局"            ("等" only for two or more)
    listing(["甲", "乙", "丙"], "个单位", limit=2) → "甲、乙等3个单位"
    merged_outputs(["宣传折页1963份", "宣传折页37份"]) → ["宣传折页2000份"]
    rounds_by_month([date(2026, 4, 12), date(2026, 4, 15), date(2026, 6, 3)]) → "4月中旬2轮、6月上旬1轮"
    counts([("宣讲", 3), ("其他", 2)], "次")    → "宣讲3次、其他活动2次"
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

SEP = "、"


def day(d: date, *, within_year: int | None = None) -> str:
    """2026年6月15日; without the year ("6月15日") when it is `within_year`. No leading zeros (GB/T 9704)."""
    if within_year is not None and d.year == within_year:
        return f"{d.month}月{d.day}日"
    return f"{d.year}年{d.month}月{d.day}日"


def day_range(start: date, end: date | None, *, within_year: int | None = None) -> str:
    """"7月1日至8月31日"; the end's month is kept (offices write "7月1日至8月31日", "7月1日至15日" reads as a typo)."""
    if end is None or end == start:
        return day(start, within_year=within_year)
    # the end's year is said once, by the start, when both fall in the same year
    return f"{day(start, within_year=within_year)}至{day(end, within_year=start.year if end.year == start.year else None)}"


def wan(amount) -> str:
    """Yuan → 万元 with at most two decimals, trailing zeros dropped: 450000 → "45万元", 45000 → "4.5万元",
    123456 → "12.35万元", 3000 → "0.3万元". Sums under 100 yuan (which would round to 0万元) stay in 元."""
    amount = Decimal(amount or 0)
    if 0 < abs(amount) < 100:
        return f"{amount.quantize(Decimal('1'), ROUND_HALF_UP):f}元"
    value = (amount / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}万元"


def listing(names: Sequence[str], measure: str = "", *, limit: int = 5) -> str:
    """Names joined with 、. One name stands alone; two or more end in "等N<measure>" (e.g. "等3个单位") when a
    measure is given, else in "等"; more than `limit` show the first `limit` and the count of all."""
    names = [n for n in dict.fromkeys(names) if n]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    shown = SEP.join(names[:limit])
    return f"{shown}等{len(names)}{measure}" if measure else f"{shown}等"


def counts(pairs: Iterable[tuple[str, int]], unit: str) -> str:
    """"宣讲3次、培训1次"; zero counts left out; a bare "其他" reads "其他活动"."""
    parts = []
    for label, n in pairs:
        if not n:
            continue
        label = "其他活动" if label in ("其他", "其它") else label
        parts.append(f"{label}{n}{unit}")
    return SEP.join(parts)


# verbs an office may write before the thing produced ("发放法律宣传资料7534份"): the same thing as without them
_OUTPUT_VERBS = re.compile(r"^(制作|发放|印发|分发|张贴|悬挂|设置|印制|编印|发送)")
_OUTPUT = re.compile(r"^\s*(?P<name>[^\d]+?)\s*(?P<n>\d+)\s*(?P<unit>[^\d\s（(]{1,3})?\s*(?:[（(].*[)）])?\s*$")


def merged_outputs(texts: Iterable[str], *, limit: int = 5) -> list[str]:
    """Outputs written on activities ("宣传折页1963份", "灯杆宣传牌191个、宣传手册500册"), totalled across units
    for the same thing and unit, largest first; text that is not "name number unit" is kept once as written."""
    totals: dict[tuple[str, str], int] = {}
    order: list[tuple[str, str]] = []
    loose: list[str] = []
    for text in texts:
        for part in re.split(r"[、，,；;]", text or ""):
            part = part.strip()
            if not part:
                continue
            m = _OUTPUT.match(part)
            if m is None:
                if part not in loose:
                    loose.append(part)
                continue
            key = (_OUTPUT_VERBS.sub("", m["name"].strip()) or m["name"].strip(), (m["unit"] or "").strip())
            if key not in totals:
                totals[key] = 0
                order.append(key)
            totals[key] += int(m["n"])
    ranked = sorted(order, key=lambda k: (-totals[k], order.index(k)))
    return ([f"{name}{totals[(name, unit)]}{unit}" for name, unit in ranked] + loose)[:limit]


def xun(d: date) -> str:
    """The third of the month a day falls in: 上旬 (1–10), 中旬 (11–20), 下旬 (21–)."""
    return "上旬" if d.day <= 10 else "中旬" if d.day <= 20 else "下旬"


def rounds_by_month(starts: Iterable[date]) -> str:
    """"4月中旬2轮、6月上旬2轮": inspection rounds grouped by the part of the month they began in, in order."""
    grouped: dict[tuple[int, int, int], int] = {}
    for d in sorted(starts):
        key = (d.year, d.month, 0 if d.day <= 10 else 1 if d.day <= 20 else 2)
        grouped[key] = grouped.get(key, 0) + 1
    years = {y for y, _m, _x in grouped}
    parts = []
    for (year, month, third), n in grouped.items():
        prefix = f"{year}年" if len(years) > 1 else ""
        parts.append(f"{prefix}{month}月{('上旬', '中旬', '下旬')[third]}{n}轮")
    return SEP.join(parts)


def months_words(start: date, end: date) -> str:
    """"1—6月" for a span of months of one year, "6月" for one month, "全年" for a whole calendar year (as offices
    head a period's figures)."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return "全年"
    if (start.year, start.month) == (end.year, end.month):
        return f"{end.month}月"
    if start.year == end.year:
        return f"{start.month}—{end.month}月"
    return f"{start.year}年{start.month}月—{end.year}年{end.month}月"


def sentence(*parts: str, sep: str = "，") -> str:
    """The non-empty parts joined into one sentence ending in 。; "" when every part is empty (no sentence for an
    empty category)."""
    kept = [p.strip().rstrip("。；，") for p in parts if p and p.strip()]
    return sep.join(kept) + "。" if kept else ""
