"""Pages of the platform itself: home, the change log, health."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.core import recyclebin
from tuanjie.core.access import CHANGE, READERS, reach
from tuanjie.core.changelog_display import describe
from tuanjie.core.dates import when
from tuanjie.core.filtersets import ChangeLogFilterSet
from tuanjie.core.focus import focus_place
from tuanjie.core.models import ChangeLogEntry, DeletedRecord
from tuanjie.core.spreadsheets import xlsx_response
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDetailView, ObjectListView, RestrictedMixin


def home(request):
    from tuanjie.people.models import User
    from tuanjie.places.models import Place

    place = focus_place(request)
    ctx = {"place": place, "title": place.name if place else "团结"}
    if place is not None:
        subtree = Place.objects.subtree(place)
        ctx["counts"] = {
            "areas": subtree.areas().exclude(pk=place.pk).count(),
            "units": subtree.units().exclude(pk=place.pk).count(),
            "people": User.objects.filter(home_place__path__startswith=place.path).count(),
        }
        ctx["children"] = Place.objects.get_children(place).select_related("level", "creation_field")[:60]
        # Described as the change log pages describe them (a command is 系统, not its source code).
        ctx["recent_changes"] = describe(
            ChangeLogEntry.objects.restrict(request.user).filter(place_path__startswith=place.path)
            .select_related("content_type")[:8], with_values=False,
        )
    ctx["has_reach"] = bool(request.user.is_superuser or reach(request.user, READERS))
    return render(request, "core/home.html", ctx)


def healthz(request):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _shown(attr):
    return lambda e: getattr(e.shown, attr)


class ChangeLogListView(ObjectListView):
    """The log an office reads: entries are described in batches (core/changelog_display.py), the page's and
    each export chunk's, so the columns read ready Chinese text."""

    lede = _l("本地区所有记录的新增、修改和删除：谁、何时、改了什么")
    model = ChangeLogEntry
    select_related = ("content_type",)
    filterset_class = ChangeLogFilterSet
    template_name = "core/changelog_list.html"
    partial_template_name = "core/partials/changelog_table.html"
    search = False
    title = _l("变更记录")
    columns = [
        Column("time", _l("时间"), link=True, order_by="time", value=_shown("time")),
        Column("user_repr", _l("操作人"), value=_shown("person")),
        Column("source", _l("来源"), value=_shown("source")),
        Column("action", _l("操作"), value=_shown("action")),
        Column("content_type", _l("对象类型"), value=_shown("kind")),
        Column("object_repr", _l("对象"), value=_shown("record")),
        Column("changes", _l("修改内容"), value=_shown("summary")),
    ]

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            qs = self.get_queryset()
            headers = [str(c.label) for c in self.columns]
            return xlsx_response(f"{self.verbose_name()}.xlsx", headers, self._export_rows(qs), self.verbose_name())
        return super().get(request, *args, **kwargs)

    def _export_rows(self, qs):
        chunk = []
        for entry in qs.iterator(chunk_size=2000):
            chunk.append(entry)
            if len(chunk) == 2000:
                yield from ([c.text(e) for c in self.columns] for e in describe(chunk))
                chunk = []
        yield from ([c.text(e) for c in self.columns] for e in describe(chunk))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        describe(ctx["object_list"])
        return ctx


class ChangeLogDetailView(ObjectDetailView):
    model = ChangeLogEntry
    template_name = "core/changelog_detail.html"
    fields = [Column("time", _l("时间"), value=_shown("time")), Column("user_repr", _l("操作人"), value=_shown("person")),
              Column("source", _l("来源"), value=_shown("source")), Column("request_id", _l("请求编号")),
              Column("action", _l("操作"), value=_shown("action")), Column("content_type", _l("对象类型"),
              value=_shown("kind")), Column("object_repr", _l("对象"), value=_shown("record"))]

    def get_object(self):
        return describe([super().get_object()])[0]


def _local(name):
    return lambda r: when(getattr(r, name))


class DeletedListView(ObjectListView):
    """The recycle bin: what was deleted in the office's subtree and can still be restored."""

    lede = _l("删除的记录在这里保留一段时间，可以恢复")
    model = DeletedRecord
    select_related = ("content_type",)
    search = False
    title = _l("回收站")
    columns = [
        Column("deleted_at", _l("删除时间"), link=True, order_by="deleted_at", value=_local("deleted_at")),
        Column("content_type", _l("类型"), value=lambda r: r.model_name),
        Column("object_repr", _l("对象")),
        Column("summary", _l("一并删除")),
        Column("deleted_by_repr", _l("删除人")),
        Column("expires", _l("保留至"), value=_local("expires")),
    ]

    def get_queryset(self):
        return super().get_queryset().filter(restored_at__isnull=True)


class DeletedDetailView(ObjectDetailView):
    model = DeletedRecord
    template_name = "core/deleted_detail.html"
    fields = [Column("content_type", _l("类型"), value=lambda r: r.model_name), Column("object_repr", _l("对象")),
              Column("deleted_at", _l("删除时间"), value=_local("deleted_at")),
              Column("deleted_by_repr", _l("删除人")), Column("summary", _l("一并删除")),
              Column("expires", _l("保留至"), value=_local("expires")),
              Column("restored_at", _l("恢复时间"), value=lambda r: _local("restored_at")(r) if r.restored_at else "")]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["can_restore"] = obj.restored_at is None and DeletedRecord.objects.restrict(
            self.request.user, CHANGE).filter(pk=obj.pk).exists()
        return ctx


class DeletedRestoreView(RestrictedMixin, View):
    model = DeletedRecord
    action = CHANGE

    def post(self, request, pk):
        record = self.get_object()
        try:
            restored = recyclebin.record_restore(by=request.user, record=record)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(record.get_absolute_url())
        messages.success(request, _("已恢复：%(obj)s") % {"obj": restored})
        return redirect(restored.get_absolute_url() if hasattr(restored, "get_absolute_url") else "core:deleted_list")
