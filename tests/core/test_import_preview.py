"""Every import page checks the whole file and previews it; only the office's confirmation writes."""

from django.urls import reverse

from tests.workbooks import xlsx
from tuanjie.activities.importers import HEADERS
from tuanjie.activities.models import Activity
from tuanjie.people.importers import HEADERS as PEOPLE_HEADERS
from tuanjie.people.models import User

ROWS = [{"开展单位（代码或名称）": "U1", "开始日期": "2026-05-12", "活动类型": "宣讲", "活动名称": "开展主题宣讲"},
        {"开展单位（代码或名称）": "U1", "开始日期": "2026-05-13", "活动类型": "宣讲", "活动名称": "第二场宣讲"}]


def test_an_upload_shows_what_will_be_created_and_writes_nothing_until_confirmed(tree, unit_staff, client_for):
    client = client_for(unit_staff)
    url = reverse("activities:activity_import")
    preview = client.post(url, {"file": xlsx(list(HEADERS), ROWS)})
    assert preview.status_code == 200 and not Activity.objects.exists()
    page = preview.content.decode()
    assert "确认后将新增2条，更新0条" in page and "第二场宣讲" in page
    done = client.post(url, {"confirm": preview.context["token"]})
    assert done.status_code == 302
    assert set(Activity.objects.values_list("title", flat=True)) == {"开展主题宣讲", "第二场宣讲"}
    again = client.post(url, {"confirm": preview.context["token"]})   # a second click imports nothing more
    assert again.status_code == 422 and Activity.objects.count() == 2


def test_a_preview_cannot_be_confirmed_by_another_session(tree, unit_staff, client_for, client):
    from django.test import Client

    url = reverse("activities:activity_import")
    token = client_for(unit_staff).post(url, {"file": xlsx(list(HEADERS), ROWS)}).context["token"]
    other = Client()
    other.force_login(unit_staff)
    assert other.post(url, {"confirm": token}).status_code == 422
    assert not Activity.objects.exists()


def test_a_staff_list_preview_names_the_people_and_makes_no_accounts(tree, county_office, client_for):
    before = User.objects.count()
    preview = client_for(county_office).post(reverse("people:user_import"), {"file": xlsx(list(PEOPLE_HEADERS), [
        {"姓名": "李华", "登录名": "lihua", "所在地区/单位": "团结县/城关镇", "角色": "结对干部"}])})
    assert "确认后将新增1条" in preview.content.decode() and "李华" in preview.content.decode()
    assert User.objects.count() == before


def test_every_import_template_lists_its_lookup_values_in_a_second_sheet(tree, county_office, client_for):
    from tests.workbooks import downloaded

    client = client_for(county_office)
    want = {"activities:activity_import_template": ("活动类型", "宣讲"), "people:user_import_template": ("角色", "结对干部"),
            "places:place_import_template": ("类型", "学校"), "pairing:household_import_template": ("同意方式", "书面"),
            "funds:allocation_import_template": ("资金来源", "县级补助"),
            "leadership:group_import_template": ("职位", "组长")}
    for name, (column, value) in want.items():
        sheet = downloaded(client.get(reverse(name)))["可填值"]
        headers = [c.value for c in sheet[1]]
        assert column in headers, name
        values = [row[headers.index(column)].value for row in sheet.iter_rows(min_row=2)]
        assert value in values, (name, values)
