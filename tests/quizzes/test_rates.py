"""Rates per place and period, from the fixture's hand-marked sheets (tests/quizzes/conftest.py): rolled up the
tree by the facts, the same after a full rebuild, and read by quota rules and ledger-bound indicators."""

from datetime import date

from tuanjie.analytics import facts
from tuanjie.assessments.selectors import ledger_evidence
from tuanjie.core import countables
from tuanjie.quizzes import selectors, services
from tuanjie.quizzes.models import Attempt

from .conftest import at

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def figures(r):
    return (r.answers, r.expected, r.participation, r.average_score, r.pass_rate, r.awareness)


def test_the_county_rates_add_up_both_townships_sheets(tree, sheets):
    # 4 sheets of 15 expected = 26.7 → 27 %; (100 + 50 + 75 + 0) / 4 = 56.25 → 56; 2 of 4 passed; 应知应会 5 of 8
    # right = 62.5 → 63 %
    assert figures(selectors.rates(tree.county, *YEAR)) == (4, 15, 27, 56, 50, 63)


def test_each_township_has_its_own_rates(tree, sheets):
    assert figures(selectors.rates(tree.t1, *MARCH)) == (3, 10, 30, 75, 67, 83)
    assert figures(selectors.rates(tree.t2, *MARCH)) == (1, 5, 20, 0, 0, 0)
    by_child = {place.name: figures(r) for place, r in selectors.rates_by_child(tree.county, *YEAR)}
    assert by_child == {"城关镇": (3, 10, 30, 75, 67, 83), "石榴镇": (1, 5, 20, 0, 0, 0)}


def test_the_province_sees_the_countys_rates_rolled_up(tree, sheets):
    assert figures(selectors.rates(tree.province, *YEAR)) == (4, 15, 27, 56, 50, 63)
    assert selectors.rates(tree.neighbour, *YEAR).empty


def test_a_rebuild_of_the_facts_gives_the_same_rates(tree, sheets):
    facts.rebuild()
    assert figures(selectors.rates(tree.county, *YEAR)) == (4, 15, 27, 56, 50, 63)
    assert figures(selectors.rates(tree.t1, *YEAR)) == (3, 10, 30, 75, 67, 83)


def test_a_month_without_the_quiz_has_no_rates(tree, sheets):
    assert selectors.rates(tree.county, date(2026, 4, 1), date(2026, 4, 30)).empty


def test_the_rate_countables_are_rounded_down_so_a_threshold_is_never_met_by_rounding(tree, sheets):
    # 5/8 = 62.5 → 62; 225/4 = 56.25 → 56; 4/15 = 26.7 → 26
    read = {key: countables.get(key).figure_at(tree.county, *YEAR)
            for key in ("quiz.awareness_rate", "quiz.average_score", "quiz.participation_rate", "quiz.pass_rate")}
    assert read == {"quiz.awareness_rate": 62, "quiz.average_score": 56, "quiz.participation_rate": 26,
                    "quiz.pass_rate": 50}
    by_place = countables.get("quiz.awareness_rate").count_by_place(*YEAR, [tree.t1.pk, tree.t2.pk, tree.u2.pk])
    assert dict(by_place) == {tree.t1.pk: 83, tree.t2.pk: 0, tree.u2.pk: 0}


def test_an_indicator_bound_to_the_awareness_rate_scores_from_it(tree, sheets):
    # what the assessment reads for "知晓率 ≥ N": 城关镇 83 %
    assert ledger_evidence("quiz.awareness_rate", tree.t1, 2026).count == 83
    assert ledger_evidence("quiz.awareness_rate", tree.t1, 2025).count == 0


def test_a_late_sheet_moves_the_rates_at_once(tree, quiz, sheets, bank):
    from .conftest import answer, right_answers

    answer(quiz, tree.t2, right_answers(bank), "device-e", when=at(3, 30))
    # 石榴镇 now 2 of 5: 40 %; (0 + 100) / 2 = 50; 1 of 2 passed; 应知应会 2 of 4
    assert figures(selectors.rates(tree.t2, *MARCH)) == (2, 5, 40, 50, 50, 50)


