from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext as _

from tuanjie.core.access import ADD, places_for
from tuanjie.leadership.models import LeadingGroup, Member, OfficeDuty


class LeadingGroupForm(forms.ModelForm):
    class Meta:
        model = LeadingGroup
        fields = ["place", "name", "document_no", "established_on", "office_location", "office_phone"]
        widgets = {"established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, LeadingGroup, ADD).select_related("level", "creation_field")

    def clean_place(self):
        place = self.cleaned_data["place"]
        if LeadingGroup.objects.filter(place=place).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("%(place)s已登记领导小组，请修改已有的领导小组") % {"place": place})
        return place


MemberFormSet = inlineformset_factory(
    LeadingGroup, Member, fields=["position", "name", "title", "order"], extra=2, can_delete=True)
DutyFormSet = inlineformset_factory(LeadingGroup, OfficeDuty, fields=["order", "text"], extra=1, can_delete=True,
                                    widgets={"text": forms.Textarea(attrs={"rows": 2})})
