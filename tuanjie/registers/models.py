"""Registers an acceptance inspection reads (台账名册): education bases (教育基地) with the study visits made to them,
the list of demonstration sites being built up in a year (培育名单), each unit's liaison (联络员: a staff member's work
contact details, never a household's), and the numbered briefings (简报 第N期) compiled from accepted information.

Every record carries its place and a year (the base's naming year, the list's year, the briefing's year), so the
year-end archive can file it under its subject and year."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import OFFICE, READERS, AccessPolicy, ReadableFromBelow
from tuanjie.core.models import PlaceScopedModel, RestrictedModel
from tuanjie.core.roles import Role
from tuanjie.core.search import TextSearchQuerySet

YEAR = [MinValueValidator(2000, _("年度应为四位年份，如2026")), MaxValueValidator(2100, _("年度应为四位年份，如2026"))]


class BaseLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class EducationBaseQuerySet(ReadableFromBelow, TextSearchQuerySet):
    """A base is a public place named by the state: everyone also reads the bases of the places above them (a school
    visits the township's base and links its visit to it)."""


class EducationBase(PlaceScopedModel):
    """A named education base (民族团结进步教育基地). `place` is where it is (the unit or area that runs it)."""

    name = models.CharField(_("基地名称"), max_length=150)
    level = models.CharField(_("级别"), max_length=10, choices=BaseLevel.choices)
    named_by = models.CharField(_("命名单位"), max_length=100, help_text=_("如：国家民委、省民族宗教委"))
    named_year = models.PositiveSmallIntegerField(_("命名年度"), validators=YEAR)
    document_no = models.CharField(_("命名文号"), max_length=60, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True, help_text=_("被撤销命名或停用的基地请取消勾选"))

    objects = EducationBaseQuerySet.as_manager()
    search_fields = ("name", "named_by")
    search_place = "place"

    class Meta:
        verbose_name = _("教育基地")
        verbose_name_plural = _("教育基地")
        ordering = ["level", "-named_year", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registers:base_detail", args=[self.pk])


class CultivationEntry(PlaceScopedModel):
    """A site on a year's cultivation list (培育名单): `place` is the site (unit or village) being built up toward a
    title, listed by the office above it. Funds secured and activities held come from the funds and activity
    ledgers (selectors.py); the office records the targets, the planned funds and where the work stands."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    target = models.TextField(_("培育目标"), help_text=_("如：年底前达到县级示范单位命名标准"))
    title_level = models.ForeignKey("titles.TitleLevel", verbose_name=_("拟创建级别"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    planned_funds = models.DecimalField(_("计划投入（元）"), max_digits=14, decimal_places=2, default=Decimal("0"),
                                        validators=[MinValueValidator(Decimal("0"))])
    progress = models.PositiveSmallIntegerField(_("培育进度（%）"), default=0, validators=[MaxValueValidator(100)])
    progress_note = models.TextField(_("进展情况"), blank=True)

    access = AccessPolicy(view=READERS, add=OFFICE, change=OFFICE, delete=OFFICE)

    class Meta:
        verbose_name = _("培育对象")
        verbose_name_plural = _("培育名单")
        ordering = ["-year", "place__path"]
        constraints = [models.UniqueConstraint(fields=["place", "year"], name="registers_cultivated_once_a_year")]

    def __str__(self) -> str:
        return _("%(y)d年培育对象：%(p)s") % {"y": self.year, "p": self.place}

    def get_absolute_url(self) -> str:
        return reverse("registers:cultivation_detail", args=[self.pk])


class Liaison(PlaceScopedModel):
    """A unit's (or area's) liaison for creation work: one of its staff, with work contact details. Households are
    never liaisons: the person is a platform account holding a staff role at exactly this place."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("联络员"), on_delete=models.PROTECT,
                               related_name="+")
    post = models.CharField(_("职务"), max_length=60)
    office_phone = models.CharField(_("办公电话"), max_length=40, blank=True)
    mobile = models.CharField(_("手机"), max_length=20, blank=True)
    email = models.EmailField(_("工作邮箱"), blank=True)

    access = AccessPolicy(view=READERS, add=OFFICE | {Role.UNIT}, change=OFFICE | {Role.UNIT},
                          delete=OFFICE | {Role.UNIT})

    class Meta:
        verbose_name = _("联络员")
        verbose_name_plural = _("联络员名册")
        ordering = ["place__path"]
        constraints = [models.UniqueConstraint(fields=["place"], name="registers_one_liaison_a_place")]

    def __str__(self) -> str:
        return f"{self.place}：{self.person.full_name}"

    def get_absolute_url(self) -> str:
        return reverse("registers:liaison_detail", args=[self.pk])


class Briefing(PlaceScopedModel):
    """简报 第N期 of an office's area for a year, compiled from accepted information items. The number is given
    when the briefing is compiled, one after another per area and year."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    number = models.PositiveSmallIntegerField(_("期数"))
    title = models.CharField(_("刊名"), max_length=60, default=_("民族团结进步创建工作简报"))
    issued_on = models.DateField(_("编发日期"))
    editor = models.CharField(_("编印单位"), max_length=100, blank=True,
                              help_text=_("留空则为“某某民族团结进步创建工作领导小组办公室”"))
    items = models.ManyToManyField("information.InformationItem", verbose_name=_("刊发信息"), related_name="+",
                                   through="BriefingItem")

    objects = TextSearchQuerySet.as_manager()
    search_fields = ("title",)
    search_place = "place"
    access = AccessPolicy(view=READERS, add=OFFICE, change=OFFICE, delete=OFFICE)

    class Meta:
        verbose_name = _("简报")
        verbose_name_plural = _("简报")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["place", "year", "number"], name="registers_briefing_number")]

    def __str__(self) -> str:
        return _("%(t)s %(y)d年第%(n)d期") % {"t": self.title, "y": self.year, "n": self.number}

    def get_absolute_url(self) -> str:
        return reverse("registers:briefing_detail", args=[self.pk])


class BriefingItem(models.Model):
    """An information item in a briefing, in the order it is printed."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey("information.InformationItem", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["briefing", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["briefing", "item"], name="registers_item_once_a_briefing")]

    def __str__(self) -> str:
        return f"{self.briefing_id}:{self.item_id}"


class GroupDecision(RestrictedModel):
    """A decision or meeting record of a leading group (领导小组会议纪要、决定), with its documents attached. It
    belongs to the group's place; its year is the year it was decided."""

    group = models.ForeignKey("leadership.LeadingGroup", verbose_name=_("领导小组"), on_delete=models.CASCADE,
                              related_name="decisions")
    decided_on = models.DateField(_("会议/决定日期"))
    title = models.CharField(_("标题"), max_length=200, help_text=_("如：县创建工作领导小组2026年第一次全体会议纪要"))
    document_no = models.CharField(_("文号"), max_length=60, blank=True)
    summary = models.TextField(_("主要内容"), blank=True)

    place_path_lookup = "group__place__path"

    class Meta:
        verbose_name = _("领导小组决定")
        verbose_name_plural = _("领导小组会议和决定")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("registers:decision_detail", args=[self.pk])

    @property
    def year(self) -> int:
        return self.decided_on.year
