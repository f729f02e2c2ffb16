import pytest
from django.core.exceptions import PermissionDenied

from tuanjie.core.roles import Role
from tuanjie.people.models import User
from tuanjie.people.services import role_grant, user_create


def test_an_office_creates_a_person_in_its_township(tree, county_office):
    person = user_create(by=county_office, username="new-cadre", full_name="李明", home_place=tree.u1,
                         password="Strong-Pass-2026", roles=(Role.CADRE,))
    assert person.roles_at(tree.u1) == {Role.CADRE}


def test_an_office_cannot_create_people_in_the_neighbouring_county(tree, county_office):
    with pytest.raises(PermissionDenied):
        user_create(by=county_office, username="x", full_name="某人", home_place=tree.b1)


def test_an_office_cannot_make_anyone_an_admin(tree, county_office):
    person = user_create(by=county_office, username="p", full_name="某人", home_place=tree.t1)
    with pytest.raises(PermissionDenied):
        role_grant(by=county_office, user=person, role=Role.ADMIN, place=tree.t1)


def test_a_unit_cannot_grant_roles(tree, unit_staff):
    person = user_create(by=None, username="p", full_name="某人", home_place=tree.u1)
    with pytest.raises(PermissionDenied):
        role_grant(by=unit_staff, user=person, role=Role.CADRE, place=tree.u1)


def test_people_lists_follow_the_tree(tree, county_office, township_office, neighbour_office, unit_staff):
    assert set(User.objects.restrict(county_office)) >= {township_office, unit_staff}
    assert neighbour_office not in User.objects.restrict(county_office)
    assert county_office not in User.objects.restrict(township_office)


def test_the_office_adds_a_person_through_the_page(tree, county_office, client_for):
    response = client_for(county_office).post("/people/add/", {
        "username": "wang", "full_name": "王芳", "phone": "", "title": "干部", "home_place": tree.t1.pk,
        "is_active": "on", "password": "Strong-Pass-2026", "role": Role.OFFICE})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(username="wang").roles_at(tree.v1) == {Role.OFFICE}


def test_the_add_person_page_offers_only_the_roles_the_office_may_grant(tree, county_office, unit_staff, client_for):
    html = client_for(county_office).get("/people/add/").content.decode()
    roles = html.split('name="role"')[1].split("</select>")[0]
    assert "创建办工作人员" in roles and "结对干部" in roles and "系统管理员" not in roles
    unit_roles = client_for(unit_staff).get("/people/add/").content.decode().split('name="role"')[1].split("</select>")[0]
    assert "创建办工作人员" not in unit_roles and "系统管理员" not in unit_roles
