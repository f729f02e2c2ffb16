from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDetailView, ObjectEditView, ObjectListView, RestrictedMixin
from tuanjie.titles import selectors, services
from tuanjie.titles.filtersets import ApplicationFilterSet, TitleFilterSet
from tuanjie.titles.forms import (
    ApplicationForm,
    CallForm,
    QuotaForm,
    ReinspectForm,
    ReopenForm,
    StepForm,
    TitleLevelForm,
    step_formset,
)
from tuanjie.titles.models import CallWindow, DemonstrationTitle, TitleApplication, TitleCall, TitleLevel, TitleQuota


def _attach(owner, files, user):
    if not files:
        return
    from tuanjie.attachments.services import attach_files

    attach_files(owner=owner, files=files, by=user)


class ApplicationListView(ObjectListView):
    lede = _l("示范单位、示范村（乡镇、县）申报：申报、初审、推荐、验收、命名")
    model = TitleApplication
    select_related = ("place", "title_level", "current_step")
    filterset_class = ApplicationFilterSet
    create_url_name = "titles:application_add"
    search = False
    columns = [
        Column("place", _l("申报主体"), link=True),
        Column("title_level", _l("称号级别")),
        Column("year", _l("年度"), order_by="year"),
        Column("stage_label", _l("办理进度")),
        Column("submitted_at", _l("提交时间"), order_by="submitted_at"),
    ]


