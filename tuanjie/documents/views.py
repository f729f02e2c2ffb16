from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.core.access import DELETE, VIEW, within
from tuanjie.core.focus import focus_place
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, RestrictedMixin
from tuanjie.documents import services
from tuanjie.documents.forms import DocumentTemplateForm, GenerateForm, KeyResultForm
from tuanjie.documents.http import DOCX_TYPE, PDF_TYPE, XLSX_TYPE, attachment_headers, docx_response
from tuanjie.documents.models import DocumentKind, DocumentTemplate, GeneratedDocument, KeyResult
from tuanjie.documents.pdf import soffice


def generated_for(request, place):
    qs = GeneratedDocument.objects.restrict(request.user, VIEW).select_related("place", "requested_by")
    if place is not None:
        qs = qs.filter(within(place))
    return list(qs[:30])


class GenerateView(LoginRequiredMixin, View):
    """文稿生成: choose a kind and period for the focused place, generate, download."""

    lede = _l("为当前地区起草进展报告、年度总结、月报表等文稿，数据与统计分析一致，下载Word后修改定稿")
    template_name = "documents/generate.html"
    partial_template_name = "documents/partials/generated_list.html"

    def context(self, form):
        place = focus_place(self.request)
        documents = generated_for(self.request, place)
        # A leader reads the documents but may not delete them: no delete button that leads to a 404.
        deletable = set(GeneratedDocument.objects.restrict(self.request.user, DELETE)
                        .filter(pk__in=[d.pk for d in documents]).values_list("pk", flat=True))
        return {"title": _("文稿生成"), "form": form, "place": place, "documents": documents,
                "deletable": deletable, "cadres": pairing_cadres(self.request.user, place),
                "pending": any(d.pending for d in documents), "pdf_available": bool(soffice())}

    def get(self, request):
        place = focus_place(request)
        if request.GET.get("partial") or (getattr(request, "htmx", False) and request.htmx.target == "generated"):
            return render(request, self.partial_template_name, self.context(None))
        return render(request, self.template_name, self.context(GenerateForm(user=request.user, place=place)))

    def post(self, request):
        place = focus_place(request)
        form = GenerateForm(request.POST, user=request.user, place=place)
        if place is None:
            form.add_error(None, _("请先在页面顶部选择地区"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = services.document_request(
                    by=request.user, place=place, kind=data["kind"], year=data["year"], month=data.get("month"),
                    subject_id=data.get("round") if data["kind"] == DocumentKind.INSPECTION_NOTICE else None,
                    issued_on=data.get("issued_on"))
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("您无权生成该文稿"))
            else:
                if document.status == GeneratedDocument.Status.FAILED:
                    messages.error(request, _("生成失败：%(error)s") % {"error": document.error})
                else:
                    messages.success(request, _("已提交生成：%(doc)s") % {"doc": document})
                return redirect("documents:generate")
        return render(request, self.template_name, self.context(form), status=422)


class DownloadView(LoginRequiredMixin, RestrictedMixin, View):
    model = GeneratedDocument

    def get(self, request, pk):
        document = self.get_object()
        ext = {"pdf": "pdf", "xlsx": "xlsx"}.get(request.GET.get("format", ""), "docx")
        field = {"pdf": document.pdf, "xlsx": document.sheet, "docx": document.file}[ext]
        if document.status != GeneratedDocument.Status.DONE or not field:
            raise Http404(_("文稿尚未生成完成"))
        response = FileResponse(field.open("rb"), content_type={"pdf": PDF_TYPE, "xlsx": XLSX_TYPE,
                                                                "docx": DOCX_TYPE}[ext])
        return attachment_headers(response, document.filename(ext))


class GeneratedDeleteView(ObjectDeleteView):
    model = GeneratedDocument
    success_url_name = "documents:generate"

    def perform_delete(self, obj):
        services.document_delete(by=self.request.user, document=obj)


def pairing_cadres(user, place, limit: int = 30) -> list:
    """Cadres whose pairs the person may see under `place` (their 一人一档 and 连心卡 are offered on 文稿生成):
    the pairing rule decides, so a leader or an office outside the programme sees none."""
    from django.contrib.auth import get_user_model

    from tuanjie.pairing.models import Pair

    pairs = Pair.objects.restrict(user, VIEW)
    if place is not None:
        pairs = pairs.filter(within(place, "unit"))
    ids = pairs.order_by().values_list("cadre_id", flat=True).distinct()
    return list(get_user_model().objects.filter(pk__in=ids).select_related("home_place")
                .order_by("home_place__path", "username")[:limit])


class CadreFileView(LoginRequiredMixin, View):
    """一人一档 as .docx: the signed-in cadre's own, or (?cadre=<id>) a cadre whose pairs the person may see;
    only what the pairing selector returns to the viewer."""

    def get(self, request):
        from django.contrib.auth import get_user_model

        from tuanjie.documents.generators import cadre_file_document
        from tuanjie.pairing.models import Pair

        try:
            year = int(request.GET.get("year") or date.today().year)
            cadre_id = int(request.GET.get("cadre") or request.user.pk)
        except ValueError as exc:
            raise Http404(_("年度或结对干部不正确")) from exc
        cadre = get_user_model().objects.filter(pk=cadre_id).select_related("home_place").first()
        if cadre is None or (cadre != request.user and not request.user.is_superuser and not Pair.objects.restrict(
                request.user, VIEW).filter(cadre=cadre).exists()):
            raise Http404(_("没有找到，或您无权查看"))
        doc = cadre_file_document(cadre, year, viewer=request.user)
        home = cadre.home_place.name if cadre.home_place_id else ""
        return docx_response(doc, f"{home}{cadre.full_name or cadre.username}{year}年一人一档.docx")


class TemplateListView(ObjectListView):
    lede = _l("文稿的发文机关、文号等版头设置")
    model = DocumentTemplate
    select_related = ("place",)
    create_url_name = "documents:template_add"
    search = False
    columns = [
        Column("place", _l("地区")),
        Column("kind", _l("文稿类型"), link=True),
        Column("issuer", _l("发文机关署名")),
        Column("doc_number_pattern", _l("发文字号格式")),
    ]


class TemplateDetailView(ObjectDetailView):
    model = DocumentTemplate
    edit_url_name = "documents:template_edit"
    delete_url_name = "documents:template_delete"
    fields = [Column("place", _l("地区")), Column("kind", _l("文稿类型")), Column("title", _l("标题")),
              Column("issuer", _l("发文机关署名")), Column("doc_number_pattern", _l("发文字号格式")),
              Column("opening", _l("开头段落")), Column("closing", _l("结尾段落"))]


class TemplateEditView(ObjectEditView):
    model = DocumentTemplate
    form_class = DocumentTemplateForm
    plain_crud = True   # reference data: an office's wording for a kind of document, read when one is generated


class TemplateDeleteView(ObjectDeleteView):
    model = DocumentTemplate
    success_url_name = "documents:template_list"


# ------------------------------------------------------------------------------------------------ key results
class KeyResultListView(ObjectListView):
    lede = _l("本地区取得的重要成效（如贫困村出列、命名示范村），写入取得日期所在期间的汇报和总结")
    empty_hint = _l("登记成效名称、数值和单位，附上验收文件等佐证；生成进展情况汇报时写入“工作进展情况”")
    model = KeyResult
    select_related = ("place",)
    create_url_name = "documents:result_add"
    search = False
    columns = [
        Column("achieved_on", _l("取得日期"), order_by="achieved_on"), Column("place.name", _l("地区")),
        Column("name", _l("成效名称"), link=True), Column("value_text", _l("数值")), Column("note", _l("说明")),
    ]


class KeyResultDetailView(ObjectDetailView):
    model = KeyResult
    edit_url_name = "documents:result_edit"
    delete_url_name = "documents:result_delete"
    fields = [Column("place", _l("地区")), Column("name", _l("成效名称")), Column("value_text", _l("数值")),
              Column("achieved_on", _l("取得日期")), Column("note", _l("说明")), Column("recorded_by", _l("登记人"))]


class KeyResultEditView(ObjectEditView):
    model = KeyResult
    form_class = KeyResultForm
    create_service = services.result_create
    update_service = services.result_update

    def perform_save(self, form, obj):
        files = self.request.FILES.getlist("files")
        if obj is None:
            return self.create_service(by=self.request.user, files=files, **form.service_fields())
        stored = KeyResult.objects.select_for_update().get(pk=obj.pk)
        return self.update_service(by=self.request.user, result=stored, files=files, **form.service_fields())


class KeyResultDeleteView(ObjectDeleteView):
    model = KeyResult
    success_url_name = "documents:result_list"

    def perform_delete(self, obj):
        return services.result_delete(by=self.request.user, result=obj)
