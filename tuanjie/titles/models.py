"""Demonstration titles (示范单位命名、示范区命名): configurable title levels and their step chains, quotas for
recommending, calls (申报通知) with a window per step, applications walking up the chain, named titles, and their
re-inspections (复检复验).

A title's subject is a creation unit or an area (示范县 for a county, 示范村 for a village): each title level says
which fits it. An area's own office applies on its behalf and the reviewing offices are the levels above it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuanjie.commendations.models import CampaignQuerySet
from tuanjie.core import dates
from tuanjie.core.access import OFFICE, READERS, AccessPolicy
from tuanjie.core.dates import when
from tuanjie.core.models import ChangeLoggedModel, PlaceScopedModel, RestrictedModel
from tuanjie.core.roles import Role

NOBODY = frozenset()
APPLICANTS = frozenset({Role.UNIT, Role.OFFICE})


class TitleLevel(ChangeLoggedModel):
    """A level of demonstration title (县级 / 市级 / 省级 / 全国). Configuration: provinces differ."""

    name = models.CharField(_("称号级别"), max_length=20, unique=True)
    title_name = models.CharField(_("称号名称"), max_length=100, default=_("民族团结进步创建示范单位"))
    order = models.PositiveSmallIntegerField(_("排序"), default=10)
    validity_years = models.PositiveSmallIntegerField(_("有效期（年）"), default=5)
    reinspection_years = models.PositiveSmallIntegerField(_("复检周期（年）"), default=3)
    rectification_months = models.PositiveSmallIntegerField(_("整改期限（月）"), default=6)
    reinspector_level = models.ForeignKey(
        "places.PlaceLevel", verbose_name=_("复检单位层级"), on_delete=models.PROTECT, related_name="+",
        help_text=_("由该层级的创建办组织复检复验"))
    default_subsidy = models.DecimalField(_("默认奖补资金（万元）"), max_digits=10, decimal_places=2, default=0)
    subject_level = models.ForeignKey(
        "places.PlaceLevel", verbose_name=_("申报主体"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
        help_text=_("不选为创建单位（示范单位）；选择层级则由该层级的地区申报（如“县”为示范县、“村”为示范村），"
                    "由该地区的创建办代为申报"))
    conferring_body = models.CharField(
        _("命名机关"), max_length=40, blank=True,
        help_text=_("称号由平台之外的机关命名和复核验收时填写，如“国家民委”；最后一个环节和复核验收由最高一级创建办"
                    "录入其结果"))
    # The assessments app measures the distance to the title by this system, and refuses an application whose
    # latest self-assessment under it is below the threshold (assessments.selectors.application_gate).
    indicator_system = models.ForeignKey(
        "assessments.IndicatorSystem", verbose_name=_("测评指标体系"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("申报前须按此体系自评；下级地区采用的修订版本同样适用"))
    application_threshold = models.DecimalField(_("申报门槛（分）"), max_digits=5, decimal_places=1, default=90,
                                                help_text=_("自评得分（百分制）达到此分数方可提交申报"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("称号级别")
        verbose_name_plural = _("称号级别")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def for_areas(self) -> bool:
        return self.subject_level_id is not None

    @property
    def subject_label(self) -> str:
        return _("%(level)s级地区") % {"level": self.subject_level} if self.subject_level_id else _("创建单位")

    def fits(self, place) -> bool:
        """Whether `place` may apply for, hold and lose a title of this level."""
        if self.subject_level_id is None:
            return place.kind == place.Kind.UNIT
        return place.kind == place.Kind.AREA and place.level_id is not None and (
            place.level.rank == self.subject_level.rank)


class TitleStep(ChangeLoggedModel):
    """One step of a title level's chain, performed by the creation office at a hierarchy level above the unit.
    A unit with no ancestor at that level skips the step (trees differ in depth)."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("审核")
        RECOMMEND = "recommend", _("审核推荐（占名额）")
        INSPECT = "inspect", _("验收")
        NAME = "name", _("命名授牌")

    title_level = models.ForeignKey(TitleLevel, verbose_name=_("称号级别"), on_delete=models.CASCADE,
                                    related_name="steps")
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("环节名称"), max_length=30)
    kind = models.CharField(_("环节类型"), max_length=20, choices=Kind.choices, default=Kind.REVIEW)
    office_level = models.ForeignKey("places.PlaceLevel", verbose_name=_("办理单位层级"), on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = _("申报环节")
        verbose_name_plural = _("申报环节")
        ordering = ["title_level__order", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["title_level", "order"], name="title_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.title_level}·{self.name}"

    @property
    def uses_quota(self) -> bool:
        return self.kind == self.Kind.RECOMMEND

    @property
    def names_title(self) -> bool:
        return self.kind == self.Kind.NAME


class TitleQuota(PlaceScopedModel):
    """How many units the office at `place` may recommend for a title level in a year. Set by the level above."""

    title_level = models.ForeignKey(TitleLevel, verbose_name=_("称号级别"), on_delete=models.PROTECT,
                                    related_name="quotas")
    year = models.PositiveSmallIntegerField(_("年度"), validators=dates.year_range)
    limit = models.PositiveSmallIntegerField(_("推荐名额"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    access = AccessPolicy(view=READERS, add=OFFICE, change=OFFICE, delete=OFFICE,
                          below_only=frozenset({"add", "change", "delete"}))

    class Meta:
        verbose_name = _("推荐名额")
        verbose_name_plural = _("推荐名额")
        ordering = ["-year", "place__path", "title_level__order"]
        constraints = [models.UniqueConstraint(fields=["place", "title_level", "year"], name="title_quota_unique")]

    def __str__(self) -> str:
        return _("%(place)s %(year)s年%(level)s推荐名额%(n)s个") % {
            "place": self.place, "year": self.year, "level": self.title_level, "n": self.limit}

    def get_absolute_url(self) -> str:
        return reverse("titles:quota_detail", args=[self.pk])


class TitleCall(PlaceScopedModel):
    """A call for applications (申报通知) issued by the office at `place` for a title level and year: one window
    per step (the declaration and each step of the chain). A step outside its window is refused, unless the
    calling office reopened the window with a reason. A step without a window is not limited by the call."""

    title_level = models.ForeignKey(TitleLevel, verbose_name=_("称号级别"), on_delete=models.PROTECT,
                                    related_name="calls")
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("通知名称"), max_length=120, help_text=_("如：关于开展2026年度省级民族团结进步示范县申报工作的通知"))
    document_no = models.CharField(_("文号"), max_length=60, blank=True)
    description = models.TextField(_("申报要求"), blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    # A call is an announcement to the places below its office (as a commendation campaign is): everyone may read
    # the calls of the places above them, so a county reads the province's call it answers.
    objects = CampaignQuerySet.as_manager()
    access = AccessPolicy(view=READERS, add=OFFICE, change=OFFICE, delete=NOBODY)

    class Meta:
        verbose_name = _("申报通知")
        verbose_name_plural = _("申报通知")
        ordering = ["-year", "place__path", "title_level__order"]
        constraints = [models.UniqueConstraint(fields=["place", "title_level", "year"], name="title_call_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("titles:call_detail", args=[self.pk])


class CallWindow(RestrictedModel):
    """When one step of a call may be taken: `step` None is the declaration (申报) by the subjects."""

    call = models.ForeignKey(TitleCall, verbose_name=_("申报通知"), on_delete=models.CASCADE, related_name="windows")
    step = models.ForeignKey(TitleStep, verbose_name=_("环节"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", help_text=_("不选为申报（提交申报）"))
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    reopened_until = models.DateField(_("重新开放至"), null=True, blank=True)
    reopen_reason = models.TextField(_("重新开放理由"), blank=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("重新开放人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    place_path_lookup = "call__place__path"
    access = AccessPolicy(view=READERS, add=NOBODY, change=NOBODY, delete=NOBODY)

    class Meta:
        verbose_name = _("办理时间")
        verbose_name_plural = _("办理时间")
        # the declaration (no step) first on every database (PostgreSQL puts NULLs last by default)
        ordering = ["call", models.F("step__order").asc(nulls_first=True), "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "step"], name="call_window_step_unique"),
            models.UniqueConstraint(fields=["call"], condition=models.Q(step__isnull=True),
                                    name="call_window_declaration_unique"),
        ]

    def __str__(self) -> str:
        return _("%(step)s：%(a)s至%(b)s") % {"step": self.label, "a": when(self.opens_on), "b": when(self.last_day)}

    @property
    def label(self) -> str:
        return self.step.name if self.step_id else _("申报")

    @property
    def last_day(self):
        """The window's last day: its closing date, or the later date it was reopened to."""
        if self.reopened_until and self.reopened_until > self.closes_on:
            return self.reopened_until
        return self.closes_on

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("截止日期不能早于开始日期")})


class TitleApplication(PlaceScopedModel):
    """An application for a title level in a year by its subject (`place`: a unit, or an area whose own office
    applies on its behalf)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        IN_REVIEW = "in_review", _("审核中")
        RETURNED = "returned", _("已退回修改")
        REJECTED = "rejected", _("未通过")
        WITHDRAWN = "withdrawn", _("已撤回")
        NAMED = "named", _("已命名")

    title_level = models.ForeignKey(TitleLevel, verbose_name=_("申报称号级别"), on_delete=models.PROTECT,
                                    related_name="applications")
    year = models.PositiveSmallIntegerField(_("申报年度"), validators=dates.year_range)
    deeds = models.TextField(_("创建事迹简介"), help_text=_("简要介绍创建工作的主要做法和成效，详细材料以附件上传"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    current_step = models.ForeignKey(TitleStep, verbose_name=_("当前环节"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    # An area's own office applies for it, a unit's staff for their unit; the services narrow the office to its
    # own area (an office does not write a unit's or a lower area's application).
    access = AccessPolicy(view=READERS, add=APPLICANTS, change=APPLICANTS, delete=NOBODY)

    class Meta:
        verbose_name = _("示范单位申报")
        verbose_name_plural = _("示范单位申报")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["place", "title_level", "status"], name="title_app_unit_idx")]

    def __str__(self) -> str:
        return _("%(unit)s申报%(year)s年%(level)s%(name)s") % {
            "unit": self.place, "year": self.year, "level": self.title_level,
            "name": self.title_level.title_name if self.title_level.for_areas else _("示范单位")}

    def get_absolute_url(self) -> str:
        return reverse("titles:application_detail", args=[self.pk])

    def deletion_refusal(self) -> str | None:
        if self.status != self.Status.NAMED:
            return None
        return _("该申报已命名为示范单位，不能删除；如需取消称号，请在称号页面录入复检结果"
                 "（复检不合格限期整改，复验仍不合格的撤销称号，记录保留）")

    @property
    def stage_label(self) -> str:
        if self.status == self.Status.IN_REVIEW and self.current_step_id:
            return _("待%(step)s") % {"step": self.current_step.name}
        return self.get_status_display()


class ApplicationEvent(RestrictedModel):
    """One step in an application's history: who did what, at which office, with which reason."""

    application = models.ForeignKey(TitleApplication, verbose_name=_("申报"), on_delete=models.CASCADE,
                                    related_name="events")
    time = models.DateTimeField(_("时间"), auto_now_add=True)
    action = models.CharField(_("操作"), max_length=20)
    action_label = models.CharField(_("操作名称"), max_length=40)
    step = models.ForeignKey(TitleStep, verbose_name=_("环节"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    office = models.ForeignKey("places.Place", verbose_name=_("办理单位"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(_("原状态"), max_length=20)
    to_status = models.CharField(_("新状态"), max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(_("意见/理由"), blank=True)

    place_path_lookup = "application__place__path"
    access = AccessPolicy(view=READERS, add=NOBODY, change=NOBODY, delete=NOBODY)

    class Meta:
        verbose_name = _("申报办理记录")
        verbose_name_plural = _("申报办理记录")
        ordering = ["time", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.action_label}"


class DemonstrationTitle(PlaceScopedModel):
    """A named title held by a unit (`place`), re-inspected on a schedule; a second failure revokes it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        RECTIFYING = "rectifying", _("限期整改")
        REVOKED = "revoked", _("已撤销")

    application = models.OneToOneField(TitleApplication, verbose_name=_("申报"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="title")
    title_level = models.ForeignKey(TitleLevel, verbose_name=_("称号级别"), on_delete=models.PROTECT,
                                    related_name="titles")
    title_name = models.CharField(_("称号名称"), max_length=100)
    named_by = models.ForeignKey("places.Place", verbose_name=_("命名单位"), on_delete=models.PROTECT,
                                 related_name="+")
    named_on = models.DateField(_("命名日期"), validators=[dates.planned])
    document_no = models.CharField(_("命名文号"), max_length=60, blank=True)
    valid_until = models.DateField(_("有效期至"), validators=[dates.planned])
    subsidy = models.DecimalField(_("奖补资金（万元）"), max_digits=10, decimal_places=2, default=0)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    next_inspection_due = models.DateField(_("下次复检日期"), null=True, blank=True, validators=[dates.planned])
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True, validators=[dates.planned])
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True, validators=[dates.planned])
    revoke_reason = models.TextField(_("撤销理由"), blank=True)
    allocation = models.OneToOneField("funds.Allocation", verbose_name=_("奖补资金落实"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="title",
                                      help_text=_("命名时按奖补资金登记到经费台账"))

    access = AccessPolicy(view=READERS, add=NOBODY, change=NOBODY, delete=NOBODY)

    class Meta:
        verbose_name = _("示范单位称号")
        verbose_name_plural = _("示范单位称号")
        ordering = ["-named_on", "-id"]
        indexes = [models.Index(fields=["status", "next_inspection_due"], name="title_due_idx")]

    def __str__(self) -> str:
        return _("%(unit)s（%(level)s%(name)s）") % {
            "unit": self.place, "level": self.title_level, "name": self.title_name}

    def get_absolute_url(self) -> str:
        return reverse("titles:title_detail", args=[self.pk])

    def deletion_refusal(self) -> str | None:
        return _("示范单位称号“%(name)s”已命名，不能删除；如需取消，请在称号页面录入复检结果"
                 "（复检不合格限期整改，复验仍不合格的撤销称号，记录保留）") % {
            "name": self.title_name}


class ReInspection(RestrictedModel):
    """One re-inspection (复检复验) of a named title and its outcome."""

    class Result(models.TextChoices):
        PASSED = "passed", _("合格")
        FAILED = "failed", _("不合格")

    title = models.ForeignKey(DemonstrationTitle, verbose_name=_("称号"), on_delete=models.CASCADE,
                              related_name="reinspections")
    inspected_on = models.DateField(_("复检日期"), validators=[dates.planned])
    result = models.CharField(_("结论"), max_length=10, choices=Result.choices)
    findings = models.TextField(_("复检意见"), blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True, validators=[dates.planned])
    title_status_after = models.CharField(_("复检后称号状态"), max_length=20,
                                          choices=DemonstrationTitle.Status.choices)
    office = models.ForeignKey("places.Place", verbose_name=_("复检单位"), on_delete=models.PROTECT,
                               related_name="+")
    conducted_by = models.CharField(_("复检机关"), max_length=60, blank=True,
                                    help_text=_("由平台之外的机关复核验收时为其名称（如“国家民委”），结果由复检单位录入"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")

    place_path_lookup = "title__place__path"
    access = AccessPolicy(view=READERS, add=NOBODY, change=NOBODY, delete=NOBODY)

    class Meta:
        verbose_name = _("复检复验")
        verbose_name_plural = _("复检复验")
        ordering = ["inspected_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} {when(self.inspected_on)} {self.get_result_display()}"

    def clean(self):
        if self.result == self.Result.FAILED and not self.findings:
            raise ValidationError({"findings": _("不合格须写明复检意见")})
