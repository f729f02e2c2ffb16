"""Import of a programme's pairing list: one row per household and cadre paired with it, checked by the same rules
as the household and pairing pages and written in bulk (a county's list runs to tens of thousands of rows).

Only the programme's office imports (the people who may see every household of the programme), so the rows, the
errors and the result never show a household to anyone the pairing privacy rules keep it from. A household is
known within its programme by its householder's name and address: a row naming one already registered updates it,
and a pair the cadre already has with it is kept, not made twice, so importing the same file again changes nothing.
A household paired with several cadres takes one row per cadre."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.bulk import instance
from tuanjie.core.imports import BulkTabularImporter, ImportResult, ModelChecks, TabularImporter
from tuanjie.pairing.forms import HouseholdForm, people_choices
from tuanjie.pairing.models import Household, Pair, PairingGroup, Programme, programme_staff_paths
from tuanjie.pairing.services import (
    group_create,
    group_update,
    household_pairs_bulk_create,
    household_update,
    is_programme_office,
)

HEADERS = {
    "户主姓名": "name",
    "住址": "address",
    "联系电话": "phone",
    "家庭人口": "size",
    "同意登记日期": "consent_on",
    "同意方式": "consent_method",
    "结对干部登录名": "cadre",
    "结对分组": "group",
    "结对日期": "paired_on",
}
REQUIRED = ("户主姓名", "住址", "家庭人口", "同意登记日期", "同意方式")
HOUSEHOLD_FIELDS = ("name", "address", "phone", "size", "consent_on", "consent_method")
METHODS = {str(label): value for value, label in Household.ConsentMethod.choices}

EXAMPLE = ["王秀英", "幸福村3组12号", "13900001111", 4, "2026-03-05", "书面", "", "", ""]
NOTES = [
    "一行一户；一户与几名干部结对就写几行（户的信息相同）。不要改动第一行表头；示例行导入前请删除。",
    "只填帮扶需要的信息：户主姓名、住址、联系电话、家庭人口。不得填写民族、宗教等其他个人信息。",
    "同意登记日期、同意方式：该户同意被登记的日期和方式（" + "、".join(METHODS) + "），未经同意不得登记。",
    "结对干部登录名：干部须已有账号（可先用“导入人员与角色”）；填了干部须填结对分组（本活动已设立的分组名称）。"
    "结对日期不填则为导入当天。只登记户、暂不结对的，这三列留空。",
    "同一活动中户主姓名和住址相同即为同一户：再次导入会更新该户信息，已有的结对关系不会重复建立。",
    "文件中任何一行有错，整个文件都不会导入；系统会列出每一行的问题，改正后重新上传即可。",
]


def office_programmes(user):
    """The programmes whose households the user may import: those where they are the programme's office."""
    qs = Programme.objects.select_related("place")
    return qs if user.is_superuser else qs.filter(place__path__in=programme_staff_paths(user))