class ApplicationDetailView(ObjectDetailView):
    model = TitleApplication
    template_name = "titles/application_detail.html"
    edit_url_name = "titles:application_edit"
    fields = [Column("place", _l("申报主体")), Column("title_level", _l("申报称号级别")),
              Column("year", _l("申报年度")), Column("stage_label", _l("办理进度")),
              Column("applicant", _l("填报人")), Column("submitted_at", _l("提交时间"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["can_change"] = ctx["can_change"] and obj.status in (TitleApplication.Status.DRAFT,
                                                                 TitleApplication.Status.RETURNED)
        ctx["chain"] = selectors.application_chain(obj)
        ctx["events"] = obj.events.select_related("by", "office", "step")
        ctx["actions"] = services.available_actions(obj, self.request.user)
        ctx["names_now"] = obj.current_step_id and obj.current_step.names_title
        ctx["step_form"] = StepForm(initial={"validity_years": obj.title_level.validity_years,
                                             "subsidy": obj.title_level.default_subsidy})
        ctx["named_title"] = getattr(obj, "title", None) if obj.status == TitleApplication.Status.NAMED else None
        from django.utils import timezone

        ctx["call"] = services.call_for(obj)
        pending = obj.status in (TitleApplication.Status.DRAFT, TitleApplication.Status.RETURNED)
        window = services.window_for(obj, "submit" if pending else "pass")
        ctx["window"] = window
        ctx["window_state"] = window and (
            "open" if window.opens_on <= timezone.localdate() <= window.last_day
            else "early" if timezone.localdate() < window.opens_on else "closed")
        return ctx


class ApplicationEditView(ObjectEditView):
    """New application (draft) or changes to a draft or returned one, through the services."""

    model = TitleApplication
    form_class = ApplicationForm
    create_service = services.application_create
    update_service = services.application_update

    def perform_save(self, form, obj):
        data, user = form.cleaned_data, self.request.user
        if obj is None:
            saved = self.create_service(by=user, subject=data["place"], title_level=data["title_level"],
                                        year=data["year"], deeds=data["deeds"])
        else:
            saved = self.update_service(by=user, application=obj, deeds=data["deeds"], year=data["year"])
        _attach(saved, data.get("materials"), user)
        return saved


class ApplicationActionView(RestrictedMixin, View):
    """POST one workflow step; the service decides whether this person may take it."""

    model = TitleApplication

    def post(self, request, pk, action):
        application = self.get_object()
        form = StepForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for e in errors:
                    messages.error(request, e)
            return redirect(application.get_absolute_url())
        data = form.cleaned_data
        try:
            services.application_act(by=request.user, application=application, action=action,
                                     reason=data["reason"], named_on=data["named_on"],
                                     validity_years=data["validity_years"], subsidy=data["subsidy"],
                                     document_no=data["document_no"])
        except ValidationError as exc:   # wrong state, missing reason: back to the record; a refusal is a 403
            for message in getattr(exc, "messages", None) or [str(exc)]:
                messages.error(request, message)
        else:
            messages.success(request, _("已办理：%(a)s") % {"a": services.APPLICATION_TRANSITIONS[action].label})
        return redirect(application.get_absolute_url())


class TitleListView(ObjectListView):
    lede = _l("已命名的示范单位（区），可复检或撤销")
    model = DemonstrationTitle
    select_related = ("place", "title_level")
    filterset_class = TitleFilterSet
    search = False
    title = _l("示范单位称号")
    columns = [
        Column("place", _l("称号主体"), link=True),
        Column("title_level", _l("级别")),
        Column("named_on", _l("命名日期"), order_by="named_on"),
        Column("valid_until", _l("有效期至"), order_by="valid_until"),
        Column("subsidy", _l("奖补资金（万元）")),
        Column("status", _l("状态")),
        Column("next_inspection_due", _l("下次复检"), order_by="next_inspection_due"),
        Column("rectification_deadline", _l("整改期限")),
    ]


class TitleDetailView(ObjectDetailView):
    model = DemonstrationTitle
    template_name = "titles/title_detail.html"
    fields = [Column("place", _l("称号主体")), Column("title_level", _l("级别")), Column("title_name", _l("称号名称")),
              Column("named_by", _l("命名单位")), Column("named_on", _l("命名日期")),
              Column("document_no", _l("命名文号")), Column("valid_until", _l("有效期至")),
              Column("subsidy", _l("奖补资金（万元）")), Column("status", _l("状态")),
              Column("next_inspection_due", _l("下次复检日期")), Column("rectification_deadline", _l("整改期限")),
              Column("revoked_on", _l("撤销日期")), Column("revoke_reason", _l("撤销理由"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["reinspections"] = obj.reinspections.select_related("office", "by")
        ctx["allocation"] = obj.allocation if obj.allocation_id else None
        ctx["may_reinspect"] = services.may_reinspect(self.request.user, obj)
        from django.utils import timezone

        ctx["form"] = ReinspectForm(initial={"inspected_on": timezone.localdate(), "result": "passed"})
        return ctx


class TitleReinspectView(RestrictedMixin, View):
    model = DemonstrationTitle

    def post(self, request, pk):
        title = self.get_object()
        form = ReinspectForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.title_reinspect(by=request.user, title=title, passed=data["result"] == "passed",
                                         inspected_on=data["inspected_on"], findings=data["findings"],
                                         rectification_deadline=data["rectification_deadline"])
            except ValidationError as exc:
                for message in getattr(exc, "messages", None) or [str(exc)]:
                    messages.error(request, message)
            else:
                messages.success(request, _("已记录复检结果"))
        else:
            for errors in form.errors.values():
                for e in errors:
                    messages.error(request, e)
        return redirect(title.get_absolute_url())


class QuotaListView(ObjectListView):
    lede = _l("各地区可推荐示范单位的名额")
    model = TitleQuota
    select_related = ("place", "title_level")
    create_url_name = "titles:quota_add"
    search = False
    columns = [Column("place", _l("创建办"), link=True), Column("year", _l("年度"), order_by="year"),
               Column("title_level", _l("称号级别")), Column("limit", _l("推荐名额")),
               Column("used", _l("已推荐"), value=lambda q: q.used_count)]

    def get_queryset(self):
        return selectors.with_quota_use(super().get_queryset())


class QuotaDetailView(ObjectDetailView):
    model = TitleQuota
    edit_url_name = "titles:quota_edit"
    fields = [Column("place", _l("创建办")), Column("year", _l("年度")), Column("title_level", _l("称号级别")),
              Column("limit", _l("推荐名额")),
              Column("used", _l("已推荐"), value=lambda q: services.quota_used(q.place, q.title_level, q.year)),
              Column("note", _l("说明"))]


class QuotaEditView(ObjectEditView):
    model = TitleQuota
    form_class = QuotaForm
    create_service = services.quota_set
    update_service = services.quota_update

    def perform_save(self, form, obj):
        data = form.cleaned_data
        if obj is not None:
            return super().perform_save(form, obj)
        return self.create_service(by=self.request.user, office=data["place"], title_level=data["title_level"],
                                   year=data["year"], limit=data["limit"], note=data["note"])


class ConfigView(View):
    """The configured title levels and their step chains (read by everyone signed in)."""

    lede = _l("示范称号的级别和申报条件")
    def get(self, request):
        levels = TitleLevel.objects.prefetch_related("steps__office_level").select_related("reinspector_level")
        from tuanjie.places.views_config import is_system_admin

        return render(request, "titles/config.html", {"levels": levels, "title": _("称号级别与办理流程"),
                                                      "can_edit": is_system_admin(request.user)})


class ConfigEditView(View):
    """A title level and its step chain, saved together; only system administrators change configuration."""

    def _check(self, request):
        from tuanjie.places.views_config import is_system_admin

        if not is_system_admin(request.user):
            raise PermissionDenied(_("只有系统管理员可以修改称号级别与办理流程"))

    def _render(self, request, form, steps, obj):
        return render(request, "titles/config_form.html", {
            "form": form, "steps": steps, "object": obj,
            "title": _("修改称号级别") if obj else _("新增称号级别")})

    def get(self, request, pk=None):
        self._check(request)
        obj = get_object_or_404(TitleLevel, pk=pk) if pk else None
        return self._render(request, TitleLevelForm(instance=obj),
                            step_formset(instance=obj or TitleLevel(), prefix="steps"), obj)

    def post(self, request, pk=None):
        from django.db import transaction
        from django.db.models import ProtectedError

        self._check(request)
        obj = get_object_or_404(TitleLevel, pk=pk) if pk else None
        form = TitleLevelForm(request.POST, instance=obj)
        steps = step_formset(request.POST, instance=obj or TitleLevel(), prefix="steps")
        if form.is_valid() and steps.is_valid():
            try:
                with transaction.atomic():
                    level = form.save()
                    steps.instance = level
                    steps.save()
            except ProtectedError:
                form.add_error(None, _("有申报正处于要删除的环节，不能删除该环节"))
            else:
                messages.success(request, _("已保存：%(obj)s") % {"obj": level})
                return redirect("titles:config")
        return self._render(request, form, steps, obj)


# ---------------------------------------------------------------- calls (申报通知)

class CallListView(ObjectListView):
    lede = _l("上级创建办发布的申报通知：每个环节的办理时间，超出时间的环节不能办理")
    model = TitleCall
    select_related = ("place", "title_level")
    create_url_name = "titles:call_add"
    search = False
    columns = [Column("name", _l("通知名称"), link=True), Column("place", _l("发布单位")),
               Column("title_level", _l("称号级别")), Column("year", _l("年度"), order_by="year"),
               Column("document_no", _l("文号"))]


class CallDetailView(ObjectDetailView):
    model = TitleCall
    template_name = "titles/call_detail.html"
    edit_url_name = "titles:call_edit"
    fields = [Column("place", _l("发布单位")), Column("title_level", _l("称号级别")), Column("year", _l("年度")),
              Column("document_no", _l("文号")), Column("issued_by", _l("发布人")),
              Column("description", _l("申报要求"))]

    def get_context_data(self, obj):
        from django.utils import timezone

        ctx = super().get_context_data(obj)
        ctx["windows"] = obj.windows.select_related("step", "reopened_by")
        ctx["today"] = timezone.localdate()
        ctx["may_reopen"] = ctx["can_change"] and services.is_call_office(self.request.user, obj)
        ctx["reopen_form"] = ReopenForm()
        return ctx


class CallEditView(ObjectEditView):
    """A call and its windows, saved together through the services."""

    model = TitleCall
    form_class = CallForm
    template_name = "titles/call_form.html"
    create_service = services.call_create
    update_service = services.call_update

    def render_form(self, form, obj):
        response = super().render_form(form, obj)
        return response if obj else render(self.request, self.template_name, {
            "form": form, "object": obj, "title": _("发布申报通知"),
            "levels": TitleLevel.objects.filter(is_active=True)})

    def perform_save(self, form, obj):
        data, user = form.cleaned_data, self.request.user
        if obj is None:
            return self.create_service(by=user, place=data["place"], title_level=data["title_level"],
                                       year=data["year"], name=data["name"], document_no=data["document_no"],
                                       description=data["description"], windows=form.windows())
        return self.update_service(by=user, call=obj, name=data["name"], document_no=data["document_no"],
                                   description=data["description"], windows=form.windows())


class CallReopenView(RestrictedMixin, View):
    """The calling office reopens one window with its reason."""

    model = TitleCall

    def post(self, request, pk, window):
        call = self.get_object()
        target = get_object_or_404(CallWindow, pk=window, call=call)
        form = ReopenForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for e in errors:
                    messages.error(request, e)
            return redirect(call.get_absolute_url())
        try:
            services.call_window_reopen(by=request.user, window=target, until=form.cleaned_data["until"],
                                        reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for message in getattr(exc, "messages", None) or [str(exc)]:
                messages.error(request, message)
        else:
            messages.success(request, _("已重新开放：%(w)s") % {"w": target.label})
        return redirect(call.get_absolute_url())


# ---------------------------------------------------------------- public honours (no sign-in)

def public_honours(request):
    from django.utils import timezone

    today = timezone.localdate()
    return render(request, "titles/public_honours.html", {
        "title": _("民族团结进步示范称号"), "held": selectors.titles_held(today)[:1000],
        "revoked": selectors.titles_revoked(today)})
