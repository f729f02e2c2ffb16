"""One form for logging an activity, used by the page (on a phone: the first fields are all a unit needs), the
Excel import (same checks, with the unit named by code or name and the kind by its Chinese label) and nothing else."""

from collections.abc import Iterable

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.activities.models import Activity, ActivityKind, KindDefinition
from tuanjie.activities.selectors import KindIndex, kind_label, kinds_in_reach
from tuanjie.attachments.forms import MultipleFileField
from tuanjie.core.access import ADD, places_for
from tuanjie.people.models import User
from tuanjie.people.selectors import staff_of
from tuanjie.places.models import CreationField, Place
from tuanjie.plans.models import PlanTask
from tuanjie.registers.models import EducationBase

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
PRELOAD_CHUNK = 2000  # values per IN (...) when an import loads the units a file names

# Fields shown at once on the add page; the rest sit under "更多信息".
QUICK_FIELDS = ("place", "start_date", "kind", "title", "participants", "location", "output_text", "photos")


def plan_tasks_for(user, places):
    """Key tasks a record of these places may serve: tasks of plans at any of their ancestors or themselves."""
    paths = set()
    for place in places:
        paths.update(place.path[:i * Place.steplen] for i in range(1, place.depth + 1))
    return PlanTask.objects.filter(plan__place__path__in=paths).select_related("plan").order_by(
        "-plan__year", "plan__place__path", "number")


