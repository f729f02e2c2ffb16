"""The activity ledger (活动台账): what a unit did, when, with how many people, what it produced, with photos.

An activity belongs to the unit (or area) that held it; offices above it see it through the subtree rule.
The list must stay fast at a million rows, so every filter the list page offers has a matching composite index
and the default ordering (newest first, then id) is one an index can serve."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuanjie.core import dates
from tuanjie.core.access import OFFICE, READERS, AccessPolicy, RestrictedQuerySet
from tuanjie.core.dates import day_text
from tuanjie.core.grams import serve_short_searches
from tuanjie.core.models import PlaceScopedModel
from tuanjie.core.roles import Role

WRITERS = frozenset({Role.UNIT}) | OFFICE


class ActivityKind(models.TextChoices):
    """The national default kinds: they apply everywhere and live in code. Kinds an office adds for its subtree are
    `KindDefinition` rows; `Activity.kind` holds the code of either."""

    LECTURE = "lecture", _("宣讲")
    TRAINING = "training", _("培训")
    CLASS_MEETING = "class_meeting", _("主题班会")
    CONTEST = "contest", _("知识竞赛")
    PERFORMANCE = "performance", _("文艺演出")
    SPORTS = "sports", _("体育竞赛")
    FESTIVAL = "festival", _("节庆活动")
    VOLUNTEER = "volunteer", _("志愿服务")
    STUDY_VISIT = "study_visit", _("参观学习（教育基地）")
    LEGAL_SERVICE = "legal_service", _("法律服务")
    ASSISTANCE = "assistance", _("帮扶慰问")
    SYMPOSIUM = "symposium", _("座谈会")
    REPORT_HEARING = "report_hearing", _("党委（党组）听取创建工作汇报")
    LANGUAGE_TEST = "language_test", _("语言学习测试")
    EXCHANGE_VISIT = "exchange_visit", _("互访交流")
    COMMENDATION = "commendation", _("表彰活动")
    OTHER = "other", _("其他")

    @classmethod
    def by_short_label(cls) -> dict[str, str]:
        """{label without its trailing note: code} ("参观学习" for "参观学习（教育基地）"): what an import accepts besides
        the full label, and what its hints list. Only a trailing note is dropped, so "党委（党组）听取创建工作汇报" stays
        whole."""
        return {re.sub(r"（[^（）]*）$", "", str(label)): code for code, label in cls.choices}


class ActivityQuerySet(RestrictedQuerySet):
    def search(self, text: str):
        """Activities whose title, or whose place's name or pinyin, contains `text` (see `text_or_place_q`)."""
        from tuanjie.core.search import text_or_place_q

        text = (text or "").strip()
        if not text:
            return self
        return self.filter(text_or_place_q(text, ("title",), "place", self.model))


class Activity(PlaceScopedModel):
    """One activity a unit held. `place` is the unit (or area) that held it."""

    Kind = ActivityKind

    start_date = models.DateField(_("开始日期"), validators=[dates.planned])  # ≤ today: activity_check
    end_date = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("一天内结束的可不填"), validators=[dates.planned])
    title = models.CharField(_("活动名称"), max_length=200)
    # No `choices`: the kinds that apply depend on the place (national defaults plus its offices' own, see
    # selectors.kinds_for); the services check the code against them.
    kind = models.CharField(_("活动类型"), max_length=20)
    creation_field = models.ForeignKey(
        "places.CreationField", verbose_name=_("创建领域"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("不填则取本单位的创建领域"))
    plan_task = models.ForeignKey(
        "plans.PlanTask", verbose_name=_("对应重点任务"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="activities")
    # A study visit (参观学习) names the education base it went to (registers.EducationBase).
    education_base = models.ForeignKey(
        "registers.EducationBase", verbose_name=_("参观的教育基地"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="visits")
    location = models.CharField(_("活动地点"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)
    output_text = models.CharField(_("活动产出"), max_length=200, blank=True,
                                   help_text=_("如：灯杆宣传牌191个、宣传手册500册"))
    output_quantity = models.PositiveIntegerField(_("产出数量"), null=True, blank=True)
    description = models.TextField(_("活动内容"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    # Named from the unit's own staff list (never typed in), so "every staff member takes part in N trainings a
    # year" can be checked per person; `participants` stays the head count.
    # The link table has no database constraints: activities are partitioned by year on PostgreSQL
    # (core/partitions.py); Django's deletion collector removes an activity's (or a person's) links.
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("本单位参加人员"), blank=True,
                                       related_name="+", help_text=_("从本单位人员名单中勾选，用于按人考核的规定动作"),
                                       db_constraint=False)

    objects = ActivityQuerySet.as_manager()
    access = AccessPolicy(view=READERS, add=WRITERS, change=WRITERS, delete=WRITERS)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动台账")
        ordering = ["-start_date", "-id"]
        indexes = [
            # One index per list filter, each ending in the sort key, so "filter + newest first + LIMIT 50"
            # is an index range scan whatever the table size.
            models.Index(fields=["-start_date", "-id"], name="activity_date_idx"),
            models.Index(fields=["place", "-start_date"], name="activity_place_date_idx"),
            models.Index(fields=["kind", "-start_date"], name="activity_kind_date_idx"),
            models.Index(fields=["creation_field", "-start_date"], name="activity_field_date_idx"),
            models.Index(fields=["plan_task"], name="activity_task_idx"),
            # The list sorts by participants too; without an index each click sorts the whole ledger.
            models.Index(fields=["participants", "id"], name="activity_participants_idx"),
            # On PostgreSQL the title also carries a trigram index for search (migration 0002, core/postgres.py).
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="activity_end_not_before_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("activities:activity_detail", args=[self.pk])

    @property
    def last_day(self):
        return self.end_date or self.start_date

    @property
    def date_text(self) -> str:
        if self.end_date and self.end_date != self.start_date:
            return f"{day_text(self.start_date)}至{day_text(self.end_date)}"
        return day_text(self.start_date)

    @property
    def kind_label(self) -> str:
        from tuanjie.activities.selectors import kind_label

        return kind_label(self.kind)

    @property
    def output_display(self) -> str:
        if self.output_quantity is not None and not self.output_text:
            return str(self.output_quantity)
        return self.output_text


# 培训: one- and two-character title searches use the grams index on PostgreSQL (migration 0007, core/grams.py).
serve_short_searches(Activity, icontains=("title",))

class KindDefinition(PlaceScopedModel):
    """An activity kind an office adds (演讲, 观影, 主题党日…): it applies to its place's subtree, beside the
    national defaults. Once an activity uses it, its label is fixed (figures and reports already print it); an
    office that no longer wants it archives it, and new records can no longer choose it."""

    code = models.CharField(_("代码"), max_length=20, unique=True, editable=False)
    label = models.CharField(_("类型名称"), max_length=30, help_text=_("如：主题党日"))
    is_archived = models.BooleanField(_("已停用"), default=False, help_text=_("停用后新登记的活动不能再选此类型"))

    access = AccessPolicy(view=READERS, add=OFFICE, change=OFFICE, delete=OFFICE)

    class Meta:
        verbose_name = _("活动类型")
        verbose_name_plural = _("自定义活动类型")
        ordering = ["place__path", "label"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("activities:kind_detail", args=[self.pk])
