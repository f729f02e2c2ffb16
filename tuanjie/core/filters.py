"""Filters shared by the list pages' filter bars."""

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


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
