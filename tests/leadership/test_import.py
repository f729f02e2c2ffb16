"""The leading group member list (领导小组成员名单); the expected groups and members sit beside the rows."""

from datetime import date

from django.urls import reverse

from tests.workbooks import as_upload, downloaded, imported_through_page, xlsx
from tuanjie.leadership.importers import HEADERS, LeadingGroupImporter
from tuanjie.leadership.models import LeadingGroup, Member

H = list(HEADERS)
SHEET = [
    {"地区（代码或名称）": "团结县", "成立文号": "团党发〔2026〕5号", "成立日期": "2026年2月10日", "职位": "组长",
     "姓名": "张明", "职务": "县委副书记"},
    {"地区（代码或名称）": "团结县", "职位": "副组长", "姓名": "李华", "职务": "县委常委、统战部部长",
     "所在单位（代码或名称）": "U2"},
    {"地区（代码或名称）": "城关镇", "领导小组名称": "城关镇创建工作领导小组", "职位": "办公室主任", "姓名": "王芳",
     "职务": "镇统战委员"},
]
DEFAULT = "民族团结进步创建工作领导小组"
EXPECTED_GROUPS = {("团结县", DEFAULT, "团党发〔2026〕5号", date(2026, 2, 10)),
                   ("城关镇", "城关镇创建工作领导小组", "", None)}
EXPECTED_MEMBERS = {(DEFAULT, "leader", "张明", "县委副书记", None, 1),
                    (DEFAULT, "deputy", "李华", "县委常委、统战部部长", "城关镇人民政府", 2),
                    ("城关镇创建工作领导小组", "office_director", "王芳", "镇统战委员", None, 1)}


def groups():
    return {(g.place.name, g.name, g.document_no, g.established_on) for g in LeadingGroup.objects.select_related("place")}


def members():
    return {(m.group.name, m.position, m.name, m.title, m.unit.name if m.unit else None, m.order)
            for m in Member.objects.select_related("group", "unit")}


def test_a_member_list_creates_its_groups_and_members_and_again_changes_nothing(tree, county_office, client_for):
    response = imported_through_page(client_for(county_office), reverse("leadership:group_import"),
                                     {"file": xlsx(H, SHEET)})
    assert response.status_code == 302
    assert groups() == EXPECTED_GROUPS and members() == EXPECTED_MEMBERS
    assert LeadingGroup.objects.get(place=tree.county).duties.exists()   # the default office duties
    again = LeadingGroupImporter(county_office).run(xlsx(H, SHEET))
    assert (again.ok, again.created, again.updated) == (True, 0, 0)
    assert members() == EXPECTED_MEMBERS


def test_a_changed_post_updates_the_member_instead_of_adding_one(tree, county_office):
    LeadingGroupImporter(county_office).run(xlsx(H, SHEET))
    changed = [SHEET[0], dict(SHEET[1], 职务="县委常委、统战部部长、县民宗局局长"), SHEET[2]]
    result = LeadingGroupImporter(county_office).run(xlsx(H, changed))
    assert (result.created, result.updated) == (0, 1)
    assert Member.objects.get(name="李华").title == "县委常委、统战部部长、县民宗局局长"
    assert Member.objects.count() == 3


def test_a_broken_list_writes_nothing_and_names_each_row_and_column(tree, county_office):
    result = LeadingGroupImporter(county_office).run(xlsx(H, [
        *SHEET,
        {"地区（代码或名称）": "友谊县", "职位": "组长", "姓名": "赵强", "职务": "县长"},              # row 5
        {"地区（代码或名称）": "团结县", "职位": "秘书长", "姓名": "钱七", "职务": "主任"},            # row 6
        {"地区（代码或名称）": "U1", "职位": "组长", "姓名": "孙八", "职务": "校长"},                  # row 7
        {"地区（代码或名称）": "团结县", "职位": "成员", "姓名": "周九", "职务": "局长", "成立日期": "2026-13-01"}]))
    assert not result.ok and not LeadingGroup.objects.exists()
    for start in ("第5行“地区（代码或名称）”", "第6行“职位”", "第7行“地区（代码或名称）”", "第8行“成立日期”"):
        assert any(e.startswith(start) for e in result.errors), (start, result.errors)


def test_the_template_lists_the_positions_and_imports_as_it_is(tree, county_office, client_for):
    client = client_for(county_office)
    book = downloaded(client.get(reverse("leadership:group_import_template")))
    assert [r[0].value for r in book["可填值"].iter_rows(min_row=2)] == [
        "组长", "副组长", "成员", "办公室主任", "办公室副主任", "办公室成员"]
    response = imported_through_page(client, reverse("leadership:group_import"), {
        "file": as_upload(client.get(reverse("leadership:group_import_template")))})
    assert response.status_code == 302
    assert members() == {(DEFAULT, "leader", "张明", "县委副书记", None, 1)}
