from datetime import date
from decimal import Decimal

from tests.factories import factory


@factory("funds.Allocation")
def make_allocation(place, tree):
    from tuanjie.funds.services import allocation_create

    return allocation_create(by=None, place=place, year=2026, source="provincial", amount=Decimal("50000"))


@factory("funds.FundNeed")
def make_need(place, tree):
    from tuanjie.funds.services import need_create

    return need_create(by=None, place=place, year=2026, amount=Decimal("80000"), purpose="宣传阵地建设")


@factory("funds.Expenditure")
def make_expenditure(place, tree):
    from tuanjie.funds.services import expenditure_create

    return expenditure_create(by=None, place=place, spent_on=date(2026, 5, 1), amount=Decimal("1200"),
                              purpose="制作宣传展板")
