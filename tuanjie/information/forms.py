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
