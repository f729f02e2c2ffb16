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
from tuanjie.documents.forms import DocumentTemplateForm, GenerateForm
from tuanjie.documents.http import DOCX_TYPE, PDF_TYPE, attachment_headers, docx_response
from tuanjie.documents.models import DocumentKind, DocumentTemplate, GeneratedDocument
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
                "deletable": deletable,
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
                    subject_id=data.get("round") if data["kind"] == DocumentKind.INSPECTION_NOTICE else None)
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
        want_pdf = request.GET.get("format") == "pdf"
        field = document.pdf if want_pdf else document.file
        if document.status != GeneratedDocument.Status.DONE or not field:
            raise Http404(_("文稿尚未生成完成"))
        response = FileResponse(field.open("rb"), content_type=PDF_TYPE if want_pdf else DOCX_TYPE)
        return attachment_headers(response, document.filename("pdf" if want_pdf else "docx"))


class GeneratedDeleteView(ObjectDeleteView):
    model = GeneratedDocument
    success_url_name = "documents:generate"

    def perform_delete(self, obj):
        services.document_delete(by=self.request.user, document=obj)


class CadreFileView(LoginRequiredMixin, View):
    """The signed-in cadre's own 一人一档 as .docx (only what the pairing selector returns to them)."""

    def get(self, request):
        from tuanjie.documents.generators import cadre_file_document

        try:
            year = int(request.GET.get("year") or date.today().year)
        except ValueError:
            year = date.today().year
        doc = cadre_file_document(request.user, year, viewer=request.user)
        return docx_response(doc, f"{request.user.full_name or request.user.username}{year}年一人一档.docx")


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
