import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.core.filters import YesNoFilter
from tuanjie.inspections.models import Rectification, Round
from tuanjie.inspections.selectors import OPEN_STATES


class RoundFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Round.Kind.choices, label=_("督查类型"), empty_label=_("全部类型"))
    state = django_filters.ChoiceFilter(choices=Round.State.choices, label=_("状态"), empty_label=_("全部状态"))

    class Meta:
        model = Round
        fields = ["kind", "state"]


class RectificationFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Rectification.State.choices, label=_("状态"),
                                        empty_label=_("全部状态"))
    overdue = YesNoFilter(label=_("只看超期"), method="filter_overdue")

    class Meta:
        model = Rectification
        fields = ["state", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(state__in=OPEN_STATES, deadline__lt=timezone.localdate())
        return queryset
