from tuanjie.people.models import User


def people_with_role(role: str, place, *, upward: bool = True) -> list[User]:
    """Active people holding `role` at `place`; with `upward`, at the nearest ancestor that has any
    (so "the office responsible for this unit" is the closest office above it)."""
    if upward:
        chain = [place.path[: i * place.steplen] for i in range(place.depth, 0, -1)]
    else:
        chain = [place.path]
    for path in chain:
        users = list(User.objects.filter(is_active=True, assignments__role=role, assignments__active=True,
                                         assignments__place__path=path).distinct())
        if users:
            return users
    return []


# Roles that make someone a member of a unit's staff list (not the readers and inspectors who look in from above).
STAFF_ROLES = ("office", "unit", "cadre", "group_leader")


def staff_of(place_ids) -> dict[int, list[User]]:
    """{place id: active people holding a staff role at exactly that place} (a unit's staff list), one query."""
    from tuanjie.people.models import RoleAssignment

    found: dict[int, dict[int, User]] = {pk: {} for pk in place_ids}
    rows = (RoleAssignment._base_manager.filter(place_id__in=list(found), role__in=STAFF_ROLES, active=True,
                                                user__is_active=True)
            .select_related("user").order_by("user__full_name", "user_id"))
    for row in rows:
        found[row.place_id].setdefault(row.user_id, row.user)
    return {pk: list(people.values()) for pk, people in found.items()}
