from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.core import versioning
from tuanjie.core.access import ADD, CHANGE, may
from tuanjie.core.spreadsheets import template_response
from tuanjie.core.tables import Column
from tuanjie.core.views import (
    ImportView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RestrictedMixin,
)
from tuanjie.plans import bulk, importers, selectors, services
from tuanjie.plans.filtersets import PlanFilterSet, TaskFilterSet
from tuanjie.plans.forms import DeriveForm, PhaseFormSet, PlanForm, ProgressForm, ScheduleForm, TaskForm
from tuanjie.plans.models import Plan, PlanTask, ScheduledActivity, TaskProgress


def _partners(task) -> str:
    return "、".join(p.name for p in task.partner_units.all())


def _overdue(task) -> str:
    return _("已逾期") if task.is_overdue() else ""


TASK_COLUMNS = [
    Column("number", _l("序号"), order_by="number"),
    Column("title", _l("任务"), link=True),
    Column("plan", _l("实施方案")),
    Column("lead_unit", _l("牵头单位")),
    Column("partners", _l("配合单位"), value=_partners),
    Column("deadline", _l("完成时限"), order_by="deadline"),
    Column("target_text", _l("量化目标")),
    Column("status", _l("进展状态")),
    Column("percent", _l("完成进度（%）"), order_by="percent"),
    Column("overdue", _l("逾期"), value=_overdue),
]


# ---- plans ----------------------------------------------------------------------------------------------

class PlanListView(ObjectListView):
    lede = _l("各级地区和创建单位的创建工作方案：年度实施方案、专项方案（十进、宣传月）和三年创建规划，印发后下级据此制定本级方案")
    empty_hint = _l("每年制定一份本级年度实施方案，另可制定专项方案和多年创建规划；单位方案自动依据所在地区的方案起草，本单位承担的任务随之带入。")
    model = Plan
    filterset_class = PlanFilterSet
    select_related = ("place",)
    create_url_name = "plans:plan_add"
    columns = [
        Column("year", _l("年度"), order_by="year"),
        Column("title", _l("标题"), link=True),
        Column("kind", _l("方案类型")),
        Column("place", _l("地区/单位")),
        Column("doc_number", _l("文号")),
        Column("status", _l("状态")),
        Column("source", _l("依据的上级方案")),
    ]


