"""Pages of the platform itself: home, the change log, health."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.access import READERS, reach
from tuanjie.core.focus import focus_place
from tuanjie.core.models import ChangeLogEntry
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDetailView, ObjectListView


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
        ctx["recent_changes"] = (
            ChangeLogEntry.objects.restrict(request.user).filter(place_path__startswith=place.path)
            .select_related("content_type")[:8]
        )
    ctx["has_reach"] = bool(request.user.is_superuser or reach(request.user, READERS))
    return render(request, "core/home.html", ctx)


def healthz(request):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class ChangeLogListView(ObjectListView):
    model = ChangeLogEntry
    select_related = ("content_type",)
    search = False
    title = _l("变更记录")
    columns = [
        Column("time", _l("时间"), link=True, order_by="time"),
        Column("user_repr", _l("操作人")),
        Column("source", _l("来源")),
        Column("action", _l("操作")),
        Column("content_type", _l("对象类型"), value=lambda e: e.content_type.model_class()._meta.verbose_name
               if e.content_type.model_class() else e.content_type.model),
        Column("object_repr", _l("对象")),
    ]


class ChangeLogDetailView(ObjectDetailView):
    model = ChangeLogEntry
    template_name = "core/changelog_detail.html"
    fields = [Column("time", _l("时间")), Column("user_repr", _l("操作人")), Column("source", _l("来源")),
              Column("request_id", _l("请求编号")), Column("action", _l("操作")), Column("object_repr", _l("对象"))]
