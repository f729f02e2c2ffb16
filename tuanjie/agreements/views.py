from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.agreements import documents, selectors, services
from tuanjie.agreements.forms import (
    AgreementForm,
    AssignForm,
    ChecklistBatchForm,
    ChecklistForm,
    ItemForm,
    ScanForm,
    SignForm,
    TargetForm,
    TemplateForm,
)
from tuanjie.agreements.models import Agreement, AgreementTarget, InclusionChecklist, InclusionItem
from tuanjie.attachments.resumable import files_from
from tuanjie.core.access import CHANGE, VIEW
from tuanjie.core.focus import focus_place
from tuanjie.core.pagehelp import lede
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, RestrictedMixin
from tuanjie.documents.http import docx_response


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


# ---------------------------------------------------------------------------------------------------- agreements

class AgreementListView(ObjectListView):
    lede = _l("创建办与下级地区、单位签订的年度目标责任书，进度按台账自动计算")
    empty_hint = _l("年初向各乡镇、单位下达目标责任书：点“批量下达”从规定动作和重点任务生成")
    model = Agreement
    select_related = ("place", "issuer")
    create_url_name = "agreements:agreement_add"
    more_create_links = ((_l("批量下达"), "agreements:agreement_template", "files"),)
    title = _l("目标责任书")
    columns = [Column("year", _l("年度"), order_by="year"), Column("place", _l("乙方")),
               Column("title", _l("标题"), link=True), Column("issuer", _l("甲方")),
               Column("status", _l("状态")), Column("signed_on", _l("签订日期"), order_by="signed_on"),
               Column("fulfilled", _l("全部完成"))]

    def get_queryset(self):
        qs = super().get_queryset()
        status = self.request.GET.get("status", "")
        if status in Agreement.Status.values:
            qs = qs.filter(status=status)
        year = self.request.GET.get("year", "")
        if year.isdigit():
            qs = qs.filter(year=int(year))
        return qs


