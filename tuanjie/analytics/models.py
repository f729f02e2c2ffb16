"""Roll-up figures (统计事实表), maintained as records change.

A `Fact` row holds, for one place, one countable key, one period and one creation field, the number of records
(and the sum of a measure such as participants) credited to that place **or anywhere below it**. A record
credited to a unit adds to the unit's row and to the row of every ancestor, at three grains (month, quarter,
year), so the figures of any place for any period are a handful of rows read by primary key: a province's
year is as cheap as a village's month. Rows are derived data, never edited by people: they are written by
`analytics.facts` inside the same transaction as the record that changed, and can be rebuilt from the raw rows
at any time (`tuanjie rebuild_facts`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grain(models.TextChoices):
    MONTH = "m", _("月")
    QUARTER = "q", _("季度")
    YEAR = "y", _("年")
    ALL = "a", _("不分期")     # coverage rows that hold whatever the period (the number of units)


class Fact(models.Model):
    # No database constraint: rows are derived and bulk-(re)written; the ORM still cascades when a place is deleted.
    # No index of its own: the identity constraint's index starts with the place.
    place = models.ForeignKey("places.Place", verbose_name=_("地区/单位"), on_delete=models.CASCADE,
                              related_name="+", db_constraint=False, db_index=False)
    # Denormalised from the place so that "the children of X" and "the units below X" are one index range scan.
    path = models.CharField(_("路径"), max_length=255)
    depth = models.PositiveSmallIntegerField(_("层级深度"))
    is_unit = models.BooleanField(_("是否创建单位"), default=False)
    countable = models.CharField(_("计数项目"), max_length=60)
    grain = models.CharField(_("周期粒度"), max_length=1, choices=Grain.choices)
    period = models.DateField(_("周期起始日"))
    # The creation field of the unit the records were credited to (0 = none, e.g. records of an area office).
    creation_field_id = models.PositiveIntegerField(_("创建领域"), default=0)
    n = models.BigIntegerField(_("数量"), default=0)
    total = models.BigIntegerField(_("合计（如参与人数）"), default=0)

    class Meta:
        verbose_name = _("统计事实")
        verbose_name_plural = _("统计事实")
        constraints = [
            models.UniqueConstraint(fields=["place", "countable", "grain", "period", "creation_field_id"],
                                    name="analytics_fact_identity"),
        ]
        indexes = [
            # The rows of a key one level below a place (its children's figures, their coverage): equality on the
            # first four columns, then the path prefix, so a province's cities are a dozen index entries.
            models.Index(fields=["countable", "grain", "period", "depth", "path"], name="analytics_fact_children_idx",
                         opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "date_ops", "int2_ops",
                                    "varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.countable} {self.grain}{self.period:%Y-%m} = {self.n}"
