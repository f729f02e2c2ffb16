from django import forms
from django.utils.translation import gettext_lazy as _

from tuanjie.core import countables
from tuanjie.core.access import ADD, places_for, reach
from tuanjie.places.models import CreationField, Place
from tuanjie.quotas.models import Per, QuotaRule


class QuotaRuleForm(forms.ModelForm):
    countable = forms.ChoiceField(label=_("计数项目"), choices=())

    class Meta:
        model = QuotaRule
        fields = ["place", "name", "year", "countable", "minimum", "period", "per", "creation_fields", "basis",
                  "is_active"]
        widgets = {"creation_fields": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, QuotaRule, ADD).areas().select_related("level")
        # The offices' own kinds and countables where the person sets rules; the model checks the rule's place.
        listed = countables.choices(None)
        tops = Place.objects.filter(path__in=reach(user, QuotaRule.access.roles_for(ADD))).order_by("path")
        for top in tops[:20]:
            listed += [choice for choice in countables.choices(top) if choice not in listed]
        if self.instance.pk and self.instance.countable not in {key for key, _label in listed}:
            listed.append((self.instance.countable, self.instance.countable_label))
        self.fields["countable"].choices = [("", "---------")] + listed
        self.fields["creation_fields"].queryset = CreationField.objects.filter(is_active=True)
        self.fields["per"].required = False        # left out (older pages, scripts): per unit, as before

    def clean_per(self):
        return self.cleaned_data.get("per") or Per.UNIT


class ComplianceFilterForm(forms.Form):
    """Narrow the compliance table: by creation field, by township (an area just below the rule's place), or
    only the units behind."""

    field = forms.ModelChoiceField(label=_("创建领域"), queryset=CreationField.objects.none(), required=False,
                                   empty_label=_("全部领域"))
    area = forms.ModelChoiceField(label=_("乡镇/片区"), queryset=Place.objects.none(), required=False,
                                  empty_label=_("全部"))
    behind = forms.BooleanField(label=_("只看未达标"), required=False)

    def __init__(self, *args, rule: QuotaRule, **kwargs):
        super().__init__(*args, **kwargs)
        fields = rule.creation_fields.all()
        self.fields["field"].queryset = fields if fields else CreationField.objects.filter(is_active=True)
        self.fields["area"].queryset = Place.objects.subtree(rule.place).filter(depth=rule.place.depth + 1,
                                                                                 kind=Place.Kind.AREA)
