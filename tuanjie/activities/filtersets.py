import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from tuanjie.activities.models import Activity
from tuanjie.activities.selectors import kinds_in_reach
from tuanjie.core.access import within
from tuanjie.core.filters import IdFilter
from tuanjie.core.focus import focus_place
from tuanjie.places.models import CreationField, Place


def areas_within_reach(request):
    """Every area the person may narrow the list to (what the filter accepts, from the page or the API)."""
    if request is None or not request.user.is_authenticated:
        return Place.objects.none()
    return Place.objects.restrict(request.user).areas()


def area_choices(request):
    """The areas the page's select offers: the focused place (the place switcher) and the areas one level below
    it. The select is rendered with every choice on every page view, so a province must not offer its 1,400
    townships: an admin switches to a county to pick one of its townships, as a county office does."""
    place = focus_place(request) if request is not None and request.user.is_authenticated else None
    if place is None:
        return Place.objects.none()
    return areas_within_reach(request).filter(within(place, ""), depth__lte=place.depth + 1)


class ActivityFilterSet(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label=_("开始日期从"),
                                          widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("至"),
                                        widget=forms.DateInput(attrs={"type": "date"}))
    kind = django_filters.ChoiceFilter(choices=(), label=_("活动类型"), empty_label=_("全部类型"))
    creation_field = django_filters.ModelChoiceFilter(queryset=CreationField.objects.all(), label=_("创建领域"),
                                                      empty_label=_("全部领域"))
    within = django_filters.ModelChoiceFilter(field_name="place", queryset=areas_within_reach, label=_("乡镇/地区"),
                                              empty_label=_("全部地区"),
                                              method="filter_within")
    unit = IdFilter(field_name="place", label=_("单位编号"), widget=forms.HiddenInput)
    plan_task = IdFilter(field_name="plan_task", label=_("重点任务编号"), widget=forms.HiddenInput)

    class Meta:
        model = Activity
        fields = ["date_from", "date_to", "kind", "creation_field", "within", "unit", "plan_task"]

    @property
    def form(self):
        form = super().form
        kind = form.fields.get("kind")
        if kind is not None and not getattr(form, "_kinds_offered", False):
            # The defaults and the kinds of the offices of every place in the person's reach (archived ones too:
            # their past records are still listed).
            kind.choices = [("", kind.empty_label)] + kinds_in_reach(getattr(self.request, "user", None))
            form._kinds_offered = True
        field = form.fields.get("within")
        if field is not None and not getattr(form, "_areas_offered", False):
            # Offer a short list on the page while accepting any area in reach (links and the API name townships).
            offered = list(area_choices(self.request))
            chosen = self.data.get("within") if self.data else None
            if chosen and str(chosen).isdigit() and all(str(p.pk) != str(chosen) for p in offered):
                offered += list(areas_within_reach(self.request).filter(pk=chosen))
            field.widget.choices = [("", field.empty_label)] + [(p.pk, str(p)) for p in offered]
            form._areas_offered = True
        return form

    def filter_within(self, queryset, name, value):
        return queryset.filter(within(value)) if value else queryset
