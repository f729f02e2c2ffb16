"""Base models every business record builds on, and the change log."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import VIEW, AccessPolicy, RestrictedQuerySet, assignments_of
from tuanjie.core.roles import Role


class ChangeLoggedModel(models.Model):
    """Every create, update and delete of a subclass is written to the change log (see core/changelog.py)."""

    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    # Fields never written to the log (derived or bulky).
    changelog_exclude: tuple[str, ...] = ("created", "updated")
    # Configuration that belongs to no place (levels, creation fields) logs with an empty path: admins read it.
    place_path_lookup = ""
    # Entries about records that name or describe a household (pairs, contacts, needs) are read only by the office
    # at the record's own place, never by the levels above, as the records themselves are (pairing/models.py).
    changelog_private = False

    class Meta:
        abstract = True

    def changelog_place_path(self) -> str:
        if not self.place_path_lookup:
            return ""
        obj = self
        for part in self.place_path_lookup.split("__")[:-1]:
            obj = getattr(obj, part, None)
            if obj is None:
                return ""
        return getattr(obj, "path", "") or ""


class RestrictedModel(ChangeLoggedModel):
    """A business record whose place is reached through `place_path_lookup` (for records that hang on a
    parent record, e.g. "group__place__path"); its default manager has `restrict(user, action)`."""

    objects = RestrictedQuerySet.as_manager()
    access = AccessPolicy()
    place_path_lookup = "place__path"

    class Meta:
        abstract = True

    @property
    def scope_place(self):
        obj = self
        for part in self.place_path_lookup.split("__")[:-1]:
            obj = getattr(obj, part)
        return obj


class PlaceScopedModel(RestrictedModel):
    """A business record that belongs to one place; who may see it follows from that place."""

    place = models.ForeignKey(
        "places.Place", verbose_name=_("所属地区/单位"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


def private_kinds() -> list[int]:
    """Content type ids of the models whose change-log entries stay with the office of their own place."""
    from django.apps import apps

    return [ContentType.objects.get_for_model(m).pk for m in apps.get_models()
            if issubclass(m, ChangeLoggedModel) and m.changelog_private]


class ChangeLogQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = VIEW):
        """Offices read their subtree's log, except entries of `changelog_private` models: those are read by the
        programme's office alone — office or unit staff held at the record's very place (pairing/models.py), so
        a school's own staff read its pairing log and the township, county and province above it do not."""
        qs = super().restrict(user, action)
        if not getattr(user, "is_authenticated", False) or user.is_superuser:
            return qs
        private = private_kinds()
        own = sorted({path for role, path in assignments_of(user) if role in (Role.OFFICE, Role.UNIT)})
        mine = self.filter(content_type_id__in=private, place_path__in=own) if action == VIEW else self.none()
        return qs.exclude(content_type_id__in=private) | mine