class AgreementDetailView(ObjectDetailView):
    lede = _l("责任书的目标、每项目标按台账计算的进度、签订扫描件和办理步骤")
    model = Agreement
    template_name = "agreements/agreement_detail.html"
    edit_url_name = "agreements:agreement_edit"
    delete_url_name = "agreements:agreement_delete"
    fields = [Column("year", _l("年度")), Column("issuer", _l("甲方")), Column("issuer_post", _l("甲方签订岗位")),
              Column("place", _l("乙方")), Column("party_post", _l("乙方签订岗位")), Column("status", _l("状态")),
              Column("issued_on", _l("下达日期")), Column("signed_on", _l("签订日期")),
              Column("assessed_on", _l("核定日期")), Column("fulfilled", _l("全部目标完成")),
              Column("assessment_note", _l("核定意见"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        user = self.request.user
        rows = selectors.agreement_targets(obj, today=timezone.localdate())
        editable = obj.status in services.EDITABLE and ctx["can_change"]
        # Once signed, the wording and targets stay as signed (the service refuses): no edit or delete buttons.
        ctx["can_change"] = editable
        ctx["can_delete"] = ctx["can_delete"] and obj.deletion_refusal() is None
        ctx.update(target_rows=rows, fulfilment=selectors.fulfilment(rows), steps=services.AGREEMENTS.available(user, obj),
                   editable=editable, sign_form=SignForm(), scan_form=ScanForm(),
                   may_scan=obj.status != Agreement.Status.DRAFT and (
                       services.party_staff(user, obj.place) or services.office_over(user, obj.issuer)),
                   written=[r for r in rows if r.target.kind == AgreementTarget.Kind.WRITTEN])
        return ctx


class AgreementEditView(ObjectEditView):
    model = Agreement
    form_class = AgreementForm
    create_service = services.agreement_create
    update_service = services.agreement_update


class AgreementDeleteView(ObjectDeleteView):
    model = Agreement
    success_url_name = "agreements:agreement_list"
    delete_service = staticmethod(services.agreement_delete)


@lede("从规定动作、实施方案重点任务和文字目标，一次为多个乙方生成目标责任书")
def agreement_template(request):
    form = TemplateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            created, skipped = services.agreements_from_template(
                by=request.user, issuer=d["issuer"], year=d["year"], parties=d["parties"], title=d["title"],
                issuer_post=d["issuer_post"], party_post=d["party_post"], preamble=d["preamble"],
                quota_rules=d["quota_rules"], include_tasks=d["include_tasks"], written=d["written_lines"],
                issue=d["issue"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("已生成%(n)d份目标责任书") % {"n": len(created)})
            if skipped:
                messages.warning(request, _("以下乙方已有本年度责任书，未重复生成：%(p)s") % {
                    "p": "、".join(p.name for p in skipped)})
            return redirect("agreements:agreement_list")
    return render(request, "core/object_form.html", {"form": form, "title": _("批量下达目标责任书")})


class AgreementStepView(RestrictedMixin, View):
    """One workflow step (下达 / 确认签订 / 核定完成情况) from the agreement's page."""

    model = Agreement

    def post(self, request, pk, action):
        agreement = self.get_object()
        params = {}
        if action == "sign":
            form = SignForm(request.POST, request.FILES)
            form.is_valid()
            params = {"signed_on": form.cleaned_data.get("signed_on"), "files": files_from(request, "files")}
        elif action == "assess":
            params = {"met": {int(k[4:]): True for k in request.POST if k.startswith("met-") and k[4:].isdigit()}}
        try:
            services.agreement_act(by=request.user, agreement=agreement, action=action,
                                   note=request.POST.get("note", ""), **params)
        except ValidationError as exc:      # a refusal (PermissionDenied) is the 403 page with its reason
            _errors(request, exc)
        else:
            messages.success(request, _("已办理：%(a)s") % {"a": services.AGREEMENTS.transition(action).label})
        return redirect(agreement.get_absolute_url())


class AgreementScanView(RestrictedMixin, View):
    model = Agreement

    def post(self, request, pk):
        agreement = self.get_object()
        try:
            services.agreement_attach_scan(by=request.user, agreement=agreement, files=files_from(request, "files"))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("扫描件已上传"))
        return redirect(agreement.get_absolute_url())


class AgreementDocumentView(RestrictedMixin, View):
    model = Agreement

    def get(self, request, pk):
        agreement = self.get_object()
        return docx_response(documents.agreement_document(agreement), documents.filename(agreement))


# ---------------------------------------------------------------------------------------------------- targets

class TargetEditView(ObjectEditView):
    model = AgreementTarget
    form_class = TargetForm
    create_service = services.target_create
    update_service = services.target_update

    def success_url(self, saved) -> str:
        return saved.agreement.get_absolute_url()


class TargetDeleteView(ObjectDeleteView):
    model = AgreementTarget
    success_url_name = "agreements:agreement_list"
    delete_service = staticmethod(services.target_delete)


class TargetAssignView(RestrictedMixin, View):
    model = AgreementTarget

    def post(self, request, pk):
        target = self.get_object()
        form = AssignForm(request.POST, party=target.agreement.place)
        if not form.is_valid():
            messages.error(request, _("请选择乙方的工作人员作为责任人"))
        else:
            try:
                services.target_assign(by=request.user, target=target, responsible=form.cleaned_data["responsible"])
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("已指定责任人"))
        return redirect(target.agreement.get_absolute_url())


# ---------------------------------------------------------------------------------------------------- five inclusions

class ChecklistListView(ObjectListView):
    lede = _l("各地区每年“五个纳入”的落实情况，每项附佐证文件")
    empty_hint = _l("为本地区或下级地区建立年度清单，逐项上传规划、议事日程、考核办法、培训计划和预算等文件")
    model = InclusionChecklist
    select_related = ("place",)
    create_url_name = "agreements:checklist_add"
    more_create_links = ((_l("为下级地区建立"), "agreements:checklist_batch", "diagram-3"),)
    title = _l("五个纳入")
    columns = [Column("year", _l("年度"), order_by="year"), Column("place", _l("地区")),
               Column("__str__", _l("清单"), link=True)]


class ChecklistDetailView(ObjectDetailView):
    lede = _l("每个纳入事项的佐证文件；全部上传后即为“五个纳入”全部落实")
    model = InclusionChecklist
    template_name = "agreements/checklist_detail.html"
    edit_url_name = "agreements:checklist_edit"
    delete_url_name = "agreements:checklist_delete"
    fields = [Column("place", _l("地区")), Column("year", _l("年度"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        items = list(selectors.checklist_items(obj))
        ctx.update(items=items, included=sum(i.included for i in items))
        return ctx


class ChecklistEditView(ObjectEditView):
    model = InclusionChecklist
    form_class = ChecklistForm
    create_service = services.checklist_create
    update_service = services.checklist_update

    def service_fields(self, form) -> dict:
        return form.service_fields()


class ChecklistDeleteView(ObjectDeleteView):
    model = InclusionChecklist
    success_url_name = "agreements:checklist_list"


@lede("为下级各地区一次建立年度“五个纳入”清单，纳入事项可按本地要求调整")
def checklist_batch(request):
    form = ChecklistBatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            made = services.checklists_for_children(by=request.user, parent=d["parent"], year=d["year"],
                                                    names=[n for n in d["names"].splitlines() if n.strip()])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("已为%(n)d个下级地区建立清单（已有清单的未重复建立）") % {"n": len(made)})
            return redirect("agreements:checklist_list")
    return render(request, "core/object_form.html", {"form": form, "title": _("为下级地区建立五个纳入清单")})


class ItemEditView(ObjectEditView):
    model = InclusionItem
    form_class = ItemForm
    update_service = services.item_record

    def service_fields(self, form) -> dict:
        data = dict(form.cleaned_data)
        data.pop("files", None)
        data["files"] = files_from(self.request, "files")
        return data

    def success_url(self, saved) -> str:
        return saved.checklist.get_absolute_url()


class ItemAddView(RestrictedMixin, View):
    model = InclusionChecklist
    action = CHANGE

    def post(self, request, pk):
        checklist = self.get_object()
        try:
            services.item_add(by=request.user, checklist=checklist, name=request.POST.get("name", ""))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已增加纳入事项"))
        return redirect(checklist.get_absolute_url())


class ItemDeleteView(ObjectDeleteView):
    model = InclusionItem
    success_url_name = "agreements:checklist_list"
    delete_service = staticmethod(services.item_delete)


@lede("下级各地区“五个纳入”全部落实的情况")
def inclusion_summary(request):
    place = focus_place(request)
    if place is None:
        raise Http404(_("没有可查看的地区或单位"))
    year = _year(request)
    children = selectors.child_checklists(InclusionChecklist.objects.restrict(request.user, VIEW), place, year)
    return render(request, "agreements/inclusion_summary.html", {
        "title": _("五个纳入落实情况"), "place": place, "year": year,
        "summary": selectors.inclusion_summary(place, year),
        "checklists": children})
