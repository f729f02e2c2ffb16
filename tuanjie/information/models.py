"""Information items (信息报送): a unit's news item or briefing, reviewed by the office of the level above,
forwarded upward and published on channels. The workflow itself lives in services/workflow.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuanjie.core import dates
from tuanjie.core.access import READERS, AccessPolicy, RestrictedQuerySet
from tuanjie.core.grams import serve_short_searches
from tuanjie.core.models import PlaceScopedModel, RestrictedModel
from tuanjie.core.roles import Role

WRITERS = frozenset({Role.UNIT, Role.OFFICE})
OFFICE_ONLY = frozenset({Role.OFFICE})
NOBODY = frozenset()  # written only by the workflow services


class InformationItemQuerySet(RestrictedQuerySet):
    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        from tuanjie.core.search import text_or_place_q

        return self.filter(text_or_place_q(text, ("title",), "place", self.model))

    def public(self):
        """Items that are published on this platform's public pages right now."""
        return self.filter(
            publications__channel=Publication.Channel.PLATFORM, publications__withdrawn_at__isnull=True,
        ).distinct()


class InformationItem(PlaceScopedModel):
    """A news item or briefing written by a unit (its `place`). The office it currently sits with is
    `reviewer_place`: the nearest area above the unit that has creation-office staff, then, once forwarded,
    the next one up."""

    class Kind(models.TextChoices):
        NEWS = "news", _("信息")
        BRIEFING = "briefing", _("简报")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报送待审核")
        RETURNED = "returned", _("已退回")
        ACCEPTED = "accepted", _("已采用")
        FORWARDED = "forwarded", _("已上报")
        PUBLISHED = "published", _("已发布")

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), help_text=_("可使用简单格式：段落、加粗、列表"))
    original_title = models.CharField(_("单位原稿标题"), max_length=200, blank=True)
    original_body = models.TextField(_("单位原稿正文"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撰稿人"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    reviewer_place = models.ForeignKey("places.Place", verbose_name=_("审核创建办"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    forwarded_from = models.ForeignKey("places.Place", verbose_name=_("上报单位"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    return_comment = models.TextField(_("退回意见"), blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("采用时间"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    # 补录: work done before it was entered here, with the dates it really had (services.item_enter_late). The
    # workflow's steps keep the time they were taken (InformationEvent.time); the figures count the item by these
    # declared dates, carried into submitted_at / accepted_at / published_at when the office confirms.
    late_entry = models.BooleanField(_("补录"), default=False, db_index=True)
    written_on = models.DateField(_("成稿日期（补录）"), null=True, blank=True, validators=[dates.happened])
    declared_accepted_on = models.DateField(_("采用日期（补录）"), null=True, blank=True, validators=[dates.happened])
    declared_published_on = models.DateField(_("发布日期（补录）"), null=True, blank=True, validators=[dates.happened])
    declared_channels = models.JSONField(_("发布渠道（补录）"), default=list, blank=True)
    late_entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("补录人"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    late_entered_at = models.DateTimeField(_("补录时间"), null=True, blank=True)

    objects = InformationItemQuerySet.as_manager()
    access = AccessPolicy(view=READERS, add=WRITERS, change=WRITERS, delete=WRITERS)

    class Meta:
        verbose_name = _("信息")
        verbose_name_plural = _("信息报送")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["reviewer_place", "status"], name="info_queue_idx"),
            models.Index(fields=["status", "accepted_at"], name="info_accepted_idx"),
            models.Index(fields=["published_at"], name="info_published_idx"),
            models.Index(fields=["submitted_at"], name="info_submitted_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("information:item_detail", args=[self.pk])

    def deletion_refusal(self) -> str | None:
        if self.status not in (self.Status.ACCEPTED, self.Status.FORWARDED, self.Status.PUBLISHED):
            return None
        return _("“%(item)s”已被采用，是创建办采用、上报和发布的记录，不能删除；"
                 "如需从公开页面撤下，请在信息页面的发布记录中点击“撤回”") % {"item": self.title}

    @property
    def was_edited(self) -> bool:
        return bool(self.original_title or self.original_body) and (
            self.original_title != self.title or self.original_body != self.body)


# On PostgreSQL titles carry a grams index for one- and two-character searches and a trigram index for longer ones
# (migration 0004, core/grams.py).
serve_short_searches(InformationItem, icontains=("title",))

class Publication(RestrictedModel):
    """One publication of an item on one channel by one office; withdrawn, it stays as history."""

    class Channel(models.TextChoices):
        PLATFORM = "platform", _("本平台公开页")
        WECHAT = "wechat", _("微信公众号")
        PORTAL = "portal", _("门户网站专栏")
        MEDIA = "media", _("融媒体")

    item = models.ForeignKey(InformationItem, verbose_name=_("信息"), on_delete=models.CASCADE,
                             related_name="publications")
    channel = models.CharField(_("发布渠道"), max_length=10, choices=Channel.choices)
    office = models.ForeignKey("places.Place", verbose_name=_("发布创建办"), on_delete=models.PROTECT,
                               related_name="+")
    link = models.URLField(_("链接"), blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撤回人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    withdraw_reason = models.CharField(_("撤回原因"), max_length=200, blank=True)

    access = AccessPolicy(view=READERS, add=OFFICE_ONLY, change=OFFICE_ONLY, delete=OFFICE_ONLY)
    place_path_lookup = "item__place__path"

    class Meta:
        verbose_name = _("信息发布")
        verbose_name_plural = _("信息发布")
        ordering = ["published_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.item}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class InformationEvent(RestrictedModel):
    """One step of an item's history: who did what, when, at which office, with what comment."""

    item = models.ForeignKey(InformationItem, verbose_name=_("信息"), on_delete=models.CASCADE,
                             related_name="events")
    action = models.CharField(_("操作"), max_length=20)
    action_label = models.CharField(_("操作"), max_length=20)
    from_status = models.CharField(_("原状态"), max_length=10, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10)
    time = models.DateTimeField(_("时间"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    user_repr = models.CharField(_("操作人"), max_length=100, blank=True)
    office = models.ForeignKey("places.Place", verbose_name=_("创建办"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("意见"), blank=True)

    access = AccessPolicy(view=READERS, add=NOBODY, change=NOBODY, delete=NOBODY)
    place_path_lookup = "item__place__path"

    class Meta:
        verbose_name = _("信息处理记录")
        verbose_name_plural = _("信息处理记录")
        ordering = ["time", "id"]

    def __str__(self) -> str:
        return f"{self.action_label} · {self.item}"

    def get_to_status_display(self) -> str:
        return str(dict(InformationItem.Status.choices).get(self.to_status, self.to_status))
