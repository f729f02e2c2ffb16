"""Workflow steps through their pages and API endpoints (not the services' transition tables, so the battery holds
whatever engine runs them): for every role and a record at the person's own place, a child, a sibling and the
parent, the step is refused (403/404, the record unchanged) or taken (the status moves and the change log has it).

WHO_MAY is the oracle of each step, from the domain: the unit side submits, answers and withdraws its own records
(unit staff reach their unit and the units below it, DOMAIN.md); the paired cadre takes their household's need
to the group; an office writes its own area's news and applies for its own area's title."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access.test_requests import ANCHOR, NOBODY, REFUSED, logged, rolled_back
from tests.factories import FACTORIES
from tests.factories_attachments import PNG_1PX
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role

POSITIONS = ("own", "child", "sibling", "parent")


def _answer():
    return {"answer": "已补齐档案并完成整改", "files": SimpleUploadedFile("evidence.png", PNG_1PX, "image/png")}


# (model, step, page URL, API URL or None, POST data, (field, value) after the step, who may: role → relations)
STEPS = [
    ("information.InformationItem", "submit", "/information/{pk}/submit/", None, dict, ("status", "submitted"),
     {"unit": "oc", "office": "o"}),
    ("titles.TitleApplication", "submit", "/titles/applications/{pk}/submit/",
     "/api/title-applications/{pk}/submit/", dict, ("status", "in_review"), {"unit": "oc", "office": "o"}),
    ("commendations.Nomination", "withdraw", "/commendations/nominations/{pk}/withdraw/",
     "/api/commendation-nominations/{pk}/withdraw/", dict, ("status", "withdrawn"), {"unit": "oc"}),
    ("pairing.Need", "escalate_to_group", "/pairing/needs/{pk}/escalate_to_group/",
     "/api/pairing-needs/{pk}/transition/", lambda: {"action": "escalate_to_group"}, ("state", "group"),
     {"cadre": "o"}),
    ("inspections.Rectification", "answer", "/inspections/rectifications/{pk}/answer/", None, _answer,
     ("state", "answered"), {"unit": "oc"}),
]
# Step pages that answer a person who may not take the step with a redirect and a message instead of a 403. None
# now: a refusal (PermissionDenied) is the 403 page with its reason; a wrong state or a missing note is a redirect.
REFUSED_BY_MESSAGE: set[str] = set()


def may_step(who_may, role, position) -> bool:
    return role != NOBODY and position[0] in who_may.get(role, "")


@pytest.mark.parametrize(("label", "step", "page", "api", "data", "after", "who_may"), STEPS,
                         ids=[f"{s[0]}.{s[1]}" for s in STEPS])
def test_a_workflow_step_is_taken_only_by_whom_the_oracle_names(label, step, page, api, data, after, who_may,
                                                               tree, client):
    from django.apps import apps

    from tuanjie.people.services import user_create

    model = apps.get_model(label)
    field, value = after
    tree.person(Role.OFFICE, tree.county)  # the office an item from the township is submitted to
    places = {}
    for anchor in set(ANCHOR.values()):
        places.update({p.pk: p for p in tree.relatives(anchor).values()})
    with acting_as(None, source="test"):
        records = {pk: FACTORIES[label](place, tree) for pk, place in places.items()}
    personas = [(role, tree.person(role, tree.relatives(anchor)["own"]), tree.relatives(anchor))
                for role, anchor in ANCHOR.items()]
    nobody = user_create(by=None, username="nobody", full_name="无角色人员", home_place=tree.t1)
    personas.append((NOBODY, nobody, tree.relatives("township")))
    failures = []
    for role, user, relatives in personas:
        client.force_login(user)
        for position in POSITIONS:
            record = records[relatives[position].pk]
            want = may_step(who_may, role, position)
            urls = [("page", page.format(pk=record.pk), {302})]
            if api:
                urls.append(("api", api.format(pk=record.pk), {200}))
            for channel, url, done in urls:
                with rolled_back():
                    if channel == "page":
                        status = client.post(url, data()).status_code
                    else:
                        status = client.post(url, data(), content_type="application/json").status_code
                    moved = getattr(model._base_manager.get(pk=record.pk), field) == value
                    refused = REFUSED | ({302} if channel == "page" and label in REFUSED_BY_MESSAGE else set())
                    where = f"{role}@{relatives['own'].name} {position}: POST {url} → {status}"
                    if want and not (status in done and moved and logged(model, record.pk, "update", user)):
                        failures.append(f"{where}, moved: {moved}; the oracle lets them {step}")
                    elif not want and (moved or status not in refused):
                        failures.append(f"{where}, moved: {moved}; the oracle refuses {step}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:40])
