import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from tuanjie.activities.models import Activity, ActivityKind
from tuanjie.core.access import READERS, reach
from tuanjie.places.models import CreationField, Place


def area_choices(request):
    """Areas a person may narrow the list to: their top places and two levels below (county → township → village
    is enough to pick a township without loading a province's 600,000 villages)."""
    if request is None or not request.user.is_authenticated:
        return Place.objects.none()
    qs = Place.objects.restrict(request.user).areas()
    if request.user.is_superuser:
        return qs.filter(depth__lte=4)
    tops = reach(request.user, READERS)
    top_depth = min((len(p) // Place.steplen for p in tops), default=1)
    return qs.filter(depth__lte=top_depth + 1)


class ActivityFilterSet(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label=_("开始日期从"),
                                          widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("至"),
                                        widget=forms.DateInput(attrs={"type": "date"}))
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label=_("活动类型"), empty_label=_("全部类型"))
    creation_field = django_filters.ModelChoiceFilter(queryset=CreationField.objects.all(), label=_("创建领域"),
                                                      empty_label=_("全部领域"))
    within = django_filters.ModelChoiceFilter(field_name="place", queryset=area_choices, label=_("乡镇/地区"),
                                              empty_label=_("全部地区"),
                                              method="filter_within")
    unit = django_filters.NumberFilter(field_name="place", label=_("单位编号"), widget=forms.HiddenInput)
    plan_task = django_filters.NumberFilter(field_name="plan_task", label=_("重点任务编号"), widget=forms.HiddenInput)

    class Meta:
        model = Activity
        fields = ["date_from", "date_to", "kind", "creation_field", "within", "unit", "plan_task"]

    def filter_within(self, queryset, name, value):
        return queryset.filter(place__path__startswith=value.path) if value else queryset
