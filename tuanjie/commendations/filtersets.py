import django_filters
from django.utils.translation import gettext_lazy as _

from tuanjie.commendations.models import Campaign, Category, Nomination
from tuanjie.core.filters import YearFilter


class CampaignFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Campaign.Status.choices, label=_("状态"), empty_label=_("全部状态"))
    year = YearFilter(label=_("年度"))

    class Meta:
        model = Campaign
        fields = ["status", "year"]


class NominationFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Nomination.Status.choices, label=_("状态"),
                                         empty_label=_("全部状态"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("类别"), empty_label=_("全部类别"))

    class Meta:
        model = Nomination
        fields = ["status", "category"]
