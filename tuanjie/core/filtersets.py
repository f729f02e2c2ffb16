"""The change log's filter bar: person, place, record type, action and dates."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import within
from tuanjie.core.changelog_display import day_range
from tuanjie.core.focus import focus_place
from tuanjie.core.models import ChangeLogEntry, SecurityEvent


def logged_kinds() -> list[tuple[str, str]]:
    """("app_label.model", 中文名) of every model the log records, by name."""
    from django.apps import apps

    from tuanjie.core.models import ChangeLoggedModel

    kinds = [(f"{m._meta.app_label}.{m._meta.model_name}", str(m._meta.verbose_name))
             for m in apps.get_models() if issubclass(m, ChangeLoggedModel)]
    return sorted(kinds, key=lambda kind: kind[1])


def places_offered(request):
    """The focused place and the places one level below it (as the activity list's area select does): a county
    office picks a township; for a unit, it switches to its township first."""
    from tuanjie.places.models import Place

    if request is None or not request.user.is_authenticated:
        return Place.objects.none()
    place = focus_place(request)
    if place is None:
        return Place.objects.none()
    return Place.objects.restrict(request.user).filter(within(place, ""), depth__lte=place.depth + 1)


class ChangeLogFilterSet(django_filters.FilterSet):
    person = django_filters.CharFilter(field_name="user_repr", lookup_expr="icontains", label=_("操作人"),
                                       widget=forms.TextInput(attrs={"placeholder": _("操作人姓名"),
                                                                     "aria-label": _("操作人")}))
    place = django_filters.ModelChoiceFilter(queryset=places_offered, label=_("地区/单位"), empty_label=_("全部地区"),
                                             method="filter_place")
    kind = django_filters.ChoiceFilter(choices=logged_kinds, label=_("对象类型"), empty_label=_("全部类型"),
                                       method="filter_kind")
    action = django_filters.ChoiceFilter(choices=ChangeLogEntry.Action.choices, label=_("操作"),
                                         empty_label=_("全部操作"))
    date_from = django_filters.DateFilter(label=_("日期从"), method="filter_from",
                                          widget=forms.DateInput(attrs={"type": "date", "aria-label": _("日期从")}))
    date_to = django_filters.DateFilter(label=_("至"), method="filter_to",
                                        widget=forms.DateInput(attrs={"type": "date", "aria-label": _("日期至")}))
    object_id = django_filters.CharFilter(label=_("对象编号"), widget=forms.HiddenInput)

    class Meta:
        model = ChangeLogEntry
        fields = ["person", "place", "kind", "action", "date_from", "date_to", "object_id"]

    def filter_place(self, queryset, name, value):
        return queryset.filter(place_path__startswith=value.path) if value else queryset

    def filter_kind(self, queryset, name, value):
        app_label, _dot, model = value.partition(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        return queryset.filter(content_type=content_type) if content_type else queryset.none()

    def filter_from(self, queryset, name, value):
        return queryset.filter(time__gte=day_range(value)[0])

    def filter_to(self, queryset, name, value):
        return queryset.filter(time__lt=day_range(value)[1])


class SecurityEventFilterSet(django_filters.FilterSet):
    username = django_filters.CharFilter(field_name="username", lookup_expr="icontains", label=_("登录名"),
                                         widget=forms.TextInput(attrs={"placeholder": _("登录名"),
                                                                       "aria-label": _("登录名")}))
    kind = django_filters.ChoiceFilter(choices=SecurityEvent.Kind.choices, label=_("事件"), empty_label=_("全部事件"))
    place = django_filters.ModelChoiceFilter(queryset=places_offered, label=_("地区/单位"), empty_label=_("全部地区"),
                                             method="filter_place")
    request_id = django_filters.CharFilter(label=_("请求编号"),
                                           widget=forms.TextInput(attrs={"aria-label": _("请求编号"),
                                                                         "placeholder": _("请求编号")}))
    date_from = django_filters.DateFilter(label=_("日期从"), method="filter_from",
                                          widget=forms.DateInput(attrs={"type": "date", "aria-label": _("日期从")}))
    date_to = django_filters.DateFilter(label=_("至"), method="filter_to",
                                        widget=forms.DateInput(attrs={"type": "date", "aria-label": _("日期至")}))

    class Meta:
        model = SecurityEvent
        fields = ["username", "kind", "place", "request_id", "date_from", "date_to"]

    def filter_place(self, queryset, name, value):
        return queryset.filter(place_path__startswith=value.path) if value else queryset

    def filter_from(self, queryset, name, value):
        return queryset.filter(at__gte=day_range(value)[0])

    def filter_to(self, queryset, name, value):
        return queryset.filter(at__lt=day_range(value)[1])
