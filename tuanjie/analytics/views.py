"""Dashboard pages. The place is the focused place (or a child chosen to drill down, which becomes the focus);
it is always looked up through `restrict`, so nobody opens a place outside their reach."""

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.agreements.selectors import inclusion_summary
from tuanjie.analytics import hooks, links, selectors, services
from tuanjie.analytics.forms import CountableDefinitionForm
from tuanjie.analytics.fragments import cached
from tuanjie.analytics.models import CountableDefinition
from tuanjie.analytics.routers import reading_from_replica
from tuanjie.core.focus import breadcrumb, focus_place, set_focus
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView


def _place_from(request):
    from tuanjie.places.models import Place

    place_id = request.GET.get("place")
    if place_id:
        place = (Place.objects.restrict(request.user).select_related("level", "creation_field")
                 .filter(pk=place_id if str(place_id).isdigit() else 0).first())
        if place is None:
            raise Http404(_("没有找到该地区/单位，或您无权查看"))
        set_focus(request, place)
        return place
    place = focus_place(request)
    if place is None:
        raise Http404(_("您还没有可查看的地区/单位"))
    return place


TILES = ("tasks", "rectifications", "funds", "distance", "inclusions", "quizzes")


class DashboardView(View):
    lede = _l("本地区创建工作的主要数字、趋势和下级排名，点击下级名称逐级查看")
    template_name = "analytics/dashboard.html"

    def get(self, request):
        place = _place_from(request)
        today = date.today()
        span = selectors.Span.parse(request.GET.get("period"), today)

        def drill(child):
            return reverse("analytics:dashboard") + f"?place={child.pk}&period={span.code}"

        def build():
            return selectors.dashboard(place, span, link=links.records_link, drill=drill)

        def tiles():
            inclusions = inclusion_summary(place, span.start.year)   # 五个纳入: areas below with every item in
            return {
                "tasks": hooks.plan_task_figures(place, today=today),
                "rectifications": hooks.rectification_figures(place, start=span.start, end=span.end),
                "funds": hooks.funds_figures(place, year=span.start.year),
                "distance": hooks.distance_tile(place, today=today),
                "inclusions": inclusions if inclusions.areas else None,
                "quizzes": hooks.quiz_figures(place, start=span.start, end=span.end),
            }

        with reading_from_replica():
            fragments, board, shown = cached(place, span, request.user, build=build, tiles=tiles, today=today)
        crumbs = breadcrumb(request, place)
        # A cached page computes neither board nor tiles; whoever reads them anyway (a test) gets them computed.
        if shown is None:
            later = SimpleLazyObject(tiles)
            shown = {name: SimpleLazyObject(lambda name=name: later[name]) for name in TILES}
        return render(request, self.template_name, {
            **shown, "title": _("统计分析"), "place": place, "board": board or SimpleLazyObject(build),
            "span": span, "fragments": fragments, "chart": fragments["chart"], "crumbs": crumbs,
            "parent_url": self._parent_url(crumbs, span),
        })

    def _parent_url(self, crumbs, span):
        if len(crumbs) >= 2:
            return reverse("analytics:dashboard") + f"?place={crumbs[-2].pk}&period={span.code}"
        return ""


class LaggingView(View):
    """The lagging-units panel, loaded after the page (HTMX): it reads the other apps' raw rows (quota standing,
    overdue tasks and rectifications), so the figures above never wait for it."""

    lede = _l("长期没有开展活动或规定动作未完成的单位")
    def get(self, request):
        place = _place_from(request)
        template = "analytics/partials/lagging.html" if request.htmx else "analytics/lagging.html"
        return render(request, template, {"lagging": hooks.lagging_panel(place, today=date.today()), "place": place,
                                          "title": _("落后单位")})


class RecordsView(View):
    """A figure's link: focus the figure's place, then open the records list filtered to the figure."""

    lede = _l("统计数字背后的具体记录")
    def get(self, request):
        place = _place_from(request)
        span = selectors.Span.parse(request.GET.get("period"), date.today())
        extra = {k: v for k, v in request.GET.items() if k in {"creation_field"}}
        url = links.forward_url(request.GET.get("key", ""), span, extra)
        if not url:
            messages.info(request, _("该项统计的明细列表尚未开放"))
            return redirect(reverse("analytics:dashboard") + f"?place={place.pk}&period={span.code}")
        return redirect(url)


# ------------------------------------------------------------------------------------- countables offices define
def _field_name(definition) -> str:
    return definition.creation_field.name if definition.creation_field_id else _("全部领域")


class CountableListView(ObjectListView):
    lede = _l("本地区自定义的计数项目，可用于规定动作、指标和统计")
    model = CountableDefinition
    select_related = ("place", "creation_field")
    create_url_name = "analytics:countable_add"
    search = False
    columns = [
        Column("name", _l("名称"), link=True, order_by="name"),
        Column("source_label", _l("统计什么")),
        Column("field", _l("创建领域"), value=_field_name),
        Column("place", _l("适用地区（含下级）")),
        Column("key", _l("代码（导入考核指标时填写）")),
    ]


class CountableDetailView(ObjectDetailView):
    lede = _l("一个计数项目：统计什么、限定哪个创建领域")
    model = CountableDefinition
    edit_url_name = "analytics:countable_edit"
    delete_url_name = "analytics:countable_delete"
    fields = [Column("name", _l("名称")), Column("source_label", _l("统计什么")),
              Column("field", _l("创建领域"), value=_field_name), Column("place", _l("适用地区（含下级）")),
              Column("key", _l("代码"))]


class CountableEditView(ObjectEditView):
    model = CountableDefinition
    form_class = CountableDefinitionForm
    create_service = services.countable_define
    update_service = services.countable_update

    def perform_save(self, form, obj):
        data = dict(form.cleaned_data)
        if obj is None:
            return self.create_service(by=self.request.user, **data)
        data.pop("place", None)
        return self.update_service(by=self.request.user, definition=obj, **data)


class CountableDeleteView(ObjectDeleteView):
    model = CountableDefinition
    success_url_name = "analytics:countable_list"

    def perform_delete(self, obj):
        return services.countable_delete(by=self.request.user, definition=obj)
