import django_filters
from django.utils.translation import gettext_lazy as _

from tuanjie.core.filters import YearFilter
from tuanjie.titles.models import DemonstrationTitle, TitleApplication, TitleLevel


class ApplicationFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TitleApplication.Status.choices, label=_("状态"),
                                         empty_label=_("全部状态"))
    title_level = django_filters.ModelChoiceFilter(queryset=TitleLevel.objects.all(), label=_("称号级别"),
                                                   empty_label=_("全部级别"))
    year = YearFilter(label=_("年度"))

    class Meta:
        model = TitleApplication
        fields = ["status", "title_level", "year"]


class TitleFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DemonstrationTitle.Status.choices, label=_("状态"),
                                         empty_label=_("全部状态"))
    title_level = django_filters.ModelChoiceFilter(queryset=TitleLevel.objects.all(), label=_("称号级别"),
                                                   empty_label=_("全部级别"))

    class Meta:
        model = DemonstrationTitle
        fields = ["status", "title_level"]
