"""The whole country's division tree through the bulk path, checked on one province (宁夏, 3,199 areas). The expected
counts per level are a naive count of the package's CSV files, not of the SQLite file the product reads."""

import csv

import pytest
from django.core.exceptions import PermissionDenied

from tuanjie.core.context import acting_as
from tuanjie.places import divisions, services
from tuanjie.places.models import DivisionSync, Place
from tuanjie.places.services import division_sync_country, division_sync_queue

NINGXIA = "640000000000"
CSV_FILES = {"市": "cities.csv", "县": "areas.csv", "乡": "streets.csv", "村": "villages.csv"}


def counted_in_csv(name: str, province: str) -> int:
    with open(divisions.data_file().with_name(name), encoding="utf-8") as f:
        return sum(1 for row in csv.DictReader(f) if row["provinceCode"] == province)


@pytest.fixture
def admin(db):
    from tuanjie.people.models import User
    from tuanjie.places.defaults import ensure

    ensure()
    return User.objects.create_superuser("root", password="Test-Pass-2026", full_name="系统管理员")


def assert_tree_consistent() -> None:
    """Each area's path puts it under the area its code names, and numchild counts what is under it: checked from
    the rows, not with treebeard's own find_problems (half a minute on SQLite at this size)."""
    rows = list(Place.objects.filter(code__startswith="64").values_list("path", "depth", "numchild", "code"))
    by_path = {path: code for path, _d, _n, code in rows}
    children: dict[str, int] = {}
    for path, depth, _numchild, code in rows:
        assert depth == len(path) // Place.steplen
        if depth > 1:
            parent = by_path[path[:-Place.steplen]]
            assert code.startswith(parent.rstrip("0")) and code != parent
            children[path[:-Place.steplen]] = children.get(path[:-Place.steplen], 0) + 1
    assert {path: numchild for path, _d, numchild, _c in rows if numchild} == children


def per_level() -> dict[str, int]:
    below = Place.objects.filter(code__startswith="64", kind="area")
    return {level: below.filter(level__name=level).count() for level in ("省", *CSV_FILES)}


def test_a_province_from_the_country_job_has_every_level_the_package_counts(admin):
    with acting_as(admin, source="web"):
        [sync] = division_sync_country(by=admin, provinces=[NINGXIA])
    expected = {"省": 1, **{level: counted_in_csv(name, "64") for level, name in CSV_FILES.items()}}
    assert expected == {"省": 1, "市": 5, "县": 22, "乡": 259, "村": 2912}
    assert per_level() == expected
    assert sync.status == DivisionSync.Status.DONE and sync.done == sum(expected.values()) - 1
    assert_tree_consistent()
    village = Place.objects.get(code="640121100200")   # 王太村委会
    assert [p.code for p in village.ancestors_and_self().order_by("depth")] == [
        "640000000000", "640100000000", "640121000000", "640121100000", "640121100200"]


def test_a_country_job_stopped_halfway_finishes_when_run_again_without_doubles(admin, monkeypatch, settings):
    # As in production: the queue only writes the job, the worker runs it in its own transactions.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    real = services._insert_divisions
    calls = []

    def dies_on_the_fifth_batch(batch, levels):
        calls.append(len(batch))
        if len(calls) == 5:   # cities, counties, towns, 500 villages, then it stops
            raise RuntimeError("数据库连接中断")
        real(batch, levels)

    monkeypatch.setattr(services, "DIVISION_BATCH", 500)
    monkeypatch.setattr(services, "_insert_divisions", dies_on_the_fifth_batch)
    with acting_as(admin, source="web"):
        [sync] = division_sync_country(by=admin, provinces=[NINGXIA])
    assert sync.status == DivisionSync.Status.QUEUED
    with acting_as(admin, source="task"), pytest.raises(RuntimeError):
        services.division_sync_run(sync_id=sync.pk)
    stopped = Place.objects.filter(code__startswith="64").count()
    assert stopped == 1 + 5 + 22 + 259 + 500
    sync.refresh_from_db()
    assert sync.status == DivisionSync.Status.FAILED and "继续" in sync.error
    with acting_as(admin, source="task"):
        assert services.division_sync_run(sync_id=sync.pk).status == DivisionSync.Status.DONE
    assert per_level() == {"省": 1, "市": 5, "县": 22, "乡": 259, "村": 2912}
    assert_tree_consistent()


def test_only_an_administrator_may_load_the_country(admin, tree, county_office):
    with pytest.raises(PermissionDenied, match="系统管理员"):
        division_sync_country(by=county_office, provinces=[NINGXIA])
    assert not Place.objects.filter(code__startswith="64").exists()


def test_a_city_without_counties_has_its_towns_directly_under_it_and_its_code_once(admin):
    """东莞市 is in the package twice (city 4419 and "county" 441900), both 441900000000; its towns name 441900."""
    with acting_as(admin, source="web"):
        sync = division_sync_queue(by=admin, code="441900")
    assert sync.status == DivisionSync.Status.DONE, sync.error
    city = Place.objects.get(code="441900000000")
    assert city.level.name == "市" and Place.objects.get_parent(city).code == "440000000000"
    towns = Place.objects.get_children(city)
    assert towns.count() == counted_in_csv_by("streets.csv", "areaCode", "441900") == 36
    assert not towns.exclude(level__name="乡").exists()
    villages = Place.objects.filter(code__startswith="4419", level__name="村").count()
    assert villages == counted_in_csv_by("villages.csv", "areaCode", "441900")


def test_kinmen_is_one_county_without_its_placeholder_town_and_village(admin):
    with acting_as(admin, source="web"):
        sync = division_sync_queue(by=admin, code="350527")
    assert sync.status == DivisionSync.Status.DONE, sync.error
    county = Place.objects.get(code="350527000000")
    assert (county.name, county.level.name, county.numchild) == ("金门县", "县", 0)


def counted_in_csv_by(name: str, column: str, value: str) -> int:
    with open(divisions.data_file().with_name(name), encoding="utf-8") as f:
        return sum(1 for row in csv.DictReader(f) if row[column] == value)
