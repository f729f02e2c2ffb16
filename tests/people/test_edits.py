"""Editing a role is a revoke and a grant: refused exactly where either would be, with the same message. Editing a
person re-runs the checks of adding one."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.core.models import ChangeLogEntry
from tuanjie.core.roles import Role
from tuanjie.people.models import RoleAssignment
from tuanjie.people.services import role_revoke, role_update, user_update

REVOKE_REFUSED = "您无权撤销该角色"


@pytest.fixture
def township_admin(tree):
    return tree.person(Role.ADMIN, tree.t1, "township_admin")


def test_a_county_office_cannot_turn_a_township_admin_into_an_inactive_cadre_from_the_edit_page(
        tree, county_office, township_admin, client_for):
    assignment = RoleAssignment.objects.get(user=township_admin, role=Role.ADMIN)
    with pytest.raises(PermissionDenied, match=REVOKE_REFUSED):
        role_revoke(by=county_office, assignment=assignment)
    response = client_for(county_office).post(f"/people/roles/{assignment.pk}/edit/", {
        "user": township_admin.pk, "role": Role.CADRE, "place": tree.t1.pk, "note": "改为干部"})   # active unticked
    assert response.status_code == 403
    assert REVOKE_REFUSED in response.content.decode()
    assignment.refresh_from_db()
    assert (assignment.role, assignment.active, assignment.note) == (Role.ADMIN, True, "")
    assert township_admin.roles_at(tree.t1) == {Role.ADMIN}


def test_a_county_office_cannot_switch_off_a_township_admin_role_either(
        tree, county_office, township_admin, client_for):
    assignment = RoleAssignment.objects.get(user=township_admin, role=Role.ADMIN)
    response = client_for(county_office).post(f"/people/roles/{assignment.pk}/edit/", {
        "user": township_admin.pk, "role": Role.ADMIN, "place": tree.t1.pk, "note": ""})
    assert "您无权在该地区授予“系统管理员”角色" in response.content.decode()   # the form stops it first
    with pytest.raises(PermissionDenied, match=REVOKE_REFUSED):                # and so does the service
        role_update(by=county_office, instance=assignment, user=township_admin, role=Role.ADMIN, place=tree.t1,
                    active=False)
    assignment.refresh_from_db()
    assert assignment.active


def test_a_county_office_turns_a_township_cadre_into_a_group_leader_by_revoke_and_grant(
        tree, county_office, client_for):
    person = tree.person(Role.CADRE, tree.t1, "township_cadre")
    assignment = RoleAssignment.objects.get(user=person, role=Role.CADRE)
    response = client_for(county_office).post(f"/people/roles/{assignment.pk}/edit/", {
        "user": person.pk, "role": Role.GROUP_LEADER, "place": tree.t1.pk, "active": "on", "note": "新任组长"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(RoleAssignment.objects.filter(user=person).values_list("role", "active", "note")) == [
        (Role.GROUP_LEADER, True, "新任组长")]
    logged = ChangeLogEntry.objects.filter(user=county_office).values_list("action", flat=True)
    assert sorted(logged) == ["create", "delete"]


def test_a_county_office_edits_the_note_of_a_role_it_granted(tree, county_office, client_for):
    person = tree.person(Role.CADRE, tree.t1, "township_cadre")
    assignment = RoleAssignment.objects.get(user=person, role=Role.CADRE)
    response = client_for(county_office).post(f"/people/roles/{assignment.pk}/edit/", {
        "user": person.pk, "role": Role.CADRE, "place": tree.t1.pk, "active": "on", "note": "驻村"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.note == "驻村"
    assert ChangeLogEntry.objects.filter(object_id=str(assignment.pk), action="update",
                                         user=county_office).count() == 1


def test_a_person_cannot_be_edited_onto_a_login_name_already_taken(tree, county_office, township_office):
    person = tree.person(Role.CADRE, tree.t1, "township_cadre")
    with pytest.raises(ValidationError, match="登录名“township_office”已被使用"):
        user_update(by=county_office, instance=person, username="township_office", full_name=person.full_name,
                    home_place=tree.t1)


def test_a_township_office_cannot_edit_a_person_of_the_county(tree, county_office, township_office):
    with pytest.raises(PermissionDenied):
        user_update(by=township_office, instance=county_office, username="county_office", full_name="改名",
                    home_place=tree.t1)
    county_office.refresh_from_db()
    assert county_office.full_name != "改名"


def test_the_office_edits_a_person_from_the_page(tree, county_office, client_for):
    person = tree.person(Role.CADRE, tree.t1, "township_cadre")
    response = client_for(county_office).post(f"/people/{person.pk}/edit/", {
        "username": "township_cadre", "full_name": "马丽", "phone": "13900002222", "title": "驻村干部",
        "home_place": tree.t2.pk, "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert (person.full_name, person.home_place_id, person.title) == ("马丽", tree.t2.pk, "驻村干部")
