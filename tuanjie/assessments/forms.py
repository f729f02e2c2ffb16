from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from tuanjie.assessments.models import Campaign, IndicatorSystem
from tuanjie.core.access import ADD, path_q, places_for, reach
from tuanjie.core.roles import Role
from tuanjie.people.models import User
from tuanjie.places.models import CreationField, Place, PlaceLevel


class SystemImportForm(forms.Form):
    place = forms.ModelChoiceField(label=_l("制定单位（创建办）"), queryset=Place.objects.none())
    year = forms.IntegerField(label=_l("年度"), min_value=2000, max_value=2100)
    category = forms.ModelChoiceField(label=_l("适用类别"), queryset=CreationField.objects.filter(is_active=True),
                                      required=False, empty_label=_l("（测评地区时不选）"))
    subject_level = forms.ModelChoiceField(label=_l("适用地区层级"), queryset=PlaceLevel.objects.all(), required=False,
                                           empty_label=_l("（测评创建单位时不选）"),
                                           help_text=_l("市=示范州/市，县=示范县，乡=乡镇/街道，村=村/社区"))
    name = forms.CharField(label=_l("名称"), max_length=120)
    file = forms.FileField(label=_l("指标表（.xlsx）"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, IndicatorSystem, ADD).areas()
        self.fields["year"].initial = timezone.localdate().year


class CampaignForm(forms.Form):
    place = forms.ModelChoiceField(label=_l("组织单位（创建办）"), queryset=Place.objects.none())
    name = forms.CharField(label=_l("名称"), max_length=120)
    year = forms.IntegerField(label=_l("考核年度"), min_value=2000, max_value=2100)
    system = forms.ModelChoiceField(label=_l("指标体系"), queryset=IndicatorSystem.objects.none())
    subjects = forms.ModelMultipleChoiceField(
        label=_l("参评对象"), queryset=Place.objects.none(), widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_l("创建单位，或下级地区（测评地区须选适用该地区层级的指标体系）"))
    reviewers = forms.ModelMultipleChoiceField(label=_l("评审人员"), queryset=User.objects.none(), required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 5}))
    rule = forms.ChoiceField(label=_l("评审计分规则"), choices=Campaign.Rule.choices)
    excellent_from = forms.DecimalField(label=_l("优秀分数线"), initial=Decimal("90"), max_digits=5, decimal_places=1)
    good_from = forms.DecimalField(label=_l("良好分数线"), initial=Decimal("80"), max_digits=5, decimal_places=1)
    pass_from = forms.DecimalField(label=_l("合格分数线"), initial=Decimal("60"), max_digits=5, decimal_places=1)
    self_deadline = forms.DateField(label=_l("自评截止日期"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        places = places_for(user, Campaign, ADD)
        self.fields["place"].queryset = places.areas()
        self.fields["subjects"].queryset = places.select_related("level", "creation_field")
        from tuanjie.assessments.selectors import systems_for

        self.fields["system"].queryset = systems_for(user).select_related("category", "subject_level")
        q = path_q("assignments__place__path", reach(user, {Role.OFFICE}))
        self.fields["reviewers"].queryset = (User.objects.filter(q, assignments__role=Role.INSPECTOR,
                                                                 assignments__active=True).distinct())
        self.fields["year"].initial = timezone.localdate().year


class SystemTemplateForm(forms.Form):
    place = forms.ModelChoiceField(label=_l("制定单位（创建办）"), queryset=Place.objects.none())
    year = forms.IntegerField(label=_l("年度"), min_value=2000, max_value=2100)
    template = forms.ChoiceField(label=_l("模板"), help_text=_l("满分100分，含一票否决项和按台账自动计分的指标"))
    category = forms.ModelChoiceField(label=_l("适用类别（示范单位模板）"), required=False,
                                      queryset=CreationField.objects.filter(is_active=True),
                                      empty_label=_l("（全部创建单位）"))
    name = forms.CharField(label=_l("名称"), max_length=120, required=False, help_text=_l("不填则用模板名称"))

    def __init__(self, *args, user, **kwargs):
        from tuanjie.assessments.defaults import TEMPLATES

        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, IndicatorSystem, ADD).areas()
        self.fields["template"].choices = [(t.key, t.label) for t in TEMPLATES.values()]
        self.fields["year"].initial = timezone.localdate().year
