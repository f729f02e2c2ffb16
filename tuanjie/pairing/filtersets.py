import django_filters
from django.utils.translation import gettext_lazy as _

from tuanjie.core.filters import YesNoFilter
from tuanjie.pairing.models import Contact, Need, Pair


class PairFilterSet(django_filters.FilterSet):
    current = YesNoFilter(label=_("仍在结对"), field_name="ended_on", lookup_expr="isnull")

    class Meta:
        model = Pair
        fields = ["current"]


class ContactFilterSet(django_filters.FilterSet):
    form = django_filters.ChoiceFilter(choices=Contact.Form.choices, label=_("联系方式"), empty_label=_("全部方式"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("起始日期"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("截止日期"))

    class Meta:
        model = Contact
        fields = ["form", "date_from", "date_to"]


class NeedFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Need.State.choices, label=_("办理状态"), empty_label=_("全部状态"))
    category = django_filters.ChoiceFilter(choices=Need.Category.choices, label=_("类别"), empty_label=_("全部类别"))

    class Meta:
        model = Need
        fields = ["state", "category"]
