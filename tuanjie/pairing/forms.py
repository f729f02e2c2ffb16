from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.attachments.forms import MultipleFileField
from tuanjie.core.access import ADD, CHANGE, VIEW, places_for
from tuanjie.pairing.models import (
    Contact,
    Festival,
    GroupSummary,
    Household,
    Need,
    Pair,
    PairingGroup,
    Programme,
    programme_staff_paths,
)
from tuanjie.pairing.selectors import last_contacted_pair_id, my_pairs
from tuanjie.people.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def editable_programmes(user):
    """Programmes where the user is the office or leads a group."""
    qs = Programme.objects.select_related("place")
    if user.is_superuser:
        return qs
    return qs.filter(Q(place__path__in=programme_staff_paths(user)) | Q(groups__leader=user)).distinct()


def editable_groups(user):
    qs = PairingGroup.objects.select_related("programme__place")
    if user.is_superuser:
        return qs
    return qs.filter(Q(programme__place__path__in=programme_staff_paths(user)) | Q(leader=user))


def people_choices(user):
    return User.objects.restrict(user, VIEW).filter(is_active=True).order_by("full_name")


class UserLabelMixin:
    @staticmethod
    def person_label(u):
        return f"{u.full_name or u.username}（{u.username}）"


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["place", "name", "started_on", "ended_on", "households_per_cadre", "contacts_per_month",
                  "overdue_days", "reminder_day"]
        widgets = {"started_on": DATE, "ended_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, Programme, ADD).units()
        self.fields["place"].label = _("开展活动的单位")


class GroupForm(UserLabelMixin, forms.ModelForm):
    class Meta:
        model = PairingGroup
        fields = ["programme", "name", "leader"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.restrict(user, CHANGE).select_related("place")
        self.fields["leader"].queryset = people_choices(user)
        self.fields["leader"].label_from_instance = self.person_label


class HouseholdForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["programme", "name", "phone", "address", "size", "consent_on", "consent_method"]
        widgets = {"consent_on": DATE}
        help_texts = {"consent_on": _("该户同意被登记的日期；未经同意不得登记")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = editable_programmes(user)
        if self.instance.pk:
            self.fields["programme"].disabled = True


class PairForm(UserLabelMixin, forms.Form):
    group = forms.ModelChoiceField(label=_("结对分组"), queryset=PairingGroup.objects.none())
    cadre = forms.ModelChoiceField(label=_("结对干部"), queryset=User.objects.none())
    households = forms.ModelMultipleChoiceField(
        label=_("结对户"), queryset=Household.objects.none(),
        help_text=_("可选多户（一对多）；同一户也可与多名干部结对（多对一）"))
    paired_on = forms.DateField(label=_("结对日期"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, user, **kwargs):
        kwargs.pop("instance", None)
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = editable_groups(user)
        self.fields["cadre"].queryset = people_choices(user)
        self.fields["cadre"].label_from_instance = self.person_label
        self.fields["households"].queryset = Household.objects.restrict(user, CHANGE).filter(
            programme__in=editable_programmes(user))
        self.fields["households"].label_from_instance = lambda h: f"{h.name}（{h.address}）"


class NeedRowForm(forms.Form):
    """One need raised during a visit (the household and the date are the visit's)."""

    category = forms.ChoiceField(label=_("诉求类别"), choices=[("", "---------"), *Need.Category.choices],
                                 error_messages={"required": _("请选择诉求类别（不登记这项诉求时请删除此项）")})
    description = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 2}),
                                  error_messages={"required": _("请填写诉求内容（不登记这项诉求时请删除此项）")})


NeedRowFormSet = forms.formset_factory(NeedRowForm, extra=0)
NEEDS_PREFIX = "needs"


class ContactForm(forms.ModelForm):
    """The one-minute form: the household chosen once (the one last visited pre-selected), today's date, a visit by
    default, and on recording any needs raised during the visit (`self.needs`, zero or more rows)."""

    class Meta:
        model = Contact
        fields = ["pair", "date", "form", "topic", "deeds", "cost"]
        widgets = {"date": DATE, "form": forms.RadioSelect,
                   "topic": forms.Textarea(attrs={"rows": 2}), "deeds": forms.Textarea(attrs={"rows": 2}),
                   "cost": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"})}
        error_messages = {"pair": {"required": _("请选择结对户")}, "topic": {"required": _("请填写交流内容")}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = my_pairs(user)
        pairs = own if own.exists() else Pair.objects.restrict(user, CHANGE).filter(
            household__isnull=False, ended_on__isnull=True).select_related("household")
        self.fields["pair"].queryset = pairs
        self.fields["pair"].label_from_instance = lambda p: f"{p.household.name}（{p.household.address}）"
        self.fields["pair"].label = _("结对户")
        if not self.is_bound and not self.instance.pk and not self.initial.get("pair"):
            self.initial["pair"] = last_contacted_pair_id(pairs) or (pairs.first().pk if pairs.count() == 1 else None)
        self.needs, self._needs_posted = None, False
        self.fields["photos"] = MultipleFileField(
            label=_("照片"), required=False, resumable=True,
            help_text=_("可拍照或选多张；照片在手机上先压缩再上传，只有能看到这条记录的人能看到"))
        if not self.instance.pk:
            # A post without the rows' management form (an older page, a script) simply raises no needs.
            self._needs_posted = self.is_bound and f"{NEEDS_PREFIX}-TOTAL_FORMS" in self.data
            self.needs = NeedRowFormSet(self.data if self._needs_posted else None, prefix=NEEDS_PREFIX)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self._needs_posted:
            valid = self.needs.is_valid() and valid
        return valid

    def need_rows(self) -> list[dict]:
        if not self._needs_posted:
            return []
        return [{"category": f.cleaned_data["category"], "description": f.cleaned_data["description"]}
                for f in self.needs.forms if f.cleaned_data]


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["pair", "category", "description", "raised_on"]
        widgets = {"raised_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = my_pairs(user)
        pairs = own if own.exists() else Pair.objects.restrict(user, CHANGE).filter(
            household__isnull=False).select_related("household")
        self.fields["pair"].queryset = pairs
        self.fields["pair"].label_from_instance = lambda p: f"{p.household.name}（{p.household.address}）"
        self.fields["pair"].label = _("结对户")
        if not self.is_bound and pairs.count() == 1:
            self.initial["pair"] = pairs.first().pk


class NeedStepForm(forms.Form):
    note = forms.CharField(label=_("办理结果或情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class GroupSummaryForm(forms.ModelForm):
    month = forms.DateField(label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            input_formats=["%Y-%m", "%Y-%m-%d"])

    class Meta:
        model = GroupSummary
        fields = ["group", "month", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = editable_groups(user)


class FestivalForm(forms.ModelForm):
    class Meta:
        model = Festival
        fields = ["place", "name", "date", "remind_days_before"]
        widgets = {"date": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, Festival, ADD)
