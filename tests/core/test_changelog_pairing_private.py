"""Change-log entries of records that name or describe a household (households, pairs, contacts, needs) are read
by the programme's office only: the levels above read the log of everything else, never these."""

from tests.factories_activities import make_activity
from tests.factories_pairing import make_contact
from tuanjie.core.context import acting_as
from tuanjie.core.models import ChangeLogEntry
from tuanjie.core.roles import Role

HOUSEHOLD_KINDS = {"household", "pair", "contact", "need", "needstep"}


def _kinds(user) -> set:
    entries = ChangeLogEntry.objects.restrict(user).select_related("content_type")
    return {e.content_type.model for e in entries if e.content_type.app_label == "pairing"}


def test_the_programmes_office_reads_the_pairing_log_and_the_county_above_does_not(tree, client_for):
    with acting_as(None, source="test"):
        contact = make_contact(tree.t1, tree)
        make_activity(tree.t1, tree)
    household = contact.pair.household
    own = tree.person(Role.OFFICE, tree.t1, "t1-office")
    upper = tree.person(Role.OFFICE, tree.county, "county-office")
    assert {"household", "pair", "contact"} <= _kinds(own)
    assert not _kinds(upper) & HOUSEHOLD_KINDS, _kinds(upper)
    seen = {e.content_type.model for e in ChangeLogEntry.objects.restrict(upper).select_related("content_type")}
    assert "activity" in seen     # the rest of the township's log is still the county's to read
    html = client_for(upper).get("/changes/").content.decode()
    assert household.name not in html and contact.pair.household.name not in html


def test_a_schools_programme_log_is_read_by_the_schools_staff_and_not_by_the_township_above(tree, client_for):
    with acting_as(None, source="test"):
        make_contact(tree.u1, tree)
    staff = tree.person(Role.UNIT, tree.u1, "u1-staff")
    township = tree.person(Role.OFFICE, tree.t1, "t1-office")
    assert {"household", "pair", "contact"} <= _kinds(staff)
    assert not _kinds(township) & HOUSEHOLD_KINDS
    assert not ChangeLogEntry.objects.restrict(staff).exclude(content_type__app_label="pairing").exists()
