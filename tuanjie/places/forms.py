from django import forms
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import ADD, places_for, within
from tuanjie.places.models import CreationField, Place, PlaceLevel


class PlaceForm(forms.ModelForm):
    parent = forms.ModelChoiceField(queryset=Place.objects.none(), label=_("上级"), required=True)

    class Meta:
        model = Place
        fields = ["kind", "name", "code", "level", "creation_field", "address", "phone", "description",
                  "active_from", "active_until"]
        widgets = {
            "active_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "active_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, initial_parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["level"].queryset = PlaceLevel.objects.all()
        self.fields["creation_field"].queryset = CreationField.objects.filter(is_active=True)
        if self.instance.pk:
            del self.fields["parent"]   # moving is its own action
        else:
            self.fields["parent"].queryset = places_for(user, Place, ADD).select_related("level")
            if initial_parent is not None:
                self.fields["parent"].initial = initial_parent.pk


class PlaceMoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(queryset=Place.objects.none(), label=_("移到"))

    def __init__(self, *args, user, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = (
            places_for(user, Place, ADD).exclude(within(place, "")).select_related("level")
        )


class PlaceImportForm(forms.Form):
    """One row of a place import: the same checks as manual entry, plus the parent named by its code."""

    code = forms.CharField(label=_("代码"), max_length=32)
    name = forms.CharField(label=_("名称"), max_length=100)
    parent_code = forms.CharField(label=_("上级代码"), required=False, max_length=32)
    type_name = forms.CharField(label=_("类型"), max_length=40)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_code(self):
        return str(self.cleaned_data["code"]).strip()

    def clean_parent_code(self):
        return str(self.cleaned_data.get("parent_code") or "").strip()

    def clean_type_name(self):
        value = self.cleaned_data["type_name"].strip()
        level = PlaceLevel.objects.filter(name=value).first()
        field = CreationField.objects.filter(name=value).first()
        if level is None and field is None:
            names = "、".join(list(PlaceLevel.objects.values_list("name", flat=True))[:8])
            raise forms.ValidationError(
                _("“%(v)s”不是已知的行政层级或创建领域（层级如：%(names)s；领域见“创建领域”设置）") % {"v": value, "names": names}
            )
        self.cleaned_data["level_obj"] = level
        self.cleaned_data["field_obj"] = field
        return value

    def clean(self):
        data = super().clean()
        code = data.get("code")
        if code and data.get("parent_code") == code:
            self.add_error("parent_code", _("上级代码不能与本行代码相同"))
        return data
