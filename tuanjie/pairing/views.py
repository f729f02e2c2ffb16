"""Pages of the pairing programme. Lists, details and edits subclass the generic views; every household-bearing
queryset goes through the household `restrict`; a household's detail goes through `household_for_read`."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.attachments.resumable import files_from
from tuanjie.core.access import CHANGE, DELETE, VIEW, within
from tuanjie.core.focus import focus_place
from tuanjie.core.spreadsheets import template_response, xlsx_response
from tuanjie.core.tables import Column
from tuanjie.core.views import ImportView, ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from tuanjie.pairing import importers, selectors, services
from tuanjie.pairing.filtersets import ContactFilterSet, NeedFilterSet, PairFilterSet
from tuanjie.pairing.forms import (
    ContactForm,
    FestivalForm,
    GroupForm,
    GroupSummaryForm,
    HouseholdForm,
    NeedForm,
    NeedStepForm,
    PairForm,
    ProgrammeForm,
)
from tuanjie.pairing.models import (
    Contact,
    Festival,
    GroupSummary,
    Household,
    HouseholdReadLog,
    Need,
    Pair,
    PairingGroup,
    Programme,
)
from tuanjie.people.models import User


def _person(u) -> str:
    return (u.full_name or u.username) if u else ""


def _month_param(request) -> date:
    raw = request.GET.get("month", "")
    try:
        year, month = (int(x) for x in raw.split("-")[:2])
        return date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


# --- programmes and groups ----------------------------------------------------------------------------------------

class ProgrammeListView(ObjectListView):
    lede = _l("各单位开展的结对帮扶活动")
    model = Programme
    select_related = ("place",)
    create_url_name = "pairing:programme_add"
    search = False
    columns = [Column("place", _l("单位")), Column("name", _l("名称"), link=True),
               Column("started_on", _l("开始日期")), Column("contacts_per_month", _l("每户每月应联系次数"))]


class ProgrammeDetailView(ObjectDetailView):
    model = Programme
    template_name = "pairing/programme_detail.html"
    edit_url_name = "pairing:programme_edit"
    delete_url_name = "pairing:programme_delete"
    fields = [Column("place", _l("单位")), Column("started_on", _l("开始日期")), Column("ended_on", _l("结束日期")),
              Column("contacts_per_month", _l("每户每月应联系次数")), Column("overdue_days", _l("诉求办理时限（天）")),
              Column("reminder_day", _l("每月联系提醒日"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        month = _month_param(self.request)
        rows = selectors.ledger(obj.groups.all(), month)
        ctx.update(month=month, ledger_rows=rows, totals=selectors.ledger_totals(rows),
                   is_office=services.is_programme_office(self.request.user, obj),
                   quarter=(month.month - 1) // 3 + 1)
        return ctx


class ProgrammeEditView(ObjectEditView):
    model = Programme
    form_class = ProgrammeForm
    create_service = services.programme_create
    update_service = services.programme_update


class ProgrammeDeleteView(ObjectDeleteView):
    model = Programme
    success_url_name = "pairing:programme_list"


class GroupListView(ObjectListView):
    lede = _l("结对分组：每组的负责人、干部和结对户")
    model = PairingGroup
    select_related = ("programme__place", "leader")
    create_url_name = "pairing:group_add"
    import_url_name = "pairing:group_import"
    search = False
    columns = [Column("programme.place", _l("单位")), Column("name", _l("分组"), link=True),
               Column("leader", _l("分组负责人"))]


class GroupDetailView(ObjectDetailView):
    model = PairingGroup
    template_name = "pairing/group_detail.html"
    edit_url_name = "pairing:group_edit"
    delete_url_name = "pairing:group_delete"
    fields = [Column("programme", _l("结对帮扶活动")), Column("leader", _l("分组负责人"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["pairs"] = list(Pair.objects.restrict(self.request.user, VIEW).filter(group=obj).select_related(
            "cadre", "household"))
        selectors.households_read(self.request.user, [p.household for p in ctx["pairs"] if p.household],
                                  channel="group")
        ctx["pair_count"] = selectors.open_pair_count(obj)
        return ctx


class GroupEditView(ObjectEditView):
    model = PairingGroup
    form_class = GroupForm
    create_service = services.group_create
    update_service = services.group_update


class GroupDeleteView(ObjectDeleteView):
    model = PairingGroup
    success_url_name = "pairing:group_list"


# --- households ---------------------------------------------------------------------------------------------------

class HouseholdListView(ObjectListView):
    lede = _l("您有权查看的结对户；只有本单位创建办、结对干部和分组负责人能看到")
    empty_hint = _l("本单位创建办可逐户登记，或用结对名单表格一次导入结对户和结对关系。")
    model = Household
    select_related = ("programme__place",)
    create_url_name = "pairing:household_add"
    import_url_name = "pairing:household_import"
    columns = [Column("name", _l("户主姓名"), link=True), Column("address", _l("住址")),
               Column("size", _l("家庭人口")), Column("phone", _l("联系电话")),
               Column("programme.place", _l("单位")), Column("consent_on", _l("同意登记日期"))]

    def may_create(self) -> bool:
        from tuanjie.pairing.forms import editable_programmes

        return editable_programmes(self.request.user).exists()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if ctx["import_url_name"] and not importers.office_programmes(self.request.user).exists():
            ctx["import_url_name"] = None   # a group leader adds households, only the programme office imports
        selectors.households_read(self.request.user, ctx["object_list"], channel="list")
        return ctx

    def export(self, objects):
        return super().export(selectors.logged_household_rows(self.request.user, objects, channel="export"))


class HouseholdDetailView(ObjectDetailView):
    lede = _l("一户的基本情况、结对干部、联系记录和诉求")
    model = Household
    template_name = "pairing/household_detail.html"
    edit_url_name = "pairing:household_edit"
    fields = [Column("name", _l("户主姓名")), Column("phone", _l("联系电话")), Column("address", _l("住址")),
              Column("size", _l("家庭人口")), Column("consent_on", _l("同意登记日期")),
              Column("consent_method", _l("同意方式")), Column("programme", _l("结对帮扶活动"))]

    def get_object(self):
        household = selectors.household_for_read(self.request.user, self.kwargs["pk"])
        if household is None:
            raise Http404(_("没有找到，或您无权查看"))
        return household

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        user = self.request.user
        ctx["title"] = obj.name
        ctx["can_change"] = Household.objects.restrict(user, CHANGE).filter(pk=obj.pk).exists()
        ctx["can_erase"] = Household.objects.restrict(user, DELETE).filter(pk=obj.pk).exists()
        ctx["pairs"] = Pair.objects.restrict(user, VIEW).filter(household=obj).select_related("cadre", "group")
        ctx["contacts"] = Contact.objects.restrict(user, VIEW).filter(pair__household=obj)[:20]
        ctx["needs"] = Need.objects.restrict(user, VIEW).filter(pair__household=obj)
        return ctx


class HouseholdEditView(ObjectEditView):
    model = Household
    form_class = HouseholdForm
    create_service = services.household_create
    update_service = services.household_update


class HouseholdEraseView(LoginRequiredMixin, View):
    """The household withdrew: erase it (personal fields and texts go; anonymous counts stay)."""

    def _household(self):
        obj = Household.objects.restrict(self.request.user, DELETE).filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404(_("没有找到，或您无权删除"))
        return obj

    def get(self, request, pk):
        return render(request, "pairing/household_erase.html", {"object": self._household(),
                                                                  "title": _("结对户退出并删除信息")})

    def post(self, request, pk):
        obj = self._household()
        services.household_erase(by=request.user, household=obj)
        messages.success(request, _("已删除该户的个人信息，统计数字保留"))
        return redirect("pairing:household_list")


class HouseholdPairImportView(ImportView):
    model = Household
    importer_class = importers.HouseholdPairImporter
    options_form_class = importers.PairImportOptionsForm
    title = _l("导入结对户与结对关系")
    template_url_name = "pairing:household_import_template"
    success_url_name = "pairing:household_list"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not importers.office_programmes(request.user).exists():
            raise PermissionDenied(_("只有开展结对帮扶活动单位的工作人员可以导入结对户和结对关系"))
        return super().dispatch(request, *args, **kwargs)


class PairingGroupImportView(ImportView):
    model = PairingGroup
    importer_class = importers.PairingGroupImporter
    options_form_class = importers.PairImportOptionsForm
    title = _l("导入结对分组")
    template_url_name = "pairing:group_import_template"
    success_url_name = "pairing:group_list"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not importers.office_programmes(request.user).exists():
            raise PermissionDenied(_("只有开展结对帮扶活动单位的工作人员可以导入结对分组"))
        return super().dispatch(request, *args, **kwargs)


def group_import_template(request):
    return template_response("结对分组导入模板.xlsx", list(importers.GROUP_HEADERS), importers.GROUP_EXAMPLE,
                             importers.GROUP_NOTES)


def household_import_template(request):
    return template_response("结对户与结对关系导入模板.xlsx", list(importers.HEADERS), importers.EXAMPLE,
                             importers.NOTES, lookups={"同意方式": list(importers.METHODS)})


# --- pairs and the contact card -----------------------------------------------------------------------------------

class PairListView(ObjectListView):
    lede = _l("干部与结对户的结对关系")
    model = Pair
    filterset_class = PairFilterSet
    select_related = ("cadre", "household", "group", "unit")
    create_url_name = "pairing:pair_add"
    search = False
    columns = [Column("cadre", _l("结对干部")),
               Column("household.name", _l("结对户"), link=True,
                      value=lambda p: p.household.name if p.household else _("（已退出）")),
               Column("group", _l("分组")), Column("unit", _l("单位")),
               Column("paired_on", _l("结对日期")), Column("ended_on", _l("结束日期"))]

    def may_create(self) -> bool:
        from tuanjie.pairing.forms import editable_groups

        return editable_groups(self.request.user).exists()


class PairAddView(LoginRequiredMixin, View):
    """A group leader pairs a cadre with one or more households in one go (all or nothing)."""

    def get(self, request):
        return self.render(PairForm(user=request.user))

    def render(self, form):
        return render(self.request, "core/object_form.html", {"form": form, "title": _("建立结对关系")})

    def post(self, request):
        form = PairForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                from django.db import transaction

                with transaction.atomic():
                    for household in form.cleaned_data["households"]:
                        services.pair_create(by=request.user, group=form.cleaned_data["group"],
                                             cadre=form.cleaned_data["cadre"], household=household,
                                             paired_on=form.cleaned_data["paired_on"])
            except (ValidationError, PermissionDenied) as exc:
                for message in getattr(exc, "messages", [str(exc)]):
                    form.add_error(None, message)
            else:
                messages.success(request, _("已建立结对关系"))
                return redirect("pairing:group_detail", form.cleaned_data["group"].pk)
        return self.render(form)


class PairCardView(LoginRequiredMixin, View):
    """The contact card (连心卡): print-friendly."""

    def get(self, request, pk):
        pair = Pair.objects.restrict(request.user, VIEW).select_related(
            "cadre", "household", "group__programme__place").filter(pk=pk).first()
        if pair is None:
            raise Http404(_("没有找到，或您无权查看"))
        if pair.household is not None:
            selectors.household_for_read(request.user, pair.household_id, channel="card")
        return render(request, "pairing/pair_card.html", {"pair": pair, "title": _("连心卡")})


class PairEndView(LoginRequiredMixin, View):
    def post(self, request, pk):
        pair = Pair.objects.restrict(request.user, CHANGE).filter(pk=pk).first()
        if pair is None:
            raise Http404
        try:
            services.pair_end(by=request.user, pair=pair, ended_on=timezone.localdate())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("pairing:group_detail", pair.group_id)


# --- contacts -----------------------------------------------------------------------------------------------------

class ContactListView(ObjectListView):
    lede = _l("结对干部与群众的每次联系：走访、电话、微信、聚会")
    empty_hint = _l("结对干部每次走访、电话或微信联系后记一笔。")
    model = Contact
    filterset_class = ContactFilterSet
    select_related = ("pair__cadre", "pair__household", "group")
    create_url_name = "pairing:contact_add"
    search = False
    columns = [Column("date", _l("日期"), link=True, order_by="date"), Column("form", _l("联系方式")),
               Column("pair.cadre", _l("结对干部")),
               Column("pair.household", _l("结对户"),
                      value=lambda c: c.pair.household.name if c.pair.household else _("（已退出）")),
               Column("topic", _l("交流内容")), Column("deeds", _l("办好事实事")), Column("cost", _l("花费（元）"))]


class ContactDetailView(ObjectDetailView):
    model = Contact
    template_name = "pairing/contact_detail.html"
    edit_url_name = "pairing:contact_edit"
    fields = [Column("date", _l("日期")), Column("form", _l("联系方式")), Column("pair.cadre", _l("结对干部")),
              Column("pair.household", _l("结对户"),
                     value=lambda c: c.pair.household.name if c.pair.household else _("（已退出）")),
              Column("topic", _l("交流内容")), Column("deeds", _l("办好事实事")), Column("cost", _l("花费（元）")),
              Column("recorded_by", _l("记录人"))]


class ContactEditView(ObjectEditView):
    model = Contact
    form_class = ContactForm
    template_name = "pairing/contact_form.html"
    create_service = services.contact_record_with_needs
    update_service = services.contact_update

    def service_fields(self, form) -> dict:
        fields = dict(form.cleaned_data)
        fields.pop("photos", None)
        fields["files"] = files_from(self.request, "photos")   # large ones may have gone ahead (resumable.py)
        if not form.instance.pk:
            fields["needs"] = form.need_rows()
        return fields

    def success_url(self, saved) -> str:
        from django.urls import reverse

        return reverse("pairing:my_pairs")


# --- needs --------------------------------------------------------------------------------------------------------

class NeedListView(ObjectListView):
    lede = _l("群众提出的诉求和办理情况，办不了的可逐级上报")
    empty_hint = _l("记录联系时可一并登记群众提出的诉求。")
    model = Need
    filterset_class = NeedFilterSet
    select_related = ("pair__cadre", "pair__household", "group")
    create_url_name = "pairing:need_add"
    search = False
    columns = [Column("raised_on", _l("提出日期"), link=True, order_by="raised_on"),
               Column("category", _l("类别")), Column("state", _l("办理状态")),
               Column("pair.household", _l("结对户"),
                      value=lambda n: n.pair.household.name if n.pair.household else _("（已退出）")),
               Column("pair.cadre", _l("结对干部")), Column("group", _l("分组")),
               Column("description", _l("诉求内容")), Column("resolved_on", _l("办结日期"))]


class NeedDetailView(ObjectDetailView):
    lede = _l("一项诉求的内容和每一步办理记录")
    model = Need
    template_name = "pairing/need_detail.html"
    fields = [Column("category", _l("类别")), Column("state", _l("办理状态")), Column("raised_on", _l("提出日期")),
              Column("pair.household", _l("结对户"),
                     value=lambda n: n.pair.household.name if n.pair.household else _("（已退出）")),
              Column("pair.cadre", _l("结对干部")), Column("group", _l("分组")),
              Column("group.leader", _l("分组负责人")), Column("description", _l("诉求内容")),
              Column("resolved_on", _l("办结日期")), Column("resolution", _l("办理结果/说明"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["steps"] = obj.steps.select_related("by")
        ctx["transitions"] = services.transitions_for(self.request.user, obj)
        ctx["step_form"] = NeedStepForm()
        return ctx


class NeedEditView(ObjectEditView):
    model = Need
    form_class = NeedForm
    create_service = services.need_raise
    update_service = services.need_update


class NeedTransitionView(LoginRequiredMixin, View):
    def post(self, request, pk, action):
        need = Need.objects.restrict(request.user, VIEW).filter(pk=pk).first()
        if need is None:
            raise Http404(_("没有找到，或您无权查看"))
        form = NeedStepForm(request.POST)
        form.is_valid()
        try:
            services.need_transition(by=request.user, need=need, action=action,
                                     note=form.cleaned_data.get("note", ""))
        except ValidationError as exc:   # a refusal (PermissionDenied) is a 403 with its reason
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已办理"))
        return redirect("pairing:need_detail", pk)


# --- the cadre's own page (phone) ----------------------------------------------------------------------------------

class MyPairsView(LoginRequiredMixin, View):
    lede = _l("您联系的结对户：上次联系是什么时候，点一下即可记录本次联系")
    def get(self, request):
        pairs = list(selectors.my_pairs(request.user))
        selectors.households_read(request.user, [p.household for p in pairs], channel="mine")
        start, end = selectors.month_bounds(timezone.localdate())
        done = selectors.pairs_contacted(pairs, start, end)
        open_needs = Need.objects.restrict(request.user, VIEW).filter(state__in=Need.OPEN_STATES).select_related(
            "pair__household")
        return render(request, "pairing/my_pairs.html", {
            "title": _("我的结对户"), "pairs": [(p, p.pk in done) for p in pairs], "open_needs": open_needs})


# --- ledgers, review, one-person-one-file, counts -----------------------------------------------------------------

class LedgerView(LoginRequiredMixin, View):
    """The monthly ledger of every group the reader may see (counts only), with an Excel export."""

    lede = _l("本组每户本月的联系情况，未联系的标出")
    def get(self, request):
        month = _month_param(request)
        groups = PairingGroup.objects.restrict(request.user, VIEW)
        place = focus_place(request)
        if place is not None:
            groups = groups.filter(within(place, "programme__place"))
        if request.GET.get("programme"):
            groups = groups.filter(programme_id=request.GET["programme"])
        rows = selectors.ledger(groups.order_by("programme__place__path", "name"), month)
        if request.GET.get("export") == "xlsx":
            return xlsx_response(f"结对帮扶台账{month:%Y-%m}.xlsx", selectors.LEDGER_HEADERS,
                                 (selectors.ledger_row_values(r) for r in rows), f"{month:%Y-%m}")
        return render(request, "pairing/ledger.html", {
            "title": _("结对帮扶月度台账"), "month": month, "rows": rows, "totals": selectors.ledger_totals(rows),
            "querystring": request.GET.urlencode()})


class ReviewView(LoginRequiredMixin, View):
    def get(self, request, pk):
        programme = Programme.objects.restrict(request.user, VIEW).select_related("place").filter(pk=pk).first()
        if programme is None:
            raise Http404(_("没有找到，或您无权查看"))
        today = timezone.localdate()
        try:
            year = int(request.GET.get("year", today.year))
            quarter = min(max(int(request.GET.get("quarter", (today.month - 1) // 3 + 1)), 1), 4)
        except ValueError:
            year, quarter = today.year, (today.month - 1) // 3 + 1
        review = selectors.quarterly_review(programme, year, quarter)
        return render(request, "pairing/review.html", {"title": _("季度点评会材料"), **review})


class CadreComplianceView(LoginRequiredMixin, View):
    """Per person: every cadre paired with the programme's minimum of households and every household met as often
    as it asks this month. Names for the programme office and the group leaders; counts for upper levels."""
    lede = _l("每名结对干部是否结对够户数、本月是否联系了每一户；只有本项目创建办和分组负责人能看到姓名")

    def get(self, request, pk):
        programme = Programme.objects.restrict(request.user, VIEW).select_related("place").filter(pk=pk).first()
        if programme is None:
            raise Http404(_("没有找到，或您无权查看"))
        month = _month_param(request)
        counts, standings = selectors.cadre_compliance(request.user, programme, month)
        if request.GET.get("short"):
            standings = [s for s in standings if s.is_short]
        return render(request, "pairing/cadre_compliance.html", {
            "title": _("干部结对与联系达标情况"), "programme": programme, "month": month, "counts": counts,
            "standings": standings, "names": bool(selectors.cadre_names_visible_to(request.user, programme))})


class CadreFileView(LoginRequiredMixin, View):
    """一人一档: the cadre themselves, their group leader and the programme office may open it."""

    lede = _l("一名结对干部全年的联系和所办实事（一人一档）")
    def get(self, request, user_id=None):
        cadre = request.user if user_id is None else get_object_or_404(User, pk=user_id)
        if cadre != request.user and not request.user.is_superuser and not Pair.objects.restrict(
                request.user, VIEW).filter(cadre=cadre).exists():
            raise Http404(_("没有找到，或您无权查看"))
        try:
            year = int(request.GET.get("year", timezone.localdate().year))
        except ValueError:
            year = timezone.localdate().year
        data = selectors.cadre_file(cadre, year, viewer=request.user)
        selectors.households_read(request.user, [e["pair"].household for e in data.pairs
                                                 if e["shown"] and e["pair"].household], channel="file")
        return render(request, "pairing/cadre_file.html", {"title": _("一人一档"), "file": data,
                                                           "cadre_name": _person(cadre)})


class OverviewView(LoginRequiredMixin, View):
    """Counts by unit and month for any reader of the programmes, upper levels included. No household appears."""

    lede = _l("结对帮扶的户数、联系次数和诉求办理的汇总")
    def get(self, request):
        try:
            year = int(request.GET.get("year", timezone.localdate().year))
        except ValueError:
            year = timezone.localdate().year
        rows = selectors.unit_month_counts(request.user, year)
        place = focus_place(request)
        if place is not None:
            rows = [r for r in rows if r["unit"].path.startswith(place.path)]
        if request.GET.get("export") == "xlsx":
            headers = ["单位", "结对户次", "联系次数", "入户走访", "新提诉求", "办结诉求"] + [f"{m}月联系" for m in range(1, 13)]
            return xlsx_response(f"结对帮扶统计{year}.xlsx", headers, (
                [r["unit"].name, r["pairs"], r["contacts"], r["visits"], r["raised"], r["solved"]]
                + [m["contacts"] for m in r["months"]] for r in rows), str(year))
        return render(request, "pairing/overview.html", {"title": _("结对帮扶统计"), "year": year, "rows": rows,
                                                         "months": range(1, 13)})


# --- group summaries, festivals, read log -------------------------------------------------------------------------

class SummaryListView(ObjectListView):
    lede = _l("各分组的季度小结")
    model = GroupSummary
    select_related = ("group", "unit")
    create_url_name = "pairing:summary_add"
    search = False
    columns = [Column("month", _l("月份"), link=True, value=lambda s: f"{s.month:%Y-%m}"),
               Column("group", _l("分组")), Column("unit", _l("单位")), Column("submitted_on", _l("提交日期"))]


class SummaryDetailView(ObjectDetailView):
    model = GroupSummary
    edit_url_name = "pairing:summary_edit"
    fields = [Column("group", _l("分组")), Column("unit", _l("单位")), Column("month", _l("月份")),
              Column("text", _l("小结内容")), Column("submitted_by", _l("提交人"))]


class SummaryEditView(ObjectEditView):
    model = GroupSummary
    form_class = GroupSummaryForm
    create_service = services.group_summary_submit
    update_service = services.group_summary_update


class FestivalListView(ObjectListView):
    lede = _l("需要走访看望的节日，临近时提醒结对干部")
    model = Festival
    select_related = ("place",)
    create_url_name = "pairing:festival_add"
    search = False
    columns = [Column("name", _l("节日"), link=True), Column("date", _l("日期"), order_by="date"),
               Column("remind_days_before", _l("提前提醒天数")), Column("place", _l("设定单位"))]


class FestivalDetailView(ObjectDetailView):
    model = Festival
    edit_url_name = "pairing:festival_edit"
    delete_url_name = "pairing:festival_delete"
    fields = [Column("name", _l("节日")), Column("date", _l("日期")),
              Column("remind_days_before", _l("提前提醒天数")), Column("place", _l("设定单位"))]


class FestivalEditView(ObjectEditView):
    model = Festival
    form_class = FestivalForm
    plain_crud = True   # a date in a unit's festival calendar: nothing is derived from it or checked beyond the form


class FestivalDeleteView(ObjectDeleteView):
    model = Festival
    success_url_name = "pairing:festival_list"


class ReadLogListView(ObjectListView):
    lede = _l("谁在何时查看了哪一户的资料（保护群众隐私）")
    model = HouseholdReadLog
    select_related = ("user", "place")
    search = False
    columns = [Column("at", _l("时间")), Column("user", _l("查看人")), Column("household_number", _l("结对户编号")),
               Column("place", _l("单位")), Column("channel", _l("途径"))]
