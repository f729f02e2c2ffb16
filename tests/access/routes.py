"""The pages and API endpoints of each business model, found from the URL configuration (so a new page is driven
by the battery without being listed here)."""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass
class Routes:
    lists: list = field(default_factory=list)     # page URLs of generic list views
    detail: str | None = None                      # "/app/{pk}/"
    edit: str | None = None
    delete: str | None = None
    add: str | None = None
    imports: list = field(default_factory=list)    # page URLs of import views (core.views.ImportView)
    api: str | None = None                         # "/api/prefix/"
    api_writes: frozenset = frozenset()            # of "create", "partial_update", "destroy" (generic ones)


def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def _template(route: str) -> str | None:
    """'/activities/<int:pk>/edit/' → '/activities/{pk}/edit/'; None for routes with other parameters."""
    if "<" not in route:
        return "/" + route
    if route.count("<") == 1 and "<int:pk>" in route:
        return "/" + route.replace("<int:pk>", "{pk}")
    return None


def page_routes() -> dict[str, Routes]:
    from tuanjie.core import views as generic

    found: dict[str, Routes] = {}
    for route, pattern in _walk(get_resolver()):
        view = getattr(pattern.callback, "view_class", None)
        model = getattr(view, "model", None)
        url = _template(route)
        if view is not None and issubclass(view, generic.ImportView) and model is None:
            raise AssertionError(f"{route}: an ImportView names the model its rows create (`model = ...`)")
        if view is None or model is None or url is None or route.startswith("api/"):
            continue
        routes = found.setdefault(model._meta.label, Routes())
        has_pk = "{pk}" in url
        if issubclass(view, generic.ObjectListView) and not has_pk:
            routes.lists.append(url)
        elif issubclass(view, generic.ObjectDetailView) and has_pk and pattern.name.endswith("_detail"):
            routes.detail = url
        elif issubclass(view, generic.ObjectEditView):
            if has_pk:
                routes.edit = url
            else:
                # A model's first add page is its plain one; a later one asks for more (补录: the past dates).
                routes.add = routes.add or url
        elif issubclass(view, generic.ObjectDeleteView) and has_pk:
            routes.delete = url
        elif issubclass(view, generic.ImportView) and not has_pk:
            routes.imports.append(url)
    return found


def api_routes() -> dict[str, tuple]:
    """label → (list URL, viewset) for the router's viewsets over one model."""
    from tuanjie.urls import router

    found = {}
    for prefix, viewset, _basename in router.registry:
        model = getattr(viewset, "model", None)
        serializer = getattr(viewset, "serializer_class", None)
        if model is None and serializer is not None:
            model = getattr(getattr(serializer, "Meta", None), "model", None)
        if model is not None:
            found[model._meta.label] = (f"/api/{prefix}/", viewset)
    return found


def all_routes() -> dict[str, Routes]:
    from tuanjie.core.api import RestrictedModelViewSet

    routes = page_routes()
    for label, (url, viewset) in api_routes().items():
        r = routes.setdefault(label, Routes())
        r.api = url
        r.api_writes = frozenset(a for a in ("create", "partial_update", "destroy") if hasattr(viewset, a)
                                 and _method_allowed(viewset, a) and issubclass(viewset, RestrictedModelViewSet))
    return routes


def _method_allowed(viewset, action) -> bool:
    method = {"create": "post", "partial_update": "patch", "destroy": "delete"}[action]
    return method in viewset.http_method_names
