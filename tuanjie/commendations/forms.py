from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.commendations.models import Campaign, Category, Nomination
from tuanjie.core.access import ADD, places_for, within
from tuanjie.places.models import Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["place", "name", "year", "description", "nomination_deadline", "quota_collective",
                  "quota_individual", "quota_family", "recommend_level"]
        labels = {"place": _("组织单位（创建办）")}
        widgets = {"nomination_deadline": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, Campaign, ADD).filter(kind=Place.Kind.AREA)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        else:
            self.fields["place"].disabled = True


class NominationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("推荐单位"), queryset=Place.objects.none())
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    nominee_name = forms.CharField(label=_("推荐对象名称"), max_length=100,
                                   help_text=_("集体填单位或集体名称，个人填姓名，家庭填“某某家庭”。不填写其他个人信息。"))
    summary = forms.CharField(label=_("事迹摘要（公示时公开）"), max_length=300,
                              widget=forms.Textarea(attrs={"rows": 2}))
    deeds = forms.CharField(label=_("事迹材料"), widget=forms.Textarea(attrs={"rows": 10}),
                            help_text=_("可用简单格式：<p>段落</p>、<strong>加粗</strong>、<ul><li>列表</li></ul>"))

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = places_for(user, Nomination, ADD).units().filter(within(campaign.place, ""))
        self.fields["category"].choices = [(v, label) for v, label in Category.choices if campaign.quota_for(v)]
        from tuanjie.attachments.forms import MultipleFileField

        self.fields["files"] = MultipleFileField(label=_("事迹材料附件（推荐表扫描件、照片等）"), required=False)


class NoticeForm(forms.Form):
    notice_start = forms.DateField(label=_("公示开始"), widget=DATE)
    notice_end = forms.DateField(label=_("公示结束"), widget=DATE)
    notice_text = forms.CharField(label=_("公示说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    decision_no = forms.CharField(label=_("表彰决定文号"), max_length=60)
    decided_on = forms.DateField(label=_("表彰日期"), required=False, widget=DATE)


class RecommendationQuotaForm(forms.Form):
    office = forms.ModelChoiceField(label=_("创建办"), queryset=Place.objects.none())
    category = forms.ChoiceField(label=_("类别"))
    limit = forms.IntegerField(label=_("推荐名额"), min_value=0, max_value=999)

    def __init__(self, *args, campaign, **kwargs):
        from tuanjie.commendations.models import Category

        super().__init__(*args, **kwargs)
        level = campaign.recommend_level
        self.fields["office"].queryset = (Place.objects.subtree(campaign.place).filter(kind=Place.Kind.AREA,
                                                                                     level__rank=level.rank)
                                          if level else Place.objects.none())
        self.fields["category"].choices = [(v, label) for v, label in Category.choices if campaign.quota_for(v)]