class PlanDetailView(ObjectDetailView):
    lede = _l("一份实施方案的全文、工作步骤和重点任务")
    model = Plan
    template_name = "plans/plan_detail.html"
    edit_url_name = "plans:plan_edit"
    delete_url_name = "plans:plan_delete"
    fields = [Column("place", _l("地区/单位")), Column("kind", _l("方案类型")), Column("years_text", _l("年度")),
              Column("programme", _l("所属创建规划")), Column("doc_number", _l("文号")),
              Column("issued_on", _l("印发日期")), Column("status", _l("状态")),
              Column("source", _l("依据的上级方案"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        today = date.today()
        ctx.update(
            sections=[(Plan._meta.get_field(name).verbose_name, getattr(obj, name)) for name in Plan.SECTIONS],
            phases=obj.phases.all(), tasks=selectors.plan_tasks(obj), today=today,
            figures=selectors.plan_figures(obj, today),
            derived=obj.derived.select_related("place"),
            annual_plans=obj.annual_plans.select_related("place").order_by("year", "kind"),
            can_add_task=may(self.request.user, ADD, PlanTask, obj.place),
            can_derive=DeriveForm(user=self.request.user, source=obj).fields["place"].queryset.exists(),
        )
        return ctx


class PlanEditView(ObjectEditView):
    """The plan with its phases, saved together or not at all."""

    model = Plan
    form_class = PlanForm
    template_name = "plans/plan_form.html"
    create_service = services.plan_create
    update_service = services.plan_update

    def render_form(self, form, obj, phases=None):
        return render(self.request, self.template_name, {
            "form": form, "object": obj,
            "phases": phases or PhaseFormSet(instance=obj or Plan(), prefix="phases"),
            "title": _("修改实施方案") if obj else _("新增实施方案"),
        })

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.get_form(obj, request.POST)
        versioning.add_token(form, obj)
        phases = PhaseFormSet(request.POST, instance=obj or Plan(), prefix="phases")
        if form.is_valid() and phases.is_valid():
            data = dict(form.cleaned_data)
            try:
                with transaction.atomic():
                    versioning.check_form(form, obj)
                    if obj is None:
                        plan = self.create_service(by=request.user, **data)
                    else:
                        plan = self.update_service(by=request.user, plan=obj, **data)
                    phases.instance = plan
                    phases.save()
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("已保存：%(obj)s") % {"obj": plan})
                return redirect(plan.get_absolute_url())
        return self.render_form(form, obj, phases)


class UpperPlansView(ObjectListView):
    """The plans of the levels above, from which a lower level starts its own."""

    lede = _l("上级的实施方案：选一份，据此起草本级方案，重点任务随之带入")
    model = Plan
    follow_focus = False
    search = False
    title = _l("上级实施方案")
    columns = [
        Column("year", _l("年度"), order_by="year"),
        Column("title", _l("标题")),
        Column("place", _l("地区")),
        Column("doc_number", _l("文号")),
        Column("derive", _l("操作"), value=lambda plan: _("依据此方案制定本级方案")),
    ]
    template_name = "plans/upper_plans.html"

    def base_queryset(self):
        return selectors.upper_plans_for(self.request.user).order_by("-year", "place__path")


class PlanDeleteView(ObjectDeleteView):
    model = Plan
    success_url_name = "plans:plan_list"


class PlanWithdrawView(RestrictedMixin, View):
    """废止: the way out for an issued plan, which may not be deleted."""

    model = Plan
    action = CHANGE

    def post(self, request, pk):
        plan = self.get_object()
        try:
            services.plan_withdraw(by=request.user, plan=plan)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已废止：%(plan)s") % {"plan": plan})
        return redirect(plan.get_absolute_url())


class PlanDeriveView(RestrictedMixin, View):
    """Start a lower level's plan from this one."""

    model = Plan
    template_name = "core/object_form.html"

    def base_queryset(self):
        own = Plan.objects.restrict(self.request.user, self.action).values("pk")
        upper = selectors.upper_plans_for(self.request.user).values("pk")
        return Plan.objects.filter(Q(pk__in=own) | Q(pk__in=upper)).select_related("place")

    def render_form(self, form, source):
        return render(self.request, self.template_name, {
            "form": form, "object": source,
            "title": _("依据“%(plan)s”制定下级方案") % {"plan": source}})

    def get(self, request, pk):
        source = self.get_object()
        return self.render_form(DeriveForm(user=request.user, source=source), source)

    def post(self, request, pk):
        source = self.get_object()
        form = DeriveForm(request.POST, user=request.user, source=source)
        if form.is_valid():
            try:
                plan = services.plan_derive(by=request.user, source=source, place=form.cleaned_data["place"],
                                            title=form.cleaned_data["title"] or None)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("已依据上级方案生成：%(obj)s，请修改完善") % {"obj": plan})
                return redirect(plan.get_absolute_url())
        return self.render_form(form, source)


# ---- tasks ----------------------------------------------------------------------------------------------

class MyTasksView(ObjectListView):
    """The tasks assigned to the person's units, whichever level's plan they belong to."""

    lede = _l("本单位牵头或配合的重点任务：按时填报进展，附上材料")
    empty_hint = _l("上级方案把任务分给本单位后会出现在这里。")
    model = PlanTask
    filterset_class = TaskFilterSet
    follow_focus = False
    search = False
    title = _l("本单位承担的任务")
    columns = TASK_COLUMNS

    def base_queryset(self):
        return selectors.tasks_for_my_units(self.request.user).prefetch_related("partner_units")

    def get_queryset(self):
        qs = super().get_queryset()
        return qs if self.request.GET.get("sort") else qs.order_by("deadline", "pk")


class TaskListView(ObjectListView):
    """All tasks of the plans in the person's subtree."""

    lede = _l("本地区各方案的重点任务、牵头单位、时限和完成进度")
    empty_hint = _l("重点任务在实施方案中逐条添加，或从任务分工表导入。")
    model = PlanTask
    filterset_class = TaskFilterSet
    select_related = ("plan__place", "lead_unit")
    columns = TASK_COLUMNS
    import_url_name = "plans:task_import"
    bulk_actions = bulk.ACTIONS

    def get_queryset(self):
        return super().get_queryset().prefetch_related("partner_units")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # Tasks are added from their plan's page (no add page of its own), but a sheet may be imported from here.
        if Plan.objects.restrict(self.request.user, CHANGE).exists():
            ctx["import_url_name"] = self.import_url_name
        return ctx


class TaskDetailView(ObjectDetailView):
    lede = _l("一项重点任务的要求、牵头配合单位、进展和对应活动")
    model = PlanTask
    template_name = "plans/task_detail.html"
    edit_url_name = "plans:task_edit"
    delete_url_name = "plans:task_delete"
    fields = [Column("plan", _l("实施方案")), Column("phase", _l("所属阶段")), Column("description", _l("工作要求")),
              Column("lead_unit", _l("牵头单位")), Column("responsible", _l("责任人")),
              Column("partners", _l("配合单位"), value=_partners),
              Column("deadline", _l("完成时限")), Column("target_text", _l("量化目标")),
              Column("status", _l("进展状态")), Column("percent", _l("完成进度（%）")),
              Column("source_task", _l("上级方案任务"))]

    def base_queryset(self):
        return selectors.tasks_visible_to(self.request.user)

    def get_context_data(self, obj, form=None):
        ctx = super().get_context_data(obj)
        reporter_places = [p for p in services.responsible_places(obj)
                           if services._reporter_role(self.request.user, p)
                           and may(self.request.user, ADD, TaskProgress, p)]
        if form is None and reporter_places:
            form = ProgressForm(places=reporter_places, initial={
                "place": reporter_places[0].pk, "status": obj.status, "percent": obj.percent})
        linked = selectors.task_activities(obj, self.request.user)
        ctx.update(activities=linked[0] if linked else None, activity_count=linked[1] if linked else 0,
                   progress=obj.progress.select_related("place", "reported_by"), form=form,
                   overdue=obj.is_overdue(), derived=obj.derived.select_related("plan__place", "lead_unit"))
        return ctx


class TaskProgressView(TaskDetailView):
    """POST a progress report (with evidence files) on a task."""

    def post(self, request, pk):
        task = self.get_object()
        reporter_places = [p for p in services.responsible_places(task) if services._reporter_role(request.user, p)]
        form = ProgressForm(request.POST, request.FILES, places=reporter_places)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.task_progress_report(by=request.user, task=task, place=data.get("place"),
                                              status=data["status"], percent=data["percent"], text=data["text"],
                                              files=data["files"])
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("您无权报送该任务的进展"))
            else:
                messages.success(request, _("进展已报送"))
                return redirect(task.get_absolute_url())
        return render(request, self.template_name, self.get_context_data(task, form=form), status=422)


