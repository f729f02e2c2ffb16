"""Help where it is needed: every page says in a line what it is for, empty lists say what to do next, and each
role gets a first-visit guide until the person closes it (on any device)."""

import re

import pytest

from tests.access.routes import page_routes
from tuanjie.core.roles import Role

LEDE = re.compile(r'<p class="tj-lede" data-testid="lede">.*?</i> (.*?)</p>', re.S)


def lede_of(response) -> str | None:
    found = LEDE.search(response.content.decode())
    return found.group(1).strip() if found else None


def test_every_list_page_declares_its_line():
    from django.urls import get_resolver

    from tuanjie.core.views import ObjectListView

    missing = []

    def walk(resolver):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern)
            else:
                yield pattern

    for pattern in walk(get_resolver()):
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and issubclass(view, ObjectListView) and not view.lede:
            missing.append(f"{view.__module__}.{view.__name__}")
    assert not missing, "list views without a lede: " + ", ".join(missing)


# A few pages and the line a reader should find on each: the shared list and detail templates, the edit form's
# default, and hand-made pages that include the same partial.
PAGES = [
    ("/activities/", "各单位开展的创建活动，可按时间、类型、领域筛选，导出Excel"),
    ("/places/units/", "本地区的创建单位（学校、机关、企业、社区等），规定动作和覆盖率按这些单位统计"),
    ("/inspections/rectifications/", "督查发现问题后的整改事项：责任单位反馈，督查组核验销号或退回"),
    ("/places/{u1}/", "一个地区或单位的基本信息和下级；“在此工作”把页面切换到它"),
    ("/activities/add/", "填写后点“保存”；带 * 的为必填项，填错的地方会在该项下方说明"),
    ("/analytics/", "本地区创建工作的主要数字、趋势和下级排名，点击下级名称逐级查看"),
    ("/inbox/", "系统发给您的提醒和通知：退回、复检结果、临近的时限等；点开即标为已读"),
    ("/search/", "按名称、标题或拼音首字母查找您有权查看的单位、人员、活动、信息、文稿和整改事项"),
    ("/documents/", "为当前地区起草进展报告、年度总结、月报表等文稿，数据与统计分析一致，下载Word后修改定稿"),
]


@pytest.mark.parametrize("url, line", PAGES)
def test_the_page_says_what_it_is_for(url, line, tree, county_office, client_for):
    response = client_for(county_office).get(url.format(u1=tree.u1.pk))
    assert response.status_code == 200
    assert lede_of(response) == line


def test_every_list_page_of_the_battery_shows_its_line(tree, county_office, client_for):
    client = client_for(county_office)
    for label, routes in page_routes().items():
        for url in routes.lists:
            response = client.get(url)
            if response.status_code == 200:
                assert lede_of(response), f"{url} ({label}) shows no line"


def test_an_empty_list_says_what_to_do_next_with_the_button(tree, county_office, client_for):
    html = client_for(county_office).get("/activities/").content.decode()
    assert 'data-testid="empty-state"' in html
    assert "还没有活动台账" in html and "每次开展宣讲、培训、节庆等活动后登记一条" in html
    assert 'href="/activities/add/"' in html and 'href="/activities/import/"' in html


def test_an_empty_filtered_list_offers_to_clear_the_filters(tree, county_office, client_for):
    html = client_for(county_office).get("/activities/", {"q": "没有这样的活动"}).content.decode()
    assert "没有符合条件的活动台账" in html and 'href="/activities/">清除全部筛选' in html
    assert "还没有活动台账" not in html


def test_a_reader_who_may_not_add_gets_no_add_button(tree, client_for):
    leader = tree.person(Role.LEADER, tree.county, "leader")
    html = client_for(leader).get("/activities/").content.decode()
    assert "还没有活动台账" in html and 'href="/activities/add/"' not in html


def test_a_cadre_without_households_is_told_who_arranges_them(tree, cadre, client_for):
    html = client_for(cadre).get("/pairing/").content.decode()
    assert "您目前没有结对户" in html and "由本单位创建办或分组负责人安排" in html


# --- the first-visit guide ---------------------------------------------------------------------------------------

GUIDE = 'data-testid="first-visit-guide"'


@pytest.mark.parametrize("role, place, first_step", [
    (Role.OFFICE, "county", "核对本地区的下级地区和创建单位"),
    (Role.UNIT, "u1", "每次活动后登记活动台账"),
    (Role.CADRE, "u1", "打开“我的结对”"),
    (Role.LEADER, "county", "统计分析页是全地区的主要数字"),
    (Role.INSPECTOR, "county", "在督查检查中记录每轮督查发现的问题"),
])
def test_each_role_gets_its_own_guide_on_the_home_page(role, place, first_step, tree, client_for):
    person = tree.person(role, getattr(tree, place))
    html = client_for(person).get("/").content.decode()
    assert GUIDE in html and first_step in html
    assert GUIDE not in client_for(person).get("/activities/").content.decode()   # only on home


def test_a_cadre_who_is_also_unit_staff_gets_the_cadre_guide(tree, cadre, client_for):
    from tuanjie.people.services import role_grant

    role_grant(by=None, user=cadre, role=Role.UNIT, place=tree.u1)
    html = client_for(cadre).get("/").content.decode()
    assert "结对干部：从这里开始" in html and "创建单位工作人员：从这里开始" not in html


def test_the_guide_is_gone_after_dismissal_on_every_device(tree, unit_staff, client, django_user_model):
    from django.test import Client

    client.force_login(unit_staff)
    assert GUIDE in client.get("/").content.decode()
    response = client.post("/system/guide/dismiss/", {"guide": "unit", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert GUIDE not in client.get("/").content.decode()
    phone = Client()                     # another device: a new session, the same person
    phone.force_login(unit_staff)
    assert GUIDE not in phone.get("/").content.decode()
    # Closing it twice (a second tab, a retried request) keeps one record.
    client.post("/system/guide/dismiss/", {"guide": "unit"}, HTTP_HX_REQUEST="true")
    from tuanjie.core.models import GuideDismissal

    assert GuideDismissal.objects.filter(user=unit_staff).count() == 1


def test_dismissing_one_role_s_guide_leaves_another_person_s(tree, unit_staff, client_for):
    from tuanjie.core.services import guide_dismiss

    other = tree.person(Role.UNIT, tree.u2, "other-unit")
    guide_dismiss(by=unit_staff, guide="unit")
    assert GUIDE in client_for(other).get("/").content.decode()


def test_an_unknown_guide_is_refused_in_chinese(tree, unit_staff, client_for):
    response = client_for(unit_staff).post("/system/guide/dismiss/", {"guide": "nonsense"})
    assert response.status_code == 400 and "没有这个引导" in response.content.decode()


def test_the_dismissal_does_not_redirect_off_site(tree, unit_staff, client_for):
    response = client_for(unit_staff).post("/system/guide/dismiss/", {"guide": "unit", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_person_without_a_role_sees_no_guide(tree, client_for):
    from tuanjie.people.services import user_create

    nobody = user_create(by=None, username="nobody", full_name="无角色", home_place=tree.county)
    assert GUIDE not in client_for(nobody).get("/").content.decode()


def test_dashboards_print_without_navigation_and_without_cutting_a_chart():
    from pathlib import Path

    import tuanjie

    css = (Path(tuanjie.__file__).parent / "static" / "tuanjie" / "help.css").read_text()
    printed = css[css.index("@media print"):]
    for rule in (".navbar", ".tj-crumbs", "break-inside: avoid", ".tj-chart"):
        assert rule in printed, rule
