"""The one place that decides who sees and changes what.

A person holds roles at places. A role reaches its place and everything below it (the place's subtree, found
by a prefix match on the materialised path). Each business model declares an `AccessPolicy` naming which
roles may view, add, change and delete its records; `restrict(user, action)` on the model's default manager
combines the two. Views, the API, exports and reports all start from `restrict`, never from `objects.all()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from tuanjie.core.roles import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)

READERS = frozenset(Role.values)
OFFICE = frozenset({Role.OFFICE})


@dataclass(frozen=True)
class AccessPolicy:
    """Which roles may do each action on a model's records inside their reach. Admins may always."""

    view: frozenset = READERS
    add: frozenset = OFFICE
    change: frozenset = OFFICE
    delete: frozenset = OFFICE
    # Actions that reach strictly below the person's place (an office may not delete its own county).
    below_only: frozenset = frozenset()

    def roles_for(self, action: str) -> frozenset:
        return frozenset(getattr(self, action)) | {Role.ADMIN}


def assignments_of(user) -> list[tuple[str, str]]:
    """(role, place path) of the user's active assignments, cached on the user object for the request."""
    cached = getattr(user, "_tuanjie_assignments", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False) or not user.pk:
            cached = []
        else:
            cached = list(user.assignments.filter(active=True).values_list("role", "place__path"))
        user._tuanjie_assignments = cached
    return cached


def forget_assignments(user) -> None:
    user.__dict__.pop("_tuanjie_assignments", None)


def reach(user, roles: Iterable[str]) -> list[str]:
    """The top paths of the user's reach for these roles, with nested paths folded into their ancestors."""
    roles = set(roles)
    paths = sorted({path for role, path in assignments_of(user) if role in roles})
    tops: list[str] = []
    for path in paths:
        if not tops or not path.startswith(tops[-1]):
            tops.append(path)
    return tops


def path_q(lookup: str, paths: Iterable[str], below_only: bool = False) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        part = Q(**{f"{lookup}__startswith": path})
        if below_only:
            part &= ~Q(**{lookup: path})
        q |= part
    return q


def reach_q(user, roles: Iterable[str], lookup: str, below_only: bool = False) -> Q | None:
    """The rows whose place (through `lookup`, a path) lies in the user's reach for `roles`: Q() for a superuser,
    None when the user holds none of the roles (the workflows' `Actor.holds` are written with it)."""
    if getattr(user, "is_superuser", False):
        return Q()
    paths = reach(user, set(roles) | {Role.ADMIN})
    return path_q(lookup, paths, below_only) if paths else None


def exactly_q(user, roles: Iterable[str], lookup: str) -> Q | None:
    """As `reach_q`, for roles that act only at the very place they are held (an office reviewing its own queue)."""
    if getattr(user, "is_superuser", False):
        return Q()
    paths = sorted({path for role, path in assignments_of(user) if role in set(roles)})
    return Q(**{f"{lookup}__in": paths}) if paths else None


def within(place, via: str = "place") -> Q:
    """Rows whose place, reached through the lookup `via` ("" for places themselves), lies in `place`'s subtree,
    the place included: the one indexed prefix range every subtree filter is written with."""
    return Q(**{f"{via}__path__startswith" if via else "path__startswith": place.path})


def may(user, action: str, model, place) -> bool:
    """May `user` do `action` on a record of `model` that belongs to `place`?"""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    policy: AccessPolicy = model.access
    below_only = action in policy.below_only
    for path in reach(user, policy.roles_for(action)):
        if place.path.startswith(path) and not (below_only and place.path == path):
            return True
    return False


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = VIEW):
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        policy: AccessPolicy = self.model.access
        paths = reach(user, policy.roles_for(action))
        if not paths:
            return self.none()
        return self.filter(path_q(self.model.place_path_lookup, paths, action in policy.below_only))


class ReadableFromBelow:
    """For a RestrictedQuerySet whose records a place keeps for those below it too (an education base a school
    visits, a question bank a township's quiz draws from): besides the subtree rule, a person reads the records of
    the places above their reach. Only reading: changing them stays with their own place's office."""

    def restrict(self, user, action: str = VIEW):
        qs = super().restrict(user, action)  # type: ignore[misc]
        if action != VIEW or not getattr(user, "is_authenticated", False) or user.is_superuser:
            return qs
        from tuanjie.places.models import Place

        paths = reach(user, self.model.access.roles_for(VIEW))  # type: ignore[attr-defined]
        above = {path[:i] for path in paths for i in range(Place.steplen, len(path), Place.steplen)}
        if not above:
            return qs
        lookup = self.model.place_path_lookup  # type: ignore[attr-defined]
        return self.filter(path_q(lookup, paths) | models.Q(**{f"{lookup}__in": above}))  # type: ignore[attr-defined]


def places_for(user, model, action: str = ADD):
    """The places under which `user` may do `action` on records of `model` (for form choices)."""
    from tuanjie.places.models import Place

    if user.is_superuser:
        return Place.objects.all()
    policy: AccessPolicy = model.access
    paths = reach(user, policy.roles_for(action))
    return Place.objects.filter(path_q("path", paths, action in policy.below_only))
