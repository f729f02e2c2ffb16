"""Import an indicator system from the official Excel table an office receives.

One row per scored indicator. Merged cells (a 一级指标 spanning several rows) read as blanks and are filled down
from the row above; a table with only two levels leaves 三级指标 empty. All or nothing: any bad row, no system."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.assessments.selectors import SYSTEM_HEADERS
from tuanjie.assessments.services import IndicatorSpec, indicator_add, indicator_system_create
from tuanjie.core.imports import TabularImporter

YES = {"是", "√", "✓", "y", "yes", "1", "true", "否决", "一票否决"}
NO = {"", "否", "×", "n", "no", "0", "false"}
KEY_PATTERN = re.compile(r"^[a-z][a-z_]*(\.[a-z_]+)*$")


class IndicatorRowForm(forms.Form):
    level1 = forms.CharField(label=_l("一级指标"), max_length=500)
    level2 = forms.CharField(label=_l("二级指标"), max_length=500, required=False)
    level3 = forms.CharField(label=_l("三级指标/测评内容"), max_length=500, required=False)
    points = forms.DecimalField(label=_l("分值"), min_value=0, max_digits=6, decimal_places=2)
    guidance = forms.CharField(label=_l("评分标准"), required=False)
    evidence_required = forms.CharField(label=_l("佐证材料"), required=False)
    is_veto = forms.CharField(label=_l("是否一票否决"), required=False)
    countable_key = forms.CharField(label=_l("台账规则"), required=False, max_length=60)
    min_count = forms.IntegerField(label=_l("年度最低数量"), required=False, min_value=0)
    points_per_record = forms.DecimalField(label=_l("每条得分"), required=False, min_value=0, max_digits=6,
                                           decimal_places=2)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_is_veto(self):
        value = str(self.cleaned_data.get("is_veto") or "").strip().lower()
        if value in YES:
            return True
        if value in NO:
            return False
        raise forms.ValidationError(_("请填“是”或“否”"))

    def clean_countable_key(self):
        value = (self.cleaned_data.get("countable_key") or "").strip()
        if value and not KEY_PATTERN.match(value):
            raise forms.ValidationError(_("台账规则应为英文代码，如 activity.training"))
        return value

    def clean(self):
        data = super().clean()
        if data.get("countable_key") and data.get("min_count") is None:
            self.add_error("min_count", _("绑定了台账规则，请填写年度最低数量"))
        if data.get("points_per_record") is not None and not data.get("countable_key"):
            self.add_error("points_per_record", _("只有绑定台账规则的指标才能填写每条得分"))
        if data.get("level3") and not data.get("level2"):
            self.add_error("level2", _("填写了三级指标，请填写所属二级指标"))
        return data

    def spec(self) -> IndicatorSpec:
        d = self.cleaned_data
        names = tuple(n.strip() for n in (d["level1"], d.get("level2"), d.get("level3")) if n and n.strip())
        return IndicatorSpec(names=names, points=d["points"], guidance=d.get("guidance", ""),
                             evidence_required=d.get("evidence_required", ""), is_veto=d["is_veto"],
                             countable_key=d.get("countable_key", ""), min_count=d.get("min_count"),
                             points_per_record=d.get("points_per_record"))


class IndicatorSystemImporter(TabularImporter):
    columns = {
        "一级指标": "level1", "二级指标": "level2", "三级指标/测评内容": "level3", "分值": "points",
        "评分标准": "guidance", "佐证材料": "evidence_required", "是否一票否决": "is_veto",
        "台账规则": "countable_key", "年度最低数量": "min_count", "每条得分": "points_per_record",
    }
    required_headers = ("一级指标", "二级指标", "三级指标/测评内容", "分值")
    form_class = IndicatorRowForm

    def __init__(self, user, *, place, year: int, category, name: str, note: str = "", subject_level=None):
        super().__init__(user)
        self.system_fields = {"place": place, "year": year, "category": category, "name": name, "note": note,
                              "subject_level": subject_level}
        self.system = None
        self._previous = {"level1": "", "level2": ""}
        self.total_points = Decimal("0")

    def form_for(self, data: dict, row_number: int):
        data = {k: ("" if v is None else v) for k, v in data.items()}
        for key in ("level1", "level2", "level3"):
            if isinstance(data.get(key), str):
                data[key] = data[key].strip()
        # merged cells: a blank 一级 means "same as above"; a blank 二级 with a 三级 means the same
        if not data.get("level1"):
            data["level1"] = self._previous["level1"]
            if not data.get("level2") and data.get("level3"):
                data["level2"] = self._previous["level2"]
        self._previous = {"level1": data.get("level1", ""), "level2": data.get("level2", "")}
        return self.form_class(data=data, user=self.user)

    def save_row(self, form, result) -> None:
        if self.system is None:
            try:
                self.system = indicator_system_create(by=self.user, **self.system_fields)
            except PermissionDenied as exc:
                raise ValidationError(str(exc)) from exc
        indicator_add(system=self.system, spec=form.spec())
        result.created += 1


SYSTEM_TEMPLATE_EXAMPLE = ["组织领导", "领导机构", "成立创建工作领导小组，明确办公室和专人负责", 3,
                           "未成立的不得分；无专人负责扣1分", "成立文件、人员名单", "否", "", "", ""]
SYSTEM_TEMPLATE_NOTES = [
    "每行一个计分指标；一级、二级指标与上一行相同时可留空（合并单元格也可以）。",
    "只有两级的指标表，“三级指标/测评内容”留空，二级指标即为计分项。",
    "分值填数字；“是否一票否决”填“是”或“否”，否决项分值可填0。",
    "台账规则（可选）：填系统的计数代码，如 activity.training（政策培训）、information.accepted（采用信息），"
    "并填“年度最低数量”；达到数量得满分，未达到时按“每条得分”计（不填则不得分）。",
    "有任何一行错误时整个文件都不会导入，请按提示修改后重新上传。",
]
assert len(SYSTEM_TEMPLATE_EXAMPLE) == len(SYSTEM_HEADERS)
