"""People who use the product, and the roles they hold at places."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import AccessPolicy, RestrictedQuerySet
from tuanjie.core.grams import serve_short_searches
from tuanjie.core.models import ChangeLoggedModel, PlaceScopedModel
from tuanjie.core.pinyin import search_key
from tuanjie.core.roles import Role


class UserQuerySet(RestrictedQuerySet):
    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            models.Q(full_name__icontains=text) | models.Q(username__icontains=text)
            | models.Q(search_key__contains=text.lower()) | models.Q(phone__startswith=text)
        )


class TuanjieUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser, ChangeLoggedModel):
    """A person who signs in. Their home place decides which office manages their account."""

    full_name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    title = models.CharField(_("职务"), max_length=60, blank=True)
    home_place = models.ForeignKey(
        "places.Place", verbose_name=_("所在地区/单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="people",
    )
    search_key = models.CharField(max_length=400, blank=True, editable=False)
    # When the password was last set: TUANJIE_PASSWORD_MAX_AGE_DAYS counts from here (people/password_expiry.py).
    password_changed = models.DateTimeField(_("密码设置时间"), default=timezone.now, editable=False)

    objects = TuanjieUserManager()
    access = AccessPolicy()
    place_path_lookup = "home_place__path"
    changelog_exclude = ("created", "updated", "password", "last_login", "search_key", "password_changed")

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.full_name)
        super().save(*args, **kwargs)

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed = timezone.now()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:user_detail", args=[self.pk])

    @property
    def scope_place(self):
        return self.home_place

    @property
    def place(self):
        return self.home_place

    def roles_at(self, place) -> set[str]:
        return {role for role, path in self.active_assignments() if place.path.startswith(path)}

    def active_assignments(self):
        from tuanjie.core.access import assignments_of

        return assignments_of(self)


class RoleAssignment(PlaceScopedModel):
    """One role a person holds at one place; it reaches the place and everything below it."""

    user = models.ForeignKey(User, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    active = models.BooleanField(_("有效"), default=True)
    note = models.CharField(_("备注"), max_length=100, blank=True)

    access = AccessPolicy()

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        ordering = ["user__full_name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "place"], name="unique_role_per_place"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.place}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:assignment_detail", args=[self.pk])


def _token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A key a system uses to call the API as the person who created it, with exactly that person's reach.

    Only the sha256 of the random secret is stored: a stolen database yields no usable token, and checking a call
    costs one hash and one indexed lookup (a password hash costs about half a second of CPU on purpose)."""

    PREFIX = "tj_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("所属人员"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=60, help_text=_("例如“统计局数据对接”，便于日后识别和吊销"))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("令牌开头"), max_length=12, editable=False)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.hint}…）"

    @classmethod
    def new_secret(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def digest_of(secret: str) -> str:
        return _token_digest(secret)


# One- and two-character searches by name, username or pinyin use their grams indexes (migration 0003).
serve_short_searches(User, icontains=("full_name", "username"), contains=("search_key",))
