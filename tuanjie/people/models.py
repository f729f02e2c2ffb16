"""People who use the product, and the roles they hold at places."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import AccessPolicy, RestrictedQuerySet
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

    objects = TuanjieUserManager()
    access = AccessPolicy()
    place_path_lookup = "home_place__path"
    changelog_exclude = ("created", "updated", "password", "last_login", "search_key")

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
