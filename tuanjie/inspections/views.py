"""Pages of inspection rounds. Lists and details are the generic views; workflow steps post to small views
that call the services (the services decide who may do what)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, RestrictedMixin
from tuanjie.inspections import services
from tuanjie.inspections.filtersets import RectificationFilterSet, RoundFilterSet
from tuanjie.inspections.forms import (
    AnswerForm,
    CloseForm,
    CommentForm,
    FindingForm,
    RectificationForm,
    RoundForm,
    TalkForm,
)
from tuanjie.inspections.models import Finding, Rectification, Round, Talk
from tuanjie.inspections.selectors import rectification_counts


def _overdue_text(item) -> str:
    return _("已超期") if item.is_overdue(timezone.localdate()) else ""


class RoundListView(ObjectListView):
    lede = _l("督查检查：每轮检查的范围、督查组和发现的问题")
    empty_hint = _l("新建一轮督查，选定被检查的单位和督查组成员。")
    model = Round
    select_related = ("place",)
    filterset_class = RoundFilterSet
    create_url_name = "inspections:round_add"
    search = False
    columns = [
        Column("title", _l("名称"), link=True),
        Column("kind", _l("督查类型")),
        Column("place", _l("组织单位")),
        Column("start_date", _l("开始日期"), order_by="start_date"),
        Column("end_date", _l("结束日期")),
        Column("state", _l("状态")),
    ]


class RoundDetailView(ObjectDetailView):
    lede = _l("一轮督查的单位、成员、发现的问题和整改情况")
    model = Round
    template_name = "inspections/round_detail.html"
    delete_url_name = "inspections:round_delete"
    fields = [Column("kind", _l("督查类型")), Column("place", _l("组织单位")), Column("start_date", _l("开始日期")),
              Column("end_date", _l("结束日期")), Column("purpose", _l("督查内容")), Column("state", _l("状态")),
              Column("notice_no", _l("通报文号")), Column("conclusion", _l("总体评价"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        user = self.request.user
        findings = Finding.objects.restrict(user).filter(round=obj).select_related("unit", "rectification")
        ctx.update(
            team=obj.team.all(), units=obj.units.order_by("path"), findings=findings,
            talks=Talk.objects.restrict(user).filter(round=obj).select_related("place"),
            counts=rectification_counts(obj, timezone.localdate()),
            may_record=obj.state == Round.State.OPEN and services.may_inspect(user, obj),
            may_close=obj.state == Round.State.OPEN and services.covers(user, {"office"}, obj.place),
            finding_form=FindingForm(round_=obj), close_form=CloseForm(),
        )
        return ctx


class RoundCreateView(View):
    def get(self, request):
        return render(request, "core/object_form.html", {"form": RoundForm(user=request.user),
                                                          "title": _("新增督查轮次")})

    def post(self, request):
        form = RoundForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                round_ = services.round_create(by=request.user, place=d["place"], title=d["title"], kind=d["kind"],
                                               start_date=d["start_date"], end_date=d["end_date"],
                                               units=d["units"], team=d["team"], purpose=d["purpose"])
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, "；".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("已新建督查轮次"))
                return redirect(round_.get_absolute_url())
        return render(request, "core/object_form.html", {"form": form, "title": _("新增督查轮次")})


class RoundDeleteView(ObjectDeleteView):
    model = Round
    success_url_name = "inspections:round_list"


def _step(request, obj, fn):
    """Run one service step: what is wrong with the record (state, missing note) comes back as a message on the
    page it came from; a person who may not take the step gets the 403 page with its reason."""
    try:
        fn()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("操作成功"))
    return redirect(obj.get_absolute_url())


class FindingRecordView(RestrictedMixin, View):
    model = Round

    def post(self, request, pk):
        round_ = self.get_object()
        form = FindingForm(request.POST, request.FILES, round_=round_)
        if not form.is_valid():
            messages.error(request, _("请填写被督查单位、类别和内容"))
            return redirect(round_.get_absolute_url())
        d = form.cleaned_data
        return _step(request, round_, lambda: services.finding_record(
            by=request.user, round_=round_, unit=d["unit"], kind=d["kind"], text=d["text"], files=d["files"]))


class RoundCloseView(RestrictedMixin, View):
    model = Round

    def post(self, request, pk):
        round_ = self.get_object()
        form = CloseForm(request.POST)
        form.is_valid()
        d = form.cleaned_data
        return _step(request, round_, lambda: services.round_close(
            by=request.user, round_=round_, notice_no=d.get("notice_no", ""), notice_date=d.get("notice_date"),
            conclusion=d.get("conclusion", "")))


class RoundNoticeView(RestrictedMixin, View):
    model = Round

    def get(self, request, pk):
        from tuanjie.documents.http import docx_response
        from tuanjie.inspections.notice import round_notice_document

        round_ = self.get_object()
        return docx_response(round_notice_document(round_), f"{round_.title}通报")


class FindingDetailView(ObjectDetailView):
    model = Finding
    template_name = "inspections/finding_detail.html"
    fields = [Column("round", _l("督查轮次")), Column("unit", _l("被督查单位")), Column("kind", _l("类别")),
              Column("text", _l("内容")), Column("recorded_by", _l("记录人"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["rectification"] = getattr(obj, "rectification", None)   # None until the problem is assigned
        ctx["may_assign"] = (obj.kind == Finding.Kind.PROBLEM and ctx["rectification"] is None
                             and services.may_inspect(self.request.user, obj.round))
        ctx["form"] = RectificationForm()
        return ctx


class RectificationCreateView(RestrictedMixin, View):
    model = Finding

    def post(self, request, pk):
        finding = self.get_object()
        form = RectificationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请填写整改要求和整改时限"))
            return redirect(finding.get_absolute_url())
        d = form.cleaned_data
        return _step(request, finding, lambda: services.rectification_create(
            by=request.user, finding=finding, requirement=d["requirement"], deadline=d["deadline"]))


class RectificationListView(ObjectListView):
    lede = _l("督查发现问题后的整改事项：责任单位反馈，督查组核验销号或退回")
    empty_hint = _l("督查发现问题后，在问题页面点“整改”生成整改事项。")
    model = Rectification
    select_related = ("unit", "finding__round")
    filterset_class = RectificationFilterSet
    columns = [
        Column("requirement", _l("整改要求"), link=True),
        Column("unit", _l("责任单位")),
        Column("finding.round", _l("督查轮次")),
        Column("deadline", _l("整改时限"), order_by="deadline"),
        Column("state", _l("状态")),
        Column("overdue", _l("超期"), value=_overdue_text),
    ]


class RectificationDetailView(ObjectDetailView):
    lede = _l("一项整改的要求、时限、反馈和核验记录")
    model = Rectification
    template_name = "inspections/rectification_detail.html"
    fields = [Column("unit", _l("责任单位")), Column("finding.round", _l("督查轮次")), Column("finding.text", _l("问题")),
              Column("requirement", _l("整改要求")), Column("deadline", _l("整改时限")), Column("state", _l("状态")),
              Column("overdue", _l("超期"), value=_overdue_text), Column("answer", _l("整改情况")),
              Column("last_comment", _l("核验意见"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx.update(steps=obj.steps.select_related("user"), allowed=services.allowed_transitions(self.request.user, obj),
                   answer_form=AnswerForm(), comment_form=CommentForm())
        return ctx


class RectificationStepView(RestrictedMixin, View):
    model = Rectification

    def post(self, request, pk, action):
        item = self.get_object()
        if action == "answer":
            form = AnswerForm(request.POST, request.FILES)
            if not form.is_valid():
                messages.error(request, _("请填写整改情况"))
                return redirect(item.get_absolute_url())
            return _step(request, item, lambda: services.rectification_answer(
                by=request.user, item=item, answer=form.cleaned_data["answer"], files=form.cleaned_data["files"]))
        comment = request.POST.get("comment", "")
        return _step(request, item, lambda: services.rectification_transition(
            by=request.user, item=item, action=action, comment=comment))


class TalkListView(ObjectListView):
    lede = _l("对创建工作推进不力的单位的约谈记录")
    model = Talk
    select_related = ("place", "round")
    create_url_name = "inspections:talk_add"
    search = False
    columns = [Column("date", _l("约谈日期"), link=True, order_by="date"), Column("place", _l("被约谈单位")),
               Column("interviewee_post", _l("被约谈人职务")), Column("interviewer", _l("约谈人")),
               Column("reason", _l("约谈事由"))]


class TalkDetailView(ObjectDetailView):
    model = Talk
    edit_url_name = "inspections:talk_edit"
    delete_url_name = "inspections:talk_delete"
    fields = [Column("date", _l("约谈日期")), Column("place", _l("被约谈单位")), Column("round", _l("督查轮次")),
              Column("interviewee_post", _l("被约谈人职务")), Column("interviewer", _l("约谈人")),
              Column("reason", _l("约谈事由")), Column("content", _l("约谈内容")), Column("follow_up", _l("后续落实情况"))]


class TalkEditView(ObjectEditView):
    model = Talk
    form_class = TalkForm
    create_service = services.talk_record
    update_service = services.talk_update

    def perform_save(self, form, obj):
        if obj is not None:
            return super().perform_save(form, obj)
        data = dict(form.cleaned_data)
        return self.create_service(by=self.request.user, unit=data.pop("place"), round_=data.pop("round"), **data)


class TalkDeleteView(ObjectDeleteView):
    model = Talk
    success_url_name = "inspections:talk_list"
