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