class ActivityForm(forms.ModelForm):
    # The kinds of every place the person works at; the service checks the chosen one applies to the unit.
    kind = forms.ChoiceField(label=_("活动类型"), choices=())

    class Meta:
        model = Activity
        fields = ["place", "start_date", "end_date", "kind", "title", "participants", "location", "education_base",
                  "output_text", "output_quantity", "creation_field", "plan_task", "description", "attendees"]
        widgets = {
            "attendees": forms.CheckboxSelectMultiple,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "output_quantity": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["start_date"].input_formats = DATE_INPUT_FORMATS
        self.fields["end_date"].input_formats = DATE_INPUT_FORMATS
        self.fields["title"].widget.attrs.setdefault("placeholder", _("如：开展民族团结进步宣传月主题宣讲"))
        if "place" not in self.fields:   # the import names the unit (and the kind by label) in its own columns
            self._add_photos_field()
            return
        kinds = kinds_in_reach(user, include_archived=False)
        if self.instance.pk and self.instance.kind not in {code for code, _label in kinds}:
            kinds.append((self.instance.kind, kind_label(self.instance.kind)))   # an archived kind it already has
        self.fields["kind"].choices = [("", _("请选择活动类型"))] + kinds
        places = places_for(user, Activity, ADD)
        self.fields["place"].label = _("开展单位")
        self.fields["place"].queryset = places.select_related("level")
        self.fields["creation_field"].queryset = CreationField.objects.filter(is_active=True)
        # Bases are public places named by the state: any active one may be visited, wherever it lies.
        self.fields["education_base"].queryset = EducationBase.objects.filter(is_active=True).order_by("level", "name")
        self.fields["education_base"].help_text = _("活动类型为“参观学习”时选择")
        self.fields["creation_field"].empty_label = _("（取本单位的创建领域）")
        home = getattr(user, "home_place", None)
        if not self.instance.pk:
            self.initial.setdefault("start_date", timezone.localdate())
        if not self.instance.pk and home is not None and not self.initial.get("place"):
            if places.filter(pk=home.pk).exists():
                self.initial["place"] = home.pk
        if "plan_task" in self.fields:
            tops = list(places.order_by("depth")[:1]) if not user.is_superuser else []
            if self.instance.pk:
                tops.append(self.instance.place)
            elif home is not None:
                tops.append(home)
            tasks = plan_tasks_for(user, tops)
            if tasks is not None:
                self.fields["plan_task"].queryset = tasks
        # The staff list of the unit the form opens on (the person's own unit, or the record's); the service
        # checks the names against the unit finally chosen.
        unit = self.instance.place if self.instance.pk else home
        staff = staff_of([unit.pk])[unit.pk] if unit is not None else []
        self.fields["attendees"].queryset = User.objects.filter(pk__in=[p.pk for p in staff]).order_by("full_name")
        self.fields["attendees"].label_from_instance = lambda person: person.full_name or person.username
        self._add_photos_field()

    def _add_photos_field(self):
        self.fields["photos"] = MultipleFileField(label=_("照片/材料"), required=False, resumable=True,
                                                  help_text=_("可一次选多张照片；手机可直接拍照上传"))

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("photos", None)
        return data


class ActivityImportLookups:
    """How an import row names things: the unit by its code or full name, and only units within the importer's
    reach; the kind by its Chinese label, the label's short form or its code; the creation field by name.

    Asked row by row, each answer is one query. A file's importer calls `preload` with every value the file holds
    first, and then every answer comes from memory."""

    def __init__(self, user):
        self.user = user
        self._units: dict[str, dict[int, Place]] | None = None
        self._fields: dict[str, CreationField] | None = None
        self._kinds = {str(label): code for code, label in ActivityKind.choices}
        self._short_kinds = ActivityKind.by_short_label()
        self.kind_index = KindIndex()     # the office kinds (a short table), so rows are checked in memory

    def preload(self, units: Iterable, field_names: Iterable) -> None:
        wanted = sorted({str(v).strip() for v in units} - {""})
        allowed = places_for(self.user, Activity, ADD)
        self._units = {}
        for start in range(0, len(wanted), PRELOAD_CHUNK):
            chunk = wanted[start:start + PRELOAD_CHUNK]
            for place in allowed.filter(Q(code__in=chunk) | Q(name__in=chunk)):
                for value in {place.code, place.name}:
                    self._units.setdefault(value, {})[place.pk] = place
        names = sorted({str(v).strip() for v in field_names} - {""})
        self._fields = {cf.name: cf for cf in CreationField.objects.filter(name__in=names)}

    def unit(self, value) -> Place:
        value = str(value).strip()
        if self._units is None:
            allowed = places_for(self.user, Activity, ADD)
            matches = list(allowed.filter(Q(code=value) | Q(name=value))[:2])
        else:
            matches = list(self._units.get(value, {}).values())
        if not matches:
            raise forms.ValidationError(
                _("找不到“%(v)s”，或它不在您的管辖范围内；请填写单位代码或完整名称") % {"v": value})
        if len(matches) > 1:
            raise forms.ValidationError(_("名称“%(v)s”对应多个单位，请改填单位代码") % {"v": value})
        return matches[0]

    def kind(self, value, place: Place | None = None) -> str:
        """The code of the kind a row names, among the defaults and the kinds of the unit's offices."""
        value = str(value).strip()
        own = self.kind_index.labels_for(place) if place is not None else {}
        code = self._kinds.get(value) or self._short_kinds.get(value) or own.get(value) or (
            value if value in ActivityKind.values else None)
        if code is None:
            names = "、".join([*self._short_kinds, *own])
            raise forms.ValidationError(_("“%(v)s”不是活动类型，可填：%(names)s") % {"v": value, "names": names})
        return code

    def creation_field(self, value) -> CreationField | None:
        value = str(value or "").strip()
        if not value:
            return None
        if self._fields is None:
            found = CreationField.objects.filter(name=value).first()
        else:
            found = self._fields.get(value)
        if found is None:
            raise forms.ValidationError(_("“%(v)s”不是已设置的创建领域") % {"v": value})
        return found


class ActivityImportForm(ActivityForm):
    """One row of an activity import: the unit by code or name (within the importer's reach), the kind by its
    Chinese label; everything else exactly as on the add page."""

    unit = forms.CharField(label=_("开展单位"), max_length=100)
    kind = None     # named by its label in `kind_label`, among the kinds of the row's unit
    kind_label = forms.CharField(label=_("活动类型"), max_length=40)
    creation_field_name = forms.CharField(label=_("创建领域"), max_length=40, required=False)

    class Meta(ActivityForm.Meta):
        fields = ["start_date", "end_date", "title", "participants", "location", "output_text", "output_quantity",
                  "description"]

    def __init__(self, *args, user, lookups: ActivityImportLookups | None = None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.lookups = lookups or ActivityImportLookups(user)

    def _add_photos_field(self):
        return

    def clean_unit(self):
        return self.lookups.unit(self.cleaned_data["unit"])

    def clean_kind_label(self):
        return self.lookups.kind(self.cleaned_data["kind_label"], self.cleaned_data.get("unit"))

    def clean_creation_field_name(self):
        return self.lookups.creation_field(self.cleaned_data.get("creation_field_name"))

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["place"] = data.pop("unit")
        data["kind"] = data.pop("kind_label")
        data["creation_field"] = data.pop("creation_field_name")
        return data


class KindDefinitionForm(forms.ModelForm):
    """An office's own kind: where it applies (fixed once made) and its name; archive it when no longer used."""

    class Meta:
        model = KindDefinition
        fields = ["place", "label", "is_archived"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].label = _("适用地区（含下级）")
        self.fields["place"].queryset = places_for(user, self._meta.model, ADD).areas().select_related("level")
        if self.instance.pk:
            self.fields["place"].disabled = True
        else:
            del self.fields["is_archived"]
