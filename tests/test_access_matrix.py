"""The generated access battery: for every business model, every role held at a county, a township and a unit,
and a record at the person's own place, a child, a sibling and the parent: may they list, view, add, change and
delete it? The expected answer comes from the model's declared policy and the subtree rule, and the pages
and the API must agree with `restrict`."""

import pytest
from django.apps import apps

from tests.factories import EXPECTATIONS, FACTORIES
from tuanjie.core.access import ACTIONS, ADD, VIEW, may
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role

POSITIONS = ("own", "child", "sibling", "parent")
ANCHORS = ("county", "township", "unit")


def restricted_models():
    return sorted(
        (m for m in apps.get_models() if hasattr(m.objects, "restrict") and m.__module__.startswith("tuanjie.")),
        key=lambda m: m._meta.label,
    )


def expected(model, role, position, action) -> bool:
    if model._meta.label in EXPECTATIONS:
        return EXPECTATIONS[model._meta.label](role, position, action)
    policy = model.access
    if role not in policy.roles_for(action):
        return False
    if position == "own":
        return action not in policy.below_only
    return position == "child"


def test_every_business_model_has_a_factory():
    missing = [m._meta.label for m in restricted_models() if m._meta.label not in FACTORIES]
    assert not missing, f"add a factory in tests/factories*.py for: {missing}"


@pytest.mark.parametrize("model", restricted_models(), ids=lambda m: m._meta.label)
def test_access_matrix(model, tree, client):
    if model._meta.label not in FACTORIES:
        pytest.skip("no factory (reported by test_every_business_model_has_a_factory)")
    make = FACTORIES[model._meta.label]
    records = {}
    with acting_as(None, source="test"):
        for anchor in ANCHORS:
            for place in tree.relatives(anchor).values():
                if place.pk not in records:
                    records[place.pk] = make(place, tree)
    failures = []
    for anchor in ANCHORS:
        relatives = tree.relatives(anchor)
        for role in Role.values:
            if role == Role.ADMIN:
                continue
            user = tree.person(role, relatives["own"])
            for position in POSITIONS:
                place = relatives[position]
                record = records[place.pk]
                for action in ACTIONS:
                    want = expected(model, role, position, action)
                    if action == ADD:
                        got = may(user, ADD, model, place)
                    else:
                        got = model.objects.restrict(user, action).filter(pk=record.pk).exists()
                    if got != want:
                        failures.append(f"{role}@{anchor} {action} {position}: expected {want}, got {got}")
                if hasattr(record, "get_absolute_url") and model._meta.label != "places.Place" or \
                        model._meta.label == "places.Place":
                    url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else None
                    if url:
                        client.force_login(user)
                        status = client.get(url).status_code
                        want_view = expected(model, role, position, VIEW)
                        if (status == 200) != want_view:
                            failures.append(f"{role}@{anchor} GET {position}: status {status}, view={want_view}")
    assert not failures, "\n".join(failures[:40])


def test_admin_sees_everything(tree):
    admin = tree.person(Role.ADMIN, tree.province, "admin")
    from tuanjie.places.models import Place

    assert Place.objects.restrict(admin).count() == Place.objects.count()
