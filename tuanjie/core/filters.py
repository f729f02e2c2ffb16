"""Filters shared by the list pages' filter bars and the API, and the API's filter backend."""

import re

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema_field

from tuanjie.core.dates import YEARS
from tuanjie.core.related import RestrictedFilterBackend


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter whose select names itself. The filter bar shows selects without their labels, and Django's
    null-boolean select reads 未知 / 是 / 否, which says nothing on a phone; this one reads "账号有效：全部" and so on."""

    def __init__(self, *args, label, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=[
            ("", format_lazy("{}：{}", label, _("全部"))),
            ("true", format_lazy("{}：{}", label, _("是"))),
            ("false", format_lazy("{}：{}", label, _("否"))),
        ]))
        super().__init__(*args, label=label, **kwargs)


# ------------------------------------------------------------------------------------ typed number filters
# django-filter's NumberFilter reads a decimal, so "4.1e-77" reached a `__year` lookup and a 20-digit number an
# integer column, and both were server errors. A year and a record id are whole numbers within a range; the
# OpenAPI schema says so too (`extend_schema_field`), so a caller knows before asking.
ID_MAX = 10 ** 18 - 1      # what a 64-bit key holds, as the API's URLs allow (core/api.py ApiRouter)


@extend_schema_field({"type": "integer", "minimum": YEARS.start, "maximum": YEARS.stop - 1})
class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEARS.start)
        kwargs.setdefault("max_value", YEARS.stop - 1)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


class ApiFilterBackend(RestrictedFilterBackend):
    """The API's filters, as django-filter's backend with related choices restricted as the list is, and one more
    difference: a filter naming a record by a
    well-formed id that does not exist (or is out of the caller's reach) lists nothing, as a filter on any other
    value that matches nothing does. Django's choice field calls that an invalid choice; answering 400 would tell a
    caller who sent what the schema allows (an integer) that the request was malformed, and would say whether the
    record exists somewhere they cannot see. A malformed value ("abc") is still 400."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if filterset.is_valid():
            return filterset.qs
        errors = filterset.errors.as_data()
        if all(self._names_no_record(filterset, name, found) for name, found in errors.items()):
            return queryset.none()
        raise translate_validation(filterset.errors)

    @staticmethod
    def _names_no_record(filterset, name, found) -> bool:
        """A record's id (a whole number), or a value of a vocabulary the schema cannot list (office-defined kinds),
        that matches nothing here."""
        declared = filterset.base_filters.get(name)
        if isinstance(declared, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
            well_formed = WHOLE_NUMBER.fullmatch
        elif isinstance(declared, django_filters.ChoiceFilter) and _dynamic(declared.extra.get("choices")):
            well_formed = str.strip
        else:
            return False
        if not all(error.code in ("invalid_choice", "invalid_pk_value") for error in found):
            return False
        values = filterset.data.getlist(name) if hasattr(filterset.data, "getlist") else [filterset.data.get(name)]
        return all(isinstance(value, str) and well_formed(value) for value in values)


WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def _dynamic(choices) -> bool:
    return not choices or callable(choices)
