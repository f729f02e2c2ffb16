"""The place a person is looking at (the place switcher). Lists and dashboards show this place's subtree."""

from functools import cache

from tuanjie.core.access import READERS, reach

SESSION_KEY = "focus_place_id"


def top_places(user):
    from tuanjie.places.models import Place

    if user.is_superuser:
        return list(Place.objects.filter(depth=1).select_related("level"))
    paths = reach(user, READERS)
    return list(Place.objects.filter(path__in=paths).select_related("level"))


def request_top_places(request):
    """top_places for the request's user, read once per request (the focus and the breadcrumb both need them)."""
    cached = getattr(request, "_top_places", None)
    if cached is None:
        cached = request._top_places = top_places(request.user)
    return cached


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
        tops = request_top_places(request)
        place = tops[0] if tops else None
    request._focus_place = place
    return place


def set_focus(request, place) -> None:
    request.session[SESSION_KEY] = place.pk
    request._focus_place = place


def breadcrumb(request, place):
    """Ancestors of `place` that the person may open, top first. Read once per request and place: the layout's
    crumbs, a dashboard's own crumbs and its link upward all ask for the same chain."""
    if place is None:
        return []
    memo = request.__dict__.setdefault("_breadcrumbs", {})
    if place.pk not in memo:
        memo[place.pk] = _breadcrumb(request, place)
    return list(memo[place.pk])


def _breadcrumb(request, place):
    chain = list(place.ancestors_and_self())
    if request.user.is_superuser:
        return chain
    tops = {p.path for p in request_top_places(request)}
    visible = []
    started = False
    for node in chain:
        started = started or node.path in tops or any(node.path.startswith(t) for t in tops)
        if started:
            visible.append(node)
    return visible


def focus_narrows(request, model, place) -> bool:
    """Can limiting `model`'s records to `place`'s subtree leave out anything the person would otherwise see?

    Not when an admin looks at the only root and every record of `model` hangs on a place: the filter is then
    true of every row, yet it costs the database a join to the place table for each row it counts. Other people's
    lists are already limited to their reach by `restrict`, so for them the focus is applied as it stands."""
    if not request.user.is_superuser:
        return True
    roots = request_top_places(request)
    return not (len(roots) == 1 and roots[0].pk == place.pk and every_record_has_a_place(model))


@cache
def every_record_has_a_place(model) -> bool:
    """True when `model.place_path_lookup` runs through non-null foreign keys to a place's path, so no record
    can lack a place (unlike the change log, whose configuration entries have an empty path)."""
    from tuanjie.places.models import Place

    opts = model._meta
    *relations, last = model.place_path_lookup.split("__")
    for name in relations:
        field = opts.get_field(name)
        if not field.many_to_one or field.null:
            return False
        opts = field.related_model._meta
    return issubclass(opts.model, Place) and last == "path"
