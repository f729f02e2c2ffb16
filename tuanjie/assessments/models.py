"""Indicator systems (测评指标体系) and assessment campaigns (考核验收).

A system belongs to an office, a year and the kind of subject it measures (a unit category, or an area level: 示范州/市、
示范县、乡镇/街道、村/社区), and is versioned; its indicators form a tree (一级/二级/三级) whose leaves carry the points.
A province derives its own system from a national template (`derived_from`) and the offices below adopt a version
(`Adoption`); old versions stay for the campaigns that used them. A campaign applies one system to a set of subjects
(units, or areas below the organising office): each gets an entry with one line per scorable indicator
(self-assessment by the subject, the ledger's proposal and evidence), reviewers of the level above score the lines,
and the office finalises totals, grades and ranks (arithmetic in scoring.py)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuanjie.core import dates
from tuanjie.core.access import AccessPolicy
from tuanjie.core.models import PlaceScopedModel, RestrictedModel
from tuanjie.core.roles import Role

REVIEWERS = frozenset({Role.OFFICE, Role.INSPECTOR})


class IndicatorSystem(PlaceScopedModel):
    year = models.PositiveSmallIntegerField(_("年度"), validators=dates.year_range)
    category = models.ForeignKey("places.CreationField", verbose_name=_("适用类别"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 help_text=_("创建单位的类别；测评地区时不选"))
    subject_level = models.ForeignKey("places.PlaceLevel", verbose_name=_("适用地区层级"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      help_text=_("测评作为创建主体的地区：市=示范州/市，县=示范县，乡=乡镇/街道，村=村/社区"))
    derived_from = models.ForeignKey("self", verbose_name=_("依据的上级体系"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="derived")
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=120)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("测评指标体系")
        verbose_name_plural = _("测评指标体系")
        ordering = ["-year", "category__order", "-version"]
        constraints = [models.UniqueConstraint(fields=["place", "year", "subject_level", "category", "version"],
                                               name="assessments_system_version_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}年 第{self.version}版）"

    def get_absolute_url(self) -> str:
        return reverse("assessments:system_detail", args=[self.pk])

    @property
    def category_label(self) -> str:
        from tuanjie.assessments.defaults import area_category

        if self.subject_level_id:
            return area_category(self.subject_level.name)
        return self.category.name if self.category_id else str(_("示范区"))

    @property
    def measures_areas(self) -> bool:
        return self.subject_level_id is not None

    def deletion_refusal(self) -> str | None:
        if self.campaigns.exists() or self.derived.exists() or self.adoptions.exists():
            return _("“%(name)s”已被考核验收、下级体系或地区采用，不能删除；请修订为新版本") % {"name": self.name}
        return None


class Adoption(PlaceScopedModel):
    """An office's choice of the system version its subtree is measured by (a county adopting the province's).
    `place` is the adopting office's area; adopting again replaces the choice for that kind of subject."""

    system = models.ForeignKey(IndicatorSystem, verbose_name=_("采用的指标体系"), on_delete=models.PROTECT,
                               related_name="adoptions")
    adopted_on = models.DateField(_("采用日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("指标体系采用")
        verbose_name_plural = _("指标体系采用")
        ordering = ["place__path", "-adopted_on", "-id"]

    def __str__(self) -> str:
        return _("%(place)s采用%(system)s") % {"place": self.place, "system": self.system}

    def get_absolute_url(self) -> str:
        return self.system.get_absolute_url()


class Indicator(RestrictedModel):
    """One indicator. Leaves (no children) are scored; a parent's points are the sum of its leaves."""

    is_leaf: bool          # not a column: set by selectors.indicator_tree, which knows the children

    system = models.ForeignKey(IndicatorSystem, verbose_name=_("指标体系"), on_delete=models.CASCADE,
                               related_name="indicators")
    parent = models.ForeignKey("self", verbose_name=_("上级指标"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    order = models.PositiveIntegerField(_("排序"), default=0)
    level = models.PositiveSmallIntegerField(_("层级"), default=1)
    name = models.CharField(_("指标/测评内容"), max_length=500)
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, default=Decimal("0"))
    guidance = models.TextField(_("评分标准"), blank=True)
    evidence_required = models.TextField(_("佐证材料"), blank=True)
    is_veto = models.BooleanField(_("一票否决"), default=False)
    countable_key = models.CharField(_("台账规则"), max_length=60, blank=True,
                                     help_text=_("按台账自动计分，如 activity.training"))
    min_count = models.PositiveIntegerField(_("年度最低数量"), null=True, blank=True)
    points_per_record = models.DecimalField(_("每条得分"), max_digits=6, decimal_places=2, null=True, blank=True)

    access = AccessPolicy()
    place_path_lookup = "system__place__path"

    class Meta:
        verbose_name = _("测评指标")
        verbose_name_plural = _("测评指标")
        ordering = ["system", "order", "id"]

    def __str__(self) -> str:
        return self.name[:60]

    @property
    def is_countable(self) -> bool:
        return bool(self.countable_key) and self.min_count is not None


class Campaign(PlaceScopedModel):
    class Rule(models.TextChoices):
        MEAN = "mean", _("取平均分")
        TRIMMED = "trimmed", _("去掉一个最高分和一个最低分后取平均（3名及以上评审）")

    class State(models.TextChoices):
        OPEN = "open", _("自评和评审中")
        FINISHED = "finished", _("已出结果")

    name = models.CharField(_("名称"), max_length=120)
    year = models.PositiveSmallIntegerField(_("考核年度"), validators=dates.year_range)
    system = models.ForeignKey(IndicatorSystem, verbose_name=_("指标体系"), on_delete=models.PROTECT,
                               related_name="campaigns")
    rule = models.CharField(_("评审计分规则"), max_length=10, choices=Rule.choices, default=Rule.MEAN)
    excellent_from = models.DecimalField(_("优秀分数线"), max_digits=5, decimal_places=1, default=Decimal("90"))
    good_from = models.DecimalField(_("良好分数线"), max_digits=5, decimal_places=1, default=Decimal("80"))
    pass_from = models.DecimalField(_("合格分数线"), max_digits=5, decimal_places=1, default=Decimal("60"))
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("评审人员"), related_name="+",
                                       blank=True)
    self_deadline = models.DateField(_("自评截止日期"), null=True, blank=True, validators=[dates.planned])
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)

    class Meta:
        verbose_name = _("考核验收")
        verbose_name_plural = _("考核验收")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessments:campaign_detail", args=[self.pk])

    def deletion_refusal(self) -> str | None:
        if self.state != self.State.FINISHED:
            return None
        return _("考核“%(name)s”已出结果，等级和排名以它为依据，不能删除") % {"name": self.name}

    def thresholds(self):
        from tuanjie.assessments.scoring import Thresholds

        return Thresholds(self.excellent_from, self.good_from, self.pass_from)


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class Entry(RestrictedModel):
    """One subject's assessment sheet in a campaign: a unit's (self-assessed by its staff) or an area's (self-assessed
    by the area's own office). It belongs to the subject's subtree: the subject reads its own."""

    class State(models.TextChoices):
        DRAFT = "draft", _("自评中")
        SUBMITTED = "submitted", _("已提交自评，评审中")
        FINISHED = "finished", _("已出结果")

    campaign = models.ForeignKey(Campaign, verbose_name=_("考核验收"), on_delete=models.CASCADE,
                                 related_name="entries")
    subject = models.ForeignKey("places.Place", verbose_name=_("参评对象"), on_delete=models.PROTECT, related_name="+",
                                help_text=_("创建单位，或作为创建主体的地区（州市、县、乡镇、村社区）"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    self_summary = models.TextField(_("自评报告"), blank=True)
    self_total = models.DecimalField(_("自评总分"), max_digits=7, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(_("百分制得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    grade = models.CharField(_("等次"), max_length=10, choices=Grade.choices, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    return_comment = models.TextField(_("退回意见"), blank=True)

    access = AccessPolicy(add=frozenset({Role.OFFICE}), change=frozenset({Role.OFFICE}),
                          delete=frozenset({Role.OFFICE}))
    place_path_lookup = "subject__path"

    class Meta:
        verbose_name = _("参评对象")
        verbose_name_plural = _("参评对象")
        ordering = ["campaign", "rank", "subject__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "subject"], name="assessments_entry_unique")]

    def __str__(self) -> str:
        return f"{self.subject}（{self.campaign}）"

    def get_absolute_url(self) -> str:
        return reverse("assessments:entry_detail", args=[self.pk])


class Line(RestrictedModel):
    """One scorable indicator of an entry: the unit's self-score, the ledger's proposal with its evidence, and
    the final (combined) score once the campaign is finished."""

    entry = models.ForeignKey(Entry, verbose_name=_("参评单位"), on_delete=models.CASCADE, related_name="lines")
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+")
    self_score = models.DecimalField(_("自评分"), max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(_("自评说明"), blank=True)
    self_veto_failed = models.BooleanField(_("自评触及否决项"), default=False)
    proposed_score = models.DecimalField(_("台账建议分"), max_digits=6, decimal_places=2, null=True, blank=True)
    proposed_count = models.PositiveIntegerField(_("台账记录数"), null=True, blank=True)
    evidence = models.JSONField(_("台账佐证"), default=list, blank=True)
    final_score = models.DecimalField(_("最终得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    final_veto_failed = models.BooleanField(_("否决项未通过"), default=False)

    access = AccessPolicy(add=frozenset({Role.OFFICE}), change=frozenset({Role.OFFICE}),
                          delete=frozenset({Role.OFFICE}))
    place_path_lookup = "entry__subject__path"

    class Meta:
        verbose_name = _("测评得分")
        verbose_name_plural = _("测评得分")
        ordering = ["entry", "indicator__order", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["entry", "indicator"], name="assessments_line_unique")]

    def __str__(self) -> str:
        return f"{self.entry.subject}：{self.indicator}"


class ReviewScore(RestrictedModel):
    """One reviewer's score of one line. Overriding the ledger's proposal needs a reason."""

    line = models.ForeignKey(Line, verbose_name=_("测评得分"), on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评审人"), on_delete=models.PROTECT,
                                 related_name="+")
    score = models.DecimalField(_("评审分"), max_digits=6, decimal_places=2)
    veto_failed = models.BooleanField(_("触及否决项"), default=False)
    reason = models.TextField(_("评分理由"), blank=True)
    scored_at = models.DateTimeField(_("评分时间"), auto_now=True)

    access = AccessPolicy(add=REVIEWERS, change=REVIEWERS, delete=frozenset({Role.OFFICE}))
    place_path_lookup = "line__entry__subject__path"

    class Meta:
        verbose_name = _("评审评分")
        verbose_name_plural = _("评审评分")
        ordering = ["line", "reviewer_id"]
        constraints = [models.UniqueConstraint(fields=["line", "reviewer"], name="assessments_review_unique")]

    def __str__(self) -> str:
        return f"{self.reviewer}：{self.score}"
