"""The roles a person can hold at a place. Each role's reach is its place and everything below it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    OFFICE = "office", _("创建办工作人员")
    UNIT = "unit", _("创建单位工作人员")
    CADRE = "cadre", _("结对干部")
    GROUP_LEADER = "group_leader", _("分组负责人")
    INSPECTOR = "inspector", _("督查/评审人员")
    LEADER = "leader", _("领导（只读）")


ALL_ROLES = frozenset(Role.values)
# Roles that may grant roles to others, and which roles each may grant.
GRANTABLE = {
    Role.ADMIN: frozenset(Role.values),
    Role.OFFICE: frozenset(Role.values) - {Role.ADMIN},
}
