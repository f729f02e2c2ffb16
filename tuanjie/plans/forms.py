from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from tuanjie.attachments.forms import MultipleFileField
from tuanjie.core.access import ADD, CHANGE, places_for, within
from tuanjie.places.models import Place
from tuanjie.plans.models import Plan, PlanPhase, PlanTask, ScheduledActivity, TaskProgress

DATE = {"type": "date"}


def _date(**attrs):
    return forms.DateInput(attrs={**DATE, **attrs}, format="%Y-%m-%d")


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["place", "kind", "year", "end_year", "programme", "title", "doc_number", "issued_on", "status",
                  *Plan.SECTIONS]
        widgets = {"issued_on": _date(), **{name: forms.Textarea(attrs={"rows": 4}) for name in Plan.SECTIONS}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, Plan, ADD).select_related("level", "creation_field")
        self.fields["programme"].queryset = (Plan.objects.restrict(user, CHANGE).filter(kind=Plan.Kind.MULTIYEAR)
                                             .select_related("place"))
        self.fields["kind"].required = False       # a plan is an annual one unless said otherwise

    def clean_kind(self):
        return self.cleaned_data.get("kind") or Plan.Kind.ANNUAL


class PhaseForm(forms.ModelForm):
    class Meta:
        model = PlanPhase
        fields = ["order", "name", "start", "end", "description"]
        widgets = {"start": _date(), "end": _date(), "description": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("结束日期不能早于开始日期"))
        return data


PhaseFormSet = inlineformset_factory(Plan, PlanPhase, form=PhaseForm, extra=1, can_delete=True)


class TaskForm(forms.ModelForm):
    class Meta:
        model = PlanTask
        fields = ["plan", "number", "title", "description", "phase", "lead_unit", "responsible", "partner_units",
                  "deadline", "target_quantity", "target_unit"]
        widgets = {"deadline": _date(), "description": forms.Textarea(attrs={"rows": 3}),
                   "partner_units": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        plans = Plan.objects.restrict(user, CHANGE).select_related("place")
        self.fields["plan"].queryset = plans
        self.fields["phase"].queryset = PlanPhase.objects.filter(plan__in=plans)
        units = places_for(user, PlanTask, ADD)
        self.fields["lead_unit"].queryset = units
        self.fields["partner_units"].queryset = units
        self.fields["number"].required = False
        # Staff of the units the person may assign (the service checks the one chosen belongs to the lead unit).
        from tuanjie.people.models import User

        self.fields["responsible"].queryset = (User.objects.filter(
            is_active=True, assignments__active=True, assignments__place__in=units).distinct()
            .select_related("home_place").order_by("full_name"))


class ProgressForm(forms.ModelForm):
    place = forms.ModelChoiceField(label=_("报送单位"), queryset=Place.objects.none(), required=False,
                                   empty_label=None)
    files = MultipleFileField(label=_("佐证材料（照片、文件）"))

    class Meta:
        model = TaskProgress
        fields = ["place", "status", "percent", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}),
                   "percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5})}

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(pk__in=[p.pk for p in places])
        if len(places) <= 1:
            self.fields["place"].widget = forms.HiddenInput()


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ScheduledActivity
        fields = ["plan", "title", "start", "end", "organiser", "task", "location", "description"]
        widgets = {"start": _date(), "end": _date(), "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        plans = Plan.objects.restrict(user, CHANGE)
        self.fields["plan"].queryset = plans.select_related("place")
        self.fields["task"].queryset = PlanTask.objects.filter(plan__in=plans)
        self.fields["organiser"].queryset = places_for(user, ScheduledActivity, ADD)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("结束日期不能早于开始日期"))
        return data


class DeriveForm(forms.Form):
    place = forms.ModelChoiceField(label=_("下级地区或单位"), queryset=Place.objects.none())
    title = forms.CharField(label=_("标题"), max_length=200, required=False,
                            help_text=_("不填则自动生成，如：城关镇2026年民族团结进步创建工作实施方案"))

    def __init__(self, *args, user, source: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        taken = Plan.objects.filter(year=source.year, kind=Plan.Kind.ANNUAL).values("place")
        self.fields["place"].queryset = (places_for(user, Plan, ADD)
                                         .filter(within(source.place, ""))
                                         .exclude(pk=source.place_id).exclude(pk__in=taken))
