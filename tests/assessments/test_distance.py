"""Distance to the title (issue 16): the proposed score against the title level's system (ledger-bound indicators
from this year's records, the rest from the latest self-assessment or review), the points missing per indicator,
veto risks and next steps; the office's candidates ranked by distance; the application gate."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tuanjie.activities.services import activity_create
from tuanjie.assessments import selectors, services
from tuanjie.assessments.services import IndicatorSpec
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role

TODAY = date(2026, 12, 1)

# The system under test: (names, points, countable key, minimum a year, points per record, veto)
SYSTEM = [
    (("组织领导", "成立领导小组"), "10", "", None, None, False),
    (("宣传教育", "开展主题宣讲"), "6", "activity.lecture", 3, "2", False),
    (("宣传教育", "专题培训"), "4", "activity.training", 2, None, False),
    (("创建成效", "群众满意度"), "80", "", None, None, False),
    (("一票否决", "发生影响民族团结的重大事件"), "0", "", None, None, True),
]
# The unit's self-scores, and what the distance must then show, worked out by hand from the rules:
# 2 lectures × 2 points = 4 of 6; 0 trainings and no points per record = 0 of 4; the rest as self-assessed.
SELF = {"成立领导小组": "8", "开展主题宣讲": "6", "专题培训": "4", "群众满意度": "70", "发生影响民族团结的重大事件": "0"}
EXPECTED = {  # indicator: (score, source, missing)
    "成立领导小组": (D("8"), "self", D("2")),
    "开展主题宣讲": (D("4"), "ledger", D("2")),
    "专题培训": (D("0"), "ledger", D("4")),
    "群众满意度": (D("70"), "self", D("10")),
    "发生影响民族团结的重大事件": (D("0"), "self", D("0")),
}
EXPECTED_PERCENT, EXPECTED_DISTANCE, EXPECTED_SELF = D("82.0"), D("8.0"), D("88.0")


@pytest.fixture
def system(tree, county_office):
    return services.indicator_system_create(
        by=county_office, place=tree.county, year=2026, category=None, name="示范单位测评",
        specs=[IndicatorSpec(names=n, points=D(p), countable_key=k, min_count=m,
                             points_per_record=D(r) if r else None, is_veto=v) for n, p, k, m, r, v in SYSTEM])


@pytest.fixture
def level(system):
    from tuanjie.titles.defaults import ensure
    from tuanjie.titles.models import TitleLevel

    ensure()
    level = TitleLevel.objects.get(name="县级")
    level.indicator_system = system
    level.save()
    return level


@pytest.fixture
def assessed(tree, county_office, unit_staff, system):
    for day in (date(2026, 3, 2), date(2026, 6, 9)):
        activity_create(by=None, place=tree.u1, start_date=day, title="主题宣讲", kind="lecture", participants=40)
    activity_create(by=None, place=tree.u1, start_date=date(2026, 6, 9), title="座谈", kind="symposium",
                    participants=10)
    campaign = services.campaign_create(by=county_office, place=tree.county, name="2026年度测评", year=2026,
                                        system=system, subjects=[tree.u1])
    entry = campaign.entries.get()
    scores = {line.pk: services.SelfScore(SELF[line.indicator.name]) for line in entry.lines.select_related("indicator")}
    services.entry_self_assess(by=unit_staff, entry=entry, scores=scores)
    return services.entry_submit(by=unit_staff, entry=entry)


def test_the_distance_scores_the_ledger_from_records_and_the_rest_from_the_self_assessment(tree, level, assessed):
    found = selectors.title_distance(tree.u1, level, TODAY)
    assert {g.indicator.name: (g.score, g.source, g.missing) for g in found.gaps} == EXPECTED
    assert (found.percent, found.distance, found.self_percent) == (EXPECTED_PERCENT, EXPECTED_DISTANCE, EXPECTED_SELF)
    assert found.threshold == D("90") and not found.may_apply


def test_the_ledger_lines_carry_their_records_as_evidence(tree, level, assessed):
    lecture = next(g for g in selectors.title_distance(tree.u1, level, TODAY).gaps
                   if g.indicator.name == "开展主题宣讲")
    assert lecture.count == 2 and [r["label"] for r in lecture.evidence] == ["主题宣讲", "主题宣讲"]
    assert all(r["url"].startswith("/activities/") for r in lecture.evidence)


def test_next_steps_put_the_largest_gap_first_and_link_to_the_form(tree, level, assessed):
    steps = selectors.title_distance(tree.u1, level, TODAY).next_steps
    assert [g.indicator.name for g in steps] == ["群众满意度", "专题培训", "成立领导小组", "开展主题宣讲"]
    training = steps[1]
    assert training.next_step.startswith("今年已有0条") and training.next_step.endswith("记录，还差2条")
    assert training.next_url == f"/activities/add/?place={tree.u1.pk}&kind=training"
    assert steps[0].next_url == assessed.get_absolute_url()


def test_a_review_is_a_later_word_than_the_self_assessment(tree, county_office, level, assessed):
    inspector = tree.person(Role.INSPECTOR, tree.county, "inspector")
    assessed.campaign.reviewers.add(inspector)
    line = assessed.lines.get(indicator__name="群众满意度")
    services.line_review(by=inspector, line=line, score="75")
    gap = next(g for g in selectors.title_distance(tree.u1, level, TODAY).gaps if g.indicator.name == "群众满意度")
    assert (gap.score, gap.source, gap.missing) == (D("75"), "review", D("5"))


def test_a_veto_marked_in_the_self_assessment_is_a_veto_risk(tree, unit_staff, county_office, level, assessed):
    services.entry_return(by=county_office, entry=assessed, comment="请如实填报")
    line = assessed.lines.get(indicator__is_veto=True)
    services.line_self_assess(by=unit_staff, line=line, score="0", veto_failed=True)
    services.entry_submit(by=unit_staff, entry=assessed)
    found = selectors.title_distance(tree.u1, level, TODAY)
    assert [g.indicator.name for g in found.veto_risks] == ["发生影响民族团结的重大事件"]
    assert found.next_steps[0].veto_risk


def test_without_a_self_assessment_every_other_indicator_waits_for_one(tree, level, system):
    found = selectors.title_distance(tree.u2, level, TODAY)
    assert found.self_entry is None and not found.may_apply
    assert {g.indicator.name: g.source for g in found.gaps} == {
        "成立领导小组": "", "开展主题宣讲": "ledger", "专题培训": "ledger", "群众满意度": "", "发生影响民族团结的重大事件": ""}
    assert found.percent == D("0.0")


def test_an_adopted_version_replaces_the_levels_own(tree, county_office, township_office, level, system):
    own = services.indicator_system_derive(by=township_office, system=system, place=tree.t1, name="城关镇版")
    services.indicator_system_adopt(by=township_office, system=own, place=tree.t1)
    assert selectors.system_for(tree.u1, level) == own
    assert selectors.system_for(tree.u2, level) == own        # 城关镇人民政府 is in 城关镇 too
    assert selectors.system_for(other_unit(tree), level) == system     # 石榴镇 adopted nothing
    assert selectors.system_for(tree.t2, level) is None                # a unit system measures no area


def other_unit(tree):
    from tuanjie.core.context import acting_as
    from tuanjie.places.models import CreationField, Place
    from tuanjie.places.services import place_create

    with acting_as(None, source="test"):
        return place_create(parent=tree.t2, kind=Place.Kind.UNIT, name="石榴镇小学", code="U9",
                            creation_field=CreationField.objects.get(name="学校"))


# ---------------------------------------------------------------------------------------------------- the gate

def _apply(tree, unit_staff, level):
    from tuanjie.titles.services import application_act, application_create

    application = application_create(by=unit_staff, subject=tree.u1, title_level=level, year=2026, deeds="创建事迹")
    return application, lambda: application_act(by=unit_staff, application=application, action="submit")


def test_an_application_below_the_threshold_is_refused_with_the_score_and_the_threshold(tree, unit_staff, level,
                                                                                          assessed):
    application, submit = _apply(tree, unit_staff, level)
    with pytest.raises(ValidationError) as refused:
        submit()
    assert refused.value.messages == ["自评得分88分，未达到县级申报门槛90分，请对照“距称号还差多少”补齐后再申报"]
    application.refresh_from_db()
    assert application.status == application.Status.DRAFT


def test_an_application_without_a_self_assessment_is_refused(tree, unit_staff, level):
    application, submit = _apply(tree, unit_staff, level)
    with pytest.raises(ValidationError, match="须先按“示范单位测评”完成自评"):
        submit()


def test_an_application_at_the_threshold_goes_in(tree, unit_staff, county_office, level, assessed):
    services.entry_return(by=county_office, entry=assessed, comment="满意度请附问卷")
    services.line_self_assess(by=unit_staff, line=assessed.lines.get(indicator__name="群众满意度"), score="72")
    services.entry_submit(by=unit_staff, entry=assessed)
    application, submit = _apply(tree, unit_staff, level)
    assert submit().status == application.Status.IN_REVIEW


def test_the_threshold_is_configurable_per_level(tree, unit_staff, level, assessed):
    level.application_threshold = D("85")
    level.save()
    application, submit = _apply(tree, unit_staff, level)
    assert submit().status == application.Status.IN_REVIEW


def test_a_level_without_a_system_has_no_gate(tree, unit_staff):
    from tuanjie.titles.defaults import ensure
    from tuanjie.titles.models import TitleLevel

    ensure()
    application, submit = _apply(tree, unit_staff, TitleLevel.objects.get(name="县级"))
    assert submit().status == application.Status.IN_REVIEW


# ---------------------------------------------------------------------------------------------------- pages

def test_the_distance_page_shows_the_gaps_and_next_steps(tree, unit_staff, level, assessed, client_for):
    page = client_for(unit_staff).get(reverse("assessments:distance"), {"place": tree.u1.pk})
    assert page.status_code == 200 and page.context["level"] == level
    html = page.content.decode()
    assert "还差2条" in html and f"/activities/add/?place={tree.u1.pk}&amp;kind=training" in html


def test_the_distance_page_of_a_place_out_of_reach_is_404(tree, neighbour_office, level, client_for):
    page = client_for(neighbour_office).get(reverse("assessments:distance"), {"place": tree.u1.pk})
    assert page.status_code == 404


def test_the_office_sees_its_candidates_ranked_by_distance(tree, county_office, unit_staff, level, assessed,
                                                         client_for):
    from tuanjie.titles.services import application_create

    u2_staff = tree.person(Role.UNIT, tree.u2, "u2_staff")
    application_create(by=u2_staff, subject=tree.u2, title_level=level, year=2026, deeds="事迹")
    ranked = selectors.title_candidates(tree.county, level)
    assert [(d.subject, d.distance) for d in ranked] == [(tree.u1, D("8.0")), (tree.u2, D("90.0"))]
    page = client_for(county_office).get(reverse("assessments:candidates"), {"place": tree.county.pk,
                                                                             "level": level.pk})
    assert [d.subject for d in page.context["ranked"]] == [tree.u1, tree.u2]


def test_the_dashboard_shows_the_distance_tile(tree, unit_staff, level, assessed, client_for):
    page = client_for(unit_staff).get(reverse("analytics:dashboard"), {"place": tree.u1.pk})
    assert page.status_code == 200
    tile = page.context["distance"]
    assert tile.level == "县级民族团结进步创建示范单位" and tile.distance == selectors.title_distance(
        tree.u1, level).distance
    assert 'id="distance-tile"' in page.content.decode()


def test_the_candidates_list_reads_the_ledger_once_per_indicator_not_per_candidate(tree, county_office, level,
                                                                                   client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tuanjie.places.models import CreationField, Place
    from tuanjie.places.services import place_create
    from tuanjie.titles.services import application_create

    school = CreationField.objects.get(name="学校")

    def add_candidates(n, start):
        for i in range(start, start + n):
            with acting_as(None, source="test"):
                unit = place_create(parent=tree.t2, kind=Place.Kind.UNIT, name=f"学校{i}", code=f"C{i}",
                                    creation_field=school)
            application_create(by=tree.person(Role.UNIT, unit, f"c{i}"), subject=unit, title_level=level, year=2026,
                               deeds="事迹")

    def queries():
        client = client_for(county_office)
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(reverse("assessments:candidates"), {"place": tree.county.pk, "level": level.pk})
        return len(page.context["ranked"]), len(ctx.captured_queries)

    add_candidates(2, 0)
    few, few_queries = queries()
    add_candidates(10, 2)
    many, many_queries = queries()
    assert (few, many) == (2, 12)
    # per candidate: its system, its latest self-assessment and entry; never a query per indicator
    assert (many_queries - few_queries) / 10 <= 4


def test_the_api_gives_the_distance_the_page_shows(tree, level, assessed, unit_staff, client_for):
    client = client_for(unit_staff)
    found = client.get("/api/title-distance/", {"place": tree.u1.pk, "title_level": level.pk, "year": 2026})
    assert found.status_code == 200, found.content
    body = found.json()
    assert (D(body["percent"]), D(body["distance"]), D(body["self_percent"])) == (
        EXPECTED_PERCENT, EXPECTED_DISTANCE, EXPECTED_SELF)
    assert D(body["threshold"]) == D("90") and body["may_apply"] is False
    missing = {name: (score, source, gap) for name, (score, source, gap) in EXPECTED.items() if gap > 0}
    assert [g["name"] for g in body["gaps"]] == sorted(missing, key=lambda n: -missing[n][2])   # largest gap first
    assert {g["name"]: (D(g["score"]), g["source"], D(g["missing"])) for g in body["gaps"]} == missing


def test_the_api_refuses_a_subject_out_of_reach_and_a_malformed_id(tree, level, assessed, neighbour_office, client_for):
    client = client_for(neighbour_office)                     # the neighbouring county cannot see u1
    assert client.get("/api/title-distance/", {"place": tree.u1.pk, "title_level": level.pk}).status_code == 404
    refused = client.get("/api/title-distance/", {"place": "十"})
    assert refused.status_code == 400 and "正整数" in refused.json()["place"][0]
    assert client.get("/api/title-distance/").status_code == 400
