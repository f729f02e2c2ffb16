"""Quota rules (规定动作): "every unit of these creation fields has at least N records of a countable kind per
period", defined by an office for its subtree and a year. Compliance is computed from the records (see
selectors/compliance.py), never typed in, so this app stores only the rules."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuanjie.core import dates
from tuanjie.core.models import PlaceScopedModel


class Period(models.TextChoices):
    MONTH = "month", _("每月")
    BIMONTH = "bimonth", _("每两月")
    QUARTER = "quarter", _("每季度")
    HALF = "half", _("每半年")
    YEAR = "year", _("每年")


class Per(models.TextChoices):
    UNIT = "unit", _("每个单位")
    PERSON = "person", _("单位每名人员")


class QuotaRule(PlaceScopedModel):
    name = models.CharField(_("名称"), max_length=100, help_text=_("如：每月报送信息不少于2条"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=dates.year_range)
    countable = models.CharField(_("计数项目"), max_length=60)
    minimum = models.PositiveSmallIntegerField(_("最少次数"), validators=[MinValueValidator(1)])
    period = models.CharField(_("周期"), max_length=10, choices=Period.choices, default=Period.MONTH)
    per = models.CharField(_("考核对象"), max_length=10, choices=Per.choices, default=Per.UNIT,
                           help_text=_("按人考核时，单位每名人员都须达到最少次数（如每人每年参加培训不少于2次）"))
    creation_fields = models.ManyToManyField(
        "places.CreationField", verbose_name=_("适用创建领域"), blank=True, related_name="+",
        help_text=_("不选则适用于辖区内全部创建单位"))
    basis = models.CharField(_("依据"), max_length=200, blank=True, help_text=_("如：县创建办2026年实施方案"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("规定动作")
        verbose_name_plural = _("规定动作")
        ordering = ["-year", "place__path", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("quotas:rule_detail", args=[self.pk])

    def clean(self):
        from tuanjie.core import countables

        if not self.countable:
            return
        try:
            countable = countables.get(self.countable)
        except KeyError:
            raise ValidationError({"countable": _("计数项目“%(key)s”不存在，请从列表中选择") % {"key": self.countable}}) from None
        if self.per == Per.PERSON and not countable.person_field:
            raise ValidationError({"per": _("“%(label)s”不记录参加人员，不能按人考核；请选择活动或结对联系") % {
                "label": countable.label}})
        if self.place_id and not countable.applies_to(self.place):
            raise ValidationError({"countable": _("“%(label)s”是其他地区自定义的计数项目，不适用于“%(place)s”") % {
                "label": countable.label, "place": self.place}})

    @property
    def countable_label(self) -> str:
        from tuanjie.core import countables

        return str(countables.get(self.countable).label)

    @property
    def requirement(self) -> str:
        from tuanjie.core import countables

        unit = countables.get(self.countable).unit
        who = "每人" if self.per == Per.PERSON else ""
        return f"{who}{self.get_period_display()}{self.countable_label}不少于{self.minimum}{unit}"
