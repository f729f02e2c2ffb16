from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.attachments.forms import MultipleFileField
from tuanjie.core.access import ADD, places_for
from tuanjie.people.models import User
from tuanjie.places.models import Place
from tuanjie.registers.models import Briefing, CultivationEntry, EducationBase, GroupDecision, Liaison

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _PlacedForm(forms.ModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        places = places_for(user, self._meta.model, ADD).select_related("level")
        self.fields["place"].queryset = places
        home = getattr(user, "home_place", None)
        if not self.instance.pk and home is not None and places.filter(pk=home.pk).exists():
            self.initial.setdefault("place", home.pk)
        if "year" in self.fields and not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)


class BaseForm(_PlacedForm):
    class Meta:
        model = EducationBase
        fields = ["place", "name", "level", "named_by", "named_year", "document_no", "address", "description",
                  "is_active"]
        labels = {"place": _("所在地区/单位")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CultivationForm(_PlacedForm):
    class Meta:
        model = CultivationEntry
        fields = ["place", "year", "target", "title_level", "planned_funds", "progress", "progress_note"]
        labels = {"place": _("培育对象（单位或村、社区）")}
        widgets = {"target": forms.Textarea(attrs={"rows": 2}), "progress_note": forms.Textarea(attrs={"rows": 2}),
                   "planned_funds": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"})}


class LiaisonForm(_PlacedForm):
    class Meta:
        model = Liaison
        fields = ["place", "person", "post", "office_phone", "mobile", "email"]
        labels = {"place": _("单位")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Staff of the places the person may register for (the service checks the one chosen is the place's own).
        self.fields["person"].queryset = (User.objects.filter(
            is_active=True, assignments__active=True, assignments__place__in=self.fields["place"].queryset)
            .distinct().order_by("full_name"))


class BriefingForm(forms.ModelForm):
    items = forms.ModelMultipleChoiceField(label=_("刊发信息（已采用）"), queryset=None,
                                           widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Briefing
        fields = ["place", "title", "issued_on", "editor"]
        labels = {"place": _("编发地区")}
        widgets = {"issued_on": DATE}

    def __init__(self, *args, user, **kwargs):
        from tuanjie.information.models import InformationItem

        super().__init__(*args, **kwargs)
        places = places_for(user, Briefing, ADD).filter(kind=Place.Kind.AREA).select_related("level")
        self.fields["place"].queryset = places
        accepted = (InformationItem.Status.ACCEPTED, InformationItem.Status.FORWARDED,
                    InformationItem.Status.PUBLISHED)
        # The latest 200 accepted items in reach (and those already printed here): a short list, not the archive.
        recent = InformationItem.objects.restrict(user).filter(status__in=accepted).order_by("-accepted_at", "-id")
        ids = list(recent.values_list("pk", flat=True)[:200])
        if self.instance.pk:
            ids += list(self.instance.items.values_list("pk", flat=True))
        self.fields["items"].queryset = (InformationItem.objects.filter(pk__in=ids).select_related("place")
                                         .order_by("-accepted_at", "-id"))
        if self.instance.pk:
            self.fields["place"].disabled = True
            self.initial["items"] = [i.pk for i in self.instance.items.all()]
        else:
            self.initial.setdefault("issued_on", timezone.localdate())
            home = getattr(user, "home_place", None)
            if home is not None and places.filter(pk=home.pk).exists():
                self.initial.setdefault("place", home.pk)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = GroupDecision
        fields = ["group", "decided_on", "title", "document_no", "summary"]
        widgets = {"decided_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        from tuanjie.core.access import CHANGE
        from tuanjie.leadership.models import LeadingGroup

        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = LeadingGroup.objects.restrict(user, CHANGE).select_related("place")
        self.fields["files"] = MultipleFileField(label=_("会议纪要、决定文件（扫描件、PDF、Word）"), required=False)
        if not self.instance.pk:
            self.initial.setdefault("decided_on", timezone.localdate())
