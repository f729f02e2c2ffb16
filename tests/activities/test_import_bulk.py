"""The activity import at scale: rows checked in memory, written in bulk with their change log and facts."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.activities.test_import import HEADER_ROW, row, xlsx
from tests.analytics.helpers import figure, rebuilt_facts, stored_facts
from tuanjie.activities.forms import ActivityImportForm
from tuanjie.activities.importers import ActivityImporter
from tuanjie.activities.models import Activity
from tuanjie.activities.services import activity_create
from tuanjie.core.changelog import snapshot
from tuanjie.core.context import acting_as
from tuanjie.core.models import ChangeLogEntry
from tuanjie.people.models import User
from tuanjie.places.models import CreationField, Place
from tuanjie.places.services import place_create


def activity_log():
    return ChangeLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Activity))


def test_a_good_file_imports_every_row_with_its_change_log_entry_and_the_facts_of_a_rebuild(tree, township_office):
    agency = CreationField.objects.get(name="机关")
    result = ActivityImporter(township_office).run(xlsx([
        row(),
        row(unit="城关镇人民政府", kind="培训", title="干部培训", day="2026/04/30", participants=45),
        row(unit="U1A", kind="study_visit", title="参观教育基地", day="2026年06月01日", 结束日期="2026-06-02",
            活动产出="宣传手册500册", 产出数量=500, 创建领域="机关"),
        row(unit="U1", kind="党委（党组）听取创建工作汇报", title="听取汇报", participants=""),
    ]))

    assert result.ok, result.errors
    assert result.created == 4 and Activity.objects.count() == 4
    lecture = Activity.objects.get(title="开展主题宣讲")
    assert (lecture.place, lecture.kind, lecture.participants) == (tree.u1, "lecture", 120)
    assert lecture.creation_field == tree.u1.creation_field and lecture.recorded_by == township_office
    visit = Activity.objects.get(kind="study_visit")
    assert visit.end_date == date(2026, 6, 2) and visit.output_quantity == 500 and visit.creation_field == agency
    assert Activity.objects.get(title="听取汇报").participants is None

    entries = list(activity_log())
    assert len(entries) == 4
    assert {e.object_id for e in entries} == {str(pk) for pk in Activity.objects.values_list("pk", flat=True)}
    assert len({e.request_id for e in entries}) == 1
    assert activity_log().filter(before__isnull=True).count() == 4  # SQL NULL, as a save() writes it
    for entry in entries:
        activity = Activity.objects.select_related("place").get(pk=entry.object_id)
        assert (entry.action, entry.source, entry.user, entry.user_repr) == (
            "create", "import", township_office, str(township_office))
        assert entry.object_repr == activity.title and entry.place_path == activity.place.path
        assert entry.before is None and entry.after == snapshot(activity)

    assert stored_facts() == rebuilt_facts()
    assert figure(tree.county, "activity", "m", date(2026, 5, 1)) == 2
    assert figure(tree.t1, "activity.training", "y", date(2026, 1, 1)) == 1


def test_an_imported_row_is_logged_as_saving_it_by_hand_in_an_import_would_log_it(tree, township_office):
    ActivityImporter(township_office).run(xlsx([row(title="批量")]))
    with acting_as(township_office, source="import"):
        activity_create(by=township_office, place=tree.u1, start_date=date(2026, 5, 12), title="逐条",
                        kind="lecture", participants=120)
    bulk, single = (activity_log().get(object_repr=title) for title in ("批量", "逐条"))

    def comparable(entry):
        after = {k: v for k, v in entry.after.items() if k not in {"id", "title"}}
        return (entry.user_id, entry.user_repr, entry.source, entry.action, entry.place_path, entry.before, after)

    assert comparable(bulk) == comparable(single)


@pytest.fixture
def two_units_of_one_name(tree):
    school = CreationField.objects.get(name="学校")
    with acting_as(None, source="test"):
        for parent, code in ((tree.t1, "D1"), (tree.v1, "D2")):
            place_create(parent=parent, kind=Place.Kind.UNIT, name="同名小学", code=code, creation_field=school)


def test_a_broken_file_writes_nothing_and_names_every_bad_row(tree, township_office, two_units_of_one_name):
    facts_before = stored_facts()
    log_before = ChangeLogEntry.objects.count()
    result = ActivityImporter(township_office).run(xlsx([
        row(),                                                   # 2: good
        row(unit="不存在的单位"),                                   # 3
        row(unit="石榴镇"),                                        # 4: the neighbouring township
        row(unit="同名小学"),                                      # 5: two units of that name
        row(kind="游行"),                                         # 6
        row(day="2099-05-12"),                                   # 7
        row(day="2026-05-12", 结束日期="2026-05-01"),              # 8
        row(participants=-3),                                    # 9
        row(title="长" * 201),                                    # 10
        row(day="2026-13-01"),                                   # 11
        row(unit="D1"),                                          # 12: good (by code, the name is ambiguous)
        row(participants=1.5),                                   # 13
        row(创建领域="不存在的领域"),                                 # 14
    ]))

    assert not result.ok and result.created == 0
    errors = result.errors

    def named(number: int, *parts: str) -> bool:
        return any(e.startswith(f"第{number}行") and all(p in e for p in parts) for e in errors)

    assert named(3, "“开展单位（代码或名称）”", "找不到“不存在的单位”")
    assert named(4, "“开展单位（代码或名称）”", "管辖范围")
    assert named(5, "“开展单位（代码或名称）”", "对应多个单位")
    assert named(6, "“活动类型”", "“游行”不是活动类型")
    assert named(7, "“开始日期”", "不能晚于今天")
    assert named(8, "“结束日期”", "结束日期不能早于开始日期")
    assert named(9, "“参加人数”", "大于或等于0")
    assert named(10, "“活动名称”", "200")
    assert named(11, "“开始日期”", "有效的日期")
    assert named(13, "“参加人数”", "整数")
    assert named(14, "“创建领域”", "不存在的领域")
    assert not any(e.startswith(("第2行", "第12行")) for e in errors)
    assert len(errors) == 11
    assert not Activity.objects.exists()
    assert ChangeLogEntry.objects.count() == log_before
    assert stored_facts() == facts_before


def test_a_file_without_a_required_column_is_refused_before_any_row(tree, township_office):
    headers = [h for h in HEADER_ROW if h != "活动名称"]
    result = ActivityImporter(township_office).run(xlsx([["U1", "2026-05-12", "", "宣讲"]], headers=headers))
    assert result.errors == ["缺少列：活动名称。请使用下载的模板，不要改动表头"]
    assert not Activity.objects.exists()


def test_checking_stops_after_two_hundred_errors(tree, township_office):
    result = ActivityImporter(township_office).run(xlsx([row(kind="游行")] * 250))
    assert len(result.errors) == 201 and "错误过多" in result.errors[-1]
    assert not Activity.objects.exists()


def test_a_unit_code_typed_as_a_number_is_found(tree, township_office):
    result = ActivityImporter(township_office).run(xlsx([row(unit=910102001000)]))
    assert result.ok, result.errors
    assert Activity.objects.get().place == tree.t1


def test_the_number_of_queries_does_not_grow_with_the_number_of_rows(tree, township_office):
    def queries_for(rows: int) -> int:
        user = User.objects.get(pk=township_office.pk)  # nothing cached from the previous run
        upload = xlsx([row(title=f"活动{i}") for i in range(rows)])
        with CaptureQueriesContext(connection) as queries:
            result = ActivityImporter(user).run(upload)
        assert result.created == rows, result.errors
        return len(queries)

    queries_for(1)  # warms the content-type cache
    # 40 rows stay within one INSERT on SQLite too (its 999 parameters hold 58 activities); PostgreSQL uses COPY.
    assert queries_for(40) == queries_for(4)
    assert Activity.objects.count() == 45


def test_the_import_form_still_checks_one_row_on_its_own(tree, township_office):
    form = ActivityImportForm(data={"unit": "城关镇中心学校", "start_date": "2026-05-12", "kind_label": "宣讲",
                                    "title": "主题宣讲", "participants": "30"}, user=township_office)
    assert form.is_valid(), form.errors
    assert form.service_fields()["place"] == tree.u1 and form.service_fields()["kind"] == "lecture"
    form = ActivityImportForm(data={"unit": "石榴镇", "start_date": "2026-05-12", "kind_label": "宣讲",
                                    "title": "主题宣讲"}, user=township_office)
    assert not form.is_valid() and "管辖范围" in form.errors["unit"][0]


def test_kinds_are_named_by_label_or_by_label_without_its_trailing_note(tree, township_office):
    from tuanjie.activities.importers import NOTES
    from tuanjie.activities.models import ActivityKind

    shorts = ActivityKind.by_short_label()
    assert shorts["参观学习"] == "study_visit" and "党委" not in shorts
    assert "党委（党组）听取创建工作汇报" in " ".join(NOTES)
    result = ActivityImporter(township_office).run(xlsx([row(kind="参观学习"), row(kind="党委", title="半个类型")]))
    assert not result.ok and any("第3行“活动类型”" in e and "“党委”不是活动类型" in e for e in result.errors)
    assert "、党委、" not in " ".join(result.errors)


def test_an_import_onto_activities_saved_by_hand_adds_to_their_figures_as_a_naive_recount_would(tree,
                                                                                             township_office):
    # Saved one by one first: the import then adds to fact rows that exist (and to units already active that
    # month) as well as making new ones, and its entries follow theirs in the change log.
    with acting_as(township_office, source="web"):
        for day, kind in ((date(2026, 5, 3), "lecture"), (date(2026, 2, 1), "training")):
            activity_create(by=township_office, place=tree.u1, start_date=day, title="逐条", kind=kind,
                            participants=10)
    log_before = activity_log().count()
    rows = [row(title=f"批量{i}", day=f"2026-0{1 + i % 6}-1{i % 9}", kind=("宣讲", "培训", "参观学习")[i % 3],
                participants=i, unit=("U1", "U1A", "城关镇人民政府")[i % 3]) for i in range(30)]
    result = ActivityImporter(township_office).run(xlsx(rows))

    assert result.ok and result.created == 30, result.errors
    assert Activity.objects.count() == 32
    assert stored_facts() == rebuilt_facts()
    imported = set(Activity.objects.filter(title__startswith="批量").values_list("pk", flat=True))
    new_entries = activity_log().order_by("pk")[log_before:]
    assert sorted(int(e.object_id) for e in new_entries) == sorted(imported)
    assert figure(tree.u1, "activity", "y", date(2026, 1, 1)) == 2 + 20   # its own ten and its kindergarten's
    assert figure(tree.county, "activity", "y", date(2026, 1, 1)) == 32
