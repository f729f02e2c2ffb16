from datetime import date

from django.urls import reverse

from tests.workbooks import as_upload, downloaded, imported_through_page, xlsx
from tuanjie.core.models import ChangeLogEntry
from tuanjie.pairing.importers import HEADERS, HouseholdPairImporter
from tuanjie.pairing.models import Household, Pair

H = list(HEADERS)

LIST = [
    {"户主姓名": "马桂花", "住址": "幸福村7组", "联系电话": "13900002222", "家庭人口": 5,
     "同意登记日期": "2026-03-05", "同意方式": "书面", "结对干部登录名": "cadre", "结对分组": "幸福村分组",
     "结对日期": "2026-03-06"},
    {"户主姓名": "马桂花", "住址": "幸福村7组", "联系电话": "13900002222", "家庭人口": 5,
     "同意登记日期": "2026-03-05", "同意方式": "书面", "结对干部登录名": "other_cadre", "结对分组": "幸福村分组",
     "结对日期": "2026/3/8"},
    {"户主姓名": "周丽", "住址": "幸福村9组", "家庭人口": 2, "同意登记日期": date(2026, 3, 7), "同意方式": "口头"},
    # already registered and paired by the scene: nothing new
    {"户主姓名": "王秀英", "住址": "幸福村3组", "联系电话": "13900001111", "家庭人口": 4,
     "同意登记日期": "2026-01-05", "同意方式": "书面", "结对干部登录名": "cadre", "结对分组": "幸福村分组",
     "结对日期": "2026-01-06"},
]
EXPECTED_HOUSEHOLDS = {("王秀英", "幸福村3组", "13900001111", 4, date(2026, 1, 5), "written"),
                       ("李桂兰", "幸福村5组", "", 2, date(2026, 1, 5), "oral"),
                       ("马桂花", "幸福村7组", "13900002222", 5, date(2026, 3, 5), "written"),
                       ("周丽", "幸福村9组", "", 2, date(2026, 3, 7), "oral")}
EXPECTED_PAIRS = {("cadre", "王秀英", "幸福村分组", date(2026, 1, 6)),
                  ("other_cadre", "李桂兰", "幸福村分组", date(2026, 1, 6)),
                  ("cadre", "马桂花", "幸福村分组", date(2026, 3, 6)),
                  ("other_cadre", "马桂花", "幸福村分组", date(2026, 3, 8))}


def households(programme):
    return set(Household.objects.filter(programme=programme).values_list(
        "name", "address", "phone", "size", "consent_on", "consent_method"))


def pairs(programme):
    return set(Pair.objects.filter(group__programme=programme).values_list(
        "cadre__username", "household__name", "group__name", "paired_on"))


def test_a_pairing_list_registers_its_households_and_pairs_exactly(scene, unit_staff, client_for):
    response = imported_through_page(client_for(unit_staff), reverse("pairing:household_import"), {
        "programme": scene.programme.pk, "file": xlsx(H, LIST)})
    assert response.status_code == 302
    assert households(scene.programme) == EXPECTED_HOUSEHOLDS
    assert pairs(scene.programme) == EXPECTED_PAIRS
    assert Pair.objects.get(household__name="马桂花", cadre__username="cadre").unit == scene.programme.place
    logged = ChangeLogEntry.objects.filter(content_type__model="household", action="create", source="import")
    assert list(logged.values_list("user", flat=True)) == [unit_staff.pk, unit_staff.pk]
    assert not any("马桂花" in str(entry.after) for entry in logged)   # personal fields stay out of the log


