"""Excel/CSV import of activities: the same form as the add page, one transaction, every bad row named."""

from tuanjie.activities.forms import ActivityImportForm
from tuanjie.activities.models import ActivityKind
from tuanjie.activities.services import activity_create
from tuanjie.core.imports import ImportResult, TabularImporter

HEADERS = {
    "开展单位（代码或名称）": "unit",
    "开始日期": "start_date",
    "结束日期": "end_date",
    "活动类型": "kind_label",
    "活动名称": "title",
    "参加人数": "participants",
    "活动地点": "location",
    "活动产出": "output_text",
    "产出数量": "output_quantity",
    "创建领域": "creation_field_name",
    "活动内容": "description",
}
REQUIRED = ("开展单位（代码或名称）", "开始日期", "活动类型", "活动名称")

EXAMPLE = ["团结县第一中学", "2026-05-12", "", "宣讲", "开展民族团结进步宣传月主题宣讲", 320, "学校报告厅",
           "宣传手册500册", 500, "", "邀请县委宣讲团成员为全校师生宣讲党的民族政策"]

NOTES = [
    "一行一个活动，不要改动第一行表头；示例行导入前请删除。",
    "开展单位：填单位代码或系统中的完整名称，只能是您管辖范围内的单位。",
    "日期：如 2026-05-12；结束日期一天内结束的可不填。活动台账只登记已开展的活动，日期不能晚于今天。",
    "活动类型可填：" + "、".join(str(label).split("（")[0] for _code, label in ActivityKind.choices) + "。",
    "创建领域不填则取该单位的创建领域。参加人数、产出数量填整数。",
    "文件中任何一行有错，整个文件都不会导入；系统会列出每一行的问题，改正后重新上传即可。",
]


class ActivityImporter(TabularImporter):
    columns = HEADERS
    required_headers = REQUIRED
    form_class = ActivityImportForm

    def save_row(self, form, result: ImportResult) -> None:
        fields = form.service_fields()
        activity_create(user=self.user, **fields)
        result.created += 1
