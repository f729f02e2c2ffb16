from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.attachments.forms import MultipleFileField
from tuanjie.core.access import ADD, places_for
from tuanjie.places.models import Place
from tuanjie.titles.models import TitleApplication, TitleCall, TitleLevel, TitleQuota

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = TitleApplication
        fields = ["place", "title_level", "year", "deeds"]
        widgets = {"deeds": forms.Textarea(attrs={"rows": 6})}
        labels = {"place": _("申报主体（单位或地区）")}

    def __init__(self, *args, user, **kwargs):
        from tuanjie.titles.selectors import subjects_for

        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = subjects_for(user)
        self.fields["title_level"].help_text = _("示范单位由创建单位申报；示范村、示范乡镇、示范县由该地区本级的创建办申报")
        self.fields["title_level"].queryset = TitleLevel.objects.filter(is_active=True)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        else:
            for name in ("place", "title_level"):
                self.fields[name].disabled = True
        self.fields["materials"] = MultipleFileField(label=_("申报材料"), required=False,
                                                     help_text=_("申报表、事迹材料、照片等，可多选"))


class StepForm(forms.Form):
    reason = forms.CharField(label=_("意见/理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    named_on = forms.DateField(label=_("命名日期"), required=False, widget=DATE)
    validity_years = forms.IntegerField(label=_("有效期（年）"), required=False, min_value=1, max_value=20)
    subsidy = forms.DecimalField(label=_("奖补资金（万元）"), required=False, min_value=0, max_digits=10,
                                 decimal_places=2)
    document_no = forms.CharField(label=_("命名文号"), required=False, max_length=60)


class ReinspectForm(forms.Form):
    result = forms.ChoiceField(label=_("复检结论"), choices=[("passed", _("合格")), ("failed", _("不合格"))])
    inspected_on = forms.DateField(label=_("复检日期"), widget=DATE)
    findings = forms.CharField(label=_("复检意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    rectification_deadline = forms.DateField(label=_("整改期限"), required=False, widget=DATE,
                                             help_text=_("不合格时填写；不填按称号级别的默认整改期限"))


class QuotaForm(forms.ModelForm):
    class Meta:
        model = TitleQuota
        fields = ["place", "title_level", "year", "limit", "note"]
        labels = {"place": _("分配给（创建办）")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, TitleQuota, ADD).filter(kind=Place.Kind.AREA)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year


class TitleLevelForm(forms.ModelForm):
    class Meta:
        model = TitleLevel
        fields = ["name", "title_name", "order", "subject_level", "conferring_body", "validity_years",
                  "reinspection_years", "rectification_months", "reinspector_level", "default_subsidy",
                  "indicator_system", "application_threshold", "is_active"]


class BaseStepFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        from tuanjie.titles.models import TitleStep

        steps = [f.cleaned_data for f in self.forms
                 if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not steps:
            raise forms.ValidationError(_("请至少设置一个办理环节"))
        naming = [s for s in steps if s["kind"] == TitleStep.Kind.NAME]
        if len(naming) != 1:
            raise forms.ValidationError(_("须有且只有一个“命名授牌”环节"))
        if naming[0]["order"] != max(s["order"] for s in steps):
            raise forms.ValidationError(_("“命名授牌”须是最后一个环节"))
        orders = [s["order"] for s in steps]
        if len(orders) != len(set(orders)):
            raise forms.ValidationError(_("环节顺序不能重复"))


def step_formset(*args, **kwargs):
    from tuanjie.titles.models import TitleStep

    factory = forms.inlineformset_factory(TitleLevel, TitleStep, formset=BaseStepFormSet,
                                          fields=["order", "name", "kind", "office_level"], extra=1,
                                          can_delete=True)
    return factory(*args, **kwargs)


class CallForm(forms.ModelForm):
    """A call's text and, for the chosen title level, a window (start and end date) per step."""

    class Meta:
        model = TitleCall
        fields = ["place", "title_level", "year", "name", "document_no", "description"]
        labels = {"place": _("发布单位（创建办）")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, TitleCall, ADD).filter(kind=Place.Kind.AREA)
        self.fields["title_level"].queryset = TitleLevel.objects.filter(is_active=True)
        if self.instance.pk:
            for name in ("place", "title_level", "year"):
                self.fields[name].disabled = True
            level = self.instance.title_level
        else:
            self.fields["year"].initial = timezone.localdate().year
            level = self._level()
        existing = {w.step_id: w for w in self.instance.windows.all()} if self.instance.pk else {}
        self.window_steps = [None, *level.steps.all()] if level else [None]
        for step in self.window_steps:
            key = step.pk if step else "declare"
            window = existing.get(step.pk if step else None)
            label = step.name if step else _("申报（提交申报）")
            self.fields[f"w_{key}_opens"] = forms.DateField(
                label=_("%(s)s开始") % {"s": label}, required=False, widget=DATE,
                initial=window.opens_on if window else None)
            self.fields[f"w_{key}_closes"] = forms.DateField(
                label=_("%(s)s截止") % {"s": label}, required=False, widget=DATE,
                initial=window.closes_on if window else None)

    def _level(self):
        raw = self.data.get("title_level") if self.is_bound else self.initial.get("title_level")
        try:
            return TitleLevel.objects.get(pk=int(raw)) if raw else TitleLevel.objects.filter(is_active=True).first()
        except (TypeError, ValueError, TitleLevel.DoesNotExist):
            return None

    def windows(self) -> dict:
        data = self.cleaned_data
        return {step: (data.get(f"w_{step.pk if step else 'declare'}_opens"),
                       data.get(f"w_{step.pk if step else 'declare'}_closes")) for step in self.window_steps}


class ReopenForm(forms.Form):
    until = forms.DateField(label=_("重新开放至"), widget=DATE)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))