class PairImportOptionsForm(forms.Form):
    programme = forms.ModelChoiceField(label=_l("结对帮扶活动"), queryset=Programme.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = office_programmes(user)


class HouseholdPairImportForm(HouseholdForm):
    """One row: the household page's fields (the consent method by its name), the cadre by login name, the group
    by name within the programme. `cadres` holds the file's cadres ({login: person}), loaded once."""

    consent_method = forms.CharField(label=_l("同意方式"), max_length=12)
    cadre = forms.CharField(label=_l("结对干部登录名"), max_length=150, required=False)
    group = forms.CharField(label=_l("结对分组"), max_length=100, required=False)
    paired_on = forms.DateField(label=_l("结对日期"), required=False)

    class Meta(HouseholdForm.Meta):
        fields = list(HOUSEHOLD_FIELDS)

    def __init__(self, *args, user, programme: Programme, groups: dict, cadres: dict, **kwargs):
        forms.ModelForm.__init__(self, *args, **kwargs)
        self.user, self.programme, self.groups, self.cadres = user, programme, groups, cadres

    def clean_consent_method(self):
        value = self.cleaned_data["consent_method"]
        if value in METHODS.values():
            return value
        if value not in METHODS:
            raise forms.ValidationError(_("请填：%(names)s") % {"names": "、".join(METHODS)})
        return METHODS[value]

    def clean_cadre(self):
        login = self.cleaned_data.get("cadre") or ""
        if not login:
            return None
        cadre = self.cadres.get(login)
        if cadre is None:
            raise forms.ValidationError(
                _("找不到登录名为“%(v)s”的人员，或其账号已停用、不在您的管辖范围内；请先导入或新增该干部") % {"v": login})
        return cadre

    def clean_group(self):
        name = self.cleaned_data.get("group") or ""
        if not name:
            return None
        if name not in self.groups:
            raise forms.ValidationError(_("本活动没有名为“%(v)s”的分组，可填：%(names)s") % {
                "v": name, "names": "、".join(self.groups) or _("（尚未设立分组，请先设立）")})
        return self.groups[name]


_PROGRAMME = Household._meta.get_field("programme")
_PAIR_CADRE, _PAIR_GROUP, _PAIR_UNIT = (Pair._meta.get_field(name) for name in ("cadre", "group", "unit"))
_CHUNK = 5000   # names per IN (...): well inside SQLite's and PostgreSQL's limits on parameters


class HouseholdPairImporter(BulkTabularImporter):
    """Rows are checked against the programme's households, open pairs, groups and the file's cadres, loaded once;
    new households and pairs are written in bulk (household_pairs_bulk_create), a household whose details changed
    goes through household_update, and a row that changes nothing costs nothing. Rows naming the same household
    (one per cadre) must agree on its details."""

    columns = HEADERS
    required_headers = REQUIRED
    form_class = HouseholdPairImportForm

    def __init__(self, user, *, programme: Programme):
        super().__init__(user)
        if not is_programme_office(user, programme):
            raise PermissionDenied(_("只有开展活动单位的工作人员可以导入结对户和结对关系"))
        self.programme = programme
        self.groups = {g.name: g for g in PairingGroup.objects.filter(programme=programme)}

    def prepare(self, rows) -> None:
        logins = sorted({str(data.get("cadre") or "").strip() for _n, data in rows} - {""})
        self.cadres: dict = {}
        for start in range(0, len(logins), _CHUNK):
            found = people_choices(self.user).filter(username__in=logins[start:start + _CHUNK])
            self.cadres.update((cadre.username, cadre) for cadre in found)
        # All of the programme's households at once: a programme has thousands, and a file names most of them.
        self.households = {(h.name, h.address): h for h in Household.objects.filter(programme=self.programme)}
        self.open_pairs = set(Pair.objects.filter(group__programme=self.programme, ended_on__isnull=True,
                                                  household__isnull=False).values_list("cadre_id", "household_id"))
        self.first_row: dict[tuple[str, str], tuple[int, dict]] = {}

    def make_form(self):
        form = self.form_class(user=self.user, programme=self.programme, groups=self.groups, cadres=self.cadres)
        self.model_checks = ModelChecks(Household, HOUSEHOLD_FIELDS, form.fields)
        return form

    def build_record(self, cleaned: dict, number: int):
        cadre, group = cleaned["cadre"], cleaned["group"]
        if cadre is not None and group is None:
            raise ValidationError({"group": _("填写了结对干部，请填写结对分组")})
        if group is not None and cadre is None:
            raise ValidationError({"cadre": _("填写了结对分组，请填写结对干部登录名")})
        fields = {name: cleaned[name] for name in HOUSEHOLD_FIELDS}
        key = (fields["name"], fields["address"])
        if key in self.first_row:
            first, details = self.first_row[key]
            if details != fields:
                raise ValidationError(_("与第%(n)d行是同一户（户主姓名和住址相同），但其他信息不同：请改成一致") % {
                    "n": first})
        else:
            self.first_row[key] = (number, fields)
            household = instance(Household, {"programme_id": self.programme.pk, **fields})
            self.model_checks(household)
        return key, fields, cadre, group, cleaned["paired_on"]

    def save_records(self, records: list, result: ImportResult) -> None:
        today = timezone.localdate()
        new_households: dict[tuple[str, str], Household] = {}
        for key, fields, _cadre, _group, _on in records:
            stored = self.households.get(key)
            if stored is None:
                if key not in new_households:
                    household = instance(Household, {"programme_id": self.programme.pk, **fields})
                    _PROGRAMME.set_cached_value(household, self.programme)
                    new_households[key] = household
            elif any(getattr(stored, name) != value for name, value in fields.items()):
                locked = Household.objects.select_for_update().get(pk=stored.pk)
                self.households[key] = household_update(by=self.user, instance=locked, programme=self.programme,
                                                        **fields)
                result.updated += 1
        pairs = []
        for key, _fields, cadre, group, paired_on in records:
            if cadre is None:
                continue
            household = self.households.get(key) or new_households[key]
            if household.pk is not None and (cadre.pk, household.pk) in self.open_pairs:
                continue
            pair = instance(Pair, {"group_id": group.pk, "unit_id": self.programme.place_id, "cadre_id": cadre.pk,
                                   "paired_on": paired_on or today})
            pair.household = household   # its pk comes with the bulk insert
            _PAIR_CADRE.set_cached_value(pair, cadre)
            _PAIR_GROUP.set_cached_value(pair, group)
            _PAIR_UNIT.set_cached_value(pair, self.programme.place)
            pairs.append(pair)
            if household.pk is not None:
                self.open_pairs.add((cadre.pk, household.pk))
        # The same cadre twice with one new household: one pair, as the row-by-row import made.
        unique: dict = {}
        for pair in pairs:
            unique.setdefault((pair.cadre_id, id(pair.household)), pair)
        pairs = list(unique.values())
        household_pairs_bulk_create(by=self.user, programme=self.programme,
                                    households=list(new_households.values()), pairs=pairs)
        result.created += len(new_households) + len(pairs)


# --- pairing groups ------------------------------------------------------------------------------------------------
GROUP_HEADERS = {"分组名称": "name", "分组负责人登录名": "leader"}
GROUP_EXAMPLE = ["幸福村分组", "zhangming"]
GROUP_NOTES = [
    "一行一个分组，不要改动表头；表头上方可以有标题行。示例行导入前请删除。",
    "分组负责人登录名：须已有账号（可先用“导入人员与角色”），且在您的管辖范围内。",
    "同一活动中分组名称相同即为同一分组：再次导入会更新其负责人，不会重复新增。",
    "文件中任何一行有错，整个文件都不会导入；系统会列出每一行的问题，改正后重新上传即可。",
]


class GroupImportForm(forms.ModelForm):
    """One row: the group page's name, the leader by login name."""

    leader = forms.CharField(label=_l("分组负责人登录名"), max_length=150)

    class Meta:
        model = PairingGroup
        fields = ["name"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_leader(self):
        login = self.cleaned_data["leader"]
        leader = people_choices(self.user).filter(username=login).first()
        if leader is None:
            raise forms.ValidationError(
                _("找不到登录名为“%(v)s”的人员，或其账号已停用、不在您的管辖范围内；请先导入或新增该人员") % {"v": login})
        return leader

    def _post_clean(self):
        pass   # group_create / group_update run full_clean with the programme set


class PairingGroupImporter(TabularImporter):
    columns = GROUP_HEADERS
    form_class = GroupImportForm

    def __init__(self, user, *, programme: Programme):
        super().__init__(user)
        if not is_programme_office(user, programme):
            raise PermissionDenied(_("只有开展活动单位的工作人员可以设立分组"))
        self.programme = programme

    def form_for(self, data: dict, row_number: int) -> forms.Form:
        return self.form_class(data=data, user=self.user)

    def save_row(self, form, result: ImportResult) -> None:
        name, leader = form.cleaned_data["name"], form.cleaned_data["leader"]
        existing = (PairingGroup.objects.select_for_update(of=("self",))
                    .filter(programme=self.programme, name=name).first())
        if existing is None:
            group_create(by=self.user, programme=self.programme, name=name, leader=leader)
            result.created += 1
        elif existing.leader_id != leader.pk:
            group_update(by=self.user, instance=existing, programme=self.programme, name=name, leader=leader)
            result.updated += 1
