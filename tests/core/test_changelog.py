import pytest

from tuanjie.core.context import acting_as
from tuanjie.core.models import ChangeLogEntry
from tuanjie.places.services import place_update


def test_a_change_from_a_page_is_logged_with_user_request_and_values(tree, county_office, client_for):
    client = client_for(county_office)
    response = client.post(f"/places/{tree.t2.pk}/edit/", {
        "kind": "area", "name": "石榴籽镇", "code": tree.t2.code, "level": tree.t2.level_id},
        HTTP_X_REQUEST_ID="req-123")
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ChangeLogEntry.objects.filter(object_id=str(tree.t2.pk)).latest("id")
    assert entry.user == county_office and entry.source == "web" and entry.request_id == "req-123"
    assert entry.before["name"] == "石榴镇" and entry.after["name"] == "石榴籽镇"
    assert entry.place_path == tree.t2.path


def test_a_command_change_is_logged_as_command(tree):
    with acting_as(None, source="command"):
        place_update(place=tree.t2, name="新名")
    assert ChangeLogEntry.objects.latest("id").source == "command"


def test_the_log_cannot_be_edited_or_deleted(tree):
    entry = ChangeLogEntry.objects.latest("id")
    entry.object_repr = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_an_office_reads_its_subtree_log_but_not_the_neighbours(tree, county_office, neighbour_office):
    place_update(place=tree.t1, name="城关镇一")
    place_update(place=tree.b1, name="友谊镇一")
    mine = set(ChangeLogEntry.objects.restrict(county_office).values_list("object_repr", flat=True))
    assert "城关镇一" in mine and "友谊镇一" not in mine
    theirs = set(ChangeLogEntry.objects.restrict(neighbour_office).values_list("object_repr", flat=True))
    assert "友谊镇一" in theirs and "城关镇一" not in theirs


def test_a_unit_cannot_read_the_change_log(tree, unit_staff, client_for):
    assert not ChangeLogEntry.objects.restrict(unit_staff).exists()
    assert client_for(unit_staff).get("/system/changes/").status_code == 200  # an empty list, not an error


def test_deleting_is_logged_with_the_last_values(tree):
    from tuanjie.places.services import place_delete

    place_delete(place=tree.v1)
    entry = ChangeLogEntry.objects.latest("id")
    assert entry.action == "delete" and entry.before["name"] == "幸福村" and entry.after is None