class ChangeLogEntry(models.Model):
    """An immutable record of one change. Nobody edits it in the product; offices read their subtree's."""

    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        RESTORE = "restore", _("恢复")

    time = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    user_repr = models.CharField(_("操作人"), max_length=150, blank=True)
    source = models.CharField(_("来源"), max_length=20)
    request_id = models.CharField(_("请求编号"), max_length=64, db_index=True)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200)
    place_path = models.CharField(_("所属路径"), max_length=255, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("修改后"), null=True, blank=True, encoder=DjangoJSONEncoder)

    objects = ChangeLogQuerySet.as_manager()
    # Only offices read the audit log (README: "offices read their subtree's log"); leaders read dashboards and reports.
    access = AccessPolicy(view=frozenset({"office"}), add=frozenset(), change=frozenset(), delete=frozenset())
    place_path_lookup = "place_path"

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="changelog_object_idx"),
            models.Index(fields=["place_path"], name="changelog_place_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:changelog_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("变更记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("变更记录不可删除")

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class DeletedRecord(models.Model):
    """A deleted business record, with everything its deletion took along (cascaded records, their attachments'
    rows) serialized, the links it cut (SET_NULL) and the files kept on disk, recoverable by an office of its place
    until the period (TUANJIE_RECYCLE_DAYS) ends. See core/recyclebin.py."""

    deleted_at = models.DateTimeField(_("删除时间"), auto_now_add=True, db_index=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("删除人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    deleted_by_repr = models.CharField(_("删除人"), max_length=150, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    content_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200)
    place_path = models.CharField(_("所属路径"), max_length=255, blank=True)
    summary = models.CharField(_("一并删除"), max_length=500, blank=True)
    rows = models.JSONField(_("删除的记录"), encoder=DjangoJSONEncoder)
    unlinks = models.JSONField(_("解除的关联"), default=list, encoder=DjangoJSONEncoder)
    files = models.JSONField(_("保留的文件"), default=list)
    restored_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    restored_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("恢复人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    access = AccessPolicy(view=frozenset({"office"}), add=frozenset(), change=frozenset({"office"}),
                          delete=frozenset())
    place_path_lookup = "place_path"

    class Meta:
        verbose_name = _("回收站记录")
        verbose_name_plural = _("回收站")
        ordering = ["-deleted_at", "-id"]
        indexes = [models.Index(fields=["place_path"], name="deleted_place_idx", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return self.object_repr

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:deleted_detail", args=[self.pk])

    @property
    def model_name(self) -> str:
        model = self.content_type.model_class()
        return str(model._meta.verbose_name) if model else self.content_type.model

    @property
    def expires(self):
        from datetime import timedelta

        return self.deleted_at + timedelta(days=settings.TUANJIE_RECYCLE_DAYS)


class GuideDismissal(models.Model):
    """A person closed a first-visit guide (core/pagehelp.py). Kept on the server, so the guide does not come back on
    the person's phone after they closed it on the office computer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    guide = models.CharField(_("引导"), max_length=30)
    dismissed_at = models.DateTimeField(_("关闭时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("已关闭的引导")
        verbose_name_plural = _("已关闭的引导")
        constraints = [models.UniqueConstraint(fields=["user", "guide"], name="core_guide_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.guide}"


class IdempotencyKey(models.Model):
    """One write request a person sent with an Idempotency-Key, and the answer it got, so that the same request sent
    again (a retry after a cut connection, a double tap) gets that answer instead of writing twice. Written in the
    transaction of the write itself (core/idempotency.py); kept TUANJIE_IDEMPOTENCY_DAYS days. Not exposed anywhere:
    only the middleware reads it."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.PositiveSmallIntegerField(default=0)
    headers = models.JSONField(default=dict)
    body = models.BinaryField(default=b"")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="idempotency_person_key_unique")]

    def __str__(self) -> str:
        return self.key


class SecurityEvent(models.Model):
    """One security-relevant moment (GB/T 22239 level 3, 安全审计): a sign-in, a refusal, an export, a bulk read.
    Written by core/security.py only; offices read their subtree's (the person's home place decides where an event
    belongs, so a county office sees its townships' sign-ins and refusals); kept TUANJIE_SECURITY_LOG_DAYS days.
    Reads of single households are in the pairing app's household read log, which the same offices read."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录成功")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKOUT = "lockout", _("账号锁定")
        LOGOUT = "logout", _("退出登录")
        OTP_FAILED = "otp_failed", _("动态口令错误")
        OTP_ENROL = "otp_enrol", _("启用双因素认证")
        OTP_RESET = "otp_reset", _("重置双因素认证")
        RECOVERY_USED = "recovery_used", _("使用恢复码")
        PASSWORD_CHANGE = "password_change", _("修改密码")
        DENIED = "denied", _("拒绝访问")
        UNAUTHENTICATED = "unauthenticated", _("接口认证失败")
        EXPORT = "export", _("导出")
        BULK_READ = "bulk_read", _("批量读取")
        TOKEN_CREATE = "token_create", _("创建接口令牌")
        TOKEN_REVOKE = "token_revoke", _("吊销接口令牌")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("事件"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("人员"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("登录名"), max_length=150, blank=True)
    place_path = models.CharField(_("所属路径"), max_length=255, blank=True)
    place_name = models.CharField(_("所在地区/单位"), max_length=100, blank=True)
    method = models.CharField(_("方法"), max_length=10, blank=True)
    url = models.CharField(_("地址"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    detail = models.CharField(_("说明"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access = AccessPolicy(view=frozenset({"office"}), add=frozenset(), change=frozenset(), delete=frozenset())
    place_path_lookup = "place_path"

    class Meta:
        verbose_name = _("安全事件")
        verbose_name_plural = _("安全事件")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["place_path"], name="security_place_idx", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("安全事件不可修改")
        super().save(*args, **kwargs)
