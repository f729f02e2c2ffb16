"""The pairing programme (结对帮扶, "民族团结一家亲"): a unit's programme, its groups, the cadres paired with
households, each contact and each need the household raised.

Scope rule: a household record holds only what helping it needs (name, contact phone, address, household size,
consent to be recorded) and the needs it raises. Nothing here may hold anyone's ethnicity, religion, religious
practice, political attitude, whereabouts or movements; there are no free tags or custom fields on households.

Visibility: household-bearing records (households, pairs, contacts, needs and their steps) are visible only to the
paired cadre, the group leader and the programme's office (office or unit staff at the unit running the programme),
never upward; upper levels read counts (see `household_access_q`). Personal text is kept out of the change log.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.core import dates
from tuanjie.core.access import ACTIONS, DELETE, OFFICE, READERS, AccessPolicy, RestrictedQuerySet, assignments_of
from tuanjie.core.dates import when
from tuanjie.core.grams import serve_short_searches
from tuanjie.core.models import PlaceScopedModel, RestrictedModel
from tuanjie.core.roles import Role

PROGRAMME_STAFF = frozenset({Role.OFFICE, Role.UNIT})
PROGRAMME_EDITORS = frozenset({Role.OFFICE, Role.UNIT, Role.GROUP_LEADER})
HOUSEHOLD_ROLES = frozenset({Role.OFFICE, Role.UNIT, Role.CADRE, Role.GROUP_LEADER})
ERASED_TEXT = "（群众已退出，内容已删除）"


def programme_staff_paths(user) -> list[str]:
    """Paths of the places where the user is programme office: office or unit staff held exactly there."""
    return sorted({path for role, path in assignments_of(user) if role in PROGRAMME_STAFF})


def household_access_q(user, action: str, *, place_lookup: str, cadre_lookup: str | None,
                       leader_lookup: str | None) -> Q:
    """The one visibility rule for household-bearing records: the programme's office (office or unit staff at the
    programme's own place, not above it), the paired cadre and the group leader. Deleting (erasing) is for the
    office and the group leader only. Upper levels are never included."""
    q = Q(**{f"{place_lookup}__in": programme_staff_paths(user)})
    if action != DELETE and cadre_lookup:
        q |= Q(**{cadre_lookup: user.pk})
    if leader_lookup:
        q |= Q(**{leader_lookup: user.pk})
    return q


class HouseholdBearingQuerySet(RestrictedQuerySet):
    """`restrict` for records that name or describe a household: see `household_access_q`."""

    place_lookup = ""
    cadre_lookup: str | None = None
    leader_lookup: str | None = None

    def restrict(self, user, action: str = "view"):
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        if self.model.access.roles_for(action) == {Role.ADMIN}:
            return self.none()   # nobody does this action on these records (e.g. editing a need's history)
        return self.filter(household_access_q(user, action, place_lookup=self.place_lookup,
                                              cadre_lookup=self.cadre_lookup, leader_lookup=self.leader_lookup))


class HouseholdQuerySet(HouseholdBearingQuerySet):
    place_lookup = "programme__place__path"

    def restrict(self, user, action: str = "view"):
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        q = Q(programme__place__path__in=programme_staff_paths(user))
        pairs = Pair._base_manager.filter(household__isnull=False)
        if action != DELETE:
            q |= Q(pk__in=pairs.filter(cadre=user).values("household_id"))
        q |= Q(pk__in=pairs.filter(group__leader=user).values("household_id"))
        # A household just registered and not yet paired: the group leaders of its programme, to pair it.
        led = PairingGroup._base_manager.filter(leader=user).values("programme_id")
        q |= Q(programme_id__in=led) & ~Q(pk__in=pairs.values("household_id"))
        return self.filter(q)

    def search(self, text: str):
        return self.filter(Q(name__icontains=text) | Q(address__icontains=text))


class PairQuerySet(HouseholdBearingQuerySet):
    place_lookup = "unit__path"
    cadre_lookup = "cadre"
    leader_lookup = "group__leader"


class PairedRecordQuerySet(HouseholdBearingQuerySet):
    place_lookup = "unit__path"
    cadre_lookup = "pair__cadre"
    leader_lookup = "group__leader"


class NeedStepQuerySet(HouseholdBearingQuerySet):
    place_lookup = "need__unit__path"
    cadre_lookup = "need__pair__cadre"
    leader_lookup = "need__group__leader"


def first_of_month(day: date) -> date:
    return day.replace(day=1)


class Programme(PlaceScopedModel):
    """A unit's pairing programme. The place is the unit running it; its office is that unit's staff."""

    name = models.CharField(_("名称"), max_length=100, default=_("“民族团结一家亲”结对认亲活动"))
    started_on = models.DateField(_("开始日期"), default=date.today, validators=[dates.planned])
    ended_on = models.DateField(_("结束日期"), null=True, blank=True, validators=[dates.planned])
    contacts_per_month = models.PositiveSmallIntegerField(
        _("每户每月应联系次数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(31)])
    households_per_cadre = models.PositiveSmallIntegerField(
        _("每名干部至少结对户数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("本单位持结对干部角色的每名干部，至少结对这么多户"))
    overdue_days = models.PositiveSmallIntegerField(
        _("诉求办理时限（天）"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("超过该天数仍未办结的诉求，提醒当前办理人"))
    reminder_day = models.PositiveSmallIntegerField(
        _("每月联系提醒日"), default=20, validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("每月这一天提醒本月尚未联系结对户的干部"))

    access = AccessPolicy(view=READERS, add=PROGRAMME_STAFF, change=PROGRAMME_STAFF, delete=OFFICE)

    class Meta:
        verbose_name = _("结对帮扶活动")
        verbose_name_plural = _("结对帮扶活动")
        ordering = ["place__path", "-started_on"]

    def __str__(self) -> str:
        return f"{self.place.name}{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("pairing:programme_detail", args=[self.pk])


class PairingGroup(RestrictedModel):
    """A group of the programme under one leader (分组)."""

    programme = models.ForeignKey(Programme, verbose_name=_("结对帮扶活动"), on_delete=models.CASCADE,
                                  related_name="groups")
    name = models.CharField(_("分组名称"), max_length=100, help_text=_("如：木卡姆村分组"))
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("分组负责人"), on_delete=models.PROTECT,
                               related_name="pairing_groups_led")

    place_path_lookup = "programme__place__path"
    access = AccessPolicy(view=READERS, add=PROGRAMME_STAFF, change=PROGRAMME_STAFF, delete=PROGRAMME_STAFF)

    class Meta:
        verbose_name = _("结对分组")
        verbose_name_plural = _("结对分组")
        ordering = ["programme", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pairing:group_detail", args=[self.pk])


class Household(RestrictedModel):
    """A household taking part in the programme: only what helping it needs. Nothing else may be added here."""

    class ConsentMethod(models.TextChoices):
        WRITTEN = "written", _("书面")
        ORAL = "oral", _("口头")
        ELECTRONIC = "electronic", _("电子")

    programme = models.ForeignKey(Programme, verbose_name=_("结对帮扶活动"), on_delete=models.PROTECT,
                                  related_name="households")
    name = models.CharField(_("户主姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("住址"), max_length=200)
    size = models.PositiveSmallIntegerField(_("家庭人口"), default=1,
                                            validators=[MinValueValidator(1), MaxValueValidator(50)])
    consent_on = models.DateField(_("同意登记日期"), validators=[dates.happened])
    consent_method = models.CharField(_("同意方式"), max_length=12, choices=ConsentMethod.choices)

    objects = HouseholdQuerySet.as_manager()
    place_path_lookup = "programme__place__path"
    changelog_private = True     # its log entries stay with the programme's office
    access = AccessPolicy(view=HOUSEHOLD_ROLES, add=PROGRAMME_EDITORS, change=HOUSEHOLD_ROLES,
                          delete=PROGRAMME_EDITORS)
    # Personal fields never go into the change log (which upper offices read) and vanish with the record.
    changelog_exclude = ("created", "updated", "name", "phone", "address")

    class Meta:
        verbose_name = _("结对户")
        verbose_name_plural = _("结对户")
        ordering = ["programme", "id"]

    def __str__(self) -> str:
        # Deliberately not the name: this string reaches the change log.
        return _("结对户%(n)s号") % {"n": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("pairing:household_detail", args=[self.pk])


class Pair(RestrictedModel):
    """A cadre paired with a household. One cadre may have several households and one household several cadres.
    When the household withdraws it is erased: the pair stays, household-less, so counts stay intact."""

    group = models.ForeignKey(PairingGroup, verbose_name=_("结对分组"), on_delete=models.PROTECT, related_name="pairs")
    unit = models.ForeignKey("places.Place", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+",
                             editable=False)
    cadre = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("结对干部"), on_delete=models.PROTECT,
                              related_name="pairs")
    household = models.ForeignKey(Household, verbose_name=_("结对户"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="pairs")
    household_erased = models.BooleanField(_("结对户已退出"), default=False, editable=False)
    paired_on = models.DateField(_("结对日期"), default=date.today, validators=[dates.planned])
    ended_on = models.DateField(_("结束日期"), null=True, blank=True, validators=[dates.planned])

    objects = PairQuerySet.as_manager()
    place_path_lookup = "unit__path"
    changelog_private = True     # its log entries stay with the programme's office
    access = AccessPolicy(view=HOUSEHOLD_ROLES, add=PROGRAMME_EDITORS, change=HOUSEHOLD_ROLES,
                          delete=PROGRAMME_EDITORS)

    class Meta:
        verbose_name = _("结对关系")
        verbose_name_plural = _("结对关系")
        ordering = ["group", "cadre", "id"]
        indexes = [models.Index(fields=["group", "paired_on"], name="pairing_pair_group_idx")]

    def __str__(self) -> str:
        return _("%(cadre)s结对%(household)s") % {"cadre": self.cadre.full_name or self.cadre.username,
                                                  "household": _("（已退出）") if self.household_erased
                                                  else _("结对户%(n)s号") % {"n": self.household_id}}

    def get_absolute_url(self) -> str:
        return reverse("pairing:pair_card", args=[self.pk])

    def is_active_in(self, start: date, end: date) -> bool:
        return self.paired_on <= end and (self.ended_on is None or self.ended_on >= start)


class Contact(RestrictedModel):
    """One contact of a cadre with the paired household (走访/联系) and what was done."""

    class Form(models.TextChoices):
        VISIT = "visit", _("入户走访")
        PHONE = "phone", _("电话")
        WECHAT = "wechat", _("微信")
        GATHERING = "gathering", _("集中活动")

    pair = models.ForeignKey(Pair, verbose_name=_("结对关系"), on_delete=models.PROTECT, related_name="contacts")
    unit = models.ForeignKey("places.Place", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+",
                             editable=False)
    group = models.ForeignKey(PairingGroup, verbose_name=_("结对分组"), on_delete=models.PROTECT, related_name="+",
                              editable=False)
    date = models.DateField(_("日期"), default=date.today, validators=[dates.planned])  # ≤ today: contact_record
    form = models.CharField(_("联系方式"), max_length=12, choices=Form.choices, default=Form.VISIT)
    topic = models.TextField(_("交流内容"), help_text=_("拉家常、宣讲政策、了解生产生活情况等"))
    deeds = models.TextField(_("办好事实事"), blank=True)
    cost = models.DecimalField(_("花费（元）"), max_digits=10, decimal_places=2, default=Decimal("0"),
                               validators=[MinValueValidator(Decimal("0"))])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)

    objects = PairedRecordQuerySet.as_manager()
    place_path_lookup = "unit__path"
    changelog_private = True     # its log entries stay with the programme's office
    access = AccessPolicy(view=HOUSEHOLD_ROLES, add=HOUSEHOLD_ROLES, change=HOUSEHOLD_ROLES, delete=PROGRAMME_EDITORS)
    attachments_follow_owner = True   # a visit's photos show the household: seen as the contact is, never upward
    changelog_exclude = ("created", "updated", "topic", "deeds")

    class Meta:
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["group", "date"], name="pairing_contact_group_idx"),
                   models.Index(fields=["unit", "date"], name="pairing_contact_unit_idx")]

    def __str__(self) -> str:
        return _("%(date)s %(form)s") % {"date": when(self.date), "form": self.get_form_display()}

    def get_absolute_url(self) -> str:
        return reverse("pairing:contact_detail", args=[self.pk])


class Need(RestrictedModel):
    """A need a household raised and how it ended. The flow is in services.NEED_TRANSITIONS."""

    class Category(models.TextChoices):
        LIVELIHOOD = "livelihood", _("生产生活")
        EMPLOYMENT = "employment", _("就业")
        SCHOOLING = "schooling", _("就学")
        MEDICAL = "medical", _("就医")
        HOUSING = "housing", _("住房")
        LEGAL = "legal", _("法律")
        OTHER = "other", _("其他")

    class State(models.TextChoices):
        RAISED = "raised", _("干部办理中")
        GROUP = "group", _("分组办理中")
        LEADERSHIP = "leadership", _("单位领导办理中")
        SOLVED = "solved", _("已解决")
        CLOSED = "closed", _("已说明关闭")

    OPEN_STATES = (State.RAISED, State.GROUP, State.LEADERSHIP)

    pair = models.ForeignKey(Pair, verbose_name=_("结对关系"), on_delete=models.PROTECT, related_name="needs")
    unit = models.ForeignKey("places.Place", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+",
                             editable=False)
    group = models.ForeignKey(PairingGroup, verbose_name=_("结对分组"), on_delete=models.PROTECT, related_name="+",
                              editable=False)
    category = models.CharField(_("诉求类别"), max_length=12, choices=Category.choices)
    description = models.TextField(_("诉求内容"))
    state = models.CharField(_("办理状态"), max_length=12, choices=State.choices, default=State.RAISED,
                             editable=False)
    raised_on = models.DateField(_("提出日期"), default=date.today, validators=[dates.happened])
    escalated = models.BooleanField(_("曾提交上一级"), default=False, editable=False)
    resolved_on = models.DateField(_("办结日期"), null=True, blank=True, editable=False)
    resolution = models.TextField(_("办理结果/说明"), blank=True, editable=False)

    objects = PairedRecordQuerySet.as_manager()
    place_path_lookup = "unit__path"
    changelog_private = True     # its log entries stay with the programme's office
    access = AccessPolicy(view=HOUSEHOLD_ROLES, add=HOUSEHOLD_ROLES, change=HOUSEHOLD_ROLES, delete=PROGRAMME_EDITORS)
    changelog_exclude = ("created", "updated", "description", "resolution")

    class Meta:
        verbose_name = _("群众诉求")
        verbose_name_plural = _("群众诉求")
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["group", "raised_on"], name="pairing_need_group_idx"),
                   models.Index(fields=["unit", "state"], name="pairing_need_state_idx")]

    def __str__(self) -> str:
        return _("%(cat)s诉求（%(date)s）") % {"cat": self.get_category_display(), "date": when(self.raised_on)}

    def get_absolute_url(self) -> str:
        return reverse("pairing:need_detail", args=[self.pk])


class NeedStep(RestrictedModel):
    """One step of a need's flow: who did what, when."""

    need = models.ForeignKey(Need, verbose_name=_("群众诉求"), on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("操作"), max_length=30)
    from_state = models.CharField(_("原状态"), max_length=12, blank=True)
    to_state = models.CharField(_("新状态"), max_length=12)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办理人"), null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)
    note = models.TextField(_("说明"), blank=True)

    objects = NeedStepQuerySet.as_manager()
    place_path_lookup = "need__unit__path"
    changelog_private = True     # its log entries stay with the programme's office
    access = AccessPolicy(view=HOUSEHOLD_ROLES, add=frozenset(), change=frozenset(), delete=frozenset())
    changelog_exclude = ("created", "updated", "note")

    class Meta:
        verbose_name = _("诉求办理记录")
        verbose_name_plural = _("诉求办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.action

    def get_to_state_display(self) -> str:
        return Need.State(self.to_state).label if self.to_state in Need.State.values else self.to_state


class HouseholdReadLog(models.Model):
    """Every read of a household record: who, when, which household. Holds no personal data of the household."""

    place = models.ForeignKey("places.Place", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, verbose_name=_("结对户"), null=True, on_delete=models.SET_NULL,
                                  related_name="read_logs")
    household_number = models.PositiveIntegerField(_("结对户编号"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("查看人"), null=True, on_delete=models.SET_NULL,
                             related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    channel = models.CharField(_("途径"), max_length=10, default="page")

    objects = RestrictedQuerySet.as_manager()
    place_path_lookup = "place__path"
    access = AccessPolicy(view=OFFICE, add=frozenset(), change=frozenset(), delete=frozenset())

    class Meta:
        verbose_name = _("结对户查看记录")
        verbose_name_plural = _("结对户查看记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return _("%(user)s查看结对户%(n)s号") % {"user": self.user, "n": self.household_number}

    @property
    def scope_place(self):
        return self.place


class GroupSummary(RestrictedModel):
    """A group's monthly summary to the leadership (分组月度小结). Describes the work, not the households."""

    group = models.ForeignKey(PairingGroup, verbose_name=_("结对分组"), on_delete=models.CASCADE,
                              related_name="summaries")
    unit = models.ForeignKey("places.Place", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+",
                             editable=False)
    month = models.DateField(_("月份"), help_text=_("该月第一天"), validators=[dates.planned])
    text = models.TextField(_("小结内容"), help_text=_("写工作开展情况，不写群众姓名等个人信息"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True,
                                     on_delete=models.SET_NULL, related_name="+", editable=False)
    submitted_on = models.DateField(_("提交日期"), default=date.today, validators=[dates.planned])

    place_path_lookup = "unit__path"
    access = AccessPolicy(view=READERS, add=PROGRAMME_EDITORS, change=PROGRAMME_EDITORS, delete=PROGRAMME_STAFF)

    class Meta:
        verbose_name = _("分组月度小结")
        verbose_name_plural = _("分组月度小结")
        ordering = ["-month", "group"]
        constraints = [models.UniqueConstraint(fields=["group", "month"], name="pairing_summary_once_a_month")]

    def __str__(self) -> str:
        return _("%(group)s%(y)d年%(m)d月小结") % {"group": self.group, "y": self.month.year, "m": self.month.month}

    def get_absolute_url(self) -> str:
        return reverse("pairing:summary_detail", args=[self.pk])


class Festival(PlaceScopedModel):
    """A traditional festival of any group, with its date in a year, for visit reminders. Calendar data only."""

    name = models.CharField(_("节日名称"), max_length=40)
    date = models.DateField(_("日期"), validators=[dates.planned])
    remind_days_before = models.PositiveSmallIntegerField(_("提前几天提醒"), default=7,
                                                          validators=[MaxValueValidator(60)])

    access = AccessPolicy(view=READERS, add=OFFICE, change=OFFICE, delete=OFFICE)

    class Meta:
        verbose_name = _("传统节日")
        verbose_name_plural = _("传统节日")
        ordering = ["date", "name"]
        constraints = [models.UniqueConstraint(fields=["place", "name", "date"], name="pairing_festival_once")]

    def __str__(self) -> str:
        return f"{self.name}（{when(self.date)}）"

    def get_absolute_url(self) -> str:
        return reverse("pairing:festival_detail", args=[self.pk])


# One- and two-character household searches use their grams indexes (migration 0005).
serve_short_searches(Household, icontains=("name", "address"))
