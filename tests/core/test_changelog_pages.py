"""The history on a record page is the change log rendered as the log pages render it, for offices only."""

from tuanjie.core.context import acting_as
from tuanjie.places.services import place_update


def test_a_place_page_shows_its_history_to_the_office_in_chinese(tree, county_office, client_for):
    client = client_for(county_office)
    response = client.post(f"/places/{tree.t2.pk}/edit/", {
        "kind": "area", "name": "石榴籽镇", "code": tree.t2.code, "level": tree.t2.level_id})
    assert response.status_code == 302
    html = client.get(f"/places/{tree.t2.pk}/").content.decode()
    history = html.split('data-testid="record-history"')[1]
    assert "名称：石榴镇 → 石榴籽镇" in history
    assert "（网页）修改" in history and str(county_office) in history
    assert "?kind=places.place&object_id=" in history


def test_a_command_is_shown_as_the_source_when_nobody_signed_in(tree, county_office, client_for):
    with acting_as(None, source="command"):
        place_update(place=tree.t2, name="新名")
    html = client_for(county_office).get(f"/places/{tree.t2.pk}/").content.decode()
    assert "系统（命令）修改" in html.split('data-testid="record-history"')[1]


def test_a_unit_sees_no_history_on_its_own_page(tree, unit_staff, client_for):
    html = client_for(unit_staff).get(f"/places/{tree.u1.pk}/").content.decode()
    assert 'data-testid="record-history"' not in html


def test_the_log_can_be_narrowed_to_a_place(tree, county_office, client_for):
    place_update(place=tree.t1, name="城关镇一")
    place_update(place=tree.t2, name="石榴镇二")
    html = client_for(county_office).get(f"/system/changes/?place={tree.t1.pk}").content.decode()
    results = html.split('id="results"')[1]
    assert "城关镇一" in results and "石榴镇二" not in results


def test_a_change_of_a_many_to_many_set_names_the_records(tree, county_office, client_for):
    from tests.factories import FACTORIES
    from tuanjie.core.models import ChangeLogEntry

    inspection = FACTORIES["inspections.Round"](tree.county, tree)
    inspection.units.set([tree.u1, tree.u2])
    entry = ChangeLogEntry.objects.filter(object_id=str(inspection.pk), after__has_key="units").latest("id")
    html = client_for(county_office).get(f"/system/changes/{entry.pk}/").content.decode()
    assert "督查范围（单位）" in html
    assert "城关镇中心学校、城关镇人民政府" in html or "城关镇人民政府、城关镇中心学校" in html


def test_the_home_pages_recent_changes_name_a_command_as_the_system_not_by_its_code(tree, county_office, client_for):
    with acting_as(None, source="command"):
        place_update(place=tree.t2, name="新名")
    html = client_for(county_office).get("/").content.decode()
    recent = html.split("最近变更")[1]
    assert "系统（命令） 修改" in recent and "command" not in recent


def test_an_edited_information_body_reads_as_words_not_html(tree, unit_staff):
    from tuanjie.core.changelog_display import describe
    from tuanjie.core.models import ChangeLogEntry
    from tuanjie.information.services import item_create, item_update

    item = item_create(by=unit_staff, place=tree.u1, title="宣讲简报", body="<p>本周开展宣讲</p>")
    item_update(item=item, by=unit_staff, title="宣讲简报", body="<p>本周开展<strong>两场</strong>宣讲</p>")
    entry = ChangeLogEntry.objects.filter(action="update", object_id=str(item.pk)).select_related(
        "content_type").latest("pk")
    (shown,) = [e.shown for e in describe([entry])]
    text = str(shown.changes[0]) if shown.changes else ""
    assert "本周开展宣讲 → 本周开展两场宣讲" in text and "<p>" not in text