def test_one_bad_row_writes_nothing_and_names_the_row_and_the_fix(scene, unit_staff):
    rows = [*LIST[:2],
            {"户主姓名": "韩梅", "住址": "幸福村1组", "家庭人口": 3, "同意登记日期": "2026-03-05", "同意方式": "当面",
             "结对干部登录名": "nobody", "结对分组": "幸福村分组"},
            {"户主姓名": "刘一", "住址": "幸福村2组", "家庭人口": 3, "同意登记日期": "2026-03-05", "同意方式": "口头",
             "结对干部登录名": "cadre", "结对分组": "二组"},
            {"户主姓名": "刘二", "住址": "幸福村2组", "家庭人口": 3, "同意登记日期": "2026-03-05", "同意方式": "口头",
             "结对干部登录名": "cadre"}]
    before = (households(scene.programme), pairs(scene.programme))
    result = HouseholdPairImporter(unit_staff, programme=scene.programme).run(xlsx(H, rows))
    assert (households(scene.programme), pairs(scene.programme)) == before
    assert result.errors == [
        "第4行“同意方式”：请填：书面、口头、电子",
        "第4行“结对干部登录名”：找不到登录名为“nobody”的人员，或其账号已停用、不在您的管辖范围内；请先导入或新增该干部",
        "第5行“结对分组”：本活动没有名为“二组”的分组，可填：幸福村分组",
        "第6行“结对分组”：填写了结对干部，请填写结对分组",
    ]


def test_only_the_programme_office_imports_and_a_county_office_above_sees_no_names(scene, county_office,
                                                                                   client_for):
    client = client_for(county_office)
    assert client.get(reverse("pairing:household_import")).status_code == 403
    response = client.post(reverse("pairing:household_import"), {
        "programme": scene.programme.pk, "file": xlsx(H, LIST)})
    assert response.status_code == 403
    assert "马桂花" not in response.content.decode() and "王秀英" not in response.content.decode()
    assert not Household.objects.filter(name="马桂花").exists()
    page = client.get(reverse("pairing:household_list"))
    assert reverse("pairing:household_import") not in page.content.decode()


def test_a_group_leader_cannot_import_though_they_add_households_by_hand(scene, client_for):
    client = client_for(scene.leader)
    assert client.get(reverse("pairing:household_import")).status_code == 403
    assert reverse("pairing:household_import") not in client.get(reverse("pairing:household_list")).content.decode()


def test_importing_the_list_again_duplicates_nothing_and_a_changed_phone_updates_the_household(scene, unit_staff):
    first = HouseholdPairImporter(unit_staff, programme=scene.programme).run(xlsx(H, LIST))
    assert (first.errors, first.created, first.updated) == ([], 4, 0)   # 2 households, 2 pairs
    again = HouseholdPairImporter(unit_staff, programme=scene.programme).run(xlsx(H, LIST))
    assert (again.errors, again.created, again.updated) == ([], 0, 0)
    assert households(scene.programme) == EXPECTED_HOUSEHOLDS
    assert pairs(scene.programme) == EXPECTED_PAIRS
    changed = [{**LIST[2], "联系电话": "13700000000"}]
    result = HouseholdPairImporter(unit_staff, programme=scene.programme).run(xlsx(H, changed))
    assert (result.created, result.updated) == (0, 1)
    assert Household.objects.get(name="周丽").phone == "13700000000"


def test_the_template_imports_back_and_the_households_list_links_to_it(scene, unit_staff, client_for):
    client = client_for(unit_staff)
    assert reverse("pairing:household_import") in client.get(reverse("pairing:household_list")).content.decode()
    book = downloaded(client.get(reverse("pairing:household_import_template")))
    assert [c.value for c in book.worksheets[0][1]] == H
    assert "填写说明" in book.sheetnames
    page = client.get(reverse("pairing:household_import") + f"?programme={scene.programme.pk}")
    assert "民族团结一家亲" in page.content.decode()
    response = imported_through_page(client, reverse("pairing:household_import"), {
        "programme": scene.programme.pk, "file": as_upload(client.get(reverse("pairing:household_import_template")))})
    assert response.status_code == 302
    assert Household.objects.filter(programme=scene.programme, name="王秀英", address="幸福村3组12号").exists()
