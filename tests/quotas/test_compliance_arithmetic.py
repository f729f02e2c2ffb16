"""The compliance arithmetic (pure functions, no database)."""

from datetime import date

import pytest

from tuanjie.quotas.selectors import compliance as calc

MARCH = calc.Span("2026-03", "3月", date(2026, 3, 1), date(2026, 3, 31))
AFTER_MARCH = date(2026, 4, 10)
MID_MARCH = date(2026, 3, 15)


def test_a_year_has_twelve_months_four_quarters_two_halves_and_one_year():
    assert [len(calc.periods_of(2026, k)) for k in ("month", "quarter", "half", "year")] == [12, 4, 2, 1]


def test_periods_cover_the_year_without_gaps():
    for kind in ("month", "quarter", "half", "year"):
        spans = calc.periods_of(2028, kind)   # a leap year
        assert spans[0].start == date(2028, 1, 1) and spans[-1].end == date(2028, 12, 31)
        assert sum(s.days for s in spans) == 366
        for a, b in zip(spans, spans[1:], strict=False):
            assert (b.start - a.end).days == 1


def test_period_labels_and_keys_read_as_an_office_writes_them():
    q = calc.periods_of(2026, "quarter")
    assert (q[1].key, q[1].label, q[1].start, q[1].end) == ("2026-Q2", "第二季度", date(2026, 4, 1), date(2026, 6, 30))
    assert calc.periods_of(2026, "half")[1].label == "下半年"
    assert calc.periods_of(2026, "month")[1].end == date(2026, 2, 28)


def test_unknown_period_kind_is_refused():
    with pytest.raises(ValueError):
        calc.periods_of(2026, "fortnight")


def test_period_containing_a_day():
    assert calc.period_containing(date(2026, 8, 31), "quarter").key == "2026-Q3"
    assert calc.period_containing(date(2026, 12, 31), "month").days_left(date(2026, 12, 31)) == 0


def test_a_unit_active_all_period_owes_the_full_minimum():
    assert calc.due_for(2, MARCH) == 2
    assert calc.due_for(2, MARCH, date(2020, 1, 1), None) == 2


def test_a_unit_opened_mid_period_owes_a_prorated_target_rounded_up():
    # active 17 of 31 days: 2 × 17 / 31 = 1.10 → 2
    assert calc.due_for(2, MARCH, active_from=date(2026, 3, 15)) == 2
    # active 10 of 31 days: 2 × 10 / 31 = 0.65 → 1
    assert calc.due_for(2, MARCH, active_from=date(2026, 3, 22)) == 1
    # a yearly minimum of 2, opened on 1 July: 2 × 184 / 365 = 1.01 → 2
    year = calc.periods_of(2026, "year")[0]
    assert calc.due_for(2, year, active_from=date(2026, 7, 1)) == 2
    assert calc.due_for(2, year, active_from=date(2026, 10, 1)) == 1


def test_a_unit_closed_mid_period_owes_a_prorated_target():
    assert calc.active_days(MARCH, None, date(2026, 3, 10)) == 10
    assert calc.due_for(4, MARCH, active_until=date(2026, 3, 10)) == 2   # 4 × 10 / 31 = 1.29 → 2


def test_a_unit_active_one_day_owes_one_record():
    assert calc.due_for(2, MARCH, active_from=date(2026, 3, 31)) == 1


def test_a_unit_not_active_in_the_period_owes_nothing_and_is_exempt():
    assert calc.due_for(2, MARCH, active_from=date(2026, 4, 1)) == 0
    assert calc.due_for(2, MARCH, active_until=date(2026, 2, 28)) == 0
    s = calc.standing(done=0, minimum=2, span=MARCH, today=AFTER_MARCH, active_until=date(2026, 2, 28))
    assert (s.state, s.due, s.rate, s.percent) == ("exempt", 0, None, None)


def test_zero_due_counts_neither_for_nor_against_the_summary():
    exempt = calc.standing(done=3, minimum=2, span=MARCH, today=AFTER_MARCH, active_from=date(2026, 5, 1))
    met = calc.standing(done=2, minimum=2, span=MARCH, today=AFTER_MARCH)
    summary = calc.summarize([exempt, met])
    assert (summary.units, summary.exempt, summary.met, summary.rate) == (1, 1, 1, 1.0)


def test_a_unit_with_enough_records_has_met_the_rule():
    s = calc.standing(done=2, minimum=2, span=MARCH, today=AFTER_MARCH)
    assert (s.state, s.rate, s.percent, s.missing, s.is_behind) == ("met", 1.0, 100, 0, False)


def test_the_rate_never_exceeds_100_percent():
    s = calc.standing(done=9, minimum=2, span=MARCH, today=AFTER_MARCH)
    assert s.rate == 1.0 and s.percent == 100
    opened_late = calc.standing(done=5, minimum=2, span=MARCH, today=AFTER_MARCH, active_from=date(2026, 3, 30))
    assert opened_late.due == 1 and opened_late.rate == 1.0


def test_the_overall_rate_caps_each_unit_at_its_due():
    over = calc.standing(done=10, minimum=2, span=MARCH, today=AFTER_MARCH)
    short = calc.standing(done=0, minimum=2, span=MARCH, today=AFTER_MARCH)
    summary = calc.summarize([over, short])
    assert (summary.done, summary.due, summary.percent) == (2, 4, 50)
    assert summary.rate <= 1


def test_a_short_unit_is_behind_while_the_period_runs_and_missed_after_it_ends():
    assert calc.standing(done=1, minimum=2, span=MARCH, today=MID_MARCH).state == "behind"
    after = calc.standing(done=1, minimum=2, span=MARCH, today=AFTER_MARCH)
    assert (after.state, after.missing, after.percent, after.label) == ("missed", 1, 50, "未完成")
    assert calc.standing(done=1, minimum=2, span=MARCH, today=date(2026, 3, 31)).state == "behind"


def test_a_future_period_is_upcoming_and_not_assessed():
    s = calc.standing(done=0, minimum=2, span=MARCH, today=date(2026, 2, 1))
    assert s.state == "upcoming" and not s.is_behind
    assert calc.summarize([s]).units == 0 and calc.summarize([s]).rate is None


def test_days_before_end_of_each_period_kind():
    left = calc.days_before_end(date(2026, 3, 26))
    assert left == {"month": 5, "bimonth": 35, "quarter": 5, "half": 96, "year": 280}
