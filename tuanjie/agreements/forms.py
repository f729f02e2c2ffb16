from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.agreements.models import DEFAULT_INCLUSIONS, Agreement, AgreementTarget, InclusionChecklist, InclusionItem
from tuanjie.attachments.forms import MultipleFileField
from tuanjie.core import countables
from tuanjie.core.access import ADD, CHANGE, places_for
from tuanjie.people.models import User
from tuanjie.places.models import Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def issuer_choices(user):
    """The areas whose office the person is (or is above): the 甲方 they may issue for."""
    return places_for(user, InclusionChecklist, ADD).filter(kind=Place.Kind.AREA).select_related("level")


def _staff_choices(places):
    return (User.objects.filter(is_active=True, assignments__active=True, assignments__place__in=places)
            .distinct().order_by("full_name"))


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["issuer", "place", "year", "title", "issuer_post", "party_post", "preamble"]
        labels = {"place": _("乙方（下级地区或单位）")}
        widgets = {"preamble": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuer_choices(user)
        self.fields["place"].queryset = places_for(user, Agreement, ADD).select_related("level")
        home = getattr(user, "home_place", None)
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
            if home is not None and self.fields["issuer"].queryset.filter(pk=home.pk).exists():
                self.initial.setdefault("issuer", home.pk)


class TemplateForm(forms.Form):
    """One agreement per chosen party, from the same targets (下达目标责任书)."""

    issuer = forms.ModelChoiceField(label=_("下达单位（甲方）"), queryset=Place.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    parties = forms.ModelMultipleChoiceField(label=_("乙方（可多选）"), queryset=Place.objects.none(),
                                             widget=forms.SelectMultiple(attrs={"size": 10}))
    title = forms.CharField(label=_("标题"), max_length=200, help_text=_("{place} 替换为乙方名称"))
    issuer_post = forms.CharField(label=_("甲方签订岗位"), max_length=60, initial="县民族团结进步创建工作领导小组组长")
    party_post = forms.CharField(label=_("乙方签订岗位"), max_length=60, initial="主要负责人")
    preamble = forms.CharField(label=_("责任书说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    quota_rules = forms.ModelMultipleChoiceField(label=_("列入的规定动作"), required=False, queryset=None,
                                                 help_text=_("只列入考核该乙方的规定动作"))
    include_tasks = forms.BooleanField(label=_("列入乙方牵头的实施方案重点任务"), required=False, initial=True)
    written = forms.CharField(label=_("文字目标（每行一条）"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              initial="成立创建工作领导小组，明确专人负责\n年内至少召开2次创建工作专题会议")
    issue = forms.BooleanField(label=_("生成后直接下达"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        from tuanjie.quotas.models import QuotaRule

        super().__init__(*args, **kwargs)
        issuers = issuer_choices(user)
        self.fields["issuer"].queryset = issuers
        self.fields["parties"].queryset = places_for(user, Agreement, ADD).select_related("level")
        self.fields["quota_rules"].queryset = QuotaRule.objects.restrict(user).filter(place__in=issuers, is_active=True)
        year = timezone.localdate().year
        self.initial.setdefault("year", year)
        self.initial.setdefault("title", "{place}%d年民族团结进步创建工作目标责任书" % year)
        home = getattr(user, "home_place", None)
        if home is not None and issuers.filter(pk=home.pk).exists():
            self.initial.setdefault("issuer", home.pk)

    def clean(self):
        data = super().clean()
        issuer, parties = data.get("issuer"), data.get("parties") or []
        if issuer is not None:
            outside = [p.name for p in parties if not p.path.startswith(issuer.path) or p.pk == issuer.pk]
            if outside:
                self.add_error("parties", _("不在%(i)s下级的乙方：%(p)s") % {"i": issuer, "p": "、".join(outside)})
        data["written_lines"] = [line for line in (data.get("written") or "").splitlines() if line.strip()]
        return data


class TargetForm(forms.ModelForm):
    countable = forms.ChoiceField(label=_("计数项目"), required=False)

    class Meta:
        model = AgreementTarget
        fields = ["agreement", "number", "kind", "text", "quota_rule", "plan_task", "countable", "quantity",
                  "responsible"]
        help_texts = {"text": _("规定动作、重点任务和台账数量可不填，按所选项目自动生成")}

    def __init__(self, *args, user, **kwargs):
        from tuanjie.plans.models import PlanTask
        from tuanjie.quotas.models import QuotaRule

        super().__init__(*args, **kwargs)
        agreements = Agreement.objects.restrict(user, CHANGE).select_related("place")
        self.fields["agreement"].queryset = agreements
        self.fields["number"].required = False
        self.fields["text"].required = False
        self.fields["quota_rule"].queryset = QuotaRule.objects.restrict(user).filter(is_active=True)
        self.fields["plan_task"].queryset = PlanTask.objects.restrict(user).select_related("plan")
        self.fields["countable"].choices = [("", "请选择…"), *countables.choices()]
        self.fields["responsible"].queryset = _staff_choices(places_for(user, Agreement, ADD))


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("签订日期"), widget=DATE, required=False)
    files = MultipleFileField(label=_("签订后的责任书扫描件或照片"), required=False)


class ScanForm(forms.Form):
    files = MultipleFileField(label=_("签订后的责任书扫描件或照片"))


class AssignForm(forms.Form):
    responsible = forms.ModelChoiceField(label=_("责任人"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _staff_choices([party])


class ChecklistForm(forms.ModelForm):
    names = forms.CharField(label=_("纳入事项（每行一项）"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
                            initial="\n".join(DEFAULT_INCLUSIONS), help_text=_("默认为“五个纳入”，可按本地要求增删"))

    class Meta:
        model = InclusionChecklist
        fields = ["place", "year"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, InclusionChecklist, ADD).select_related("level")
        if self.instance.pk:
            del self.fields["names"]
        else:
            self.initial.setdefault("year", timezone.localdate().year)
            home = getattr(user, "home_place", None)
            if home is not None and self.fields["place"].queryset.filter(pk=home.pk).exists():
                self.initial.setdefault("place", home.pk)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if "names" in data:
            data["names"] = [n for n in data["names"].splitlines() if n.strip()] or None
        return data


class ChecklistBatchForm(forms.Form):
    parent = forms.ModelChoiceField(label=_("为下列地区的下级地区建立清单"), queryset=Place.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    names = forms.CharField(label=_("纳入事项（每行一项）"), widget=forms.Textarea(attrs={"rows": 5}),
                            initial="\n".join(DEFAULT_INCLUSIONS))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = issuer_choices(user)
        self.initial.setdefault("year", timezone.localdate().year)


class ItemForm(forms.ModelForm):
    files = MultipleFileField(label=_("佐证文件（扫描件、PDF、Word）"), required=False)

    class Meta:
        model = InclusionItem
        fields = ["name", "order", "document_title", "document_no", "document_date", "note"]
        widgets = {"document_date": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
