"""Creation funds (创建经费): money put at a place's disposal by source and year (allocations), what a place said
it needs (needs), and what it spent (expenditures, with receipts attached).

An allocation records money where it is finally used: the county's own publicity budget is an allocation to the
county, a site's subsidy an allocation to the site. Money passed through a level is not recorded at that level too,
so the subtree sum of allocations is the money in the subtree, never counted twice."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuanjie.core import dates
from tuanjie.core.access import OFFICE, READERS, AccessPolicy
from tuanjie.core.dates import when
from tuanjie.core.models import PlaceScopedModel
from tuanjie.core.roles import Role

WRITERS = frozenset({Role.UNIT}) | OFFICE
POSITIVE = [MinValueValidator(Decimal("0.01"), _("金额须大于0"))]
YEAR = [MinValueValidator(2000, _("年度不正确")), MaxValueValidator(2100, _("年度不正确"))]


class FundSource(models.TextChoices):
    PROVINCIAL = "provincial", _("省级少数民族发展资金")
    CITY = "city", _("市专项")
    COUNTY = "county", _("县级补助")
    SELF = "self", _("单位自筹")
    OTHER = "other", _("其他")


def money_field(label):
    return models.DecimalField(label, max_digits=14, decimal_places=2, validators=POSITIVE,
                               help_text=_("单位：元"))


class Allocation(PlaceScopedModel):
    """Money from one source for one place and year. Offices record public money; a unit records its own
    self-funding (单位自筹) — services enforce that split."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    source = models.CharField(_("资金来源"), max_length=12, choices=FundSource.choices)
    amount = money_field(_("金额（元）"))
    for_site = models.BooleanField(_("示范点建设补助"), default=False,
                                   help_text=_("补助给示范点（创建点）的资金请勾选，用于统计落实补助的示范点数"))
    allocated_on = models.DateField(_("下达/落实日期"), null=True, blank=True, validators=[dates.happened])
    document_no = models.CharField(_("文号"), max_length=60, blank=True)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    access = AccessPolicy(view=READERS, add=WRITERS, change=WRITERS, delete=WRITERS)

    class Meta:
        verbose_name = _("经费落实")
        verbose_name_plural = _("经费落实")
        ordering = ["-year", "-allocated_on", "-id"]
        indexes = [
            models.Index(fields=["year", "source"], name="fund_alloc_year_source_idx"),
            models.Index(fields=["place", "year"], name="fund_alloc_place_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.place}{self.year}年{self.get_source_display()}{self.amount}元"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("funds:allocation_detail", args=[self.pk])


class FundNeed(PlaceScopedModel):
    """What a place asked for (经费需求) in a year; the gap is need − allocated."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    amount = money_field(_("需求金额（元）"))
    purpose = models.CharField(_("用途"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    access = AccessPolicy(view=READERS, add=WRITERS, change=WRITERS, delete=WRITERS)

    class Meta:
        verbose_name = _("经费需求")
        verbose_name_plural = _("经费需求")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["place", "year"], name="fund_need_place_year_idx")]

    def __str__(self) -> str:
        return f"{self.place}{self.year}年经费需求：{self.purpose}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("funds:need_detail", args=[self.pk])


class Expenditure(PlaceScopedModel):
    """Money a place spent on creation work, with receipts and photos attached."""

    spent_on = models.DateField(_("支出日期"), validators=[dates.happened])
    amount = money_field(_("金额（元）"))
    source = models.CharField(_("资金来源"), max_length=12, choices=FundSource.choices, blank=True,
                              help_text=_("不清楚可不填"))
    purpose = models.CharField(_("用途"), max_length=200, help_text=_("如：制作灯杆宣传牌191个"))
    # No database constraint: activities are partitioned by year on PostgreSQL (core/partitions.py); Django's
    # deletion collector still sets this to NULL when the activity goes.
    activity = models.ForeignKey("activities.Activity", verbose_name=_("对应活动"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="expenditures", db_constraint=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    access = AccessPolicy(view=READERS, add=WRITERS, change=WRITERS, delete=WRITERS)

    class Meta:
        verbose_name = _("经费支出")
        verbose_name_plural = _("经费支出")
        ordering = ["-spent_on", "-id"]
        indexes = [models.Index(fields=["place", "spent_on"], name="fund_spend_place_date_idx"),
                   models.Index(fields=["spent_on"], name="fund_spend_date_idx")]

    def __str__(self) -> str:
        return f"{when(self.spent_on)} {self.purpose}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("funds:expenditure_detail", args=[self.pk])

    @property
    def year(self) -> int:
        return self.spent_on.year
