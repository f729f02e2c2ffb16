from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.activities.models import Activity
from tuanjie.attachments.forms import MultipleFileField
from tuanjie.core.access import ADD, places_for
from tuanjie.funds.models import Allocation, Expenditure, FundNeed, FundSource
from tuanjie.funds.services import may_record_public_money

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"})


class _PlacedForm(forms.ModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        places = places_for(user, self._meta.model, ADD).select_related("level")
        self.fields["place"].queryset = places
        home = getattr(user, "home_place", None)
        if not self.instance.pk and home is not None and places.filter(pk=home.pk).exists():
            self.initial.setdefault("place", home.pk)
        if "year" in self.fields and not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("files", None)
        return data


class AllocationForm(_PlacedForm):
    class Meta:
        model = Allocation
        fields = ["place", "year", "source", "amount", "for_site", "allocated_on", "document_no", "purpose"]
        widgets = {"allocated_on": DATE, "amount": MONEY}
        labels = {"place": _("落实到（地区/单位/示范点）")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        home = getattr(user, "home_place", None)
        # A person who is not a creation office records self-funding only.
        if not user.is_superuser and (home is None or not may_record_public_money(user, home)):
            self.fields["source"].choices = [(FundSource.SELF, FundSource.SELF.label)]
            self.fields["for_site"].disabled = True


class NeedForm(_PlacedForm):
    class Meta:
        model = FundNeed
        fields = ["place", "year", "amount", "purpose"]
        widgets = {"amount": MONEY}


class ExpenditureForm(_PlacedForm):
    class Meta:
        model = Expenditure
        fields = ["place", "spent_on", "amount", "source", "purpose", "activity"]
        widgets = {"spent_on": DATE, "amount": MONEY}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("spent_on", timezone.localdate())
        # Recent activities of the person's reach, newest first (a short list, not the whole ledger).
        recent = Activity.objects.restrict(user).select_related("place").order_by("-start_date", "-id")
        ids = list(recent.values_list("pk", flat=True)[:200])
        if self.instance.activity_id:
            ids.append(self.instance.activity_id)
        self.fields["activity"].queryset = Activity.objects.filter(pk__in=ids).select_related("place")
        self.fields["files"] = MultipleFileField(label=_("票据/照片"), required=False)
