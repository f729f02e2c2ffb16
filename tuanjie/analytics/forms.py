from django import forms
from django.utils.translation import gettext_lazy as _

from tuanjie.analytics.models import CountableDefinition
from tuanjie.analytics.services import source_choices
from tuanjie.core.access import ADD, places_for, reach
from tuanjie.places.models import CreationField, Place


class CountableDefinitionForm(forms.ModelForm):
    source = forms.ChoiceField(label=_("统计什么"), choices=())

    class Meta:
        model = CountableDefinition
        fields = ["place", "name", "source", "creation_field"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].label = _("适用地区（含下级）")
        self.fields["place"].queryset = places_for(user, CountableDefinition, ADD).areas().select_related("level")
        self.fields["creation_field"].queryset = CreationField.objects.filter(is_active=True)
        # What the places the person works at may count (the service checks the chosen place's own list).
        tops = [self.instance.place] if self.instance.pk else list(
            Place.objects.filter(path__in=reach(user, CountableDefinition.access.roles_for(ADD))).order_by("path")[:20])
        listed: list[tuple[str, str]] = []
        for top in tops:
            listed += [choice for choice in source_choices(top) if choice not in listed]
        self.fields["source"].choices = [("", _("请选择"))] + listed
        if self.instance.pk:
            self.fields["place"].disabled = True
