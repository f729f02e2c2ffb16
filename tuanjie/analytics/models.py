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

from tuanjie.core.access import OFFICE, READERS, AccessPolicy, RestrictedQuerySet
from tuanjie.core.models import PlaceScopedModel


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


class FactsVersion(models.Model):
    """One row whose number goes up in the same transaction as every change to what the dashboard shows (fact
    rows, places, creation fields, kinds, offices' countables: `facts.touch`). A cached dashboard fragment is keyed
    by it (analytics/fragments.py), so a reader sees a new number exactly when it can see the new rows, and a
    fragment is never older than the data. Every writer bumps it before its first fact row, so the one row
    adds no lock order the fact rows did not already have."""

    n = models.BigIntegerField(_("版本号"), default=0)

    class Meta:
        verbose_name = _("统计版本")
        verbose_name_plural = _("统计版本")

    def __str__(self) -> str:
        return str(self.n)


class CountableDefinitionQuerySet(RestrictedQuerySet):
    def applying_to(self, place):
        """Definitions of the place itself or an office above it."""
        from tuanjie.places.models import Place

        paths = [place.path[:i * Place.steplen] for i in range(1, place.depth + 1)]
        return self.filter(place__path__in=paths).select_related("place", "creation_field").order_by(
            "place__path", "name")


class CountableDefinition(PlaceScopedModel):
    """A countable an office defines for its subtree ("主题党日", "学校领域被采用信息"): a countable the code lists or
    an activity kind, optionally narrowed to the records of one creation field. Quota rules, indicators, the
    dashboard and reports use it by its key "office.<id>" like a built-in one (core.countables.get); it counts the
    same records as its source, so its figures are the source's fact rows, kept fresh with them."""

    name = models.CharField(_("名称"), max_length=60, help_text=_("如：主题党日、学校领域被采用信息"))
    source = models.CharField(_("统计什么"), max_length=60, help_text=_("某类活动、被采用信息、结对联系、已解决诉求等"))
    creation_field = models.ForeignKey("places.CreationField", verbose_name=_("只统计创建领域"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+",
                                       help_text=_("不选则统计全部领域"))

    objects = CountableDefinitionQuerySet.as_manager()
    access = AccessPolicy(view=READERS, add=OFFICE, change=OFFICE, delete=OFFICE)

    class Meta:
        verbose_name = _("计数项目")
        verbose_name_plural = _("自定义计数项目")
        ordering = ["place__path", "name"]
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="analytics_countable_name_per_place")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("analytics:countable_detail", args=[self.pk])

    @property
    def key(self) -> str:
        from tuanjie.core.countables import OFFICE_PREFIX

        return f"{OFFICE_PREFIX}{self.pk}"

    @property
    def source_label(self) -> str:
        from tuanjie.core import countables

        return str(countables.get(self.source).label)

    def as_countable(self):
        """The Countable this definition stands for: its source's records, narrowed to the creation field."""
        from dataclasses import replace

        from tuanjie.core import countables

        base = countables.get(self.source)
        filters = dict(base.filters)
        if self.creation_field_id:
            model = base.model_class()
            own = any(f.name == "creation_field" for f in model._meta.concrete_fields)
            filters["creation_field" if own else f"{base.place_field}__creation_field"] = self.creation_field_id
        return replace(base, key=self.key, label=self.name, filters=filters, fact_key=base.key,
                       fact_field=self.creation_field_id or 0, place_path=self.place.path)
