"""Demonstration titles (示范单位命名): configurable title levels and their step chains, quotas for recommending,
applications walking up the chain, named titles, and their re-inspections (复检复验)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import OFFICE, READERS, AccessPolicy
from tuanjie.core.dates import when
from tuanjie.core.models import ChangeLoggedModel, PlaceScopedModel, RestrictedModel
from tuanjie.core.roles import Role

NOBODY = frozenset()


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
    year = models.PositiveSmallIntegerField(_("年度"))
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


class TitleApplication(PlaceScopedModel):
    """A unit's application for a title level in a year (`place` is the unit)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        IN_REVIEW = "in_review", _("审核中")
        RETURNED = "returned", _("已退回修改")
        REJECTED = "rejected", _("未通过")
        WITHDRAWN = "withdrawn", _("已撤回")
        NAMED = "named", _("已命名")

    title_level = models.ForeignKey(TitleLevel, verbose_name=_("申报称号级别"), on_delete=models.PROTECT,
                                    related_name="applications")
    year = models.PositiveSmallIntegerField(_("申报年度"))
    deeds = models.TextField(_("创建事迹简介"), help_text=_("简要介绍创建工作的主要做法和成效，详细材料以附件上传"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    current_step = models.ForeignKey(TitleStep, verbose_name=_("当前环节"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    access = AccessPolicy(view=READERS, add=frozenset({Role.UNIT}), change=frozenset({Role.UNIT}), delete=NOBODY)

    class Meta:
        verbose_name = _("示范单位申报")
        verbose_name_plural = _("示范单位申报")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["place", "title_level", "status"], name="title_app_unit_idx")]

    def __str__(self) -> str:
        return _("%(unit)s申报%(year)s年%(level)s示范单位") % {
            "unit": self.place, "year": self.year, "level": self.title_level}

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
    named_on = models.DateField(_("命名日期"))
    document_no = models.CharField(_("命名文号"), max_length=60, blank=True)
    valid_until = models.DateField(_("有效期至"))
    subsidy = models.DecimalField(_("奖补资金（万元）"), max_digits=10, decimal_places=2, default=0)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    next_inspection_due = models.DateField(_("下次复检日期"), null=True, blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销理由"), blank=True)

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
    inspected_on = models.DateField(_("复检日期"))
    result = models.CharField(_("结论"), max_length=10, choices=Result.choices)
    findings = models.TextField(_("复检意见"), blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    title_status_after = models.CharField(_("复检后称号状态"), max_length=20,
                                          choices=DemonstrationTitle.Status.choices)
    office = models.ForeignKey("places.Place", verbose_name=_("复检单位"), on_delete=models.PROTECT,
                               related_name="+")
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
