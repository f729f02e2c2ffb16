"""The place hierarchy: administrative areas (省/市/县/乡/村, or 师/团/连) and the creation units under them.

Areas and units live in one tree so that "a place and everything below it" is one prefix query on the
materialised path, whatever kind of node a person or a record hangs on."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Left, Length
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from tuanjie.core import dates
from tuanjie.core.access import OFFICE, AccessPolicy, RestrictedQuerySet
from tuanjie.core.fields import BlankAsNullCharField
from tuanjie.core.grams import serve_short_searches
from tuanjie.core.models import ChangeLoggedModel, PlaceScopedModel
from tuanjie.core.pinyin import search_key


class PlaceLevel(ChangeLoggedModel):
    """A level of the administrative hierarchy. Configuration, not code: XPCC's 师/团/连 fit beside 省/市/县/乡/村."""

    name = models.CharField(_("层级名称"), max_length=30, unique=True)
    rank = models.PositiveSmallIntegerField(_("层级序号"), help_text=_("越小越高：省=1，市=2，县=3，乡=4，村=5"))
    description = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("行政层级")
        verbose_name_plural = _("行政层级")
        ordering = ["rank", "name"]

    def __str__(self) -> str:
        return self.name


class CreationField(ChangeLoggedModel):
    """A creation field (创建领域): the kind of unit the work must reach (the "十进 / 十五进")."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    theme = models.CharField(_("创建主题"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("创建领域")
        verbose_name_plural = _("创建领域")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class PlaceQuerySet(MP_NodeQuerySet, RestrictedQuerySet):
    def areas(self):
        return self.filter(kind=Place.Kind.AREA)

    def units(self):
        return self.filter(kind=Place.Kind.UNIT)

    def subtree(self, place):
        return self.filter(path__startswith=place.path)

    def with_parent(self):
        """Annotate each place with its parent's name and code in the same query (no per-row lookups)."""
        parent = Place.objects.filter(
            path=Left(OuterRef("path"), Length(OuterRef("path")) - Place.steplen))
        return self.annotate(parent_name=Subquery(parent.values("name")[:1]),
                             parent_code=Subquery(parent.values("code")[:1]))

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        from tuanjie.core.search import place_search_q

        # A code is looked up by its digits (区划代码, 信用代码); letters alone are pinyin, and on SQLite a code
        # prefix match ignores case, so "tjx" would otherwise find every unit coded "TJX-…".
        return self.filter(place_search_q(text, by_code=any(ch.isdigit() for ch in text)))


class PlaceManager(MP_NodeManager.from_queryset(PlaceQuerySet)):
    def get_queryset(self):
        return PlaceQuerySet(self.model, using=self._db).order_by("path")


division_code = RegexValidator(r"^\d{12}$", _("区划代码应为12位数字（统计用区划代码）"))


class Place(MP_Node, ChangeLoggedModel):
    class Kind(models.TextChoices):
        AREA = "area", _("行政区域")
        UNIT = "unit", _("创建单位")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.AREA)
    name = models.CharField(_("名称"), max_length=100)
    code = BlankAsNullCharField(
        _("代码"), max_length=32, unique=True, null=True, blank=True,
        help_text=_("行政区域填12位统计用区划代码；创建单位可填统一社会信用代码或内部编码"),
    )
    level = models.ForeignKey(
        PlaceLevel, verbose_name=_("行政层级"), null=True, blank=True, on_delete=models.PROTECT, related_name="places"
    )
    creation_field = models.ForeignKey(
        CreationField, verbose_name=_("创建领域"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="places",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    description = models.TextField(_("简介"), blank=True)
    active_from = models.DateField(_("启用日期"), null=True, blank=True, validators=[dates.planned])
    active_until = models.DateField(_("撤并/停用日期"), null=True, blank=True, validators=[dates.planned])
    search_key = models.CharField(max_length=400, blank=True, editable=False)

    objects = PlaceManager()
    access = AccessPolicy(below_only=frozenset({"delete"}))
    place_path_lookup = "path"
    changelog_exclude = ("created", "updated", "search_key", "numchild")

    class Meta:
        verbose_name = _("地区/单位")
        verbose_name_plural = _("地区/单位")
        indexes = [
            # A prefix index so that "this subtree" stays one index range scan on PostgreSQL in any collation.
            models.Index(fields=["path"], name="place_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind", "creation_field"], name="place_kind_field_idx"),
            # The roots (the admin's top places, looked up on every page) without reading the whole tree.
            models.Index(fields=["depth"], name="place_depth_idx"),
            # On PostgreSQL, name and search_key also carry trigram indexes (migration 0003, core/postgres.py)
            # and grams indexes for one- and two-character searches (migration 0006, core/grams.py).
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("places:place_detail", args=[self.pk])

    @property
    def scope_place(self):
        return self

    @property
    def place(self):
        return self

    @property
    def is_area(self) -> bool:
        return self.kind == self.Kind.AREA

    @property
    def type_label(self) -> str:
        if self.is_area:
            return self.level.name if self.level_id else str(self.Kind.AREA.label)
        return self.creation_field.name if self.creation_field_id else str(self.Kind.UNIT.label)

    def clean(self):
        if self.kind == self.Kind.AREA:
            if self.code and not division_code.regex.match(self.code):
                raise ValidationError({"code": division_code.message})
            if not self.level_id:
                raise ValidationError({"level": _("行政区域须选择行政层级")})
        elif self.level_id:
            raise ValidationError({"level": _("创建单位不设行政层级")})
        if self.active_from and self.active_until and self.active_until < self.active_from:
            raise ValidationError({"active_until": _("停用日期不能早于启用日期")})

    def save(self, *args, **kwargs):
        # A stored search key keeps pinyin search one indexed-column filter instead of per-row conversion.
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)

    def ancestors_and_self(self):
        paths = [self.path[: i * self.steplen] for i in range(1, self.depth + 1)]
        return Place.objects.filter(path__in=paths).select_related("level", "creation_field")

    def is_within(self, other: "Place") -> bool:
        return self.path.startswith(other.path)


# 村, "tj": one- and two-character searches use the grams indexes on PostgreSQL (migration 0006, core/grams.py).
serve_short_searches(Place, icontains=("name",), contains=("search_key",))


class DivisionSync(PlaceScopedModel):
    """One run of "create (or refresh) my areas from the official division list": a background job, since a
    province is tens of thousands of places. `place` is the highest existing place the areas go under (the
    office's own, usually); progress is written as the job goes, batch by batch."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    code = models.CharField(_("区划代码"), max_length=12)
    title = models.CharField(_("区划"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("待新增"), default=0)
    done = models.PositiveIntegerField(_("已新增"), default=0)
    renamed = models.PositiveIntegerField(_("已更名"), default=0)
    retired = models.PositiveIntegerField(_("已停用"), default=0)
    error = models.TextField(_("错误"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    access = AccessPolicy(view=OFFICE, add=OFFICE, change=OFFICE, delete=OFFICE)
    changelog_exclude = ("created", "updated", "done", "started_at", "finished_at")

    class Meta:
        verbose_name = _("区划同步")
        verbose_name_plural = _("区划同步")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("places:division_sync", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
