import django_filters
from django.utils.translation import gettext_lazy as _

from tuanjie.core.filters import YearFilter, YesNoFilter
from tuanjie.quotas.models import Period, QuotaRule


class QuotaRuleFilterSet(django_filters.FilterSet):
    year = YearFilter(label=_("年度"))
    period = django_filters.ChoiceFilter(choices=Period.choices, label=_("周期"), empty_label=_("全部周期"))
    is_active = YesNoFilter(label=_("启用"))

    class Meta:
        model = QuotaRule
        fields = ["year", "period", "is_active"]
