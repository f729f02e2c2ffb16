from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.attachments.forms import MultipleFileField
from tuanjie.core.access import ADD, places_for
from tuanjie.inspections.models import Finding, Round, Talk
from tuanjie.places.models import Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.Form):
    place = forms.ModelChoiceField(label=_l("组织单位（创建办）"), queryset=Place.objects.none())
    kind = forms.ChoiceField(label=_l("督查类型"), choices=Round.Kind.choices)
    title = forms.CharField(label=_l("名称"), max_length=120)
    start_date = forms.DateField(label=_l("开始日期"), widget=DATE)
    end_date = forms.DateField(label=_l("结束日期"), widget=DATE)
    purpose = forms.CharField(label=_l("督查内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    units = forms.ModelMultipleChoiceField(label=_l("督查范围（单位）"), queryset=Place.objects.none(),
                                           widget=forms.SelectMultiple(attrs={"size": 10}))
    team = forms.CharField(label=_l("督查组成员"), widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_l("每行一人：姓名 单位职务；组长写在第一行"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, Round, ADD).areas()
        self.fields["units"].queryset = places_for(user, Round, ADD).units()

    def clean_team(self):
        members = []
        for line in self.cleaned_data["team"].splitlines():
            parts = line.strip().split(None, 1)
            if not parts:
                continue
            members.append({"name": parts[0][:50], "title": (parts[1] if len(parts) > 1 else "")[:100],
                            "is_leader": not members})
        if not members:
            raise forms.ValidationError(_("请至少填写一名督查组成员"))
        return members


class FindingForm(forms.Form):
    unit = forms.ModelChoiceField(label=_l("被督查单位"), queryset=Place.objects.none())
    kind = forms.ChoiceField(label=_l("类别"), choices=Finding.Kind.choices)
    text = forms.CharField(label=_l("内容"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_l("照片"))

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = round_.units.order_by("path")


class RectificationForm(forms.Form):
    requirement = forms.CharField(label=_l("整改要求"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_l("整改时限"), widget=DATE)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_l("整改情况"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_l("佐证材料"))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_l("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    notice_no = forms.CharField(label=_l("通报文号"), max_length=60, required=False)
    notice_date = forms.DateField(label=_l("通报日期"), required=False, widget=DATE)
    conclusion = forms.CharField(label=_l("总体评价"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TalkForm(forms.ModelForm):
    class Meta:
        model = Talk
        fields = ["place", "round", "date", "interviewee_post", "interviewer", "reason", "content", "follow_up"]
        labels = {"place": _l("被约谈单位")}
        widgets = {"date": DATE, "content": forms.Textarea(attrs={"rows": 3}),
                   "follow_up": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, Talk, ADD).units()
        self.fields["round"].queryset = Round.objects.restrict(user)
