"""Every model's declared policy (through `restrict` and `may`) against the committed oracle: for every role held at
a county, a township and a unit, and a record at the person's own place, a child, a sibling and the parent."""

import pytest
from django.apps import apps

from tests.access.oracle import ACTIONS, ADD, ATTACHMENTS_OF, ORACLE, RELATIONS, allowed, models
from tests.factories import FACTORIES
from tuanjie.core.access import may
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role

POSITIONS = ("own", "child", "sibling", "parent")
ANCHORS = ("county", "township", "unit")
ROLES = [role for role in Role.values if role != Role.ADMIN]


def restricted_models():
    return sorted(
        (m for m in apps.get_models() if hasattr(m.objects, "restrict") and m.__module__.startswith("tuanjie.")),
        key=lambda m: m._meta.label,
    )


def test_the_oracle_names_every_business_model_and_every_role():
    labels = {m._meta.label for m in restricted_models()}
    assert labels == set(models()), "tests/access/oracle.py must list exactly the models with restrict()"
    missing = [(label, role) for label in labels for role in ROLES if (label, role) not in ORACLE]
    assert not missing, f"rows missing from the oracle: {missing}"


def test_every_business_model_has_a_factory():
    missing = [m._meta.label for m in restricted_models() if m._meta.label not in FACTORIES]
    assert not missing, f"add a factory in tests/factories*.py for: {missing}"


@pytest.mark.parametrize("model", restricted_models(), ids=lambda m: m._meta.label)
def test_the_policy_answers_as_the_oracle_does(model, tree):
    label = model._meta.label
    make = FACTORIES[label]
    records = {}
    with acting_as(None, source="test"):
        for anchor in ANCHORS:
            for place in tree.relatives(anchor).values():
                if place.pk not in records:
                    records[place.pk] = make(place, tree)
    failures = []
    for anchor in ANCHORS:
        relatives = tree.relatives(anchor)
        for role in ROLES:
            user = tree.person(role, relatives["own"])
            for position in POSITIONS:
                place = relatives[position]
                for action in ACTIONS:
                    want = allowed(label, role, action, position)
                    if action == ADD:
                        got = may(user, ADD, model, place)
                    else:
                        got = model.objects.restrict(user, action).filter(pk=records[place.pk].pk).exists()
                    if got != want:
                        failures.append(f"{role}@{anchor} {action} {position}: oracle says {want}, policy {got}")
    assert not failures, "\n".join(failures[:40])


def test_the_oracle_names_every_record_whose_attachments_keep_its_own_rule():
    labels = {m._meta.label for m in restricted_models() if getattr(m, "attachments_follow_owner", False)}
    assert labels == {owner for owner, _role in ATTACHMENTS_OF}
    assert all((owner, role) in ATTACHMENTS_OF for owner in labels for role in ROLES)


@pytest.mark.parametrize("owner_label", sorted({owner for owner, _role in ATTACHMENTS_OF}))
def test_attachments_of_records_with_their_own_rule_answer_as_the_oracle_does(owner_label, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories_attachments import PNG_1PX
    from tuanjie.attachments.models import Attachment
    from tuanjie.attachments.services import attach, may_attach

    make = FACTORIES[owner_label]
    owners, photos = {}, {}
    with acting_as(None, source="test"):
        for anchor in ANCHORS:
            for place in tree.relatives(anchor).values():
                if place.pk not in owners:
                    owners[place.pk] = make(place, tree)
                    photos[place.pk] = attach(owner=owners[place.pk], file=SimpleUploadedFile("p.png", PNG_1PX),
                                              by=None)
    letters = {v: k for k, v in RELATIONS.items()}
    failures = []
    for anchor in ANCHORS:
        relatives = tree.relatives(anchor)
        for role in ROLES:
            user = tree.person(role, relatives["own"])
            for position in POSITIONS:
                place = relatives[position]
                for action in ACTIONS:
                    want = letters[position] in ATTACHMENTS_OF[(owner_label, role)][action]
                    if action == ADD:
                        got = may_attach(user, owners[place.pk])
                    else:
                        got = Attachment.objects.restrict(user, action).filter(pk=photos[place.pk].pk).exists()
                    if got != want:
                        failures.append(f"{role}@{anchor} {action} {position}: oracle says {want}, policy {got}")
    assert not failures, "\n".join(failures[:40])


def test_a_person_without_a_role_may_do_nothing(tree):
    from tuanjie.people.services import user_create

    nobody = user_create(by=None, username="nobody", full_name="无角色", home_place=tree.t1)
    for model in restricted_models():
        for action in ACTIONS:
            assert not may(nobody, action, model, tree.t1), (model, action)
            assert not model.objects.restrict(nobody, action).exists(), (model, action)


def test_admin_sees_everything(tree):
    from tuanjie.places.models import Place

    admin = tree.person(Role.ADMIN, tree.province, "admin")
    assert Place.objects.restrict(admin).count() == Place.objects.count()
