from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.archives import closing, selectors, services
from tuanjie.archives.forms import PaperDocumentForm, ReopenForm
from tuanjie.archives.models import ArchivePackage, PaperDocument, YearClosure
from tuanjie.attachments.resumable import files_from
from tuanjie.core.access import ADD, CHANGE, VIEW, may
from tuanjie.core.focus import focus_place
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, RestrictedMixin
from tuanjie.documents.http import attachment_headers
from tuanjie.places.models import Place


def _place(request, pk):
    place = Place.objects.restrict(request.user).filter(pk=pk).first()
    if place is None or not may(request.user, VIEW, YearClosure, place):
        raise Http404(_("没有找到，或您无权查看"))
    return place


class ArchiveHomeView(LoginRequiredMixin, View):
    lede = _l("每年年底整理本地区的年度档案：登记纸质文件、生成档案包，整理完毕后归档，归档后该年度记录只能查阅")

    def get(self, request):
        place = focus_place(request)
        if place is None or not may(request.user, VIEW, YearClosure, place):
            raise Http404(_("请先在页面顶部选择地区"))
        return render(request, "archives/home.html", {
            "title": _("年度档案"), "lede": self.lede, "place": place,
            "rows": selectors.year_rows(request.user, place)})


class YearView(LoginRequiredMixin, View):
    lede = _l("生成档案包（目录、文稿PDF、照片和扫描件，按类别分文件夹）；整理完毕后归档")

    def get(self, request, place, year):
        place = _place(request, place)
        context = self.context(request, place, year)
        if request.GET.get("partial"):
            return render(request, "archives/partials/packages.html", context)
        return render(request, "archives/year.html", context)

    @staticmethod
    def context(request, place, year, reopen_form=None):
        covering = closing.closure_over(place.path, year)
        own = YearClosure.objects.filter(place=place, year=year).first()
        packages = list(selectors.packages(request.user, place, year))
        parent = Place.objects.get_parent(place) if place.depth > 1 else None
        return {
            "title": _("%(p)s%(y)d年度档案") % {"p": place.name, "y": year}, "place": place, "year": year,
            "covering": covering, "own": own, "packages": packages,
            "pending": any(p.pending for p in packages),
            "may_close": covering is None and may(request.user, CHANGE, YearClosure, place),
            "may_reopen": (own is not None and own.status == YearClosure.Status.CLOSED and parent is not None
                           and may(request.user, CHANGE, YearClosure, parent)),
            "may_package": may(request.user, ADD, ArchivePackage, place),
            "reopen_form": reopen_form or ReopenForm(),
        }


class _YearAction(LoginRequiredMixin, View):
    def post(self, request, place, year):
        place = _place(request, place)
        try:
            self.act(request, place, year)
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", None) or [str(exc)]:
                messages.error(request, message)
        return redirect("archives:year", place.pk, year)


class CloseView(_YearAction):
    def act(self, request, place, year):
        services.year_close(by=request.user, place=place, year=year)
        messages.success(request, _("已归档%(y)d年度：该年度的记录从现在起只能查阅") % {"y": year})


class ReopenView(_YearAction):
    def act(self, request, place, year):
        closure = YearClosure.objects.filter(place=place, year=year).first()
        if closure is None:
            raise ValidationError(_("该年度未归档，无需重新开放"))
        services.year_reopen(by=request.user, closure=closure, reason=request.POST.get("reason", ""))
        messages.success(request, _("已重新开放%(y)d年度，理由已记入变更记录") % {"y": year})


class PackageRequestView(_YearAction):
    def act(self, request, place, year):
        made = services.package_request(by=request.user, place=place, year=year)
        if made.status == ArchivePackage.Status.FAILED:
            messages.error(request, _("档案包生成失败：%(e)s") % {"e": made.error})
        else:
            messages.success(request, _("已提交生成：%(p)s") % {"p": made})


class PackageDownloadView(LoginRequiredMixin, RestrictedMixin, View):
    model = ArchivePackage

    def get(self, request, pk):
        made = self.get_object()
        if made.status != ArchivePackage.Status.DONE or not made.file:
            raise Http404(_("档案包尚未生成完成"))
        response = FileResponse(made.file.open("rb"), content_type="application/zip")
        return attachment_headers(response, made.filename())


# ------------------------------------------------------------------------------------------ paper documents
class PaperListView(ObjectListView):
    lede = _l("纸质文件扫描后登记题名、责任者、日期、页数和保管期限，按年度、保管期限自动编件号，进入年度档案包")
    empty_hint = _l("登记签订的责任书、红头文件、会议纪要等纸质文件，并上传扫描件")
    model = PaperDocument
    select_related = ("place",)
    create_url_name = "archives:paper_add"
    search = False
    title = _l("纸质档案")
    columns = [Column("code", _l("档号")), Column("title", _l("题名"), link=True), Column("responsible", _l("责任者")),
               Column("dated", _l("日期"), order_by="dated"), Column("pages", _l("页数")),
               Column("retention", _l("保管期限"))]


class PaperDetailView(ObjectDetailView):
    lede = _l("纸质文件的档号和归档要素，扫描件随年度档案包一并归档")
    model = PaperDocument
    template_name = "archives/paper_detail.html"
    edit_url_name = "archives:paper_edit"
    delete_url_name = "archives:paper_delete"
    fields = [Column("code", _l("档号")), Column("place", _l("立档单位（全宗）")), Column("year", _l("年度")),
              Column("title", _l("题名")), Column("responsible", _l("责任者")), Column("dated", _l("日期")),
              Column("pages", _l("页数")), Column("retention", _l("保管期限")), Column("note", _l("备注"))]


class PaperEditView(ObjectEditView):
    model = PaperDocument
    form_class = PaperDocumentForm
    create_service = services.paper_create
    update_service = services.paper_update

    def service_fields(self, form) -> dict:
        data = dict(form.cleaned_data)
        data.pop("files", None)
        if self.kwargs.get("pk"):
            data.pop("place", None)
        data["files"] = files_from(self.request, "files")
        return data


class PaperDeleteView(ObjectDeleteView):
    model = PaperDocument
    success_url_name = "archives:paper_list"
