import django_filters
from django.utils.translation import gettext_lazy as _

from tuanjie.places.models import CreationField, Place, PlaceLevel


class PlaceFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Place.Kind.choices, label=_("类型"), empty_label=_("全部类型"))
    level = django_filters.ModelChoiceFilter(queryset=PlaceLevel.objects.all(), label=_("层级"), empty_label=_("全部层级"))
    creation_field = django_filters.ModelChoiceFilter(
        queryset=CreationField.objects.all(), label=_("创建领域"), empty_label=_("全部领域"))

    class Meta:
        model = Place
        fields = ["kind", "level", "creation_field"]


class UnitFilterSet(PlaceFilterSet):
    class Meta(PlaceFilterSet.Meta):
        fields = ["creation_field"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("kind")
        self.filters.pop("level")