class TaskEditView(ObjectEditView):
    model = PlanTask
    form_class = TaskForm
    create_service = services.task_create
    update_service = services.task_update

    def get_form(self, obj, data=None, files=None):
        initial = {}
        if obj is None and "plan_pk" in self.kwargs:
            initial["plan"] = self.kwargs["plan_pk"]
        return self.form_class(data=data, files=files, instance=obj, user=self.request.user, initial=initial)

    def perform_save(self, form, obj):
        data = dict(form.cleaned_data)
        partners = data.pop("partner_units")
        if obj is None:
            return self.create_service(by=self.request.user, partner_units=partners, **data)
        return self.update_service(by=self.request.user, task=obj, partner_units=partners, **data)


class TaskImportView(ImportView):
    model = PlanTask
    importer_class = importers.PlanTaskImporter
    options_form_class = importers.TaskImportOptionsForm
    title = _l("导入重点任务")
    template_url_name = "plans:task_import_template"
    success_url_name = "plans:task_list"


def task_import_template(request):
    return template_response("重点任务导入模板.xlsx", list(importers.HEADERS), importers.EXAMPLE, importers.NOTES)


class TaskDeleteView(ObjectDeleteView):
    model = PlanTask
    success_url_name = "plans:plan_list"


class ProgressDetailView(ObjectDetailView):
    model = TaskProgress
    template_name = "plans/progress_detail.html"
    fields = [Column("task", _l("重点任务")), Column("place", _l("报送单位")), Column("reported_on", _l("报送日期")),
              Column("status", _l("进展状态")), Column("percent", _l("完成进度（%）")), Column("text", _l("进展情况")),
              Column("reported_by", _l("报送人"))]


# ---- schedule -------------------------------------------------------------------------------------------

class ScheduleView(RestrictedMixin, View):
    """The key-activity schedule of a plan as a month calendar (a list on phones)."""

    lede = _l("方案中的重要活动安排，按日期排列")
    model = Plan
    template_name = "plans/schedule.html"

    def get(self, request, pk):
        plan = self.get_object()
        today = date.today()
        default = (plan.year, today.month if today.year == plan.year else 1)
        try:
            year, month = (int(x) for x in request.GET.get("month", "").split("-"))
            date(year, month, 1)
        except ValueError:
            year, month = default
        items = list(selectors.schedule_in_month(plan, year, month))
        prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
        next_month = (year, month + 1) if month < 12 else (year + 1, 1)
        return render(request, self.template_name, {
            "title": _("%(plan)s：重要活动安排") % {"plan": plan.title}, "plan": plan, "items": items,
            "weeks": selectors.month_calendar(items, year, month), "year": year, "month": month, "today": today,
            "prev": "%d-%02d" % prev_month, "next": "%d-%02d" % next_month,
            "can_add": may(request.user, ADD, ScheduledActivity, plan.place),
        })


class ScheduleDetailView(ObjectDetailView):
    model = ScheduledActivity
    edit_url_name = "plans:schedule_edit"
    delete_url_name = "plans:schedule_delete"
    fields = [Column("plan", _l("实施方案")), Column("start", _l("开始日期")), Column("end", _l("结束日期")),
              Column("organiser", _l("承办单位")), Column("task", _l("对应任务")), Column("location", _l("地点")),
              Column("description", _l("内容"))]


class ScheduleEditView(ObjectEditView):
    model = ScheduledActivity
    form_class = ScheduleForm
    create_service = services.schedule_add
    update_service = services.schedule_update

    def get_form(self, obj, data=None, files=None):
        initial = {"plan": self.kwargs["plan_pk"]} if obj is None and "plan_pk" in self.kwargs else {}
        return self.form_class(data=data, files=files, instance=obj, user=self.request.user, initial=initial)

    def success_url(self, saved) -> str:
        from django.urls import reverse

        return reverse("plans:schedule", args=[saved.plan_id]) + f"?month={saved.start:%Y-%m}"


class ScheduleDeleteView(ObjectDeleteView):
    model = ScheduledActivity
    success_url_name = "plans:plan_list"

