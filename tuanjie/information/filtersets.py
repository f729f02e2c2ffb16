import django_filters
from django.utils.translation import gettext_lazy as _

from tuanjie.information.models import InformationItem


class ItemFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=InformationItem.Status.choices, label=_("状态"),
                                         empty_label=_("全部状态"))
    kind = django_filters.ChoiceFilter(choices=InformationItem.Kind.choices, label=_("类别"),
                                       empty_label=_("全部类别"))

    class Meta:
        model = InformationItem
        fields = ["status", "kind"]
