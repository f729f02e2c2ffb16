"""Accounts and role grants. Who may grant what: an office grants any role but admin inside its reach."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuanjie.core.access import ADD, forget_assignments, may, reach
from tuanjie.core.roles import GRANTABLE, Role
from tuanjie.people.models import RoleAssignment, User


def grantable_roles(by: User, place) -> set[str]:
    if by.is_superuser:
        return set(Role.values)
    roles: set[str] = set()
    for granter, grants in GRANTABLE.items():
        if any(place.path.startswith(p) for p in reach(by, {granter})):
            roles |= grants
    return roles


@transaction.atomic
def user_create(*, by: User | None, username: str, full_name: str, home_place, password: str | None = None,
                phone: str = "", title: str = "", roles: tuple[str, ...] = ()) -> User:
    if by is not None and not may(by, ADD, User, home_place):
        raise PermissionDenied(_("您无权在“%(p)s”下新增人员") % {"p": home_place})
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("登录名“%(u)s”已被使用") % {"u": username})
    user = User(username=username, full_name=full_name, home_place=home_place, phone=phone, title=title)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    for role in roles:
        role_grant(by=by, user=user, role=role, place=home_place)
    return user


@transaction.atomic
def role_grant(*, by: User | None, user: User, role: str, place) -> RoleAssignment:
    if by is not None and role not in grantable_roles(by, place):
        raise PermissionDenied(_("您无权在“%(p)s”授予“%(r)s”角色") % {"p": place, "r": Role(role).label})
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, place=place)
    if not created and not assignment.active:
        assignment.active = True
        assignment.save()
    forget_assignments(user)
    return assignment


@transaction.atomic
def role_revoke(*, by: User | None, assignment: RoleAssignment) -> None:
    if by is not None and assignment.role not in grantable_roles(by, assignment.place):
        raise PermissionDenied(_("您无权撤销该角色"))
    assignment.delete()
    forget_assignments(assignment.user)


@transaction.atomic
def user_set_password(*, user: User, password: str) -> None:
    validate_password(password, user)
    user.set_password(password)
    user.save()
