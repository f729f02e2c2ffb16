from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.attachments.forms import MultipleFileField
from tuanjie.core.access import ADD, places_for
from tuanjie.places.models import Place
from tuanjie.titles.models import TitleApplication, TitleLevel, TitleQuota

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = TitleApplication
        fields = ["place", "title_level", "year", "deeds"]
        widgets = {"deeds": forms.Textarea(attrs={"rows": 6})}
        labels = {"place": _("申报单位")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, TitleApplication, ADD).units()
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
        fields = ["name", "title_name", "order", "validity_years", "reinspection_years", "rectification_months",
                  "reinspector_level", "default_subsidy", "is_active"]


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
