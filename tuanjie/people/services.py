"""Accounts and role grants. Who may grant what: an office grants any role but admin inside its reach."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuanjie.analytics import facts
from tuanjie.core.access import ADD, CHANGE, forget_assignments, may, reach
from tuanjie.core.bulk import insert_new
from tuanjie.core.bulk import instance as new_instance
from tuanjie.core.changelog import log_bulk_created
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


def grantable_somewhere(by: User) -> set[str]:
    """The roles `by` may grant at some place: what an add-person page offers (each grant is still checked)."""
    if by.is_superuser:
        return set(Role.values)
    return {role for granter, grants in GRANTABLE.items() if reach(by, {granter}) for role in grants}


def _check_user_fields(by: User | None, username: str, home_place, instance: User | None = None) -> None:
    if by is not None and not may(by, ADD, User, home_place):
        raise PermissionDenied(_("您无权在“%(p)s”下新增人员") % {"p": home_place})
    taken = User.objects.filter(username=username)
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        raise ValidationError(_("登录名“%(u)s”已被使用") % {"u": username})


@transaction.atomic
def user_create(*, by: User | None, username: str, full_name: str, home_place, password: str | None = None,
                phone: str = "", title: str = "", is_active: bool = True, roles: tuple[str, ...] = ()) -> User:
    _check_user_fields(by, username, home_place)
    user = User(username=username, full_name=full_name, home_place=home_place, phone=phone, title=title,
                is_active=is_active)
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
def user_bulk_create(*, by: User | None, users: list[User], roles: list[tuple[str, ...]]) -> list[User]:
    """Many new accounts at once, each with the roles of the same position in `roles` granted at its home place
    (the staff-list import). Each account must already have passed what user_create checks row by row — its model
    validation and a login nobody holds — and carry its password hash (or an unusable one). Here the rights are
    checked once per place and role, and the accounts, their grants and the change-log entries of both are written
    in bulk, since bulk inserts send none of the signals a save() would."""
    places = {user.home_place_id: user.home_place for user in users}
    for place in places.values():
        if by is not None and not may(by, ADD, User, place):
            raise PermissionDenied(_("您无权在“%(p)s”下新增人员") % {"p": place})
    for place_id, role in {(user.home_place_id, role) for user, held in zip(users, roles, strict=True)
                           for role in held}:
        _check_grantable(by, role, places[place_id])
    insert_new(users)
    user_field, place_field = RoleAssignment._meta.get_field("user"), RoleAssignment._meta.get_field("place")
    grants = []
    for user, held in zip(users, roles, strict=True):
        for role in held:
            grant = new_instance(RoleAssignment, {"user_id": user.pk, "role": role, "place_id": user.home_place_id,
                                                  "active": True, "note": ""})
            user_field.set_cached_value(grant, user)   # the change log's words and path, without a query each
            place_field.set_cached_value(grant, user.home_place)
            grants.append(grant)
    insert_new(grants)
    log_bulk_created(users)
    log_bulk_created(grants)
    facts.records_added(User, [user.pk for user in users])
    facts.records_added(RoleAssignment, [grant.pk for grant in grants])
    return users


@transaction.atomic
def user_update(*, by: User | None, instance: User, username: str, full_name: str, home_place, phone: str = "",
                title: str = "", is_active: bool = True) -> User:
    """Change an account. The office that manages it now and the one it moves to must both be the editor's."""
    if by is not None and not may(by, CHANGE, User, instance.home_place):
        raise PermissionDenied(_("您无权修改该人员"))
    _check_user_fields(by, username, home_place, instance)
    instance.username, instance.full_name, instance.home_place = username, full_name, home_place
    instance.phone, instance.title, instance.is_active = phone, title, is_active
    instance.full_clean(exclude=["password"])
    instance.save()
    return instance


def _check_grantable(by: User | None, role: str, place) -> None:
    if by is not None and role not in grantable_roles(by, place):
        raise PermissionDenied(_("您无权在“%(p)s”授予“%(r)s”角色") % {"p": place, "r": Role(role).label})


def _check_revocable(by: User | None, assignment: RoleAssignment) -> None:
    if by is not None and assignment.role not in grantable_roles(by, assignment.place):
        raise PermissionDenied(_("您无权撤销该角色"))


@transaction.atomic
def role_grant(*, by: User | None, user: User, role: str, place, active: bool = True,
               note: str | None = None) -> RoleAssignment:
    _check_grantable(by, role, place)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, place=place, defaults={"active": active, "note": note or ""})
    if not created and assignment.active != active or (note is not None and assignment.note != note):
        assignment.active = active
        assignment.note = assignment.note if note is None else note
        assignment.save()
    forget_assignments(user)
    return assignment


@transaction.atomic
def role_revoke(*, by: User | None, assignment: RoleAssignment) -> None:
    _check_revocable(by, assignment)
    assignment.delete()
    forget_assignments(assignment.user)


@transaction.atomic
def role_update(*, by: User | None, instance: RoleAssignment, user: User, role: str, place, active: bool = True,
                note: str = "") -> RoleAssignment:
    """An edit is a revoke of what was held and a grant of what is asked, so it is refused exactly where either
    would be: a role the editor may not revoke cannot be edited into another one, nor switched off."""
    _check_revocable(by, instance)
    if (user.pk, role, place.pk) != (instance.user_id, instance.role, instance.place_id):
        role_revoke(by=by, assignment=instance)
        return role_grant(by=by, user=user, role=role, place=place, active=active, note=note)
    _check_grantable(by, role, place)
    instance.active, instance.note = active, note
    instance.save()
    forget_assignments(user)
    return instance
