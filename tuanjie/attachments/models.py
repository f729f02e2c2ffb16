"""Files attached to business records: activity photos, evidence, deeds materials, a visit's photos. Photos are
evidence and go into the archive, so an attachment belongs to a place like every record, and is read through
`restrict`: by the place rule, or, for a record that declares `attachments_follow_owner` (a contact with a
household, whose photos show the household), by that record's own rule, so a photo is seen by exactly those who
may see the record it belongs to (upper levels count the contacts, never see their photos)."""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import ACTIONS, ADD, CHANGE, DELETE, VIEW, AccessPolicy, RestrictedQuerySet, path_q, reach
from tuanjie.core.models import PlaceScopedModel
from tuanjie.core.roles import Role

UPLOADERS = frozenset({Role.OFFICE, Role.UNIT, Role.CADRE, Role.GROUP_LEADER, Role.INSPECTOR})


# What one may do with an attachment of a record that keeps its own rule, as an action on that record: adding or
# changing a photo is changing the record.
OWNER_ACTION = {VIEW: VIEW, ADD: CHANGE, CHANGE: CHANGE, DELETE: DELETE}


def owners_with_own_rule() -> dict:
    """ContentType → model, for the models whose attachments follow the record's rule rather than its place."""
    followed = [m for m in apps.get_models() if getattr(m, "attachments_follow_owner", False)]
    return {ct: model for model, ct in ContentType.objects.get_for_models(*followed).items()} if followed else {}


class AttachmentQuerySet(RestrictedQuerySet):
    def for_object(self, owner):
        return self.filter(content_type=ContentType.objects.get_for_model(type(owner)), object_id=owner.pk)

    def restrict(self, user, action: str = VIEW):
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        followed = owners_with_own_rule()
        policy: AccessPolicy = self.model.access
        paths = reach(user, policy.roles_for(action))
        q = path_q(self.model.place_path_lookup, paths, action in policy.below_only) & ~Q(content_type__in=followed)
        for content_type, model in followed.items():
            visible = model.objects.restrict(user, OWNER_ACTION[action]).values("pk")
            q |= Q(content_type=content_type, object_id__in=visible)
        return self.filter(q)


class Attachment(PlaceScopedModel):
    class Kind(models.TextChoices):
        IMAGE = "image", _("图片")
        DOCUMENT = "document", _("文档")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to="attachments/%Y/%m/", max_length=255)
    thumbnail = models.ImageField(_("缩略图"), upload_to="attachments/thumbs/%Y/%m/", null=True, blank=True,
                                  max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=200)
    mime = models.CharField(_("格式"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = AttachmentQuerySet.as_manager()
    access = AccessPolicy(add=UPLOADERS, change=UPLOADERS, delete=frozenset({Role.OFFICE, Role.UNIT}))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_owner_idx")]

    def __str__(self) -> str:
        return self.caption or self.original_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("attachments:download", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.kind == self.Kind.IMAGE
