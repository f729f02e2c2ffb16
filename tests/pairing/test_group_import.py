"""The pairing groups sheet (分组表) of a programme; the expected groups are written beside the rows."""

from django.urls import reverse

from tests.workbooks import imported_through_page, xlsx
from tuanjie.pairing.importers import GROUP_HEADERS, PairingGroupImporter
from tuanjie.pairing.models import PairingGroup

H = list(GROUP_HEADERS)
SHEET = [{"分组名称": "幸福村分组", "分组负责人登录名": "leader"},       # the scene's group: unchanged
         {"分组名称": "石榴村分组", "分组负责人登录名": "other_cadre"},
         {"分组名称": "团结村分组", "分组负责人登录名": "leader"}]
EXPECTED = {("幸福村分组", "leader"), ("石榴村分组", "other_cadre"), ("团结村分组", "leader")}


def groups(programme):
    return set(PairingGroup.objects.filter(programme=programme).values_list("name", "leader__username"))


def test_a_group_sheet_creates_its_groups_and_again_changes_nothing(scene, unit_staff, client_for):
    response = imported_through_page(client_for(unit_staff), reverse("pairing:group_import"),
                                     {"programme": scene.programme.pk, "file": xlsx(H, SHEET)})
    assert response.status_code == 302
    assert groups(scene.programme) == EXPECTED
    again = PairingGroupImporter(unit_staff, programme=scene.programme).run(xlsx(H, SHEET))
    assert (again.ok, again.created, again.updated) == (True, 0, 0)


def test_a_new_leader_updates_the_group_instead_of_adding_one(scene, unit_staff):
    result = PairingGroupImporter(unit_staff, programme=scene.programme).run(
        xlsx(H, [{"分组名称": "幸福村分组", "分组负责人登录名": "other_cadre"}]))
    assert (result.created, result.updated) == (0, 1)
    assert groups(scene.programme) == {("幸福村分组", "other_cadre")}


def test_a_broken_group_sheet_writes_nothing_and_names_row_and_column(scene, unit_staff):
    result = PairingGroupImporter(unit_staff, programme=scene.programme).run(xlsx(H, [
        *SHEET, {"分组名称": "无人分组", "分组负责人登录名": "nobody"}, {"分组名称": "", "分组负责人登录名": "leader"}]))
    assert not result.ok
    assert any(e.startswith("第5行“分组负责人登录名”") and "nobody" in e for e in result.errors), result.errors
    assert any(e.startswith("第6行“分组名称”") for e in result.errors), result.errors
    assert groups(scene.programme) == {("幸福村分组", "leader")}


def test_only_the_programme_office_imports_groups(scene, county_office, client_for):
    assert client_for(county_office).get(reverse("pairing:group_import")).status_code == 403
