"""Import of fund allocations (经费落实表): one allocation per row, created and updated through the same services,
and checked by the same rules, as the allocation page.

An allocation is known by where it goes, its year, its source and its document number (文号; blank counts as a
value): a row naming one already recorded updates its amount, date, purpose and 示范点 mark, so importing the same
sheet again changes nothing."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.access import ADD, places_for
from tuanjie.core.imports import ImportResult, TabularImporter
from tuanjie.funds.models import Allocation, FundSource
from tuanjie.funds.services import ALLOCATION_FIELDS, allocation_create, allocation_update
from tuanjie.places.lookups import PlaceNames

HEADERS = {
    "落实到（代码或名称）": "place",
    "年度": "year",
    "资金来源": "source",
    "金额（元）": "amount",
    "示范点建设补助": "for_site",
    "下达日期": "allocated_on",
    "文号": "document_no",
    "用途": "purpose",
}
REQUIRED = ("落实到（代码或名称）", "年度", "资金来源", "金额（元）")
YES = {"是", "√", "Y", "y", "yes", "1", "true", "TRUE"}
NO = {"", "否", "N", "n", "no", "0", "false", "FALSE"}

EXAMPLE = ["团结县/城关镇", 2026, str(FundSource.PROVINCIAL.label), 50000, "是", "2026年3月5日", "团民宗发〔2026〕3号",
           "城关镇示范点宣传阵地建设"]
NOTES = [
    "一行一笔经费，不要改动表头；表头上方可以有标题行。示例行导入前请删除。",
    "落实到：填地区或单位的代码，或名称（重名时从县开始写完整名称，用“/”分隔）；只能是您管辖范围内的。",
    "资金来源可填：" + "、".join(str(label) for label in FundSource.labels) + "（见“可填值”表）；"
    "单位只能登记“单位自筹”。",
    "金额单位为元，可带两位小数；示范点建设补助填“是”或“否”（不填为否）。",
    "下达日期如 2026-03-05 或 2026年3月5日，应在所填年度内。",
    "同一地区或单位、同一年度、同一资金来源、同一文号即为同一笔经费：再次导入会更新它，不会重复新增。",
    "文件中任何一行有错，整个文件都不会导入；系统会列出每一行的问题，改正后重新上传即可。",
]
LOOKUPS = {"资金来源": FundSource.labels, "示范点建设补助": ["是", "否"]}


class AllocationImportForm(forms.ModelForm):
    """One row: the allocation page's fields, the place by code or name, the source and the 示范点 mark in words."""

    place = forms.CharField(label=_l("落实到"), max_length=300)
    source = forms.CharField(label=_l("资金来源"), max_length=40)
    for_site = forms.CharField(label=_l("示范点建设补助"), max_length=10, required=False)

    class Meta:
        model = Allocation
        fields = ["year", "amount", "allocated_on", "document_no", "purpose"]

    def __init__(self, *args, user, places: PlaceNames, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.places = user, places

    def clean_place(self):
        return self.places(self.cleaned_data["place"])

    def clean_source(self):
        value = self.cleaned_data["source"]
        names = {str(label): code for code, label in FundSource.choices} | {code: code for code in FundSource.values}
        if value not in names:
            raise forms.ValidationError(_("“%(v)s”不是资金来源，可填：%(names)s") % {
                "v": value, "names": "、".join(str(label) for label in FundSource.labels)})
        return names[value]

    def clean_for_site(self):
        value = str(self.cleaned_data.get("for_site") or "").strip()
        if value in YES:
            return True
        if value in NO:
            return False
        raise forms.ValidationError(_("请填“是”或“否”"))

    def _post_clean(self):
        pass   # the service's full_clean runs when the row is saved, with the place and the source set


class AllocationImporter(TabularImporter):
    columns = HEADERS
    required_headers = REQUIRED
    form_class = AllocationImportForm

    def __init__(self, user):
        super().__init__(user)
        self.places = PlaceNames(places_for(user, Allocation, ADD))

    def form_for(self, data: dict, row_number: int) -> forms.Form:
        return self.form_class(data=data, user=self.user, places=self.places)

    def save_row(self, form, result: ImportResult) -> None:
        data = form.cleaned_data
        fields = {name: data[name] for name in ALLOCATION_FIELDS}
        fields["document_no"] = fields["document_no"] or ""
        fields["purpose"] = fields["purpose"] or ""
        existing = (Allocation.objects.select_for_update(of=("self",))
                    .filter(place=data["place"], year=fields["year"], source=fields["source"],
                            document_no=fields["document_no"]).order_by("pk").first())
        if existing is None:
            allocation_create(by=self.user, place=data["place"], **fields)
            result.created += 1
            return
        if any(_same(getattr(existing, name)) != _same(value) for name, value in fields.items()):
            allocation_update(by=self.user, allocation=existing, **fields)
            result.updated += 1


def _same(value):
    return Decimal(value) if isinstance(value, Decimal | int) and not isinstance(value, bool) else value
