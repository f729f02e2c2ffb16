"""Units register their own leading groups (issue 16), and the progress report counts them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tuanjie.leadership.models import LeadingGroup
from tuanjie.leadership.services import leading_group_open, member_save


def test_a_unit_registers_its_leading_group_with_members(tree, unit_staff):
    group = leading_group_open(by=unit_staff, place=tree.u1, name="中心学校民族团结进步创建工作领导小组",
                               document_no="城中校发〔2026〕3号")
    member_save(by=unit_staff, group=group, position="leader", name="李校长", title="校长")
    assert group.place == tree.u1 and group.members.count() == 1


def test_a_unit_registers_no_group_for_its_area_or_its_neighbour(tree, unit_staff):
    for place in (tree.t1, tree.u2):
        with pytest.raises(PermissionDenied):
            leading_group_open(by=unit_staff, place=place)


def test_a_place_registers_one_group(tree, unit_staff):
    leading_group_open(by=unit_staff, place=tree.u1)
    with pytest.raises(ValidationError, match="已登记领导小组"):
        leading_group_open(by=unit_staff, place=tree.u1)
    assert LeadingGroup.objects.filter(place=tree.u1).count() == 1


def test_the_unit_registers_its_group_through_the_page(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    data = {"place": tree.u1.pk, "name": "领导小组", "members-TOTAL_FORMS": 1, "members-INITIAL_FORMS": 0,
            "members-0-position": "leader", "members-0-name": "李校长", "members-0-title": "校长",
            "members-0-order": 1, "duties-TOTAL_FORMS": 0, "duties-INITIAL_FORMS": 0}
    assert client.post(reverse("leadership:group_add"), data).status_code == 302
    again = client.post(reverse("leadership:group_add"), data)
    assert again.status_code == 200 and "已登记领导小组" in again.content.decode()
    assert LeadingGroup.objects.filter(place=tree.u1).count() == 1


def test_the_progress_report_counts_the_units_groups(tree, county_office, township_office, unit_staff):
    from tuanjie.documents.selectors import organisation

    leading_group_open(by=county_office, place=tree.county)
    leading_group_open(by=township_office, place=tree.t1)
    before = organisation(tree.county, 2026)
    leading_group_open(by=unit_staff, place=tree.u1)
    leading_group_open(by=unit_staff, place=tree.u1a)
    after = organisation(tree.county, 2026)
    # two groups of areas, then two of units registered by the school's own staff
    assert (before.leading_groups, before.unit_groups) == (2, 0)
    assert (after.leading_groups, after.unit_groups) == (4, 2)


def test_the_unit_home_leads_to_its_plans_group_and_distance(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    home = client.get("/").content.decode()
    assert "本单位尚未登记领导小组" in home and f"/leading-groups/add/?place={tree.u1.pk}" in home
    assert "本单位尚未制定创建工作方案" in home and f"/plans/add/?place={tree.u1.pk}" in home
    leading_group_open(by=unit_staff, place=tree.u1)
    assert "本单位已登记领导小组" in client.get("/").content.decode()
