"""A unit tests its staff twice a year: the quota "每年测试2次" shows compliance, the staff member sees their own
score, the unit its staff's, and the township only rates."""

from datetime import date

import pytest
from django.urls import reverse

from tuanjie.core.roles import Role
from tuanjie.places.models import CreationField
from tuanjie.quizzes import selectors, services
from tuanjie.quizzes.models import Attempt
from tuanjie.quotas.selectors import compliance_table
from tuanjie.quotas.services import quota_rule_create

from .conftest import at, right_answers


@pytest.fixture
def unit_tests(tree, unit_staff, cadre, bank):
    """城关镇中心学校 tests its two staff in March and in September; the cadre answers both, all right then half."""
    tests = []
    for month in (3, 9):
        test = services.quiz_create(by=unit_staff, place=tree.u1, kind="test", title=f"{month}月干部职工测试",
                                    bank=bank, question_count=4, opens_at=at(month, 1), closes_at=at(month, 20))
        services.quiz_publish(by=unit_staff, quiz=test)
        tests.append(test)
    right = right_answers(bank)
    for test, answers in zip(tests, [right, dict(list(right.items())[:2])], strict=True):
        sheet = services.attempt_start(by=cadre, sample=test.samples.get(), now=at(test.opens_at.month, 2))
        services.attempt_submit(by=cadre, attempt=sheet, answers=answers, now=at(test.opens_at.month, 2))
    return tests


def test_a_unit_publishes_only_staff_tests(tree, unit_staff, bank):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="单位只能发布本单位的干部职工测试"):
        services.quiz_create(by=unit_staff, place=tree.u1, kind="quiz", title="知识竞赛", bank=bank,
                             opens_at=at(3, 1), closes_at=at(3, 2))


def test_the_units_staff_are_its_sample(tree, unit_tests):
    assert [t.samples.get().size for t in unit_tests] == [2, 2]      # the unit's staff member and its cadre


def test_the_quota_of_two_tests_a_year_is_met_by_the_unit_that_held_them(tree, county_office, unit_tests):
    rule = quota_rule_create(by=county_office, place=tree.county, name="每年测试2次", year=2026,
                             countable="quiz.test_held", minimum=2, period="year",
                             creation_fields=list(CreationField.objects.filter(name__in=["学校", "机关"])))
    table = compliance_table(rule, today=date(2026, 11, 1))
    states = {row.place.name: (row.standings[0].done, row.standings[0].state) for row in table.rows}
    assert states["城关镇中心学校"] == (2, "met")
    assert states["城关镇人民政府"] == (0, "behind")


def test_a_quota_on_the_awareness_rate_compares_the_percent(tree, county_office, unit_tests):
    # the cadre's two sheets: 应知应会 2/2 then 2/2 (the first two questions are the 应知应会 ones): 100 %
    rule = quota_rule_create(by=county_office, place=tree.county, name="知晓率不低于90%", year=2026,
                             countable="quiz.awareness_rate", minimum=90, period="year",
                             creation_fields=list(CreationField.objects.filter(name__in=["学校", "机关"])))
    row = next(r for r in compliance_table(rule, today=date(2026, 12, 31)).rows if r.place == tree.u1)
    assert (row.standings[0].done, row.standings[0].state) == (100, "met")


def test_the_staff_member_sees_their_own_scores(tree, cadre, unit_tests, client_for):
    assert [a.score for a in selectors.my_attempts(cadre)] == [50, 100]
    page = client_for(cadre).get(reverse("quizzes:mine"))
    assert page.status_code == 200 and page.content.decode().count('data-testid="my-sheet"') == 2
    own = Attempt.objects.filter(person=cadre).first()
    assert client_for(cadre).get(reverse("quizzes:attempt_detail", args=[own.pk])).status_code == 200


def test_the_unit_sees_its_staffs_sheets_and_the_township_only_rates(tree, unit_staff, township_office,
                                                                      unit_tests, client_for):
    sheet = Attempt.objects.first()
    listed = client_for(unit_staff).get(reverse("quizzes:attempt_list"))
    assert {a.pk for a in listed.context["object_list"]} == set(Attempt.objects.values_list("pk", flat=True))
    office = client_for(township_office)
    assert office.get(reverse("quizzes:attempt_detail", args=[sheet.pk])).status_code == 404
    assert not Attempt.objects.restrict(township_office).exists()
    rates = office.get(reverse("quizzes:rates") + "?year=2026")
    assert rates.status_code == 200
    # 城关镇's rates: 2 sheets of 4 expected (2 staff × 2 tests), (100 + 50) / 2 = 75, one passed
    total = rates.context["total"]
    assert (total.answers, total.expected, total.participation, total.average_score, total.pass_rate,
            total.tests_held) == (2, 4, 50, 75, 50, 2)
    assert "答题人" not in rates.content.decode()


def test_a_person_of_another_unit_cannot_take_the_units_test(tree, unit_tests, client_for):
    other = tree.person(Role.UNIT, tree.u2, "u2_staff")
    sample = unit_tests[0].samples.get()
    assert client_for(other).post(reverse("quizzes:take", args=[sample.pk])).status_code == 404


def test_an_open_test_is_on_the_staff_members_to_do_until_handed_in(tree, unit_staff, cadre, bank, client_for):
    from datetime import timedelta

    from django.utils import timezone

    from tuanjie.core import todo

    now = timezone.now()
    test = services.quiz_create(by=unit_staff, place=tree.u1, kind="test", title="年终干部职工测试", bank=bank,
                                question_count=4, opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=3))
    services.quiz_publish(by=unit_staff, quiz=test)
    waiting = {g.source.key: g.items for g in todo.groups(cadre)}
    assert waiting["quizzes.quiz.to_take"] == [test]
    client = client_for(cadre)
    page = client.get(test.get_absolute_url())
    assert 'data-testid="take"' in page.content.decode()
    sheet_url = client.post(reverse("quizzes:take", args=[test.samples.get().pk]))["Location"]
    done = client.post(sheet_url, {f"q{k}": v for k, v in right_answers(bank).items()},
                       HTTP_ACCEPT="application/json")
    assert done.json()["ok"]
    assert "quizzes.quiz.to_take" not in {g.source.key for g in todo.groups(cadre)}
    assert "您的成绩：100分" in client.get(test.get_absolute_url()).content.decode()
    assert "quizzes.quiz.to_take" not in {g.source.key for g in todo.groups(tree.person(Role.UNIT, tree.u2, "u2"))}
