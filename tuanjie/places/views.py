from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.core.access import ADD, CHANGE, may
from tuanjie.core.focus import breadcrumb, set_focus
from tuanjie.core.spreadsheets import template_response, xlsx_response
from tuanjie.core.tables import Column
from tuanjie.core.views import ImportView, ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from tuanjie.places import services
from tuanjie.places.filtersets import PlaceFilterSet, UnitFilterSet
from tuanjie.places.forms import PlaceForm, PlaceMoveForm
from tuanjie.places.importers import HEADERS, PlaceImporter, export_rows
from tuanjie.places.models import Place

PLACE_COLUMNS = [
    Column("name", _l("名称"), link=True, order_by="name"),
    Column("type_label", _l("类型")),
    Column("code", _l("代码"), order_by="code"),
    Column("parent_name", _l("上级")),
    Column("numchild", _l("下级数"), order_by="numchild"),
]


class PlaceListView(ObjectListView):
    lede = _l("本地区及下级的行政区域和创建单位，点名称查看详情、切换到该地区工作")
    model = Place
    filterset_class = PlaceFilterSet
    columns = PLACE_COLUMNS
    create_url_name = "places:place_add"
    import_url_name = "places:place_import"
    select_related = ("level", "creation_field")
    title = _l("地区与单位")

    def get_queryset(self):
        return super().get_queryset().with_parent()

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return xlsx_response("地区与单位.xlsx", list(HEADERS), export_rows(self.get_queryset()), "地区与单位")
        return super().get(request, *args, **kwargs)


class UnitListView(PlaceListView):
    lede = _l("本地区的创建单位（学校、机关、企业、社区等），规定动作和覆盖率按这些单位统计")
    empty_hint = _l("创建单位可逐个新增，或用单位名单表格批量导入。")
    filterset_class = UnitFilterSet
    title = _l("创建单位")
    columns = [
        Column("name", _l("单位名称"), link=True, order_by="name"),
        Column("creation_field", _l("创建领域")),
        Column("parent_name", _l("所在地区")),
        Column("phone", _l("联系电话")),
    ]

    def get_queryset(self):
        return super().get_queryset().filter(kind=Place.Kind.UNIT)


class PlaceDetailView(ObjectDetailView):
    lede = _l("一个地区或单位的基本信息和下级；“在此工作”把页面切换到它")
    model = Place
    template_name = "places/place_detail.html"
    edit_url_name = "places:place_edit"
    delete_url_name = "places:place_delete"
    fields = [
        Column("type_label", _l("类型")),
        Column("code", _l("代码")),
        Column("creation_field.theme", _l("创建主题")),
        Column("address", _l("地址")),
        Column("phone", _l("联系电话")),
        Column("active_from", _l("启用日期")),
        Column("active_until", _l("撤并/停用日期")),
        Column("description", _l("简介")),
    ]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        user = self.request.user
        children = Place.objects.get_children(obj).select_related("level", "creation_field")
        ctx.update(
            focus_breadcrumb=breadcrumb(self.request, obj),
            children_areas=[c for c in children if c.is_area],
            children_units=[c for c in children if not c.is_area],
            can_add_child=may(user, ADD, Place, obj),
            can_move=may(user, CHANGE, Place, obj) and obj.depth > 1 and may(user, "delete", Place, obj),
            subtree_counts={
                "areas": Place.objects.subtree(obj).areas().count() - (1 if obj.is_area else 0),
                "units": Place.objects.subtree(obj).units().exclude(pk=obj.pk).count(),
            },
        )
        return ctx


class PlaceChildrenView(View):
    """HTMX: the children of a node, for expanding the tree in place."""

    def get(self, request, pk):
        place = Place.objects.restrict(request.user).filter(pk=pk).first()
        if place is None:
            raise Http404
        children = Place.objects.get_children(place).select_related("level", "creation_field")
        return render(request, "places/partials/tree_children.html", {"nodes": children})


class PlaceTreeView(View):
    lede = _l("地区和单位的层级关系，展开一级看下一级")
    def get(self, request):
        from tuanjie.core.focus import top_places

        return render(request, "places/tree.html", {"nodes": top_places(request.user), "title": _("区划树")})


class PlaceFocusView(View):
    """The place switcher: look at another place inside your reach."""

    def post(self, request, pk):
        place = Place.objects.restrict(request.user).filter(pk=pk).first()
        if place is None:
            raise Http404
        set_focus(request, place)
        return redirect(request.POST.get("next") or place.get_absolute_url())


class PlaceEditView(ObjectEditView):
    model = Place
    form_class = PlaceForm
    create_service = services.place_create
    update_service = services.place_update

    def get_form(self, obj, data=None, files=None):
        parent = None
        if obj is None and "parent" in self.request.GET:
            parent = Place.objects.restrict(self.request.user, ADD).filter(pk=self.request.GET["parent"]).first()
        return self.form_class(data=data, files=files, instance=obj, user=self.request.user, initial_parent=parent)

    def perform_save(self, form, obj):
        fields = {k: v for k, v in form.cleaned_data.items() if k != "parent"}
        if obj is None:
            return self.create_service(parent=form.cleaned_data["parent"], **fields)
        return self.update_service(place=obj, **fields)


class PlaceMoveView(View):
    template_name = "core/object_form.html"

    def _place(self, request, pk):
        place = Place.objects.restrict(request.user, "delete").filter(pk=pk).first()
        if place is None:
            raise Http404(_("没有找到，或您无权移动"))
        return place

    def get(self, request, pk):
        place = self._place(request, pk)
        form = PlaceMoveForm(user=request.user, place=place)
        return render(request, self.template_name, {"form": form, "title": _("移动“%(n)s”") % {"n": place.name}})

    def post(self, request, pk):
        place = self._place(request, pk)
        form = PlaceMoveForm(request.POST, user=request.user, place=place)
        if form.is_valid():
            try:
                place = services.place_move(place=place, new_parent=form.cleaned_data["new_parent"])
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, _("已移动“%(n)s”及其全部下级") % {"n": place.name})
                return redirect(place.get_absolute_url())
        return render(request, self.template_name, {"form": form, "title": _("移动“%(n)s”") % {"n": place.name}})


class PlaceDeleteView(ObjectDeleteView):
    model = Place
    success_url_name = "places:place_list"

    def perform_delete(self, obj):
        services.place_delete(place=obj)


class PlaceImportView(ImportView):
    model = Place
    importer_class = PlaceImporter
    title = _l("导入地区与单位")
    template_url_name = "places:place_import_template"
    success_url_name = "places:place_list"


def import_template(request):
    return template_response(
        "地区与单位导入模板.xlsx", list(HEADERS), ["520102001001", "团结村", "520102001000", "村"],
        notes=[
            "每行一个地区或创建单位。代码唯一：行政区域填12位统计用区划代码，创建单位可填统一社会信用代码或内部编码。",
            "上级代码：上级须已在系统中，或在本文件更靠前的行。",
            "类型：填行政层级名称（如 县、乡、村）或创建领域名称（如 机关、学校、企业）。",
            "已存在的代码会更新名称和类型；任何一行有错，整个文件都不会导入。",
        ],
    )
