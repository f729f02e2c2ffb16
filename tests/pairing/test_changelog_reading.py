"""The change log reads as an office writes (a pairing record's log as the programme's office, the school's own
staff, reads it: the levels above do not): Chinese field names and choice labels, related records by name,
local time to the second, the source in Chinese, a link to the record. Expected texts are written by hand."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from tuanjie.core.context import acting_as
from tuanjie.core.models import ChangeLogEntry
from tuanjie.pairing import services


@pytest.fixture
def edited(scene, client_for):
    """The cadre records a visit, then changes it on its edit page to a phone call costing 20 yuan; the entry's
    moment is set to 2025-02-03 07:33:05.123456 UTC (15:33:05 in Shanghai)."""
    with acting_as(scene.cadre, source="web"):
        contact = services.contact_record(by=scene.cadre, pair=scene.pair, date=date(2026, 2, 3), form="visit",
                                          topic="拉家常")
    response = client_for(scene.cadre).post(reverse("pairing:contact_edit", args=[contact.pk]), {
        "pair": scene.pair.pk, "date": "2026-02-04", "form": "phone", "topic": "拉家常", "deeds": "", "cost": "20"})
    assert response.status_code == 302, response.content.decode()[:1500]
    entry = ChangeLogEntry.objects.filter(object_id=str(contact.pk), action="update").get()
    ChangeLogEntry.objects.filter(pk=entry.pk).update(time=datetime(2025, 2, 3, 7, 33, 5, 123456, tzinfo=UTC))
    return contact, entry


def test_a_contact_edited_by_a_cadre_reads_in_chinese_with_local_time_in_the_log(edited, unit_staff, client_for):
    contact, entry = edited
    client = client_for(unit_staff)
    html = client.get("/system/changes/?kind=pairing.contact").content.decode()
    assert "联系方式：入户走访 → 电话" in html
    assert "花费（元）：0.00 → 20.00" in html
    assert "日期：2026年2月3日 → 2026年2月4日" in html
    assert "2025年2月3日 15:33:05" in html and "07:33" not in html and ".123456" not in html
    assert "网页" in html and "联系记录" in html
    assert f'href="/pairing/contacts/{contact.pk}/"' in html
    for raw in ("visit", "phone", "pair_id", "cost", ">web<"):
        assert raw not in html.split('id="results"')[1], raw

    detail = client.get(f"/system/changes/{entry.pk}/").content.decode()
    assert "联系方式" in detail and "入户走访" in detail and "电话" in detail and "visit" not in detail
    assert "2025年2月3日 15:33:05" in detail


def test_a_related_record_is_named_not_numbered(scene, unit_staff, client_for):
    """Moving a contact to another pair (through the API) names both pairs."""
    with acting_as(scene.cadre, source="web"):
        contact = services.contact_record(by=scene.cadre, pair=scene.pair, date=date(2026, 2, 3), form="visit",
                                          topic="拉家常")
    with acting_as(scene.leader, source="api"):
        contact.pair = scene.other_pair
        contact.save()
    html = client_for(unit_staff).get("/system/changes/?action=update&kind=pairing.contact").content.decode()
    assert f"结对关系：{scene.pair} → {scene.other_pair}" in html
    assert "接口" in html


def test_a_deleted_record_links_to_its_recycle_bin_entry(tree, county_office, client_for):
    from tuanjie.core.models import DeletedRecord
    from tuanjie.core.recyclebin import record_delete
    from tuanjie.leadership.services import leading_group_create

    with acting_as(county_office, source="web"):
        group = leading_group_create(place=tree.t1, members=[{"position": "leader", "name": "王伟", "title": "书记"}])
        record_delete(by=county_office, obj=group)
    binned = DeletedRecord.objects.get()
    html = client_for(county_office).get("/system/changes/?kind=leadership.leadinggroup&action=delete").content.decode()
    assert f'href="/system/bin/{binned.pk}/"' in html and "已删除，在回收站" in html


def test_filters_by_person_and_record_type_narrow_the_list(scene, edited, unit_staff, client_for):
    """The cadre wrote two contact entries (record, edit); the leader wrote the two households, the two pairs
    (scene) and nothing about contacts."""
    client = client_for(unit_staff)

    def count(query):
        html = client.get(f"/system/changes/?{query}").content.decode()
        return html.split('data-testid="row-cards"')[1].split("</table>")[0].count('class="tj-card mb-2')

    cadre_name = str(scene.cadre)
    leader_name = str(scene.leader)
    assert count(f"person={cadre_name}&kind=pairing.contact") == 2
    assert count(f"person={leader_name}&kind=pairing.contact") == 0
    assert count(f"person={leader_name}&kind=pairing.household") == 2
    assert count(f"person={leader_name}&kind=pairing.pair") == 2
    assert count("kind=pairing.contact&action=update") == 1
    assert count("kind=pairing.contact&date_from=2025-02-03&date_to=2025-02-03") == 1
    assert count("kind=pairing.contact&date_to=2025-02-02") == 0


def test_the_sources_read_in_chinese():
    from tuanjie.core.changelog_display import source_label

    assert [source_label(s) for s in ("web", "api", "import", "command", "task", "demo")] == [
        "网页", "接口", "导入", "命令", "后台任务", "演示数据"]


def test_the_excel_export_reads_as_the_page_does(edited, unit_staff, client_for):
    import io

    from openpyxl import load_workbook

    response = client_for(unit_staff).get("/system/changes/?kind=pairing.contact&action=update&export=xlsx")
    data = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0] == ("时间", "操作人", "来源", "操作", "对象类型", "对象", "修改内容")
    time, _person, source, action, kind, _record, changes = rows[1]
    assert (time, source, action, kind) == ("2025年2月3日 15:33:05", "网页", "修改", "联系记录")
    assert "联系方式：入户走访 → 电话" in changes and "花费（元）：0.00 → 20.00" in changes


def test_a_record_whose_related_record_was_deleted_names_it_as_deleted(tree, county_office, client_for):
    from tuanjie.core.recyclebin import record_delete
    from tuanjie.leadership.services import leading_group_create

    with acting_as(county_office, source="web"):
        group = leading_group_create(place=tree.t1, members=[{"position": "leader", "name": "王伟", "title": "书记"}])
        record_delete(by=county_office, obj=group)
    entry = ChangeLogEntry.objects.filter(content_type__model="member", action="delete").get()
    html = client_for(county_office).get(f"/system/changes/{entry.pk}/").content.decode()
    assert "职位</dt><dd class=\"col-8\">组长" in html
    assert f"领导小组</dt><dd class=\"col-8\">{group}（已删除）" in html
