import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from tuanjie.core.filters import YearFilter, YesNoFilter
from tuanjie.funds.models import Allocation, Expenditure, FundNeed, FundSource


class AllocationFilterSet(django_filters.FilterSet):
    year = YearFilter(label=_("年度"), widget=forms.NumberInput(attrs={"placeholder": _("年度")}))
    source = django_filters.ChoiceFilter(choices=FundSource.choices, label=_("资金来源"), empty_label=_("全部来源"))
    for_site = YesNoFilter(label=_("示范点补助"))

    class Meta:
        model = Allocation
        fields = ["year", "source", "for_site"]


class NeedFilterSet(django_filters.FilterSet):
    year = YearFilter(label=_("年度"), widget=forms.NumberInput(attrs={"placeholder": _("年度")}))

    class Meta:
        model = FundNeed
        fields = ["year"]


class ExpenditureFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="spent_on", lookup_expr="year", label=_("年度"),
                                       widget=forms.NumberInput(attrs={"placeholder": _("年度")}))
    source = django_filters.ChoiceFilter(choices=FundSource.choices, label=_("资金来源"), empty_label=_("全部来源"))

    class Meta:
        model = Expenditure
        fields = ["year", "source"]
