"""Import of leading groups with their members (领导小组成员名单): one member per row, under the group named on the
row, created and updated through the leadership services.

A group is known by its place and name, a member within the group by their name: a row naming a member already
listed updates their position, post, unit and order, so importing the same list again changes nothing. Members
missing from the file are kept (a list sent for one change is often partial); they are removed on the group page."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.access import ADD, VIEW, places_for
from tuanjie.core.imports import ImportResult, TabularImporter
from tuanjie.leadership.models import LeadingGroup, Member
from tuanjie.leadership.services import leading_group_open, leading_group_update, member_save
from tuanjie.places.lookups import PlaceNames
from tuanjie.places.models import Place

DEFAULT_NAME = str(LeadingGroup._meta.get_field("name").get_default())
HEADERS = {
    "地区（代码或名称）": "place",
    "领导小组名称": "group_name",
    "成立文号": "document_no",
    "成立日期": "established_on",
    "职位": "position",
    "姓名": "name",
    "职务": "title",
    "所在单位（代码或名称）": "unit",
}
REQUIRED = ("地区（代码或名称）", "职位", "姓名", "职务")
POSITIONS = {str(label): value for value, label in Member.Position.choices}

EXAMPLE = ["团结县", "", "团党发〔2026〕5号", "2026-02-10", "组长", "张明", "县委副书记", ""]
NOTES = [
    "一行一名成员，同一领导小组的成员连续写；不要改动表头，表头上方可以有标题行。示例行导入前请删除。",
    "地区：填设立领导小组的地区代码或名称（重名时从县开始写完整名称，用“/”分隔）；只能是您管辖范围内的地区。",
    f"领导小组名称不填即为“{DEFAULT_NAME}”。成立文号、成立日期填在该小组的任一行即可，多行都填时以最后一行为准。",
    "职位可填：" + "、".join(POSITIONS) + "（见“可填值”表）；职务如：县委常委、统战部部长。",
    "所在单位可不填；填时为成员所在单位的代码或名称。",
    "同一地区、同一领导小组中姓名相同即为同一成员：再次导入会更新其职位和职务，不会重复新增；文件中没有的成员不会删除。",
    "文件中任何一行有错，整个文件都不会导入；系统会列出每一行的问题，改正后重新上传即可。",
]
LOOKUPS = {"职位": list(POSITIONS)}


class MemberImportForm(forms.ModelForm):
    place = forms.CharField(label=_l("地区"), max_length=300)
    group_name = forms.CharField(label=_l("领导小组名称"), max_length=100, required=False)
    document_no = forms.CharField(label=_l("成立文号"), max_length=60, required=False)
    established_on = forms.DateField(label=_l("成立日期"), required=False)
    position = forms.CharField(label=_l("职位"), max_length=20)
    unit = forms.CharField(label=_l("所在单位"), max_length=300, required=False)

    class Meta:
        model = Member
        fields = ["name", "title"]

    def __init__(self, *args, places: PlaceNames, units: PlaceNames, **kwargs):
        super().__init__(*args, **kwargs)
        self.places, self.units = places, units

    def clean_place(self):
        place = self.places(self.cleaned_data["place"])
        if not place.is_area:
            raise forms.ValidationError(_("领导小组设在地区（省、市、县、乡），“%(n)s”是创建单位") % {"n": place.name})
        return place

    def clean_group_name(self):
        return self.cleaned_data.get("group_name") or DEFAULT_NAME

    def clean_position(self):
        value = self.cleaned_data["position"]
        if value in POSITIONS.values():
            return value
        if value not in POSITIONS:
            raise forms.ValidationError(_("“%(v)s”不是职位，可填：%(names)s") % {"v": value, "names": "、".join(POSITIONS)})
        return POSITIONS[value]

    def clean_unit(self):
        value = self.cleaned_data.get("unit") or ""
        return self.units(value) if value else None


class LeadingGroupImporter(TabularImporter):
    columns = HEADERS
    required_headers = REQUIRED
    form_class = MemberImportForm

    def __init__(self, user):
        super().__init__(user)
        self.places = PlaceNames(places_for(user, LeadingGroup, ADD))
        self.units = PlaceNames(places_for(user, Place, VIEW))
        self.orders: dict[int, int] = {}
        self.touched: set[int] = set()

    def form_for(self, data: dict, row_number: int) -> forms.Form:
        return self.form_class(data=data, places=self.places, units=self.units)

    def save_row(self, form, result: ImportResult) -> None:
        data = form.cleaned_data
        place, name = data["place"], data["group_name"]
        group = LeadingGroup.objects.select_for_update(of=("self",)).filter(place=place, name=name).first()
        details = {k: data[k] for k in ("document_no", "established_on") if data[k]}
        if group is None:
            group = leading_group_open(by=self.user, place=place, name=name, **details)
            result.created += 1
            self.touched.add(group.pk)
        elif any(getattr(group, k) != v for k, v in details.items()):
            leading_group_update(by=self.user, group=group, **details)
            if group.pk not in self.touched:
                result.updated += 1
                self.touched.add(group.pk)
        order = self.orders[group.pk] = self.orders.get(group.pk, 0) + 1
        fields = {"position": data["position"], "name": data["name"], "title": data["title"], "unit": data["unit"],
                  "order": order}
        member = group.members.filter(name=data["name"]).first()
        if member is None:
            member_save(by=self.user, group=group, **fields)
            result.created += 1
        elif any(getattr(member, k) != v for k, v in fields.items()):
            member_save(by=self.user, group=group, member=member, **fields)
            result.updated += 1
