"""Lists show the focused place's subtree; when that is the whole tree the filter is left out, not the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tuanjie.activities.models import Activity
from tuanjie.core.context import acting_as
from tuanjie.core.focus import every_record_has_a_place
from tuanjie.core.models import ChangeLogEntry
from tuanjie.core.paging import CappedPaginator
from tuanjie.people.models import RoleAssignment, User
from tuanjie.places.models import Place, PlaceLevel
from tuanjie.places.services import place_create

LIST = "/activities/"


@pytest.fixture
def admin(tree):
    return User.objects.create_superuser("admin", password="Test-Pass-2026", full_name="管理员")


def test_records_hang_on_a_place_unless_their_path_may_be_empty():
    assert every_record_has_a_place(Activity) and every_record_has_a_place(Place)
    assert every_record_has_a_place(RoleAssignment)
    assert not every_record_has_a_place(ChangeLogEntry)     # configuration changes have no place


def test_the_admin_at_the_only_root_counts_without_joining_the_places(tree, admin, client_for, log, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for n in range(31):
        log(tree.u1, title=f"活动{n}")
    client = client_for(admin)
    client.get(LIST)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST)
    assert response.context["paginator"].capped
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(*)" in q["sql"] and "activities_activity" in q["sql"]]
    assert counts and all("places_place" not in sql for sql in counts)


def test_with_a_second_root_the_admin_sees_only_the_focused_one(tree, admin, client_for, log):
    with acting_as(None, source="test"):
        other = place_create(parent=None, kind=Place.Kind.AREA, name="和谐省", code="920000000000",
                             level=PlaceLevel.objects.get(name="省"))
    log(tree.u1, title="同心省的活动")
    log(other, title="和谐省的活动")
    client = client_for(admin)
    assert [a.title for a in client.get(LIST).context["object_list"]] == ["同心省的活动"]
    client.post(f"/places/{other.pk}/focus/")
    assert [a.title for a in client.get(LIST).context["object_list"]] == ["和谐省的活动"]


def test_a_county_office_focused_on_a_township_sees_only_that_township(tree, county_office, client_for, log):
    log(tree.u1, title="城关镇的活动")
    log(tree.t2, title="石榴镇的活动")
    client = client_for(county_office)
    client.post(f"/places/{tree.t2.pk}/focus/")
    assert [a.title for a in client.get(LIST).context["object_list"]] == ["石榴镇的活动"]
