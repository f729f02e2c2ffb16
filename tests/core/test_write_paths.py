"""Services are the only write path: every edit page and every API viewset that writes declares its services,
unless it is reference data marked `plain_crud = True`. A new page or viewset that forgets them fails here."""

import inspect
import re

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import mixins

from tuanjie.core.api import RestrictedModelViewSet, collect_routes
from tuanjie.core.views import ObjectEditView

FORM_SAVE = re.compile(r"\bform\.save\(")


def _patterns(resolver, converters=()):
    for entry in resolver.url_patterns:
        found = tuple(converters) + tuple(entry.pattern.converters)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, found)
        elif isinstance(entry, URLPattern):
            yield entry, found


def edit_pages():
    """(view class, route, whether it edits an existing record) for every URL served by an ObjectEditView."""
    pages = []
    for pattern, converters in _patterns(get_resolver()):
        view = getattr(pattern.callback, "view_class", None)
        if isinstance(view, type) and issubclass(view, ObjectEditView):
            pages.append((view, str(pattern.pattern), "pk" in converters))
    return pages


def own_source(cls, name: str) -> str:
    method = cls.__dict__.get(name)
    return inspect.getsource(method) if method is not None else ""


def test_the_walk_finds_the_edit_pages():
    names = {view.__name__ for view, _route, _edits in edit_pages()}
    assert {"ContactEditView", "RoleAssignmentEditView", "QuotaEditView", "CampaignEditView"} <= names
    assert len(names) >= 20


def test_every_edit_page_declares_its_services_unless_it_is_plain_crud():
    missing = []
    for view, route, edits in edit_pages():
        if view.plain_crud:
            continue
        needed = "update_service" if edits else "create_service"
        if getattr(view, needed) is None:
            missing.append(f"{view.__module__}.{view.__name__} ({route}) declares no {needed}")
    assert missing == []


def test_no_edit_page_saves_its_form_itself_unless_it_is_plain_crud():
    offenders = []
    for view, _route, _edits in edit_pages():
        for klass in view.__mro__:
            if klass is ObjectEditView or not issubclass(klass, ObjectEditView) or view.plain_crud:
                continue
            if any(FORM_SAVE.search(own_source(klass, name)) for name in ("perform_save", "post")):
                offenders.append(f"{klass.__module__}.{klass.__name__}")
    assert offenders == []


def test_plain_crud_pages_are_the_reference_data_we_listed():
    plain = {f"{view.__module__}.{view.__name__}" for view, _route, _edits in edit_pages() if view.plain_crud}
    # Reviewed one by one: each is marked in its view with the reason it is plain CRUD.
    assert plain == {"tuanjie.documents.views.TemplateEditView", "tuanjie.leadership.views.GroupEditView",
                     "tuanjie.pairing.views.FestivalEditView"}


def api_viewsets():
    return [viewset for _prefix, viewset, _basename in collect_routes()]


def _writes(viewset, method: str) -> bool:
    """Whether the viewset takes this method through DRF's generic save (a hand-written `create` has no hook)."""
    return method in getattr(viewset, "http_method_names", ()) and hasattr(viewset, {
        "put": "perform_update", "post": "perform_create"}[method])


def test_every_api_update_goes_through_an_update_service_unless_it_is_plain_crud():
    missing = []
    for viewset in api_viewsets():
        if not _writes(viewset, "put") or getattr(viewset, "plain_crud", False):
            continue
        uses_default = viewset.perform_update in (RestrictedModelViewSet.perform_update,
                                                  mixins.UpdateModelMixin.perform_update)
        if uses_default and getattr(viewset, "update_service", None) is None:
            missing.append(viewset.__name__)
    assert missing == []


def test_every_api_creation_goes_through_a_service_unless_it_is_plain_crud():
    missing = []
    for viewset in api_viewsets():
        if not _writes(viewset, "post") or getattr(viewset, "plain_crud", False):
            continue
        uses_default = viewset.perform_create in (RestrictedModelViewSet.perform_create,
                                                  mixins.CreateModelMixin.perform_create)
        if uses_default and getattr(viewset, "create_service", None) is None:
            missing.append(viewset.__name__)
    assert missing == []


def test_an_edit_page_without_services_refuses_to_save_instead_of_saving_the_form(rf, county_office):
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from tuanjie.pairing.forms import FestivalForm
    from tuanjie.pairing.models import Festival

    class Forgetful(ObjectEditView):
        model = Festival
        form_class = FestivalForm

    view = Forgetful()
    view.request = rf.post("/")
    view.request.user = county_office
    with pytest.raises(ImproperlyConfigured, match="declares no create_service"):
        view.perform_save(form=None, obj=None)
