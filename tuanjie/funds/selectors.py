"""Reads of the funds ledger for pages, exports and reports: per place and year, and rolled up by child place.
All sums are Decimal yuan; `wan()` turns them into 万元 for report sentences."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Left

from tuanjie.funds.models import Allocation, Expenditure, FundNeed, FundSource
from tuanjie.places.models import Place

ZERO = Decimal("0.00")


def wan(amount: Decimal) -> Decimal:
    """Yuan → 万元, two decimals, trailing zeros dropped (450000 → 45)."""
    value = (Decimal(amount or 0) / Decimal(10000)).quantize(Decimal("0.01"))
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


@dataclass
class FundFigures:
    by_source: dict = field(default_factory=lambda: {s: ZERO for s in FundSource.values})
    need: Decimal = ZERO
    spent: Decimal = ZERO
    units_self_funding: int = 0
    sites_funded: int = 0

    @property
    def allocated(self) -> Decimal:
        return sum(self.by_source.values(), ZERO)

    @property
    def public(self) -> Decimal:
        """Money from outside the units themselves (every source but 单位自筹)."""
        return self.allocated - self.by_source[FundSource.SELF]

    @property
    def self_funded(self) -> Decimal:
        return self.by_source[FundSource.SELF]

    @property
    def balance(self) -> Decimal:
        """Allocated − spent."""
        return self.allocated - self.spent

    @property
    def gap(self) -> Decimal:
        """经费缺口 = need − allocated (negative: more secured than asked for)."""
        return self.need - self.allocated

    def source_rows(self) -> list[tuple[str, str, Decimal]]:
        return [(code, str(label), self.by_source[code]) for code, label in FundSource.choices]


def _in(model, place: Place, year: int):
    qs = model.objects.filter(place__path__startswith=place.path)
    if model is Expenditure:
        return qs.filter(spent_on__year=year)
    return qs.filter(year=year)


def fund_summary(place: Place, year: int) -> FundFigures:
    """The figures of `place`'s whole subtree for `year` (not access-checked: the caller shows `place`)."""
    figures = FundFigures()
    allocations = _in(Allocation, place, year).order_by()
    for source, total in allocations.values_list("source").annotate(total=Sum("amount")):
        figures.by_source[source] = total or ZERO
    figures.need = _in(FundNeed, place, year).aggregate(t=Sum("amount"))["t"] or ZERO
    figures.spent = _in(Expenditure, place, year).aggregate(t=Sum("amount"))["t"] or ZERO
    figures.units_self_funding = (allocations.filter(source=FundSource.SELF, place__kind=Place.Kind.UNIT)
                                  .values("place").distinct().count())
    figures.sites_funded = allocations.filter(for_site=True).values("place").distinct().count()
    return figures


def fund_rollup(place: Place, year: int) -> list[tuple[Place | None, FundFigures]]:
    """One row per child of `place` (its subtree's figures) plus a first row (None) for records held at `place`
    itself; children without any record are left out. Three grouped queries whatever the subtree's size."""
    width = len(place.path) + Place.steplen
    rows: dict[str, FundFigures] = defaultdict(FundFigures)

    def grouped(model):
        return _in(model, place, year).order_by().annotate(branch=Left("place__path", width))

    for branch, source, total in grouped(Allocation).values_list("branch", "source").annotate(t=Sum("amount")):
        rows[branch].by_source[source] = total
    for branch, n in (grouped(Allocation).filter(source=FundSource.SELF, place__kind=Place.Kind.UNIT)
                      .values_list("branch").annotate(n=Count("place", distinct=True))):
        rows[branch].units_self_funding = n
    for branch, n in (grouped(Allocation).filter(for_site=True).values_list("branch")
                      .annotate(n=Count("place", distinct=True))):
        rows[branch].sites_funded = n
    for branch, total in grouped(FundNeed).values_list("branch").annotate(t=Sum("amount")):
        rows[branch].need = total
    for branch, total in grouped(Expenditure).values_list("branch").annotate(t=Sum("amount")):
        rows[branch].spent = total
    children = {p.path: p for p in Place.objects.filter(path__in=[b for b in rows if b != place.path])}
    result: list[tuple[Place | None, FundFigures]] = []
    if place.path in rows:
        result.append((None, rows[place.path]))
    result.extend((children[b], rows[b]) for b in sorted(children))
    return result


def years_with_funds(place: Place) -> list[int]:
    years = set(_all(Allocation, place).values_list("year", flat=True).distinct())
    years |= set(_all(FundNeed, place).values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


def _all(model, place: Place):
    return model.objects.filter(place__path__startswith=place.path).order_by()
