from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.archives.models import PaperDocument
from tuanjie.attachments.forms import MultipleFileField
from tuanjie.core.access import ADD, places_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PaperDocumentForm(forms.ModelForm):
    class Meta:
        model = PaperDocument
        fields = ["place", "year", "title", "responsible", "dated", "pages", "retention", "note"]
        labels = {"place": _("立档单位（全宗）")}
        widgets = {"dated": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        places = places_for(user, PaperDocument, ADD).select_related("level")
        self.fields["place"].queryset = places
        self.fields["files"] = MultipleFileField(label=_("扫描件（PDF 或图片）"), required=False)
        if self.instance.pk:
            self.fields["place"].disabled = True
        else:
            self.initial.setdefault("year", timezone.localdate().year)
            home = getattr(user, "home_place", None)
            if home is not None and places.filter(pk=home.pk).exists():
                self.initial.setdefault("place", home.pk)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("重新开放的理由"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("写明为什么要修改已归档的年度，如：发现漏报的活动需要补录"))
