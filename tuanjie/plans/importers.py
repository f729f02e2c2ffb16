"""Import of a plan's task sheet (任务分解表): one key task per row with its lead and partner units, created and
updated through the same services, and checked by the same rules, as the task page.

A task is known within its plan by its title: a row naming a task the plan already has updates it (number,
requirements, stage, units, deadline, target), so importing the same sheet again changes nothing."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.access import ADD, CHANGE, places_for
from tuanjie.core.imports import ImportResult, TabularImporter
from tuanjie.places.lookups import PlaceNames
from tuanjie.plans.forms import TaskForm
from tuanjie.plans.models import Plan, PlanTask
from tuanjie.plans.services import task_create, task_update

HEADERS = {
    "序号": "number",
    "任务": "title",
    "工作要求": "description",
    "所属阶段": "phase",
    "牵头单位": "lead_unit",
    "配合单位": "partner_units",
    "完成时限": "deadline",
    "量化目标": "target_quantity",
    "目标单位": "target_unit",
}
REQUIRED = ("任务", "牵头单位")
TASK_FIELDS = ("number", "title", "description", "phase", "lead_unit", "deadline", "target_quantity", "target_unit")
UNIT_SPLIT = re.compile(r"\s*[、，,；;\n]\s*")

EXAMPLE = [1, "开展民族团结进步宣传月活动", "各乡镇、各单位集中开展宣讲", "", "城关镇",
           "团结县/城关镇/城关镇中心学校、城关镇人民政府", "2026-09-30", 10, "场"]
NOTES = [
    "一行一项重点任务，不要改动第一行表头；示例行导入前请删除。",
    "牵头单位、配合单位：填代码，或名称（重名时从县开始写完整名称，用“/”分隔，如：团结县/城关镇）；"
    "配合单位有多个时用“、”分隔。须在本方案的地区范围内。",
    "所属阶段：填本方案已有的工作步骤名称，可不填。完成时限如 2026-09-30，应在方案年度前后一年内。",
    "量化目标填整数，并同时填写目标单位（如：场、次、人次）；序号不填则排在最后。",
    "本方案中任务名称相同即为同一项任务：再次导入会更新该任务，不会重复新增。",
    "文件中任何一行有错，整个文件都不会导入；系统会列出每一行的问题，改正后重新上传即可。",
]


class TaskImportOptionsForm(forms.Form):
    plan = forms.ModelChoiceField(label=_l("实施方案"), queryset=Plan.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.restrict(user, CHANGE).select_related("place")


class TaskImportForm(TaskForm):
    """One row: the task page's fields, the units by code or name, the stage by its name in the plan."""

    phase = forms.CharField(label=_l("所属阶段"), max_length=60, required=False)
    lead_unit = forms.CharField(label=_l("牵头单位"), max_length=300)
    partner_units = forms.CharField(label=_l("配合单位"), required=False)

    class Meta(TaskForm.Meta):
        fields = ["number", "title", "description", "deadline", "target_quantity", "target_unit"]

    def __init__(self, *args, user, plan: Plan, units: PlaceNames, **kwargs):
        forms.ModelForm.__init__(self, *args, **kwargs)
        self.fields["number"].required = False
        self.user, self.plan, self.units = user, plan, units

    def clean_lead_unit(self):
        return self.units(self.cleaned_data["lead_unit"])

    def clean_partner_units(self):
        names = [n for n in UNIT_SPLIT.split(self.cleaned_data.get("partner_units") or "") if n]
        return list({unit.pk: unit for unit in map(self.units, names)}.values())

    def clean_phase(self):
        name = self.cleaned_data.get("phase") or ""
        if not name:
            return None
        phases = {p.name: p for p in self.plan.phases.all()}
        if name not in phases:
            raise forms.ValidationError(_("本方案没有名为“%(v)s”的工作步骤，可填：%(names)s") % {
                "v": name, "names": "、".join(phases) or _("（本方案尚未设工作步骤，请留空）")})
        return phases[name]


class PlanTaskImporter(TabularImporter):
    columns = HEADERS
    required_headers = REQUIRED
    form_class = TaskImportForm

    def __init__(self, user, *, plan: Plan):
        super().__init__(user)
        self.plan = plan
        self.units = PlaceNames(places_for(user, PlanTask, ADD))

    def form_for(self, data: dict, row_number: int) -> forms.Form:
        title = str(data.get("title") or "").strip()
        existing = self.plan.tasks.filter(title=title).first() if title else None
        return self.form_class(data=data, instance=existing, user=self.user, plan=self.plan, units=self.units)

    def save_row(self, form, result: ImportResult) -> None:
        data = dict(form.cleaned_data)
        partners = data.pop("partner_units")
        fields = {name: data[name] for name in TASK_FIELDS}
        if form.instance.pk is None:
            task_create(by=self.user, plan=self.plan, partner_units=partners, **fields)
            result.created += 1
            return
        task = PlanTask.objects.select_for_update().get(pk=form.instance.pk)
        if fields["number"] is None:
            fields["number"] = task.number   # a blank number keeps the task where it is
        same = (all(getattr(task, name) == value for name, value in fields.items())
                and set(task.partner_units.values_list("pk", flat=True)) == {u.pk for u in partners})
        if not same:
            task_update(by=self.user, task=task, partner_units=partners, **fields)
            result.updated += 1
