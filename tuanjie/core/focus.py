"""The place a person is looking at (the place switcher). Lists and dashboards show this place's subtree."""

from tuanjie.core.access import READERS, reach

SESSION_KEY = "focus_place_id"


def top_places(user):
    from tuanjie.places.models import Place

    if user.is_superuser:
        return list(Place.objects.filter(depth=1).select_related("level"))
    paths = reach(user, READERS)
    return list(Place.objects.filter(path__in=paths).select_related("level"))


def focus_place(request):
    """The focused place, if it is inside the person's reach; otherwise their first top place."""
    from tuanjie.places.models import Place

    if not request.user.is_authenticated:
        return None
    cached = getattr(request, "_focus_place", False)
    if cached is not False:
        return cached
    place = None
    place_id = request.session.get(SESSION_KEY)
    if place_id:
        place = Place.objects.restrict(request.user).select_related("level", "creation_field").filter(pk=place_id).first()
    if place is None:
        tops = top_places(request.user)
        place = tops[0] if tops else None
    request._focus_place = place
    return place


def set_focus(request, place) -> None:
    request.session[SESSION_KEY] = place.pk
    request._focus_place = place


def breadcrumb(request, place):
    """Ancestors of `place` that the person may open, top first."""
    if place is None:
        return []
    tops = {p.path for p in top_places(request.user)}
    chain = list(place.ancestors_and_self())
    if request.user.is_superuser:
        return chain
    visible = []
    started = False
    for node in chain:
        started = started or node.path in tops or any(node.path.startswith(t) for t in tops)
        if started:
            visible.append(node)
    return visible
