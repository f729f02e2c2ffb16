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
from tuanjie.core.filtersets import ChangeLogFilterSet, SecurityEventFilterSet
from tuanjie.core.focus import focus_place
from tuanjie.core.models import ChangeLogEntry, DeletedRecord, SecurityEvent
from tuanjie.core.spreadsheets import xlsx_response
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDetailView, ObjectListView, RestrictedMixin


def home(request):
    """Each person's day: their main actions, what awaits them, and a section for each role they hold."""
    from django.utils import timezone

    from tuanjie.core import home as by_role
    from tuanjie.core import todo

    user = request.user
    place = focus_place(request)
    roles = by_role.roles_of(user)
    if user.is_superuser and not roles:
        roles = [by_role.Role.OFFICE]
    today = timezone.localdate()
    sections = by_role.sections(request, user, place, today, roles)
    return render(request, "core/home.html", {
        "place": place, "title": place.name if place else "团结", "today": today,
        "has_reach": bool(user.is_superuser or reach(user, READERS)),
        "actions": by_role.main_actions(roles), "sections": sections, "todo_groups": todo.groups(user, limit=5),
    })


def todo_list(request):
    """待办: every item awaiting this person's step, live (core/todo.py)."""
    from tuanjie.core import todo

    groups = todo.groups(request.user)
    return render(request, "core/todo.html", {"title": _("待办"), "groups": groups,
                                              "total": sum(g.count for g in groups)})


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


class SecurityEventListView(ObjectListView):
    """安全审计: sign-ins, refusals, exports and bulk reads of the people of the office's subtree, exportable."""

    lede = _l("本地区人员的登录、失败和锁定、双因素认证变更、拒绝访问、导出和批量读取；保留不少于六个月")
    model = SecurityEvent
    filterset_class = SecurityEventFilterSet
    search = False
    title = _l("安全事件")
    columns = [
        Column("at", _l("时间"), order_by="at", value=lambda e: when(e.at)),
        Column("kind", _l("事件")),
        Column("username", _l("登录名")),
        Column("place_name", _l("所在地区/单位")),
        Column("url", _l("地址")),
        Column("status", _l("状态码")),
        Column("ip", _l("IP 地址")),
        Column("request_id", _l("请求编号")),
        Column("detail", _l("说明")),
    ]
