"""Columns for list pages and Excel exports: one definition serves both, so a figure is computed once."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import localize

from tuanjie.core.dates import when


@cache
def _choice_labels(model: type, name: str) -> dict | None:
    """{stored value: label} of a field with choices. Django's get_FOO_display rebuilds this mapping (translating
    every label) on each call, which dominated a million-row export; the product has one language, so the
    labels are resolved once per process."""
    meta = getattr(model, "_meta", None)
    if meta is None:
        return None
    try:
        field = meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not getattr(field, "flatchoices", None):
        return None
    return {value: str(label) for value, label in field.flatchoices}


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
            labels = _choice_labels(type(value), part)
            if labels is not None:
                stored = getattr(value, part, None)
                value = labels.get(stored, stored)
                continue
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
        if isinstance(value, date):
            return when(value)   # datetimes too, in Asia/Shanghai, as the pages write them
        return str(localize(value))
