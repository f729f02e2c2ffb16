"""Reads shared by pages, the API, Excel exports and the services: the indicator tree, ledger evidence, results."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tuanjie.assessments.models import Campaign, Entry, Indicator, IndicatorSystem, Line
from tuanjie.core import countables

EVIDENCE_LIMIT = 50

SYSTEM_HEADERS = ["一级指标", "二级指标", "三级指标/测评内容", "分值", "评分标准", "佐证材料", "是否一票否决",
                  "台账规则", "年度最低数量", "每条得分"]


def indicator_tree(system: IndicatorSystem) -> list[Indicator]:
    """The indicators in reading order (parents before their children), each with `.depth_children`."""
    items = list(system.indicators.all().order_by("order", "id"))
    by_parent: dict = {}
    for item in items:
        by_parent.setdefault(item.parent_id, []).append(item)
    ordered: list[Indicator] = []

    def walk(parent_id):
        for item in by_parent.get(parent_id, []):
            item.is_leaf = item.pk not in by_parent
            ordered.append(item)
            walk(item.pk)

    walk(None)
    return ordered


def scorable_indicators(system: IndicatorSystem) -> list[Indicator]:
    return [i for i in indicator_tree(system) if i.is_leaf]


def full_points(system: IndicatorSystem) -> Decimal:
    return sum((i.points for i in scorable_indicators(system)), Decimal("0"))


def subtotal(indicator: Indicator, tree: list[Indicator]) -> Decimal:
    children = [i for i in tree if i.parent_id == indicator.pk]
    if not children:
        return indicator.points
    return sum((subtotal(c, tree) for c in children), Decimal("0"))


def system_rows(system: IndicatorSystem) -> list[list]:
    """The system as the official table (one row per scored indicator), the same columns the import reads."""
    tree = indicator_tree(system)
    by_id = {i.pk: i for i in tree}
    rows = []
    for item in tree:
        if not item.is_leaf:
            continue
        chain = [item]
        while chain[0].parent_id:
            chain.insert(0, by_id[chain[0].parent_id])
        names = [c.name for c in chain] + [""] * (3 - len(chain))
        if len(chain) == 2:
            names = [chain[0].name, chain[1].name, ""]
        rows.append([names[0], names[1], names[2], float(item.points), item.guidance, item.evidence_required,
                     "是" if item.is_veto else "否", item.countable_key,
                     item.min_count if item.min_count is not None else "",
                     float(item.points_per_record) if item.points_per_record is not None else ""])
    return rows


@dataclass
class LedgerEvidence:
    count: int
    records: list[dict]


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def ledger_evidence(key: str, unit, year: int) -> LedgerEvidence:
    """Records of the countable `key` credited to `unit` in `year` (an unregistered key raises)."""
    countable = countables.get(key)
    start, end = year_span(year)
    qs = countable.in_period(start, end).filter(**{countable.place_field: unit.pk}).order_by("pk")
    count = countable.figure_at(unit, start, end)     # records, or a rate's percent (core.countables.Ratio)
    records = []
    for record in qs[:EVIDENCE_LIMIT]:
        url = ""
        if hasattr(record, "get_absolute_url"):
            try:
                url = record.get_absolute_url()
            except Exception:  # a record without a page still counts
                url = ""
        records.append({"model": countable.model, "id": record.pk, "label": str(record)[:100], "url": url})
    return LedgerEvidence(count, records)


def results(campaign: Campaign):
    return (Entry.objects.filter(campaign=campaign).select_related("unit", "unit__creation_field")
            .order_by("rank", "unit__path"))


RESULT_HEADERS = ["名次", "单位", "创建领域", "自评分", "得分", "百分制得分", "一票否决", "等次"]


def result_rows(campaign: Campaign) -> list[list]:
    rows = []
    for entry in results(campaign):
        rows.append([entry.rank or "", entry.unit.name,
                     entry.unit.creation_field.name if entry.unit.creation_field_id else "",
                     float(entry.self_total) if entry.self_total is not None else "",
                     float(entry.total) if entry.total is not None else "",
                     float(entry.percent) if entry.percent is not None else "",
                     "是" if entry.vetoed else "否", entry.get_grade_display()])
    return rows


def entry_lines(entry: Entry):
    return (Line.objects.filter(entry=entry).select_related("indicator", "indicator__parent")
            .prefetch_related("reviews__reviewer").order_by("indicator__order", "indicator_id"))
