from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.core.focus import focus_place
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from tuanjie.funds import selectors, services
from tuanjie.funds.filtersets import AllocationFilterSet, ExpenditureFilterSet, NeedFilterSet
from tuanjie.funds.forms import AllocationForm, ExpenditureForm, NeedForm
from tuanjie.funds.models import Allocation, Expenditure, FundNeed


class FundSummaryView(View):
    """经费概况: the focused place's money by source for a year, need, spending, balance and gap, by child place."""

    lede = _l("创建经费按地区汇总：下达、支出、结余和缺口")
    def get(self, request):
        place = focus_place(request)
        if place is None:
            raise Http404(_("没有可查看的地区或单位"))
        try:
            year = int(request.GET.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        years = sorted(set(selectors.years_with_funds(place)) | {timezone.localdate().year, year}, reverse=True)
        return render(request, "funds/summary.html", {
            "title": _("经费概况"), "place": place, "year": year, "years": years,
            "figures": selectors.fund_summary(place, year), "rollup": selectors.fund_rollup(place, year),
        })


# --- allocations -------------------------------------------------------------------------------------------

class AllocationListView(ObjectListView):
    lede = _l("各级下达的创建经费，按来源登记")
    model = Allocation
    filterset_class = AllocationFilterSet
    select_related = ("place",)
    create_url_name = "funds:allocation_add"
    search = False
    title = _l("经费落实")
    columns = [
        Column("year", _l("年度"), order_by="year"), Column("place.name", _l("落实到")),
        Column("source", _l("资金来源"), link=True), Column("amount", _l("金额（元）"), order_by="amount"),
        Column("for_site", _l("示范点补助")), Column("document_no", _l("文号")), Column("purpose", _l("用途")),
    ]


class AllocationDetailView(ObjectDetailView):
    model = Allocation
    edit_url_name = "funds:allocation_edit"
    delete_url_name = "funds:allocation_delete"
    fields = [Column("place", _l("落实到")), Column("year", _l("年度")), Column("source", _l("资金来源")),
              Column("amount", _l("金额（元）")), Column("for_site", _l("示范点建设补助")),
              Column("allocated_on", _l("下达/落实日期")), Column("document_no", _l("文号")),
              Column("purpose", _l("用途")), Column("recorded_by", _l("登记人"))]


class AllocationEditView(ObjectEditView):
    model = Allocation
    form_class = AllocationForm
    create_service = services.allocation_create
    update_service = services.allocation_update

    def perform_save(self, form, obj):
        if obj is None:
            return self.create_service(by=self.request.user, **form.service_fields())
        return self.update_service(by=self.request.user, allocation=obj, **form.service_fields())


class AllocationDeleteView(ObjectDeleteView):
    model = Allocation
    success_url_name = "funds:allocation_list"

    def perform_delete(self, obj):
        return services.allocation_delete(by=self.request.user, allocation=obj)


# --- needs -------------------------------------------------------------------------------------------------

class NeedListView(ObjectListView):
    lede = _l("各地区、单位申报的经费需求")
    model = FundNeed
    filterset_class = NeedFilterSet
    select_related = ("place",)
    create_url_name = "funds:need_add"
    search = False
    title = _l("经费需求")
    columns = [Column("year", _l("年度"), order_by="year"), Column("place.name", _l("地区/单位")),
               Column("purpose", _l("用途"), link=True), Column("amount", _l("需求金额（元）"), order_by="amount")]


class NeedDetailView(ObjectDetailView):
    model = FundNeed
    edit_url_name = "funds:need_edit"
    delete_url_name = "funds:need_delete"
    fields = [Column("place", _l("地区/单位")), Column("year", _l("年度")), Column("amount", _l("需求金额（元）")),
              Column("purpose", _l("用途")), Column("recorded_by", _l("登记人"))]


class NeedEditView(ObjectEditView):
    model = FundNeed
    form_class = NeedForm
    create_service = services.need_create
    update_service = services.need_update

    def perform_save(self, form, obj):
        if obj is None:
            return self.create_service(by=self.request.user, **form.service_fields())
        return self.update_service(by=self.request.user, need=obj, **form.service_fields())


class NeedDeleteView(ObjectDeleteView):
    model = FundNeed
    success_url_name = "funds:need_list"

    def perform_delete(self, obj):
        return services.need_delete(by=self.request.user, need=obj)


# --- expenditures ------------------------------------------------------------------------------------------

class ExpenditureListView(ObjectListView):
    lede = _l("创建经费的每笔支出及用途")
    model = Expenditure
    filterset_class = ExpenditureFilterSet
    select_related = ("place",)
    create_url_name = "funds:expenditure_add"
    search = False
    title = _l("经费支出")
    columns = [Column("spent_on", _l("支出日期"), order_by="spent_on"), Column("place.name", _l("地区/单位")),
               Column("purpose", _l("用途"), link=True), Column("source", _l("资金来源")),
               Column("amount", _l("金额（元）"), order_by="amount")]


class ExpenditureDetailView(ObjectDetailView):
    model = Expenditure
    template_name = "funds/expenditure_detail.html"
    edit_url_name = "funds:expenditure_edit"
    delete_url_name = "funds:expenditure_delete"
    fields = [Column("place", _l("地区/单位")), Column("spent_on", _l("支出日期")), Column("amount", _l("金额（元）")),
              Column("source", _l("资金来源")), Column("purpose", _l("用途")), Column("activity", _l("对应活动")),
              Column("recorded_by", _l("登记人"))]


class ExpenditureEditView(ObjectEditView):
    model = Expenditure
    form_class = ExpenditureForm
    create_service = services.expenditure_create
    update_service = services.expenditure_update

    def perform_save(self, form, obj):
        files = self.request.FILES.getlist("files")
        if obj is None:
            return self.create_service(by=self.request.user, files=files, **form.service_fields())
        return self.update_service(by=self.request.user, expenditure=obj, files=files, **form.service_fields())


class ExpenditureDeleteView(ObjectDeleteView):
    model = Expenditure
    success_url_name = "funds:expenditure_list"

    def perform_delete(self, obj):
        return services.expenditure_delete(by=self.request.user, expenditure=obj)
