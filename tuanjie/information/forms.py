from django import forms
from django.utils.translation import gettext_lazy as _

from tuanjie.attachments.forms import MultipleFileField
from tuanjie.information.models import InformationItem, Publication
from tuanjie.information.services import writable_places


class ItemForm(forms.ModelForm):
    """Writing or revising an item on a phone: unit, kind, title, text, photos."""

    photos = MultipleFileField(label=_("照片"), help_text=_("可一次选择多张照片，手机可直接拍照上传"))

    class Meta:
        model = InformationItem
        fields = ["place", "kind", "title", "body"]
        labels = {"place": _("报送单位")}
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        places = writable_places(user).order_by("path")
        self.fields["place"].queryset = places
        if self.instance.pk:
            self.fields["place"].disabled = True
        else:
            home = places.filter(pk=user.home_place_id).first()
            self.fields["place"].initial = home or (places.first() if places[:2].count() == 1 else None)
        self.fields["photos"].widget.attrs["accept"] = "image/*"


DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]


def _date_field(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUT_FORMATS, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class LateItemForm(ItemForm):
    """补录: an item written, accepted and perhaps published before it was entered here, with those dates."""

    written_on = _date_field(_("成稿日期"))
    declared_accepted_on = _date_field(_("采用日期"), help_text=_("当时被创建办采用的日期"))
    declared_published_on = _date_field(_("发布日期"), required=False, help_text=_("未发布的可不填"))
    declared_channels = forms.MultipleChoiceField(label=_("发布渠道"), choices=Publication.Channel.choices,
                                                  required=False, widget=forms.CheckboxSelectMultiple)


class ReviewForm(forms.Form):
    """The office's review: accept (possibly with edits) or return with a comment."""

    title = forms.CharField(label=_("标题（可修改）"), max_length=200)
    body = forms.CharField(label=_("正文（可修改，单位原稿会保留）"), widget=forms.Textarea(attrs={"rows": 12}))
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("退回时必填，写明需要如何修改"))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    channels = forms.MultipleChoiceField(label=_("发布渠道"), choices=Publication.Channel.choices,
                                         widget=forms.CheckboxSelectMultiple)
    link = forms.URLField(label=_("外部链接（可选）"), required=False, assume_scheme="https",
                          help_text=_("发布在公众号、门户网站或融媒体时，可填写文章链接"))
    comment = forms.CharField(label=_("备注"), required=False, max_length=200)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=200)
