from django.urls import reverse

from tests.workbooks import as_upload, downloaded, imported_through_page, xlsx
from tuanjie.core.models import ChangeLogEntry
from tuanjie.core.roles import Role
from tuanjie.people.importers import HEADERS, PersonImporter
from tuanjie.people.models import RoleAssignment, User

H = list(HEADERS)

STAFF = [
    {"姓名": "李华", "登录名": "lihua", "手机": "13900000001", "所在地区/单位": "910102001000",
     "角色": "创建办工作人员", "职务": "主任"},
    {"姓名": "王芳", "登录名": "wangfang", "手机": "13900000002", "所在地区/单位": "团结县/城关镇/城关镇中心学校",
     "角色": "创建单位工作人员、结对干部"},
    {"姓名": "赵强", "登录名": "zhaoqiang", "所在地区/单位": "U2"},
]
# What those three rows name, written out by hand.
EXPECTED_PEOPLE = {("lihua", "李华", "城关镇", "13900000001", "主任"),
                   ("wangfang", "王芳", "城关镇中心学校", "13900000002", ""),
                   ("zhaoqiang", "赵强", "城关镇人民政府", "", "")}
EXPECTED_ROLES = {("lihua", Role.OFFICE, "城关镇"), ("wangfang", Role.UNIT, "城关镇中心学校"),
                  ("wangfang", Role.CADRE, "城关镇中心学校")}


def imported_people():
    return set(User.objects.filter(username__in=["lihua", "wangfang", "zhaoqiang"]).values_list(
        "username", "full_name", "home_place__name", "phone", "title"))


def imported_roles():
    return set(RoleAssignment.objects.filter(user__username__in=["lihua", "wangfang", "zhaoqiang"]).values_list(
        "user__username", "role", "place__name"))


def test_a_staff_list_creates_exactly_its_people_and_role_grants_with_passwords_given_once(
        tree, county_office, client_for):
    before = User.objects.count()
    response = imported_through_page(client_for(county_office), reverse("people:user_import"), {"file": xlsx(H, STAFF)})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert User.objects.count() == before + 3
    assert imported_people() == EXPECTED_PEOPLE
    assert imported_roles() == EXPECTED_ROLES
    sheet = downloaded(response).worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert {r[1] for r in rows} == {"lihua", "wangfang", "zhaoqiang"}
    for _name, login, _place, password in rows:
        assert User.objects.get(username=login).check_password(password)
    assert len({r[3] for r in rows}) == 3
    logged = ChangeLogEntry.objects.filter(content_type__model="user", action="create", object_repr="李华")
    assert list(logged.values_list("source", "user")) == [("import", county_office.pk)]


def test_one_bad_row_writes_nothing_and_the_row_and_the_fix_are_named_in_chinese(tree, county_office):
    rows = [*STAFF[:2], {"姓名": "孙丽", "登录名": "sunli", "所在地区/单位": "城关镇", "角色": "主任"},
            {"姓名": "", "登录名": "zhou", "所在地区/单位": "不存在镇"}]
    before = (User.objects.count(), RoleAssignment.objects.count())
    result = PersonImporter(county_office).run(xlsx(H, rows))
    assert (User.objects.count(), RoleAssignment.objects.count()) == before
    assert result.created == 0
    assert result.errors[0].startswith("第4行“角色”：“主任”不是角色，可填：")
    assert "第5行“姓名”：该字段是必填项。" in result.errors
    assert any(e.startswith("第5行“所在地区/单位”：找不到“不存在镇”，或它不在您的管辖范围内") for e in result.errors)
    assert len(result.errors) == 3


