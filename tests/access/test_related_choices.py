"""No leak through a select: every serializer, filter set and page form the URL configuration exposes offers the
neighbour county only what it may see.

County A gets a record of every business model (at a township and at a unit); the neighbour county B gets none.
The oracle is a naive query written here, not `restrict`: a record may be offered to B's people only when its place
lies in B's subtree or above B (calls and campaigns announced from above). Everything found in county A is a leak."""

import pytest
from django.test import RequestFactory
from rest_framework import serializers
from rest_framework.request import Request

from tests.access.routes import api_routes, page_routes
from tests.factories import FACTORIES
from tuanjie.core.context import acting_as
from tuanjie.core.related import RestrictedFilterBackend
from tuanjie.core.roles import Role


def _county_a_full(tree):
    with acting_as(None, source="test"):
        for make in FACTORIES.values():
            for place in (tree.t1, tree.u1):
                make(place, tree)


def _place_path(model, pks) -> dict:
    """pk → the record's place path, read by a plain filter on the model's declared place lookup."""
    lookup = getattr(model, "place_path_lookup", None)
    if not lookup:
        return {}
    return dict(model._base_manager.filter(pk__in=pks).values_list("pk", lookup))


def _foreign(found: dict, tree) -> list[str]:
    """Options whose place is in county A: the neighbour may see none of them."""
    leaks = []
    for where, model, pks in found:
        paths = _place_path(model, pks)
        if model._meta.label == "people.User":
            paths = dict(model._base_manager.filter(pk__in=pks).values_list("pk", "home_place__path"))
        bad = sorted(pk for pk, path in paths.items() if path and path.startswith(tree.county.path))
        if bad:
            leaks.append(f"{where}: {len(bad)} {model._meta.label} of county A")
    return leaks


def _serializer_options(serializer, where, found):
    if isinstance(serializer, serializers.ListSerializer):
        return _serializer_options(serializer.child, where, found)
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.BaseSerializer):
            _serializer_options(field, f"{where}.{name}", found)
            continue
        relation = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
        if isinstance(relation, serializers.RelatedField) and not relation.read_only:
            qs = relation.get_queryset()
            found.append((f"{where}.{name}", qs.model, list(qs.values_list("pk", flat=True))))


def _form_options(form, where, found):
    from django import forms

    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            found.append((f"{where}.{name}", field.queryset.model, list(field.queryset.values_list("pk", flat=True))))


@pytest.fixture
def neighbours(tree):
    _county_a_full(tree)
    return [tree.person(role, tree.neighbour, f"b-{role}") for role in (Role.OFFICE, Role.INSPECTOR, Role.LEADER)] + [
        tree.person(Role.UNIT, tree.b1, "b-unit")]


def test_no_serializer_or_api_filter_offers_the_neighbour_a_record_of_county_a(tree, neighbours):
    found = []
    for user in neighbours:
        for url, viewset_class in api_routes().values():
            if getattr(viewset_class, "serializer_class", None) is None:
                continue
            for action in ("list", "create"):
                raw = RequestFactory().get(url)
                raw.session = {}
                request = Request(raw)
                request.user = user
                view = viewset_class(request=request, format_kwarg=None, kwargs={}, action=action, args=())
                _serializer_options(view.get_serializer(), f"{user.username} {url} {action}", found)
                filterset = RestrictedFilterBackend().get_filterset(request, view.get_queryset(), view)
                if filterset is not None:
                    _form_options(filterset.form, f"{user.username} {url} filter", found)
    assert len(found) > 30, "the walk found too few related fields to mean anything"
    leaks = _foreign(found, tree)
    assert not leaks, "\n".join(leaks)


def test_no_page_form_or_filter_offers_the_neighbour_a_record_of_county_a(tree, neighbours, client):
    found = []
    for user in neighbours:
        client.force_login(user)
        for routes in page_routes().values():
            for url in [*routes.lists, *routes.imports, *([routes.add] if routes.add else [])]:
                response = client.get(url)
                if response.status_code != 200:
                    continue
                for key in ("form", "options_form"):
                    if response.context.get(key) is not None:
                        _form_options(response.context[key], f"{user.username} {url}", found)
                if response.context.get("filterset") is not None:
                    _form_options(response.context["filterset"].form, f"{user.username} {url} filter", found)
    assert found, "the walk found no related field"
    leaks = _foreign(found, tree)
    assert not leaks, "\n".join(leaks)


def test_the_browsable_api_shows_the_neighbour_no_pair_name_of_county_a(tree, neighbours, client):
    from tuanjie.pairing.models import Pair

    names = [str(p) for p in Pair._base_manager.all()]
    assert names
    client.force_login(neighbours[0])
    for url in ("/api/pairing-contacts/", "/api/pairing-needs/", "/api/fund-expenditures/"):
        html = client.get(url, HTTP_ACCEPT="text/html").content.decode()
        assert not [n for n in names if n in html], url