def test_satisfaction_counts_the_satisfied_share_of_likert_answers(tree, county_office):
    survey = services.quiz_create(by=county_office, place=tree.county, kind="survey", title="群众满意度测评",
                                  opens_at=at(6, 1), closes_at=at(6, 30))
    a = services.survey_item_create(by=county_office, quiz=survey, text="您对本地民族团结进步创建工作是否满意？")
    b = services.survey_item_create(by=county_office, quiz=survey, text="您对社区（村）服务各族群众是否满意？")
    c = services.survey_item_create(by=county_office, quiz=survey, kind="choice", text="您最常参加哪类活动？",
                                    options=["文艺活动", "宣讲", "志愿服务"])
    services.sample_set(by=county_office, quiz=survey, place=tree.t1, size=4)
    services.quiz_publish(by=county_office, quiz=survey)
    sample = survey.samples.get(place=tree.t1)
    for device, answers in [("s1", {a.pk: 5, b.pk: 4, c.pk: 0}), ("s2", {a.pk: 3, b.pk: 2, c.pk: 1}),
                            ("s3", {a.pk: 4, c.pk: 0})]:
        sheet = services.attempt_start(by=None, sample=sample, device=device, now=at(6, 2))
        services.attempt_submit(by=None, attempt=sheet, answers={str(k): v for k, v in answers.items()},
                                now=at(6, 2))
    r = selectors.rates(tree.county, *YEAR)
    # 5 Likert answers, 3 of them 满意 or 非常满意: 60 %; 3 of the 4 sampled answered: 75 %
    assert (r.responses, r.survey_sample, r.likert, r.satisfied, r.satisfaction, r.completion) == (3, 4, 5, 3, 60, 75)
    assert countables.get("survey.satisfaction_rate").figure_at(tree.t1, *YEAR) == 60
    assert Attempt.objects.filter(quiz=survey).values_list("score", flat=True).distinct().get() == 0


def test_the_rates_export_lists_each_township_with_its_rates(tree, sheets, county_office, client_for):
    from tests.workbooks import downloaded

    answer = client_for(county_office).get("/quizzes/rates/?year=2026&export=xlsx")
    rows = [[c.value for c in row] for row in downloaded(answer).active.iter_rows()]
    assert rows[0][:8] == ["地区/单位", "测试答卷", "应答人数", "参与率%", "平均分", "及格率%", "知晓率%", "干部职工测试（次）"]
    by_name = {row[0]: row[1:8] for row in rows[1:]}
    assert by_name["团结县（合计）"] == [4, 15, 27, 56, 50, 63, 0]
    assert by_name["城关镇"] == [3, 10, 30, 75, 67, 83, 0]
    assert by_name["石榴镇"] == [1, 5, 20, 0, 0, 0, 0]


def test_the_api_gives_rates_by_place_and_refuses_a_bad_year(tree, sheets, county_office, client_for):
    client = client_for(county_office)
    body = client.get(f"/api/quiz-rates/?place={tree.county.pk}&year=2026").json()
    assert (body["total"]["answers"], body["total"]["awareness"]) == (4, 63)
    assert {c["place_name"]: c["participation"] for c in body["children"]} == {"城关镇": 30, "石榴镇": 20}
    assert client.get("/api/quiz-rates/?year=99999").status_code == 400
    assert client.get(f"/api/quiz-rates/?place={tree.neighbour.pk}").status_code == 404


def test_the_county_progress_report_states_the_quiz_figures_the_dashboard_shows(tree, sheets):
    from tuanjie.documents.generators import progress_report, year_period

    text = "\n".join(p.text for p in progress_report(tree.county, year_period(2026), today=date(2026, 12, 31),
                                                       charts=False).document.paragraphs)
    # the fixture's four hand-marked sheets: 27 % of 15 expected, average 56, 应知应会 5 of 8 → 63 %
    assert "收回答卷4份，参与率27%，平均得分56分，应知应会知晓率63%。" in text


def test_a_report_of_a_period_without_quizzes_says_nothing_of_them(tree, sheets):
    from tuanjie.documents.generators import month_period, progress_report

    text = "\n".join(p.text for p in progress_report(tree.county, month_period(2026, 1), today=date(2026, 12, 31),
                                                       charts=False).document.paragraphs)
    assert "答卷" not in text and "知晓率" not in text
