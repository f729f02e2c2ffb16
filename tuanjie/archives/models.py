"""The year-end archive (年度档案) of a subject (an area or a unit): the scanned paper documents an office adds with
their archival fields, the packages the product assembles, and the closing of a year (归档).

档号 follow DA/T 22-2015 (归档文件整理规则): 全宗号-门类代码·年度-保管期限-机构（问题）代码-件号. The 全宗号 is the
subject's code, the 门类 is 文书 (WS), 保管期限 is Y (永久), D30 or D10, and 件号 counts the pieces of one subject, year
and retention from 1, given once when the piece is filed and never renumbered."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import OFFICE, AccessPolicy
from tuanjie.core.dates import YEARS
from tuanjie.core.models import PlaceScopedModel
from tuanjie.core.roles import Role

YEAR = [MinValueValidator(YEARS.start, _("年度应为四位年份，如2026")),
        MaxValueValidator(YEARS.stop - 1, _("年度应为四位年份，如2026"))]
OFFICE_AND_LEADERS = frozenset({Role.OFFICE, Role.LEADER})


class Retention(models.TextChoices):
    PERMANENT = "Y", _("永久")
    THIRTY = "D30", _("30年")
    TEN = "D10", _("10年")


def fonds_of(place) -> str:
    """The subject's 全宗号: its division code, or for a unit without one, "DW" and its number."""
    return place.code or f"DW{place.pk:05d}"


def archival_code(place, year: int, retention: str, series: str, number: int) -> str:
    return f"{fonds_of(place)}-WS·{year}-{retention}-{series}-{number:04d}"


class PaperDocument(PlaceScopedModel):
    """A paper document of the subject's year (a signed agreement, a red-headed file, minutes), scanned and filed with
    its archival fields; the scan is its attachment."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    title = models.CharField(_("题名"), max_length=200)
    responsible = models.CharField(_("责任者"), max_length=100, help_text=_("形成文件的机关或个人，如：团结县民族宗教事务局"))
    dated = models.DateField(_("日期"), help_text=_("文件形成日期（落款日期）"))
    pages = models.PositiveSmallIntegerField(_("页数"), validators=[MinValueValidator(1, _("页数至少为1"))])
    retention = models.CharField(_("保管期限"), max_length=3, choices=Retention.choices, default=Retention.THIRTY)
    number = models.PositiveIntegerField(_("件号"), editable=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    access = AccessPolicy(view=OFFICE_AND_LEADERS, add=OFFICE, change=OFFICE, delete=OFFICE)

    class Meta:
        verbose_name = _("纸质档案")
        verbose_name_plural = _("纸质档案")
        ordering = ["-year", "retention", "number"]
        constraints = [models.UniqueConstraint(fields=["place", "year", "retention", "number"],
                                               name="archives_paper_number_once")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archives:paper_detail", args=[self.pk])

    @property
    def code(self) -> str:
        return archival_code(self.place, self.year, self.retention, "ZZ", self.number)


class YearClosure(PlaceScopedModel):
    """A subject's year closed (归档) by its office: from then the year's records in the subject's subtree are read
    only (closing.py). Reopening is for the office above, with a reason; both are in the change log, and the row stays
    (reopened) so closing again later is the same row's next change."""

    class Status(models.TextChoices):
        CLOSED = "closed", _("已归档")
        REOPENED = "reopened", _("已重新开放")

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.CLOSED, db_index=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("归档人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    closed_by_repr = models.CharField(_("归档人"), max_length=150, blank=True)
    closed_at = models.DateTimeField(_("归档时间"))
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("重新开放人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reopened_at = models.DateTimeField(_("重新开放时间"), null=True, blank=True)
    reopen_reason = models.CharField(_("重新开放理由"), max_length=300, blank=True)

    # closing and reopening reach below the person's place on different rules (services.py); the page lists them
    access = AccessPolicy(view=OFFICE_AND_LEADERS, add=OFFICE, change=OFFICE, delete=frozenset())

    class Meta:
        verbose_name = _("年度归档")
        verbose_name_plural = _("年度归档")
        ordering = ["-year", "place__path"]
        constraints = [models.UniqueConstraint(fields=["place", "year"], name="archives_close_once_a_year")]

    def __str__(self) -> str:
        return _("%(p)s%(y)d年度归档") % {"p": self.place.name, "y": self.year}

    def get_absolute_url(self) -> str:
        return reverse("archives:year", args=[self.place_id, self.year])


class ArchivePackage(PlaceScopedModel):
    """One assembled archive package (.zip) of a subject's year, built in the background (package.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("文件总数"), default=0)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    pieces = models.PositiveIntegerField(_("目录条目"), default=0)
    file = models.FileField(_("档案包"), upload_to="archives/%Y/", blank=True, max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    error = models.TextField(_("失败原因"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    access = AccessPolicy(view=OFFICE_AND_LEADERS, add=OFFICE, change=OFFICE, delete=OFFICE)
    changelog_exclude = ("created", "updated", "done", "started_at", "finished_at")

    class Meta:
        verbose_name = _("档案包")
        verbose_name_plural = _("档案包")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return _("%(p)s%(y)d年度档案包") % {"p": self.place.name, "y": self.year}

    def get_absolute_url(self) -> str:
        return reverse("archives:year", args=[self.place_id, self.year])

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    def filename(self) -> str:
        return f"{self.place.name}{self.year}年度档案.zip"
