"""Columns for list pages and Excel exports: one definition serves both, so a figure is computed once."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import localize


@dataclass(frozen=True)
class Column:
    name: str                      # attribute path, dotted ("place.name") or a method name
    label: str
    link: bool = False             # link the cell to the object's detail page
    value: Callable[[Any], Any] | None = None
    order_by: str | None = None    # query ordering for a sortable column

    def raw(self, obj) -> Any:
        if self.value is not None:
            return self.value(obj)
        value: Any = obj
        for part in self.name.split("."):
            if value is None:
                return None
            display = getattr(value, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(value, part, None)
            if callable(value) and not hasattr(value, "all"):
                value = value()
        return value

    def text(self, obj) -> str:
        value = self.raw(obj)
        if value is None or value == "":
            return ""
        if value is True:
            return "是"
        if value is False:
            return "否"
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)   # shown in Asia/Shanghai, as templates do
        return str(localize(value))
