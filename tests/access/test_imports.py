"""Every import page found in the URL configuration, driven as each role: it opens for those who may add what its
rows create and refuses everyone else before a file is read. The rows' own checks (the place within reach, the
role grantable) are the importers' tests; this is the door."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access.routes import page_routes
from tests.access.test_requests import ANCHOR, NOBODY
from tests.factories import FACTORIES
from tuanjie.core.context import acting_as
from tuanjie.core.models import ChangeLogEntry
from tuanjie.core.roles import Role

# Who opens each import (written from the domain, not from the policies): offices build their places, staff lists
# and task sheets; units also log their activities; households and pairs are imported by the programme's office
# (office or unit staff where the programme runs), never by a group leader, who adds them one by one on the page.
OPENS = {
    "places.Place": {Role.OFFICE},
    "people.User": {Role.OFFICE},
    "plans.PlanTask": {Role.OFFICE, Role.UNIT},   # a unit imports the tasks of its own plan (issue 16)
    "activities.Activity": {Role.OFFICE, Role.UNIT},
    "pairing.Household": {Role.OFFICE, Role.UNIT},
    # offices record public money, units their own self-funding (the rows' source decides which)
    "funds.Allocation": {Role.OFFICE, Role.UNIT},
    "pairing.PairingGroup": {Role.OFFICE, Role.UNIT},   # the programme's office, as for households
    # an area's office its area's groups, a unit's staff the unit's own (issue 16)
    "leadership.LeadingGroup": {Role.OFFICE, Role.UNIT},
    "quizzes.Question": {Role.OFFICE},   # questions go into an office's bank
}
IMPORTS = sorted((label, url) for label, routes in page_routes().items() for url in routes.imports)


def test_every_import_page_is_in_the_table():
    assert {label for label, _url in IMPORTS} == set(OPENS)


@pytest.mark.parametrize(("label", "url"), IMPORTS)
def test_an_import_page_opens_only_for_those_who_may_import(label, url, tree, client):
    from tuanjie.people.services import user_create

    with acting_as(None, source="test"):
        for anchor in set(ANCHOR.values()):   # a programme where each person works, for the pairing import
            FACTORIES["pairing.Programme"](tree.relatives(anchor)["own"], tree)
    people = {role: tree.person(role, tree.relatives(anchor)["own"]) for role, anchor in ANCHOR.items()}
    people[NOBODY] = user_create(by=None, username="nobody", full_name="无角色人员", home_place=tree.t1)
    failures = []
    for role, person in people.items():
        client.force_login(person)
        want = role in OPENS[label]
        status = client.get(url).status_code
        if status != (200 if want else 403):
            failures.append(f"{role}: GET {url} → {status}, opens={want}")
        if not want:
            before = ChangeLogEntry.objects.count()
            empty = SimpleUploadedFile("空.csv", "\ufeff".encode())
            status = client.post(url, {"file": empty}).status_code
            if status != 403 or ChangeLogEntry.objects.count() != before:
                failures.append(f"{role}: POST {url} → {status}, refused before reading the file")
    client.logout()
    if client.get(url).status_code != 302:
        failures.append(f"anonymous: GET {url} is not sent to sign in")
    assert not failures, "\n".join(failures)
