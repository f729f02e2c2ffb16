from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.attachments.resumable import files_from
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, RestrictedMixin
from tuanjie.documents.http import docx_response
from tuanjie.registers import documents, selectors, services
from tuanjie.registers.forms import BaseForm, BriefingForm, CultivationForm, DecisionForm, LiaisonForm
from tuanjie.registers.models import Briefing, CultivationEntry, EducationBase, GroupDecision, Liaison

# --- education bases ---------------------------------------------------------------------------------------


class BaseListView(ObjectListView):
    lede = _l("各级命名的民族团结进步教育基地，参观学习活动可关联到基地")
    empty_hint = _l("登记本地已命名的教育基地：级别、命名单位和年度")
    model = EducationBase
    select_related = ("place",)
    create_url_name = "registers:base_add"
    columns = [Column("name", _l("基地名称"), link=True), Column("level", _l("级别")), Column("named_by", _l("命名单位")),
               Column("named_year", _l("命名年度"), order_by="named_year"), Column("place", _l("所在地区/单位")),
               Column("is_active", _l("在用"))]


class BaseDetailView(ObjectDetailView):
    lede = _l("教育基地的命名情况和到基地开展的参观学习活动")
    model = EducationBase
    template_name = "registers/base_detail.html"
    edit_url_name = "registers:base_edit"
    delete_url_name = "registers:base_delete"
    fields = [Column("place", _l("所在地区/单位")), Column("level", _l("级别")), Column("named_by", _l("命名单位")),
              Column("named_year", _l("命名年度")), Column("document_no", _l("命名文号")), Column("address", _l("地址")),
              Column("description", _l("简介")), Column("is_active", _l("在用"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        visits = selectors.base_visits(obj, self.request.user)
        ctx.update(visits=list(visits[:50]), visit_count=visits.count())
        return ctx


class BaseEditView(ObjectEditView):
    model = EducationBase
    form_class = BaseForm
    create_service = services.base_create
    update_service = services.base_update


class BaseDeleteView(ObjectDeleteView):
    model = EducationBase
    success_url_name = "registers:base_list"
    delete_service = staticmethod(services.base_delete)


# --- cultivation list --------------------------------------------------------------------------------------

class CultivationListView(ObjectListView):
    lede = _l("本年度重点培育的示范创建对象，经费和活动按台账统计")
    empty_hint = _l("把今年重点培育的单位、村（社区）列入培育名单，写明目标和计划投入")
    model = CultivationEntry
    select_related = ("place", "title_level")
    create_url_name = "registers:cultivation_add"
    search = False
    title = _l("培育名单")
    columns = [Column("year", _l("年度"), order_by="year"), Column("place", _l("培育对象"), link=True),
               Column("title_level", _l("拟创建级别")), Column("planned_funds", _l("计划投入（元）")),
               Column("progress", _l("培育进度（%）"), order_by="progress")]

    def get_queryset(self):
        qs = super().get_queryset()
        year = self.request.GET.get("year", "")
        return qs.filter(year=int(year)) if year.isdigit() else qs


class CultivationDetailView(ObjectDetailView):
    lede = _l("培育对象的目标、计划投入、已落实经费和开展的活动")
    model = CultivationEntry
    template_name = "registers/cultivation_detail.html"
    edit_url_name = "registers:cultivation_edit"
    delete_url_name = "registers:cultivation_delete"
    fields = [Column("place", _l("培育对象")), Column("year", _l("年度")), Column("title_level", _l("拟创建级别")),
              Column("target", _l("培育目标")), Column("planned_funds", _l("计划投入（元）")),
              Column("progress", _l("培育进度（%）")), Column("progress_note", _l("进展情况"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["figures"] = selectors.site_figures(obj)
        return ctx


class CultivationEditView(ObjectEditView):
    model = CultivationEntry
    form_class = CultivationForm
    create_service = services.cultivation_create
    update_service = services.cultivation_update


class CultivationDeleteView(ObjectDeleteView):
    model = CultivationEntry
    success_url_name = "registers:cultivation_list"


# --- liaisons ----------------------------------------------------------------------------------------------

class LiaisonListView(ObjectListView):
    lede = _l("各单位创建工作联络员的工作联系方式")
    empty_hint = _l("每个单位登记一名联络员（须是本单位在平台上的工作人员）")
    model = Liaison
    select_related = ("place", "person")
    create_url_name = "registers:liaison_add"
    search = False
    title = _l("联络员名册")
    columns = [Column("place", _l("单位"), link=True), Column("person.full_name", _l("联络员")), Column("post", _l("职务")),
               Column("office_phone", _l("办公电话")), Column("mobile", _l("手机"))]


class LiaisonDetailView(ObjectDetailView):
    model = Liaison
    edit_url_name = "registers:liaison_edit"
    delete_url_name = "registers:liaison_delete"
    fields = [Column("place", _l("单位")), Column("person", _l("联络员")), Column("post", _l("职务")),
              Column("office_phone", _l("办公电话")), Column("mobile", _l("手机")), Column("email", _l("工作邮箱"))]


class LiaisonEditView(ObjectEditView):
    model = Liaison
    form_class = LiaisonForm
    create_service = services.liaison_create
    update_service = services.liaison_update


class LiaisonDeleteView(ObjectDeleteView):
    model = Liaison
    success_url_name = "registers:liaison_list"


# --- briefings ---------------------------------------------------------------------------------------------

class BriefingListView(ObjectListView):
    lede = _l("创建办编发的工作简报，按年度连续编号")
    empty_hint = _l("从已采用的信息中选几条，编成一期简报，可下载Word")
    model = Briefing
    select_related = ("place",)
    create_url_name = "registers:briefing_add"
    title = _l("简报")
    columns = [Column("__str__", _l("简报"), link=True), Column("place", _l("编发地区")),
               Column("issued_on", _l("编发日期"), order_by="issued_on")]


class BriefingDetailView(ObjectDetailView):
    lede = _l("一期简报刊发的信息，可下载为Word文档")
    model = Briefing
    template_name = "registers/briefing_detail.html"
    edit_url_name = "registers:briefing_edit"
    delete_url_name = "registers:briefing_delete"
    fields = [Column("place", _l("编发地区")), Column("year", _l("年度")), Column("number", _l("期数")),
              Column("issued_on", _l("编发日期")), Column("editor", _l("编印单位"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["items"] = selectors.briefing_items(obj)
        return ctx


class BriefingEditView(ObjectEditView):
    model = Briefing
    form_class = BriefingForm
    create_service = services.briefing_create
    update_service = services.briefing_update

    def service_fields(self, form) -> dict:
        data = dict(form.cleaned_data)
        if "pk" in self.kwargs:
            data.pop("place", None)
        return data


class BriefingDeleteView(ObjectDeleteView):
    model = Briefing
    success_url_name = "registers:briefing_list"


class BriefingDocumentView(RestrictedMixin, View):
    model = Briefing

    def get(self, request, pk):
        briefing = self.get_object()
        return docx_response(documents.briefing_document(briefing), documents.filename(briefing))


# --- leading-group decisions -------------------------------------------------------------------------------

class DecisionListView(ObjectListView):
    lede = _l("领导小组的会议纪要和决定，附文件扫描件")
    empty_hint = _l("登记领导小组每次会议的纪要或印发的决定，并上传文件")
    model = GroupDecision
    select_related = ("group__place",)
    create_url_name = "registers:decision_add"
    search = False
    columns = [Column("decided_on", _l("日期"), order_by="decided_on"), Column("title", _l("标题"), link=True),
               Column("group", _l("领导小组")), Column("document_no", _l("文号"))]


class DecisionDetailView(ObjectDetailView):
    lede = _l("一次会议或决定的内容和文件")
    model = GroupDecision
    template_name = "registers/decision_detail.html"
    edit_url_name = "registers:decision_edit"
    delete_url_name = "registers:decision_delete"
    fields = [Column("group", _l("领导小组")), Column("decided_on", _l("会议/决定日期")),
              Column("document_no", _l("文号")), Column("summary", _l("主要内容"))]


class DecisionEditView(ObjectEditView):
    model = GroupDecision
    form_class = DecisionForm
    create_service = services.decision_create
    update_service = services.decision_update

    def get_form(self, obj, data=None, files=None):
        initial = self.request.GET.dict() if obj is None and data is None else None
        return self.form_class(data=data, files=files, instance=obj, user=self.request.user, initial=initial)

    def service_fields(self, form) -> dict:
        data = dict(form.cleaned_data)
        data.pop("files", None)
        data["files"] = files_from(self.request, "files")
        return data


class DecisionDeleteView(ObjectDeleteView):
    model = GroupDecision
    success_url_name = "registers:decision_list"
