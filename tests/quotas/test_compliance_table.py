"""Compliance computed from the records, per unit per period."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tuanjie.core.context import acting_as
from tuanjie.places.models import CreationField
from tuanjie.places.services import place_create
from tuanjie.quotas import selectors

MAY_10 = date(2026, 5, 10)


def _row(table, place):
    return next(r for r in table.rows if r.place.pk == place.pk)


def test_the_rule_covers_the_units_of_its_fields_below_its_place(tree, rule):
    assert {p.name for p in selectors.rule_subjects(rule)} == {"城关镇中心学校", "中心学校附属幼儿园", "城关镇人民政府"}


def test_compliance_counts_each_units_records_per_month(tree, rule, record):
    record(tree.u1, date(2026, 3, 3), n=2)
    record(tree.u2, date(2026, 3, 30))
    record(tree.u2, date(2026, 4, 1))
    table = selectors.compliance_table(rule, today=MAY_10)
    march, april, may, june = 2, 3, 4, 5
    u1, u2 = _row(table, tree.u1), _row(table, tree.u2)
    assert (u1.standings[march].state, u1.standings[march].done) == ("met", 2)
    assert (u2.standings[march].state, u2.standings[march].done) == ("missed", 1)
    assert u2.standings[april].done == 1
    assert u1.standings[may].state == "behind"
    assert u1.standings[june].state == "upcoming"
    assert table.summaries[march].met == 1 and table.summaries[march].missed == 2


def test_records_of_a_neighbouring_unit_do_not_count(tree, rule, record):
    record(tree.u1a, date(2026, 3, 3), n=5)
    table = selectors.compliance_table(rule, today=MAY_10)
    assert _row(table, tree.u1).standings[2].done == 0


def test_a_unit_opened_mid_month_owes_a_prorated_target(tree, rule, record):
    tree.u1.active_from = date(2026, 3, 25)        # 7 of 31 days: 2 × 7 / 31 → 1
    tree.u1.save()
    record(tree.u1, date(2026, 3, 28))
    march = _row(selectors.compliance_table(rule, today=MAY_10), tree.u1).standings[2]
    assert (march.due, march.done, march.state, march.percent) == (1, 1, "met", 100)


def test_a_unit_closed_before_a_month_is_exempt_that_month(tree, rule, record):
    tree.u2.active_until = date(2026, 2, 10)
    tree.u2.save()
    row = _row(selectors.compliance_table(rule, today=MAY_10), tree.u2)
    assert row.standings[1].due == 1                # February: 10 of 28 days → 1
    assert row.standings[2].state == "exempt"
    assert row.standings[2].rate is None


def test_extra_records_never_push_a_rate_past_100_percent(tree, rule, record):
    record(tree.u1, date(2026, 3, 3), n=7)
    table = selectors.compliance_table(rule, today=MAY_10)
    assert _row(table, tree.u1).standings[2].rate == 1.0
    assert all(s.rate is None or s.rate <= 1 for s in table.summaries)


def test_compliance_takes_one_count_query_per_period_however_many_units(tree, rule, record):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            selectors.compliance_table(rule, today=MAY_10)
        return len(ctx.captured_queries)

    before = queries()
    school = CreationField.objects.get(name="学校")
    with acting_as(None, source="test"):
        for i in range(6):
            place_create(parent=tree.t2, kind="unit", name=f"石榴镇第{i}小学", code=f"S{i}", creation_field=school)
    assert queries() == before
    assert before <= 2 + 5          # subjects, fields, and one count per elapsed month (Jan–May)


def test_a_unit_reads_its_own_standing_under_the_rules_above_it(tree, rule, record):
    record(tree.u1, date(2026, 5, 2))
    standings = selectors.unit_standing(tree.u1, today=MAY_10)
    assert [s.rule for s in standings] == [rule]
    assert standings[0].current.done == 1 and standings[0].current.missing == 1
    assert selectors.unit_standing(tree.v1, today=MAY_10) == []     # a village without a field of the rule


def test_a_rule_without_fields_covers_every_place_with_a_creation_field(tree, county_office):
    from tuanjie.quotas.services import quota_rule_create

    rule = quota_rule_create(by=county_office, place=tree.t1, name="全覆盖", year=2026, countable="plan.progress",
                             minimum=1, period="year")
    assert {p.pk for p in selectors.rule_subjects(rule)} == {tree.u1.pk, tree.u1a.pk, tree.u2.pk}


def test_a_rule_whose_countable_is_no_longer_registered_fails_instead_of_counting_zero(tree, rule):
    rule.countable = "someday.app"
    with pytest.raises(KeyError):
        selectors.compliance_table(rule, today=MAY_10)
