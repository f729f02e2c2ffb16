"""Inspection rounds (督查检查): the team, the units in scope, findings per unit, rectification items (整改)
with their workflow history, and talks with heads of lagging units (约谈)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuanjie.core import dates
from tuanjie.core.access import AccessPolicy
from tuanjie.core.dates import when
from tuanjie.core.models import PlaceScopedModel, RestrictedModel
from tuanjie.core.roles import Role
from tuanjie.core.search import TextSearchQuerySet

INSPECTORS = frozenset({Role.OFFICE, Role.INSPECTOR})


class Round(PlaceScopedModel):
    """One round of inspection run by an office (its place) over units of its subtree."""

    class Kind(models.TextChoices):
        SPECIAL = "special", _("专项督查")
        FOLLOW_UP = "follow_up", _("跟踪督查")
        MUTUAL = "mutual", _("互观互检互评")
        SURVEY = "survey", _("上级调研")

    class State(models.TextChoices):
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束（已通报）")

    kind = models.CharField(_("督查类型"), max_length=20, choices=Kind.choices, default=Kind.SPECIAL)
    title = models.CharField(_("名称"), max_length=120)
    start_date = models.DateField(_("开始日期"), validators=[dates.planned])
    end_date = models.DateField(_("结束日期"), validators=[dates.planned])
    purpose = models.TextField(_("督查内容"), blank=True)
    units = models.ManyToManyField("places.Place", verbose_name=_("督查范围（单位）"), related_name="+", blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    notice_no = models.CharField(_("通报文号"), max_length=60, blank=True)
    notice_date = models.DateField(_("通报日期"), null=True, blank=True, validators=[dates.planned])
    conclusion = models.TextField(_("总体评价"), blank=True)

    class Meta:
        verbose_name = _("督查轮次")
        verbose_name_plural = _("督查检查")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:round_detail", args=[self.pk])

    def deletion_refusal(self) -> str | None:
        if not self.findings.exists():
            return None
        return _("督查轮次“%(round)s”已记录问题，整改和通报以它为依据，不能删除；"
                 "督查结束后请在轮次页面“结束督查”并印发通报，轮次即归档") % {"round": self.title}


class TeamMember(RestrictedModel):
    """A member of the round's team: a platform user, or an outside expert named with their post."""

    round = models.ForeignKey(Round, verbose_name=_("督查轮次"), on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("平台账号"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("单位职务"), max_length=100, blank=True)
    is_leader = models.BooleanField(_("组长"), default=False)

    place_path_lookup = "round__place__path"

    class Meta:
        verbose_name = _("督查组成员")
        verbose_name_plural = _("督查组成员")
        ordering = ["-is_leader", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name


class Finding(RestrictedModel):
    """What the team found at one unit: a highlight (亮点、典型) or a problem. It belongs to the unit's subtree,
    so the unit reads its own findings; the office above reads them all."""

    class Kind(models.TextChoices):
        HIGHLIGHT = "highlight", _("亮点典型")
        PROBLEM = "problem", _("存在问题")

    round = models.ForeignKey(Round, verbose_name=_("督查轮次"), on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey("places.Place", verbose_name=_("被督查单位"), on_delete=models.PROTECT,
                             related_name="+")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("内容"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    access = AccessPolicy(add=INSPECTORS, change=INSPECTORS, delete=frozenset({Role.OFFICE}))
    place_path_lookup = "unit__path"

    class Meta:
        verbose_name = _("督查发现")
        verbose_name_plural = _("督查发现")
        ordering = ["round", "unit__path", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.unit}：{self.text[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:finding_detail", args=[self.pk])


class Rectification(RestrictedModel):
    """A problem turned into a rectification item (整改) for its responsible unit. States move only through
    services.RECTIFICATION_TRANSITIONS."""

    class State(models.TextChoices):
        OPEN = "open", _("待整改")
        ANSWERED = "answered", _("已反馈，待核验")
        RETURNED = "returned", _("已退回，重新整改")
        VERIFIED = "verified", _("已核验销号")

    finding = models.OneToOneField(Finding, verbose_name=_("问题"), on_delete=models.CASCADE,
                                   related_name="rectification")
    unit = models.ForeignKey("places.Place", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+")
    requirement = models.TextField(_("整改要求"))
    deadline = models.DateField(_("整改时限"), validators=[dates.planned])
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True)
    answer = models.TextField(_("整改情况"), blank=True)
    answered_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    last_comment = models.TextField(_("核验意见"), blank=True)

    objects = TextSearchQuerySet.as_manager()
    search_fields = ("requirement",)
    search_place = "unit"
    access = AccessPolicy(add=INSPECTORS, change=INSPECTORS, delete=frozenset({Role.OFFICE}))
    place_path_lookup = "unit__path"

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.unit}：{self.requirement[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:rectification_detail", args=[self.pk])

    @property
    def round(self) -> Round:
        return self.finding.round

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or date.today()
        return self.state in {self.State.OPEN, self.State.RETURNED} and self.deadline < today


class RectificationStep(RestrictedModel):
    """One step of a rectification item's history: who moved it from which state to which, and why."""

    rectification = models.ForeignKey(Rectification, verbose_name=_("整改事项"), on_delete=models.CASCADE,
                                      related_name="steps")
    action = models.CharField(_("操作"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=10, blank=True)
    to_state = models.CharField(_("新状态"), max_length=10)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(_("说明"), blank=True)
    time = models.DateTimeField(_("时间"), auto_now_add=True)

    access = AccessPolicy(add=frozenset(), change=frozenset(), delete=frozenset())
    place_path_lookup = "rectification__unit__path"

    class Meta:
        verbose_name = _("整改记录")
        verbose_name_plural = _("整改记录")
        ordering = ["time", "id"]

    def __str__(self) -> str:
        return f"{self.action_label} → {self.to_state_label}"

    @property
    def action_label(self) -> str:
        return str({"create": _("交办整改"), "answer": _("提交整改情况"), "verify": _("核验销号"),
                    "send_back": _("退回重新整改")}.get(self.action, self.action))

    @property
    def to_state_label(self) -> str:
        return str(Rectification.State(self.to_state).label)


class Talk(PlaceScopedModel):
    """A talk (约谈) with the head of a lagging unit. The place is the unit talked with; the person is named by
    post only (e.g. 党支部书记), since the record is about the unit's work."""

    round = models.ForeignKey(Round, verbose_name=_("督查轮次"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="talks")
    date = models.DateField(_("约谈日期"), validators=[dates.happened])
    interviewee_post = models.CharField(_("被约谈人职务"), max_length=100, help_text=_("如：单位主要负责人、党支部书记"))
    interviewer = models.CharField(_("约谈人"), max_length=100, help_text=_("如：县委统战部副部长"))
    reason = models.CharField(_("约谈事由"), max_length=200, blank=True)
    content = models.TextField(_("约谈内容"))
    follow_up = models.TextField(_("后续落实情况"), blank=True)

    access = AccessPolicy(add=INSPECTORS, change=INSPECTORS, delete=frozenset({Role.OFFICE}))

    class Meta:
        verbose_name = _("约谈记录")
        verbose_name_plural = _("约谈记录")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{when(self.date)} {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:talk_detail", args=[self.pk])