def test_an_office_cannot_grant_beyond_its_reach_through_the_import(tree, township_office, client_for):
    page = client_for(township_office).post(reverse("people:user_add"), {
        "username": "x1", "full_name": "甲", "home_place": tree.t1.pk, "role": Role.ADMIN, "is_active": "on"})
    assert "您无权授予该角色" in page.content.decode()
    result = PersonImporter(township_office).run(xlsx(H, [
        {"姓名": "甲", "登录名": "x1", "所在地区/单位": "城关镇", "角色": "系统管理员"},
        {"姓名": "乙", "登录名": "x2", "所在地区/单位": "团结县", "角色": "创建办工作人员"},
        {"姓名": "丙", "登录名": "x3", "所在地区/单位": "友谊县/友谊镇"},
    ]))
    assert result.errors[0] == "第2行“角色”：您无权授予该角色"
    assert result.errors[1].startswith("第3行“所在地区/单位”：找不到“团结县”，或它不在您的管辖范围内")
    assert result.errors[2].startswith("第4行“所在地区/单位”：找不到“友谊县/友谊镇”")
    assert not User.objects.filter(username__in=["x1", "x2", "x3"]).exists()


def test_a_login_name_held_outside_the_offices_reach_is_refused_not_taken_over(tree, township_office,
                                                                                neighbour_office):
    result = PersonImporter(township_office).run(xlsx(H, [
        {"姓名": "冒名", "登录名": "neighbour_office", "所在地区/单位": "城关镇"}]))
    assert result.errors == ["第2行：登录名“neighbour_office”已被您管辖范围以外的人员使用，请换一个登录名"]
    neighbour_office.refresh_from_db()
    assert neighbour_office.full_name != "冒名"


def test_importing_the_same_list_again_duplicates_nothing_and_a_changed_row_updates_its_person(tree, county_office):
    assert PersonImporter(county_office).run(xlsx(H, STAFF)).created == 3
    counts = (User.objects.count(), RoleAssignment.objects.count())
    again = PersonImporter(county_office).run(xlsx(H, STAFF))
    assert (again.ok, again.created, again.updated) == (True, 0, 0)
    assert (User.objects.count(), RoleAssignment.objects.count()) == counts
    changed = [{**STAFF[0], "手机": "13911112222", "角色": "创建办工作人员、领导"}, *STAFF[1:]]
    importer = PersonImporter(county_office)
    result = importer.run(xlsx(H, changed))
    assert (result.created, result.updated, importer.issued) == (0, 1, [])
    assert User.objects.get(username="lihua").phone == "13911112222"
    assert imported_roles() == EXPECTED_ROLES | {("lihua", Role.LEADER, "城关镇")}


def test_the_template_imports_back_as_downloaded(tree, county_office, client_for):
    client = client_for(county_office)
    template = client.get(reverse("people:user_import_template"))
    book = downloaded(template)
    assert [c.value for c in book.worksheets[0][1]] == H
    assert "填写说明" in book.sheetnames
    template = client.get(reverse("people:user_import_template"))
    result = PersonImporter(county_office).run(as_upload(template))
    assert (result.errors, result.created) == ([], 1)
    assert set(User.objects.get(username="zhangming").assignments.values_list("role", "place__name")) == {
        (Role.OFFICE, "城关镇"), (Role.INSPECTOR, "城关镇")}


def test_the_people_list_links_to_the_import_for_offices(tree, county_office, client_for):
    page = client_for(county_office).get(reverse("people:user_list"))
    assert reverse("people:user_import") in page.content.decode()


def test_a_file_longer_than_the_limit_is_refused_before_any_row_with_how_to_split_it(tree, county_office,
                                                                                       monkeypatch):
    monkeypatch.setattr(PersonImporter, "max_rows", 200)   # the page's is 10,000: too many accounts for a test
    rows = [{"姓名": f"干部{i}", "登录名": f"c{i}", "所在地区/单位": "U1"} for i in range(201)]
    before = User.objects.count()
    result = PersonImporter(county_office).run(xlsx(H, rows))
    assert result.errors == ["文件有201行，人员一次最多导入200行：请拆分成几个文件分批导入（已导入的人再次导入不会重复）"]
    assert User.objects.count() == before
    assert PersonImporter(county_office).run(xlsx(H, rows[:200])).created == 200
