from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.activities import services
from tuanjie.activities.filtersets import ActivityFilterSet
from tuanjie.activities.forms import QUICK_FIELDS, ActivityForm, KindDefinitionForm
from tuanjie.activities.importers import EXAMPLE, HEADERS, NOTES, ActivityImporter
from tuanjie.activities.models import Activity, KindDefinition
from tuanjie.activities.selectors import LIST_RELATED
from tuanjie.attachments.resumable import files_from
from tuanjie.core.spreadsheets import template_response
from tuanjie.core.tables import Column
from tuanjie.core.views import ImportView, ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

COLUMNS = [
    Column("date_text", _l("日期"), order_by="start_date"),
    Column("place.name", _l("开展单位")),
    Column("kind_label", _l("类型")),
    Column("title", _l("活动名称"), link=True),
    Column("participants", _l("参加人数"), order_by="participants"),
    Column("output_display", _l("活动产出")),
]
# The export carries the import's own columns, so an exported ledger can be corrected and imported again.
EXPORT_COLUMNS = [
    Column("place.code", "开展单位（代码或名称）", value=lambda a: a.place.code or a.place.name),
    Column("start_date", "开始日期"),
    Column("end_date", "结束日期"),
    Column("kind_label", "活动类型"),
    Column("title", "活动名称"),
    Column("participants", "参加人数"),
    Column("location", "活动地点"),
    Column("output_text", "活动产出"),
    Column("output_quantity", "产出数量"),
    Column("creation_field.name", "创建领域"),
    Column("description", "活动内容"),
    Column("place.name", "单位名称"),
]
assert [c.label for c in EXPORT_COLUMNS[:-1]] == list(HEADERS)


class ActivityListView(ObjectListView):
    lede = _l("各单位开展的创建活动，可按时间、类型、领域筛选，导出Excel")
    empty_hint = _l("每次开展宣讲、培训、节庆等活动后登记一条，附上照片；规定动作的完成次数从这里自动统计。")
    model = Activity
    template_name = "activities/activity_list.html"
    partial_template_name = "activities/partials/activity_table.html"
    filterset_class = ActivityFilterSet
    select_related = LIST_RELATED
    create_url_name = "activities:activity_add"
    import_url_name = "activities:activity_import"
    columns = COLUMNS
    paginate_by = 30

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            self.columns = EXPORT_COLUMNS
        return super().get(request, *args, **kwargs)


class ActivityDetailView(ObjectDetailView):
    lede = _l("一次活动的时间、地点、参加人数、产出和照片")
    model = Activity
    template_name = "activities/activity_detail.html"
    edit_url_name = "activities:activity_edit"
    delete_url_name = "activities:activity_delete"
    fields = [
        Column("place", _l("开展单位")), Column("date_text", _l("日期")), Column("kind_label", _l("活动类型")),
        Column("creation_field", _l("创建领域")), Column("plan_task", _l("对应重点任务")),
        Column("location", _l("活动地点")), Column("education_base", _l("参观的教育基地")),
        Column("participants", _l("参加人数")), Column("output_text", _l("活动产出")), Column("output_quantity", _l("产出数量")),
        Column("description", _l("活动内容")), Column("recorded_by", _l("登记人")),
        Column("attendees", _l("本单位参加人员"),
               value=lambda a: "、".join(p.full_name or p.username for p in a.attendees.all())),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("place", "creation_field", "plan_task", "recorded_by")


class ActivityEditView(ObjectEditView):
    model = Activity
    form_class = ActivityForm
    template_name = "activities/activity_form.html"
    create_service = services.activity_create
    update_service = services.activity_update

    def render_form(self, form, obj):
        quick = [form[name] for name in QUICK_FIELDS if name in form.fields]
        more = [field for field in form.visible_fields() if field.name not in QUICK_FIELDS]   # hidden ones render once, above
        return render(self.request, self.template_name, {
            "form": form, "object": obj, "quick_fields": quick, "more_fields": more,
            "title": _("修改活动") if obj else _("登记活动"),
        })

    def perform_save(self, form, obj):
        fields = form.service_fields()
        files = files_from(self.request, "photos")   # large ones may have gone ahead (resumable.py)
        if obj is None:
            return self.create_service(by=self.request.user, files=files, **fields)
        return self.update_service(by=self.request.user, activity=obj, files=files, **fields)


class ActivityDeleteView(ObjectDeleteView):
    model = Activity
    success_url_name = "activities:activity_list"

    def perform_delete(self, obj):
        return services.activity_delete(by=self.request.user, activity=obj)


class ActivityImportView(ImportView):
    model = Activity
    importer_class = ActivityImporter
    title = _l("导入活动台账")
    template_url_name = "activities:activity_import_template"
    success_url_name = "activities:activity_list"


def import_template(request):
    from tuanjie.activities.models import ActivityKind
    from tuanjie.places.models import CreationField

    return template_response("活动台账导入模板.xlsx", list(HEADERS), EXAMPLE, NOTES, lookups={
        "活动类型": ActivityKind.by_short_label(),
        "创建领域": CreationField.objects.filter(is_active=True).values_list("name", flat=True)})


# ------------------------------------------------------------------------------------------ kinds offices add
class KindListView(ObjectListView):
    lede = _l("本地区在全国活动类型之外增加的类型，适用于本地区及下级；已使用的类型只能停用，不能改名")
    model = KindDefinition
    select_related = ("place",)
    create_url_name = "activities:kind_add"
    search = False
    columns = [
        Column("label", _l("类型名称"), link=True, order_by="label"),
        Column("place", _l("适用地区（含下级）")),
        Column("is_archived", _l("已停用")),
    ]


class KindDetailView(ObjectDetailView):
    lede = _l("一种活动类型：由哪一级增加，适用范围，已登记的活动数")
    model = KindDefinition
    edit_url_name = "activities:kind_edit"
    delete_url_name = "activities:kind_delete"
    fields = [Column("label", _l("类型名称")), Column("place", _l("适用地区（含下级）")),
              Column("is_archived", _l("已停用"))]


class KindEditView(ObjectEditView):
    model = KindDefinition
    form_class = KindDefinitionForm
    create_service = services.kind_create
    update_service = services.kind_update

    def perform_save(self, form, obj):
        data = form.cleaned_data
        if obj is None:
            return self.create_service(by=self.request.user, place=data["place"], label=data["label"])
        return self.update_service(by=self.request.user, kind=obj, label=data["label"],
                                   is_archived=data["is_archived"])


class KindDeleteView(ObjectDeleteView):
    model = KindDefinition
    success_url_name = "activities:kind_list"

    def perform_delete(self, obj):
        return services.kind_delete(by=self.request.user, kind=obj)
