import django_filters
from django.utils.translation import gettext_lazy as _

from tuanjie.core.filters import YearFilter
from tuanjie.plans.models import Plan, PlanTask


class PlanFilterSet(django_filters.FilterSet):
    year = YearFilter(label=_("年度"))
    status = django_filters.ChoiceFilter(choices=Plan.Status.choices, label=_("状态"), empty_label=_("全部状态"))

    class Meta:
        model = Plan
        fields = ["year", "status"]


class TaskFilterSet(django_filters.FilterSet):
    plan__year = YearFilter(label=_("年度"))
    status = django_filters.ChoiceFilter(choices=PlanTask.Status.choices, label=_("进展状态"),
                                         empty_label=_("全部状态"))

    class Meta:
        model = PlanTask
        fields = ["plan__year", "status"]

    overdue = django_filters.ChoiceFilter(choices=[("1", _("已逾期"))], label=_("逾期"), empty_label=_("逾期与否"),
                                          method="filter_overdue")

    def filter_overdue(self, queryset, name, value):
        from tuanjie.plans.selectors import overdue

        return overdue(queryset) if value == "1" else queryset
