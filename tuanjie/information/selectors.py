"""Reads shared by the pages, the API, the public pages and the demo."""

from __future__ import annotations

from django.db.models import QuerySet

from tuanjie.core.access import VIEW, assignments_of
from tuanjie.core.roles import Role
from tuanjie.information.models import InformationItem
from tuanjie.places.models import Place


def ancestor_paths(place: Place) -> list[str]:
    """Paths of the place's strict ancestors, nearest first."""
    step = Place.steplen
    return [place.path[:i * step] for i in range(place.depth - 1, 0, -1)]


def office_places_above(place: Place) -> list[Place]:
    """Areas strictly above `place` where someone holds an active office role, nearest first."""
    from tuanjie.people.models import RoleAssignment

    paths = ancestor_paths(place)
    found = set(RoleAssignment.objects.filter(
        role=Role.OFFICE, active=True, place__path__in=paths, place__kind=Place.Kind.AREA,
    ).values_list("place__path", flat=True))
    by_path = {p.path: p for p in Place.objects.filter(path__in=found)}
    return [by_path[p] for p in paths if p in by_path]


def office_above(place: Place) -> Place | None:
    """The office that reviews what `place` sends up: the nearest area above it with creation-office staff."""
    offices = office_places_above(place)
    return offices[0] if offices else None


def office_people(place: Place) -> list:
    """People holding the office role exactly at this place (the office that sits there)."""
    from tuanjie.people.selectors import people_with_role

    return people_with_role(Role.OFFICE, place, upward=False)


def unit_people(item: InformationItem) -> list:
    """The item's author and the unit staff of its place (the side that wrote it)."""
    from tuanjie.people.models import User

    people = {u.pk: u for u in User.objects.filter(
        assignments__role=Role.UNIT, assignments__active=True, assignments__place=item.place_id, is_active=True)}
    if item.author is not None and item.author.is_active:
        people[item.author.pk] = item.author
    return list(people.values())


def office_paths_of(user) -> set[str]:
    """Paths of the places where the user holds the office role (exactly there, not folded)."""
    return {path for role, path in assignments_of(user) if role == Role.OFFICE}


def items_visible(user) -> QuerySet:
    return InformationItem.objects.restrict(user, VIEW).select_related("place", "reviewer_place", "author")


def review_queue(user) -> QuerySet:
    """Items waiting for this user's office: submitted by units below, or forwarded from the level below."""
    paths = office_paths_of(user)
    qs = items_visible(user).filter(status__in=[InformationItem.Status.SUBMITTED, InformationItem.Status.FORWARDED])
    if user.is_superuser:
        return qs.order_by("submitted_at", "id")
    return qs.filter(reviewer_place__path__in=paths).order_by("submitted_at", "id")


def public_items(place: Place | None = None) -> QuerySet:
    """Published items on this platform's public pages, newest first; optionally only under `place`."""
    qs = InformationItem.objects.public().select_related("place").order_by("-published_at", "-id")
    if place is not None:
        qs = qs.filter(place__path__startswith=place.path)
    return qs


def public_areas() -> QuerySet:
    """The areas that have published items somewhere below them (for the public place filter)."""
    paths = set(public_items().values_list("place__path", flat=True)[:2000])
    prefixes = set()
    for path in paths:
        for i in range(1, len(path) // Place.steplen):
            prefixes.add(path[:i * Place.steplen])
    return Place.objects.areas().filter(path__in=prefixes).select_related("level").order_by("path")


def public_attachments(item: InformationItem):
    from tuanjie.attachments.models import Attachment

    return Attachment.objects.for_object(item)
