"""Paging for lists that can hold a million rows.

Django's paginator counts every matching row on every page view. Over a province's ledger that COUNT(*) is most of
the page's time, and nobody reads "共 1,000,000 条" differently from "more than ten thousand". So the count stops
at `cap`: below it the page shows the exact total and "3 / 12" as usual; above it the page says
"超过 10,000 条" and pages on with 上一页 / 下一页. Page numbers stay true either way: page 400 shows rows
11,971–12,000 in the list's order, and a page knows whether a next one exists by fetching one row more than it
shows. When the first page holds every row there is nothing left to count."""

from functools import cached_property
from math import ceil

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet


class CappedPaginator(Paginator):
    cap = 10_000

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        if orphans:
            raise ValueError("CappedPaginator does not merge orphans into the previous page")
        super().__init__(object_list, per_page, orphans, allow_empty_first_page, **kwargs)

    @cached_property
    def counted(self) -> int:
        """Rows counted, at most cap + 1."""
        if isinstance(self.object_list, QuerySet):
            # Without the ordering: a count does not need it, and keeping it makes the database walk the sort
            # index and join every row's place instead of answering from whichever index is cheapest.
            return self.object_list.order_by()[: self.cap + 1].count()
        return len(self.object_list)

    @property
    def capped(self) -> bool:
        return self.counted > self.cap

    @property
    def count(self) -> int:
        """The exact total, or `cap` (a lower bound) when capped."""
        return min(self.counted, self.cap)

    @property
    def num_pages(self):
        """None when capped: the last page is not known until it is reached."""
        if self.capped:
            return None
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, ceil(self.count / self.per_page))

    def validate_number(self, number):
        number = self.page_number(number)
        if not self.capped and number > self.num_pages:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page_number(self, number) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        # The rows themselves say whether the page exists and whether another follows; the count is only
        # needed for the label, and not at all when the first page holds every row.
        number = self.page_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom: bottom + self.per_page + 1])
        if number == 1 and len(rows) <= self.per_page:
            self.__dict__.setdefault("counted", len(rows))
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class CappedPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1
