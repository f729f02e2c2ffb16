"""The staff-list import's bulk path: cheap hashes for random initial passwords that the first sign-in replaces,
re-import that writes nothing, and a number of queries that does not grow with the rows."""

import math

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.workbooks import xlsx
from tuanjie import settings as production
from tuanjie.core.models import ChangeLogEntry
from tuanjie.core.roles import Role
from tuanjie.people.importers import HEADERS, PersonImporter
from tuanjie.people.models import RoleAssignment, User

H = list(HEADERS)


def staff(n: int, start: int = 0, roles: str = "结对干部、创建单位工作人员") -> list[dict]:
    return [{"姓名": f"干部{i}", "登录名": f"bulk{i:03d}", "所在地区/单位": "U1", "角色": roles}
            for i in range(start, start + n)]


def test_a_bulk_imported_person_signs_in_with_the_issued_password_and_is_rehashed_with_the_default(
        tree, county_office, client, settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    importer = PersonImporter(county_office)
    assert importer.run(xlsx(H, staff(2))).created == 2
    (_name, login, _place, password), _other = importer.issued
    person = User.objects.get(username=login)
    assert person.password.startswith("pbkdf2_sha256_random_initial$1000$")
    response = client.post("/login/", {"username": login, "password": password})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.password.startswith("pbkdf2_sha256$1000000$")   # Django 5.2's default, as settings.py prefers it
    assert person.check_password(password)


def test_the_cheap_hasher_is_never_the_preferred_one():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert production.PASSWORD_HASHERS[-1] == "tuanjie.people.hashers.RandomInitialPasswordHasher"


def test_an_initial_password_carries_at_least_60_bits():
    # one lower, one upper, one digit, one symbol, then 8 of the 62-character pool (passwords.py's alphabets)
    bits = math.log2(24) * 2 + math.log2(8) + math.log2(6) + 8 * math.log2(24 + 24 + 8 + 6)
    assert bits >= 60
    from tuanjie.people.passwords import _DIGITS, _LOWER, _SYMBOLS, _UPPER, initial_password
    assert (len(_LOWER), len(_UPPER), len(_DIGITS), len(_SYMBOLS), len(initial_password())) == (24, 24, 8, 6, 12)


def test_the_rows_grants_and_change_log_are_written_as_one_by_one_would(tree, county_office):
    result = PersonImporter(county_office).run(xlsx(H, staff(3)))
    assert (result.errors, result.created) == ([], 3)
    assert set(RoleAssignment.objects.filter(user__username__startswith="bulk").values_list(
        "user__username", "role", "place__name")) == {
        (f"bulk{i:03d}", role, "城关镇中心学校") for i in range(3) for role in (Role.CADRE, Role.UNIT)}
    assert User.objects.get(username="bulk001").search_key != ""   # searchable by pinyin like a saved person
    logged = ChangeLogEntry.objects.filter(source="import", user=county_office)
    assert sorted(logged.values_list("content_type__model", flat=True)) == ["roleassignment"] * 6 + ["user"] * 3
    assert set(logged.values_list("place_path", flat=True)) == {tree.u1.path}


def test_importing_the_same_list_again_writes_nothing_at_all(tree, county_office):
    PersonImporter(county_office).run(xlsx(H, staff(5)))
    entries, stamps = ChangeLogEntry.objects.count(), list(User.objects.order_by("pk").values_list("updated"))
    again = PersonImporter(county_office)
    result = again.run(xlsx(H, staff(5)))
    assert (result.errors, result.created, result.updated, again.issued) == ([], 0, 0, [])
    assert ChangeLogEntry.objects.count() == entries
    assert list(User.objects.order_by("pk").values_list("updated")) == stamps


def test_the_same_login_twice_in_one_file_is_refused_naming_both_rows(tree, county_office):
    rows = [*staff(2), {**staff(1)[0], "姓名": "另一人"}]
    result = PersonImporter(county_office).run(xlsx(H, rows))
    assert result.errors == ["第4行“登录名”：登录名“bulk000”与第2行重复：一人写一行，多个角色用“、”分隔"]
    assert not User.objects.filter(username__startswith="bulk").exists()


def queries_to_import(office, rows) -> int:
    with CaptureQueriesContext(connection) as ctx:
        result = PersonImporter(office).run(xlsx(H, rows))
    assert (result.errors, result.created) == ([], len(rows))
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(tree, county_office):
    county_office.active_assignments()   # the office's own grants, read once and kept on the object
    # one role each: SQLite's inserts go in batches of about 80 rows, so no more than 50 of anything
    assert (queries_to_import(county_office, staff(5, roles="结对干部"))
            == queries_to_import(county_office, staff(50, start=100, roles="结对干部")))
