"""Excel/CSV import of activities: the same checks as the add page, one transaction, every bad row named.

Files run to a hundred thousand rows, so the rows are checked in memory against the units, kinds and creation
fields the file names (loaded once) and written in bulk; see BulkTabularImporter."""

from django.utils import timezone

from tuanjie.activities.forms import ActivityImportForm, ActivityImportLookups
from tuanjie.activities.models import Activity, ActivityKind
from tuanjie.activities.services import activity_bulk_create, activity_check
from tuanjie.core.bulk import instance
from tuanjie.core.imports import BulkTabularImporter, ImportResult, ModelChecks

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
    "活动类型可填：" + "、".join(ActivityKind.by_short_label()) + "，或本地区创建办自定义的类型名称。",
    "创建领域不填则取该单位的创建领域。参加人数、产出数量填整数。",
    "文件中任何一行有错，整个文件都不会导入；系统会列出每一行的问题，改正后重新上传即可。",
]


_PLACE = Activity._meta.get_field("place")


class ActivityImporter(BulkTabularImporter):
    columns = HEADERS
    required_headers = REQUIRED
    form_class = ActivityImportForm
    model_fields = ActivityImportForm._meta.fields

    def prepare(self, rows) -> None:
        self.lookups = ActivityImportLookups(self.user)
        self.lookups.preload(units=(data["unit"] for _n, data in rows),
                             field_names=(data["creation_field_name"] for _n, data in rows))
        self.today = timezone.localdate()

    def make_form(self):
        form = self.form_class(user=self.user, lookups=self.lookups)
        # The rest of full_clean: the foreign keys need no check, their values come from the database.
        self.model_checks = ModelChecks(Activity, [*self.model_fields, "kind"], form.fields)
        return form

    def build_record(self, cleaned: dict, number: int) -> Activity:
        place, field = cleaned["unit"], cleaned["creation_field_name"]
        activity = instance(Activity, {
            "place_id": place.pk, "kind": cleaned["kind_label"],
            "creation_field_id": field.pk if field is not None else place.creation_field_id,
            **{name: cleaned[name] for name in self.model_fields}})
        _PLACE.set_cached_value(activity, place)  # the change log reads the unit's path
        self.model_checks(activity)
        activity_check(activity, self.today, self.lookups.kind_index)
        return activity

    def save_records(self, records: list[Activity], result: ImportResult) -> None:
        activity_bulk_create(by=self.user, activities=records)
        result.created += len(records)
