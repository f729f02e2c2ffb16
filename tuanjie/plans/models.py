"""Annual implementation plans (年度实施方案): the plan's sections, its phases (工作步骤), its key tasks (重点任务)
with responsible units and quantified targets, the progress units report on them, and the schedule of key
activities (重要活动安排表). A lower level's plan may be derived from its upper level's (`source`).

Areas and creation units alike write plans: an annual implementation plan (one a year), topic plans (专项方案:
十进方案, 宣传月方案…) and multi-year plans (三年创建规划) with the annual and topic plans of its years under it
(`programme`). A unit's annual plan starts from its area's where one exists."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuanjie.core import dates
from tuanjie.core.access import OFFICE, READERS, AccessPolicy
from tuanjie.core.models import PlaceScopedModel, RestrictedModel
from tuanjie.core.roles import Role
from tuanjie.core.search import TextSearchQuerySet

# An area's office writes its area's plans; a creation unit's staff write the unit's own.
WRITERS = frozenset({Role.OFFICE, Role.UNIT})


class Plan(PlaceScopedModel):
    """A place's plan: for one year (annual, topic), or for several (a multi-year creation plan)."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("年度实施方案")
        TOPIC = "topic", _("专项方案（十进方案、宣传月方案等）")
        MULTIYEAR = "multiyear", _("多年创建规划（如三年创建规划）")

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        ISSUED = "issued", _("已印发")
        WITHDRAWN = "withdrawn", _("已废止")

    kind = models.CharField(_("方案类型"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    year = models.PositiveSmallIntegerField(_("年度"), validators=dates.year_range, help_text=_("多年规划填起始年度"))
    end_year = models.PositiveSmallIntegerField(_("截止年度"), null=True, blank=True, validators=dates.year_range,
                                                help_text=_("仅多年创建规划填写，如2026—2028年规划填2028"))
    programme = models.ForeignKey("self", verbose_name=_("所属创建规划"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="annual_plans",
                                  limit_choices_to={"kind": "multiyear"},
                                  help_text=_("年度或专项方案所属的本级多年创建规划"))
    title = models.CharField(_("标题"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True, validators=[dates.planned])
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    guiding_ideology = models.TextField(_("指导思想"), blank=True)
    principles = models.TextField(_("基本原则"), blank=True)
    goals = models.TextField(_("目标任务"), blank=True)
    task_overview = models.TextField(_("重点工作及任务分工"), blank=True,
                                     help_text=_("任务分工的总体说明；具体任务在“重点任务”中逐条填写"))
    safeguards = models.TextField(_("保障措施"), blank=True)
    source = models.ForeignKey("self", verbose_name=_("依据的上级方案"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="derived")

    objects = TextSearchQuerySet.as_manager()
    search_fields = ("title", "doc_number")
    search_place = "place"
    access = AccessPolicy(add=WRITERS, change=WRITERS, delete=WRITERS)

    class Meta:
        verbose_name = _("创建工作方案")
        verbose_name_plural = _("创建工作方案")
        ordering = ["-year", "place__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["place", "year"], condition=Q(kind="annual"),
                                               name="plans_one_plan_per_place_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans:plan_detail", args=[self.pk])

    def deletion_refusal(self) -> str | None:
        if self.status == self.Status.DRAFT:
            return None
        return _("“%(plan)s”已印发，下级方案、重点任务和活动台账以它为依据，不能删除；"
                 "如需作废，请在方案页面点击“废止”（记录保留，标为已废止）") % {"plan": self.title}

    SECTIONS = ("guiding_ideology", "principles", "goals", "task_overview", "safeguards")

    @property
    def years_text(self) -> str:
        if self.kind == self.Kind.MULTIYEAR and self.end_year:
            return f"{self.year}—{self.end_year}年"
        return f"{self.year}年"


class PlanPhase(RestrictedModel):
    """A step of the plan's work (工作步骤), e.g. 宣传动员 6/20–7/10."""

    plan = models.ForeignKey(Plan, verbose_name=_("实施方案"), on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("阶段"), max_length=60)
    start = models.DateField(_("开始日期"), validators=[dates.planned])
    end = models.DateField(_("结束日期"), validators=[dates.planned])
    description = models.TextField(_("工作内容"), blank=True)

    access = AccessPolicy(add=WRITERS, change=WRITERS, delete=WRITERS)
    place_path_lookup = "plan__place__path"

    class Meta:
        verbose_name = _("工作步骤")
        verbose_name_plural = _("工作步骤")
        ordering = ["plan", "order", "start", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.start:%m/%d}—{self.end:%m/%d}）"

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url() + f"#phase-{self.pk}"


class PlanTask(RestrictedModel):
    """A key task (重点任务) of a plan: what, who leads, who helps, by when, how much."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("未开始")
        IN_PROGRESS = "in_progress", _("推进中")
        DONE = "done", _("已完成")

    plan = models.ForeignKey(Plan, verbose_name=_("实施方案"), on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("任务"), max_length=200)
    description = models.TextField(_("工作要求"), blank=True)
    phase = models.ForeignKey(PlanPhase, verbose_name=_("所属阶段"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="tasks")
    lead_unit = models.ForeignKey("places.Place", verbose_name=_("牵头单位"), on_delete=models.PROTECT,
                                  related_name="+")
    partner_units = models.ManyToManyField("places.Place", verbose_name=_("配合单位"), blank=True,
                                           related_name="+")
    # 落实到人: a staff member of the lead unit answers for the task (on their to-do and in the reminders).
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    help_text=_("牵头单位的工作人员"))
    deadline = models.DateField(_("完成时限"), null=True, blank=True, validators=[dates.planned])
    target_quantity = models.PositiveIntegerField(_("量化目标"), null=True, blank=True)
    target_unit = models.CharField(_("目标单位"), max_length=10, blank=True, help_text=_("如：场、次、人次、块"))
    status = models.CharField(_("进展状态"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), default=0, validators=[MaxValueValidator(100)])
    source_task = models.ForeignKey("self", verbose_name=_("上级方案任务"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="derived")

    objects = TextSearchQuerySet.as_manager()
    search_fields = ("title",)
    search_place = "lead_unit"
    access = AccessPolicy(add=WRITERS, change=WRITERS, delete=WRITERS)
    place_path_lookup = "plan__place__path"

    class Meta:
        verbose_name = _("重点任务")
        verbose_name_plural = _("重点任务")
        ordering = ["plan", "number", "id"]
        indexes = [models.Index(fields=["deadline", "status"], name="plans_task_deadline_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans:task_detail", args=[self.pk])

    @property
    def target_text(self) -> str:
        if self.target_quantity is None:
            return ""
        return f"{self.target_quantity} {self.target_unit}".strip()

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or date.today()
        return bool(self.deadline and self.deadline < today and self.status != self.Status.DONE)


class TaskProgress(PlaceScopedModel):
    """A responsible unit's report on a task: where it stands, in words, with evidence files attached.
    `place` is the reporting unit, so the unit and the offices above it see it."""

    task = models.ForeignKey(PlanTask, verbose_name=_("重点任务"), on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField(_("报送日期"), default=date.today, validators=[dates.planned])
    status = models.CharField(_("进展状态"), max_length=12, choices=PlanTask.Status.choices)
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), validators=[MaxValueValidator(100)])
    text = models.TextField(_("进展情况"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    access = AccessPolicy(view=READERS, add=frozenset({Role.UNIT}) | OFFICE,
                          change=frozenset({Role.UNIT}) | OFFICE, delete=OFFICE)

    class Meta:
        verbose_name = _("任务进展")
        verbose_name_plural = _("任务进展")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.task}：{self.percent}%"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans:progress_detail", args=[self.pk])


class ScheduledActivity(RestrictedModel):
    """A line of the key-activity schedule (重要活动安排表)."""

    plan = models.ForeignKey(Plan, verbose_name=_("实施方案"), on_delete=models.CASCADE, related_name="schedule")
    title = models.CharField(_("活动名称"), max_length=200)
    start = models.DateField(_("开始日期"), validators=[dates.planned])
    end = models.DateField(_("结束日期"), null=True, blank=True, validators=[dates.planned])
    organiser = models.ForeignKey("places.Place", verbose_name=_("承办单位"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    task = models.ForeignKey(PlanTask, verbose_name=_("对应任务"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="scheduled")
    location = models.CharField(_("地点"), max_length=100, blank=True)
    description = models.TextField(_("内容"), blank=True)

    place_path_lookup = "plan__place__path"

    class Meta:
        verbose_name = _("重要活动安排")
        verbose_name_plural = _("重要活动安排")
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans:schedule_detail", args=[self.pk])

    @property
    def last_day(self) -> date:
        return self.end or self.start
