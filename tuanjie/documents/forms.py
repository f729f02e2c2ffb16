from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from tuanjie.attachments.forms import MultipleFileField
from tuanjie.core.access import ADD, VIEW, places_for, within
from tuanjie.documents.models import DocumentKind, DocumentTemplate, KeyResult
from tuanjie.inspections.models import Round

GENERATABLE = [DocumentKind.PROGRESS, DocumentKind.ANNUAL, DocumentKind.MONTHLY, DocumentKind.PLAN,
               DocumentKind.INSPECTION_NOTICE]


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("文稿类型"), choices=[(k.value, k.label) for k in GENERATABLE])
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label=_("月份"), coerce=int, required=False,
                                   choices=[("", "—")] + [(m, f"{m}月") for m in range(1, 13)],
                                   help_text=_("月报表为该月；进展情况汇报为1月至该月"))
    round = forms.TypedChoiceField(label=_("督查轮次"), coerce=int, required=False, empty_value=None,
                                   help_text=_("仅督查通报需要选择"))
    issued_on = forms.DateField(label=_("成文日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                help_text=_("不填则为所选期间的最后一天（如1—6月的汇报为6月30日）"))

    def __init__(self, *args, user, place, **kwargs):
        super().__init__(*args, **kwargs)
        today = date.today()
        self.fields["year"].initial = today.year
        self.fields["month"].initial = today.month
        rounds = (Round.objects.restrict(user, VIEW).filter(within(place))
                  .order_by("-start_date")[:50]) if place is not None else []
        self.fields["round"].choices = [("", "—")] + [
            (r.pk, f"{r.start_date.year}年{r.start_date.month}月{r.start_date.day}日 {r.title}") for r in rounds]


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["place", "kind", "title", "issuer", "doc_number_pattern", "opening", "closing"]
        widgets = {"opening": forms.Textarea(attrs={"rows": 4}), "closing": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, DocumentTemplate, ADD).areas().select_related("level")


class KeyResultForm(forms.ModelForm):
    class Meta:
        model = KeyResult
        fields = ["place", "name", "value", "unit", "achieved_on", "note"]
        widgets = {"achieved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "value": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        places = places_for(user, KeyResult, ADD).areas().select_related("level")
        self.fields["place"].queryset = places
        home = getattr(user, "home_place", None)
        if not self.instance.pk and home is not None and places.filter(pk=home.pk).exists():
            self.initial.setdefault("place", home.pk)
        self.fields["files"] = MultipleFileField(label=_("佐证材料"), required=False,
                                                 help_text=_("验收文件、批复、照片等"))

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("files", None)
        return data
