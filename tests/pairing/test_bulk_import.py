"""The pairing-list import's bulk path: rows naming one household agree, re-import writes nothing, and the number of
queries does not grow with the rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.workbooks import xlsx
from tuanjie.core.models import ChangeLogEntry
from tuanjie.pairing.importers import HEADERS, HouseholdPairImporter
from tuanjie.pairing.models import Household, Pair

H = list(HEADERS)


def pairing_list(n: int, start: int = 0) -> list[dict]:
    """n households, each paired with the scene's two cadres (two rows each)."""
    return [{"户主姓名": f"户主{i}", "住址": f"幸福村{i}号", "家庭人口": 3, "同意登记日期": "2026-03-05", "同意方式": "书面",
             "结对干部登录名": cadre, "结对分组": "幸福村分组", "结对日期": "2026-03-06"}
            for i in range(start, start + n) for cadre in ("cadre", "other_cadre")]


def test_each_household_is_registered_once_and_paired_with_each_of_its_cadres(scene, unit_staff):
    households, pairs = Household.objects.count(), Pair.objects.count()
    result = HouseholdPairImporter(unit_staff, programme=scene.programme).run(xlsx(H, pairing_list(3)))
    assert (result.errors, result.created) == ([], 3 + 6)
    assert Household.objects.count() == households + 3
    assert set(Pair.objects.filter(household__name__startswith="户主").values_list(
        "cadre__username", "household__name", "unit")) == {
        (cadre, f"户主{i}", scene.programme.place_id) for i in range(3) for cadre in ("cadre", "other_cadre")}
    assert Pair.objects.count() == pairs + 6
    logged = ChangeLogEntry.objects.filter(source="import", user=unit_staff)
    assert sorted(logged.values_list("content_type__model", flat=True)) == ["household"] * 3 + ["pair"] * 6
    assert set(logged.values_list("place_path", flat=True)) == {scene.programme.place.path}
    assert not any("户主" in str(entry.after) + entry.object_repr for entry in logged)   # no names in the log


def test_importing_the_same_list_again_writes_nothing_at_all(scene, unit_staff):
    HouseholdPairImporter(unit_staff, programme=scene.programme).run(xlsx(H, pairing_list(4)))
    entries = ChangeLogEntry.objects.count()
    counts = (Household.objects.count(), Pair.objects.count())
    result = HouseholdPairImporter(unit_staff, programme=scene.programme).run(xlsx(H, pairing_list(4)))
    assert (result.errors, result.created, result.updated) == ([], 0, 0)
    assert (Household.objects.count(), Pair.objects.count(), ChangeLogEntry.objects.count()) == (*counts, entries)


def test_rows_naming_one_household_with_different_details_are_refused(scene, unit_staff):
    first, second = pairing_list(1)
    result = HouseholdPairImporter(unit_staff, programme=scene.programme).run(
        xlsx(H, [first, {**second, "家庭人口": 4}]))
    assert result.errors == ["第3行：与第2行是同一户（户主姓名和住址相同），但其他信息不同：请改成一致"]
    assert not Household.objects.filter(name="户主0").exists()


def queries_to_import(staff, programme, rows) -> int:
    with CaptureQueriesContext(connection) as ctx:
        result = HouseholdPairImporter(staff, programme=programme).run(xlsx(H, rows))
    assert (result.errors, result.created) == ([], len(rows) // 2 * 3)
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(scene, unit_staff):
    # 6 rows and 50 (pairs of rows); SQLite's inserts go in batches of about 80 rows, so not more than 50
    assert (queries_to_import(unit_staff, scene.programme, pairing_list(3))
            == queries_to_import(unit_staff, scene.programme, pairing_list(25, start=100)))
