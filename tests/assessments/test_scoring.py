"""The score arithmetic (pure functions, no database)."""

from decimal import Decimal as D

import pytest

from tuanjie.assessments import scoring
from tuanjie.assessments.scoring import LineScore, Thresholds


def test_the_mean_of_reviewers_is_rounded_half_up_to_two_decimals():
    assert scoring.combine([D("8"), D("9"), D("9")]) == D("8.67")
    assert scoring.combine([D("1.005")]) == D("1.01")
    assert scoring.combine([D("2.5"), D("2.5")]) == D("2.50")


def test_nobody_scored_means_no_combined_score():
    assert scoring.combine([]) is None


def test_the_trimmed_mean_drops_one_highest_and_one_lowest_with_three_or_more():
    assert scoring.combine([D("10"), D("6"), D("8"), D("8")], scoring.TRIMMED) == D("8.00")
    assert scoring.combine([D("10"), D("0"), D("7")], scoring.TRIMMED) == D("7.00")


def test_the_trimmed_mean_is_the_mean_with_fewer_than_three():
    assert scoring.combine([D("10"), D("7")], scoring.TRIMMED) == D("8.50")
    assert scoring.combine([D("9")], scoring.TRIMMED) == D("9.00")


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        scoring.combine([D("1")], "median")


def test_a_score_must_lie_between_zero_and_the_points():
    assert scoring.check_score(D("4.999"), D("5")) == D("5.00")
    with pytest.raises(ValueError, match="不能超过该项分值5分"):
        scoring.check_score(D("5.5"), D("5"))
    with pytest.raises(ValueError, match="负数"):
        scoring.check_score(D("-1"), D("5"))


def test_the_ledger_gives_full_points_at_the_minimum():
    assert scoring.ledger_score(D("4"), count=2, min_count=2) == D("4.00")
    assert scoring.ledger_score(D("4"), count=7, min_count=2) == D("4.00")


def test_below_the_minimum_the_ledger_gives_nothing_without_points_per_record():
    assert scoring.ledger_score(D("4"), count=1, min_count=2) == D("0.00")


def test_below_the_minimum_points_per_record_count_up_to_the_points():
    assert scoring.ledger_score(D("6"), count=10, min_count=24, per_record=D("0.25")) == D("2.50")
    assert scoring.ledger_score(D("6"), count=23, min_count=24, per_record=D("0.5")) == D("6.00")


def test_a_line_without_reviews_keeps_the_ledger_proposal():
    assert scoring.line_result(LineScore(points=D("4"), proposed=D("4"))) == (D("4.00"), False)


def test_reviewers_override_the_ledger_proposal():
    line = LineScore(points=D("4"), proposed=D("4"), reviewer_scores=(D("3"), D("2")))
    assert scoring.line_result(line) == (D("2.50"), False)


def test_a_line_nobody_scored_has_no_score():
    assert scoring.line_result(LineScore(points=D("4"))) == (None, False)


def test_a_veto_item_fails_when_any_reviewer_marks_it():
    line = LineScore(points=D("0"), is_veto=True, reviewer_scores=(D("0"), D("0")), veto_marks=(False, True))
    assert scoring.line_result(line)[1] is True


def test_an_unreviewed_veto_item_follows_the_ledger():
    line = LineScore(points=D("0"), is_veto=True, proposed=D("0"), proposed_veto_failed=True)
    assert scoring.line_result(line) == (D("0.00"), True)


def test_the_percent_normalises_by_the_full_points_as_weights():
    assert scoring.percent(D("108"), D("120")) == D("90.0")
    assert scoring.percent(D("66.66"), D("100")) == D("66.7")
    assert scoring.percent(D("0"), D("0")) == D("0.0")


@pytest.mark.parametrize("pct,grade", [("90", "excellent"), ("89.9", "good"), ("80", "good"), ("79.9", "pass"),
                                       ("60", "pass"), ("59.9", "fail"), ("0", "fail")])
def test_grade_thresholds(pct, grade):
    assert scoring.grade(D(pct), vetoed=False) == grade


def test_a_failed_veto_gives_fail_whatever_the_total():
    assert scoring.grade(D("99.5"), vetoed=True) == "fail"


def test_thresholds_are_configurable_and_checked():
    assert scoring.grade(D("85"), False, Thresholds(D("85"), D("75"), D("65"))) == "excellent"
    with pytest.raises(ValueError, match="优秀"):
        Thresholds(D("80"), D("90"), D("60"))


def test_an_entry_result_sums_lines_applies_veto_and_counts_missing():
    lines = [
        LineScore(points=D("60"), reviewer_scores=(D("50"), D("55"))),          # 52.50
        LineScore(points=D("40"), proposed=D("40")),                          # 40
        LineScore(points=D("0"), is_veto=True, reviewer_scores=(D("0"),), veto_marks=(False,)),
    ]
    result = scoring.entry_result(lines, D("100"))
    assert (result.total, result.percent, result.vetoed, result.grade, result.missing) == (
        D("92.50"), D("92.5"), False, "excellent", 0)
    vetoed = scoring.entry_result(lines[:2] + [LineScore(points=D("0"), is_veto=True, veto_marks=(True,),
                                                         reviewer_scores=(D("0"),))], D("100"))
    assert vetoed.grade == "fail" and vetoed.total == D("92.50")
    assert scoring.entry_result([LineScore(points=D("10"))], D("10")).missing == 1


def test_ranking_puts_vetoed_units_last_and_ties_share_a_rank():
    ranks = scoring.rank([("a", D("88.0"), False), ("b", D("95.0"), True), ("c", D("91.5"), False),
                          ("d", D("88.0"), False), ("e", D("70.0"), False)])
    assert ranks == {"c": 1, "a": 2, "d": 2, "e": 4, "b": 5}


def test_a_pure_veto_item_needs_no_score_and_passes_unmarked():
    assert scoring.line_result(LineScore(points=D("0"), is_veto=True)) == (D("0.00"), False)
    assert scoring.line_result(LineScore(points=D("5"), is_veto=True)) == (None, False)
