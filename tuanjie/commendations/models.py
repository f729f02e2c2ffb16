"""Commendations (评选表彰): a campaign by an office with categories and quotas, nominations by units with their
deeds, review, a public notice period (公示) and the decision (表彰决定). Honours are the nominations decided.

A campaign may name a recommending level (推荐层级): the office at that level above each unit then recommends its
units' nominations upward within its own quota per category before the campaign's office reviews them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuanjie.core import dates
from tuanjie.core.access import OFFICE, READERS, VIEW, AccessPolicy, RestrictedQuerySet, path_q, reach
from tuanjie.core.models import PlaceScopedModel
from tuanjie.core.roles import Role


class Category(models.TextChoices):
    COLLECTIVE = "collective", _("模范集体")
    INDIVIDUAL = "individual", _("模范个人")
    FAMILY = "family", _("模范家庭")


class CampaignQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = VIEW):
        """A campaign is an announcement to the units below its office: besides the subtree rule, everyone may
        view the campaigns of the places above them (so a unit can read the call and nominate)."""
        qs = super().restrict(user, action)
        if action != VIEW or not getattr(user, "is_authenticated", False) or user.is_superuser:
            return qs
        paths = reach(user, self.model.access.roles_for(VIEW))
        from tuanjie.places.models import Place

        step = Place.steplen
        above = {path[:i] for path in paths for i in range(step, len(path), step)}
        if not above:
            return qs
        return self.filter(path_q("place__path", paths) | models.Q(place__path__in=above))


class Campaign(PlaceScopedModel):
    """A commendation campaign run by the creation office at `place` (an area)."""

    class Status(models.TextChoices):
        OPEN = "open", _("推荐评审中")
        NOTICE = "notice", _("公示中")
        DECIDED = "decided", _("已表彰")

    name = models.CharField(_("评选名称"), max_length=100, help_text=_("如：2026年度民族团结进步模范评选"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=dates.year_range)
    description = models.TextField(_("评选说明"), blank=True)
    nomination_deadline = models.DateField(_("推荐截止日期"), null=True, blank=True, validators=[dates.planned])
    quota_collective = models.PositiveSmallIntegerField(_("模范集体名额"), default=0)
    quota_individual = models.PositiveSmallIntegerField(_("模范个人名额"), default=0)
    quota_family = models.PositiveSmallIntegerField(_("模范家庭名额"), default=0)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    notice_start = models.DateField(_("公示开始"), null=True, blank=True, validators=[dates.planned])
    notice_end = models.DateField(_("公示结束"), null=True, blank=True, validators=[dates.planned])
    notice_text = models.TextField(_("公示说明"), blank=True,
                                   help_text=_("如：公示期间如有异议，请向县创建办反映，电话……"))
    decision_no = models.CharField(_("表彰决定文号"), max_length=60, blank=True)
    decided_on = models.DateField(_("表彰日期"), null=True, blank=True, validators=[dates.planned])
    recommend_level = models.ForeignKey(
        "places.PlaceLevel", verbose_name=_("推荐层级"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
        help_text=_("选择后，推荐对象先由该层级的创建办在分配的名额内审核推荐，再报本级审核；不选则由本级直接审核"))

    objects = CampaignQuerySet.as_manager()
    access = AccessPolicy(view=READERS, add=OFFICE, change=OFFICE, delete=OFFICE)

    class Meta:
        verbose_name = _("评选表彰")
        verbose_name_plural = _("评选表彰")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["status", "notice_start", "notice_end"], name="campaign_notice_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("commendations:campaign_detail", args=[self.pk])

    def deletion_refusal(self) -> str | None:
        if self.status != self.Status.DECIDED:
            return None
        return _("评选“%(name)s”已作出表彰决定，受表彰名单以它为依据，不能删除") % {"name": self.name}

    def quota_for(self, category: str) -> int:
        return getattr(self, f"quota_{category}")


class Nomination(PlaceScopedModel):
    """A unit's nomination (`place` is the nominating unit) of a collective, a person or a family, with deeds.
    Only the name, the unit and the deeds are kept: a 公示 names people, nothing else about them is stored."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        RECOMMENDED = "recommended", _("已推荐上报")
        ACCEPTED = "accepted", _("审核通过（拟表彰）")
        REJECTED = "rejected", _("未通过")
        WITHDRAWN = "withdrawn", _("已撤回")
        HONOURED = "honoured", _("已表彰")

    campaign = models.ForeignKey(Campaign, verbose_name=_("评选"), on_delete=models.PROTECT,
                                 related_name="nominations")
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    nominee_name = models.CharField(_("推荐对象名称"), max_length=100,
                                    help_text=_("集体填单位或集体名称，个人填姓名，家庭填“某某家庭”"))
    summary = models.CharField(_("事迹摘要"), max_length=300, help_text=_("公示时公开，300字以内"))
    deeds = models.TextField(_("事迹材料"), help_text=_("可使用段落、加粗、列表等简单格式"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    review_reason = models.TextField(_("审核意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("推荐人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    recommended_by_office = models.ForeignKey("places.Place", verbose_name=_("推荐上报单位"), null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="+")
    recommended_at = models.DateTimeField(_("推荐上报时间"), null=True, blank=True)
    honoured_on = models.DateField(_("表彰日期"), null=True, blank=True, validators=[dates.planned])

    access = AccessPolicy(view=READERS, add=frozenset({Role.UNIT}), change=frozenset({Role.UNIT}),
                          delete=frozenset())

    class Meta:
        verbose_name = _("推荐对象")
        verbose_name_plural = _("推荐对象")
        ordering = ["campaign", "category", "id"]
        indexes = [models.Index(fields=["campaign", "status", "category"], name="nomination_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.nominee_name}"

    def get_absolute_url(self) -> str:
        return reverse("commendations:nomination_detail", args=[self.pk])


class RecommendationQuota(PlaceScopedModel):
    """How many nominations of a category the office at `place` may recommend upward in a campaign. Set by the
    campaign's office for the offices at the campaign's recommending level."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("评选"), on_delete=models.CASCADE,
                                 related_name="recommendation_quotas")
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    limit = models.PositiveSmallIntegerField(_("推荐名额"))

    access = AccessPolicy(view=READERS, add=OFFICE, change=OFFICE, delete=OFFICE,
                          below_only=frozenset({"add", "change", "delete"}))

    class Meta:
        verbose_name = _("推荐名额（评选）")
        verbose_name_plural = _("推荐名额（评选）")
        ordering = ["campaign", "place__path", "category"]
        constraints = [models.UniqueConstraint(fields=["campaign", "place", "category"],
                                               name="recommendation_quota_unique")]

    def __str__(self) -> str:
        return _("%(place)s %(c)s推荐名额%(n)s个") % {"place": self.place, "c": self.get_category_display(),
                                                   "n": self.limit}

    def get_absolute_url(self) -> str:
        return self.campaign.get_absolute_url()
