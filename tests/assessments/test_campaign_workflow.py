"""Assessment campaigns: ledger proposals with evidence, self-assessment, reviewers, results, driven through the
services. The ledger rule is a test countable over talks (约谈), so the test does not depend on other apps."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from tuanjie.assessments import services
from tuanjie.assessments.models import Campaign, Entry, Line
from tuanjie.assessments.services import IndicatorSpec
from tuanjie.core import countables
from tuanjie.core.roles import Role
from tuanjie.inspections.models import Talk


@pytest.fixture
def ledger_key(monkeypatch):
    key = "test.talk"
    monkeypatch.setitem(countables.registry(), key,
                        countables.Countable(key, "约谈", "inspections.Talk", "date", place_field="place"))
    return key


@pytest.fixture
def system(tree, county_office, ledger_key):
    return services.indicator_system_create(by=county_office, place=tree.county, year=2026, category=None,
                                            name="2026年测评指标", specs=[
        IndicatorSpec(("组织领导", "按台账计分"), D("40"), countable_key=ledger_key, min_count=2),
        IndicatorSpec(("宣传教育", "评审计分"), D("60")),
        IndicatorSpec(("否决事项", "发生重大事件"), D("0"), is_veto=True),
    ])


@pytest.fixture
def reviewers(tree):
    return [tree.person(Role.INSPECTOR, tree.county, f"reviewer{i}") for i in range(3)]


@pytest.fixture
def talks(tree):
    return [Talk.objects.create(place=tree.u1, date=date(2026, m, 1), interviewee_post="负责人", interviewer="部长",
                                content="谈话") for m in (3, 6)] + [
        Talk.objects.create(place=tree.u1, date=date(2025, 12, 1), interviewee_post="负责人", interviewer="部长",
                            content="去年的不算")]


@pytest.fixture
def campaign(tree, county_office, system, reviewers, talks):
    return services.campaign_create(by=county_office, place=tree.county, name="2026年度考核验收", year=2026,
                                    system=system, subjects=[tree.u1, tree.u2], reviewers=reviewers[:2])


@pytest.fixture
def u2_staff(tree):
    return tree.person(Role.UNIT, tree.u2, "u2_staff")


def entry_of(campaign, unit) -> Entry:
    return Entry.objects.get(campaign=campaign, subject=unit)


def line_of(entry, name) -> Line:
    return entry.lines.select_related("indicator", "entry__campaign").get(indicator__name=name)


def self_assess_all(entry, user, scores=("40", "55", "0")):
    for line, score in zip(entry.lines.select_related("indicator").order_by("indicator__order"), scores,
                           strict=True):
        services.line_self_assess(by=user, line=line, score=score)
    return services.entry_submit(by=user, entry=entry, summary="自评报告")


# ---------------------------------------------------------------------------------------------------- set-up

def test_countable_lines_come_pre_scored_with_their_records_as_evidence(campaign, tree, talks):
    line = line_of(entry_of(campaign, tree.u1), "按台账计分")
    assert line.proposed_count == 2 and line.proposed_score == D("40.00")
    assert sorted(r["id"] for r in line.evidence) == sorted(t.pk for t in talks[:2])
    assert line.evidence[0]["url"].startswith("/inspections/talks/")
    lagging = line_of(entry_of(campaign, tree.u2), "按台账计分")
    assert lagging.proposed_count == 0 and lagging.proposed_score == D("0.00")
    assert line_of(entry_of(campaign, tree.u1), "评审计分").proposed_score is None


def test_an_indicator_bound_to_an_unregistered_ledger_key_is_refused(tree, county_office):
    with pytest.raises(ValidationError, match="台账规则“nobody.yet”不存在"):
        services.indicator_system_create(by=county_office, place=tree.county, year=2026, category=None, name="x",
                                         specs=[IndicatorSpec(("a", "b"), D("10"), countable_key="nobody.yet",
                                                              min_count=1)])


def test_only_an_office_over_the_units_opens_a_campaign(tree, township_office, unit_staff, system):
    with pytest.raises(PermissionDenied):
        services.campaign_create(by=unit_staff, place=tree.u1, name="x", year=2026, system=system,
                                 subjects=[tree.u1a])
    with pytest.raises(ValidationError, match="管辖范围"):
        services.campaign_create(by=township_office, place=tree.t1, name="x", year=2026, system=system,
                                 subjects=[tree.u1, tree.b1])


def test_reviewers_must_be_inspectors_of_this_line_of_places(tree, county_office, system, unit_staff):
    outsider = tree.person(Role.INSPECTOR, tree.neighbour, "outsider")
    for wrong in (outsider, unit_staff):
        with pytest.raises(ValidationError, match="评审人员"):
            services.campaign_create(by=county_office, place=tree.county, name="x", year=2026, system=system,
                                     subjects=[tree.u1], reviewers=[wrong])


def test_thresholds_must_be_in_order(tree, county_office, system):
    with pytest.raises(ValidationError, match="优秀"):
        services.campaign_create(by=county_office, place=tree.county, name="x", year=2026, system=system,
                                 subjects=[tree.u1], excellent_from=D("70"), good_from=D("80"))


# ---------------------------------------------------------------------------------------------------- self-assessment

def test_the_unit_self_assesses_and_submits(campaign, tree, unit_staff):
    entry = self_assess_all(entry_of(campaign, tree.u1), unit_staff)
    assert entry.state == Entry.State.SUBMITTED and entry.self_total == D("95.00")


def test_submitting_needs_every_line_self_scored(campaign, tree, unit_staff):
    entry = entry_of(campaign, tree.u1)
    services.line_self_assess(by=unit_staff, line=line_of(entry, "评审计分"), score="50")
    with pytest.raises(ValidationError, match="还有2项未自评"):
        services.entry_submit(by=unit_staff, entry=entry)


def test_a_self_score_above_the_points_is_refused(campaign, tree, unit_staff):
    with pytest.raises(ValidationError, match="不能超过该项分值60分"):
        services.line_self_assess(by=unit_staff, line=line_of(entry_of(campaign, tree.u1), "评审计分"), score="61")
    with pytest.raises(ValidationError, match="数字"):
        services.line_self_assess(by=unit_staff, line=line_of(entry_of(campaign, tree.u1), "评审计分"), score="好")


@pytest.mark.parametrize("who", ["county_office", "cadre", "u2_staff"])
def test_only_the_unit_itself_self_assesses_and_submits(campaign, tree, who, request):
    user = request.getfixturevalue(who)
    entry = entry_of(campaign, tree.u1)
    with pytest.raises(PermissionDenied):
        services.line_self_assess(by=user, line=line_of(entry, "评审计分"), score="50")
    with pytest.raises(PermissionDenied):
        services.entry_submit(by=user, entry=entry)


def test_no_self_assessment_after_submitting(campaign, tree, unit_staff):
    entry = self_assess_all(entry_of(campaign, tree.u1), unit_staff)
    with pytest.raises(ValidationError, match="已提交"):
        services.line_self_assess(by=unit_staff, line=line_of(entry, "评审计分"), score="1")
    with pytest.raises(ValidationError):
        services.entry_submit(by=unit_staff, entry=entry)


def test_the_office_returns_a_submission_with_a_comment(campaign, tree, unit_staff, county_office):
    entry = self_assess_all(entry_of(campaign, tree.u1), unit_staff)
    with pytest.raises(ValidationError, match="退回意见"):
        services.entry_return(by=county_office, entry=entry, comment="")
    entry = services.entry_return(by=county_office, entry=entry, comment="佐证材料不足")
    assert entry.state == Entry.State.DRAFT and entry.return_comment == "佐证材料不足"
    services.line_self_assess(by=unit_staff, line=line_of(entry, "评审计分"), score="50")


def test_the_unit_and_a_township_office_cannot_return(campaign, tree, unit_staff, township_office):
    entry = self_assess_all(entry_of(campaign, tree.u1), unit_staff)
    for user in (unit_staff, township_office):
        with pytest.raises(PermissionDenied):
            services.entry_return(by=user, entry=entry, comment="x")


def test_a_draft_cannot_be_returned(campaign, tree, county_office):
    with pytest.raises(ValidationError, match="自评中"):
        services.entry_return(by=county_office, entry=entry_of(campaign, tree.u1), comment="x")


def test_one_entry_cannot_be_finished_alone(campaign, tree, county_office):
    with pytest.raises(ValidationError, match="统一确定"):
        services.entry_transition(by=county_office, entry=entry_of(campaign, tree.u1), action="finish")


# ---------------------------------------------------------------------------------------------------- review

def test_review_waits_for_the_submission(campaign, tree, reviewers):
    with pytest.raises(ValidationError, match="尚未提交"):
        services.line_review(by=reviewers[0], line=line_of(entry_of(campaign, tree.u1), "评审计分"), score="50")


def test_only_assigned_reviewers_score(campaign, tree, unit_staff, reviewers, county_office):
    entry = self_assess_all(entry_of(campaign, tree.u1), unit_staff)
    line = line_of(entry, "评审计分")
    for user in (reviewers[2], unit_staff, county_office):
        with pytest.raises(PermissionDenied):
            services.line_review(by=user, line=line, score="50")


def test_overriding_the_ledger_proposal_needs_a_reason(campaign, tree, unit_staff, reviewers):
    entry = self_assess_all(entry_of(campaign, tree.u1), unit_staff)
    line = line_of(entry, "按台账计分")
    with pytest.raises(ValidationError, match="理由"):
        services.line_review(by=reviewers[0], line=line, score="30")
    review = services.line_review(by=reviewers[0], line=line, score="30", reason="一次培训无签到表")
    assert review.score == D("30.00")
    services.line_review(by=reviewers[1], line=line, score="40")   # agreeing needs no reason


def test_a_reviewer_rescoring_replaces_their_score(campaign, tree, unit_staff, reviewers):
    entry = self_assess_all(entry_of(campaign, tree.u1), unit_staff)
    line = line_of(entry, "评审计分")
    services.line_review(by=reviewers[0], line=line, score="50")
    services.line_review(by=reviewers[0], line=line, score="52")
    assert list(line.reviews.values_list("score", flat=True)) == [D("52.00")]


# ---------------------------------------------------------------------------------------------------- results

def review_all(campaign, tree, unit_staff, u2_staff, reviewers, u2_veto=False):
    e1 = self_assess_all(entry_of(campaign, tree.u1), unit_staff)
    e2 = self_assess_all(entry_of(campaign, tree.u2), u2_staff, scores=("0", "58", "0"))
    for reviewer, s1, s2 in ((reviewers[0], "50", "58"), (reviewers[1], "53", "59")):
        services.line_review(by=reviewer, line=line_of(e1, "评审计分"), score=s1)
        services.line_review(by=reviewer, line=line_of(e2, "评审计分"), score=s2)
        services.line_review(by=reviewer, line=line_of(e2, "发生重大事件"), score="0",
                             veto_failed=u2_veto and reviewer == reviewers[1])
    return e1, e2


def test_the_office_finishes_with_totals_grades_and_ranks(campaign, tree, unit_staff, u2_staff, reviewers,
                                                         county_office):
    e1, e2 = review_all(campaign, tree, unit_staff, u2_staff, reviewers)
    services.campaign_finish(by=county_office, campaign=campaign)
    e1.refresh_from_db()
    e2.refresh_from_db()
    # u1: ledger 40 + mean(50, 53) = 91.5 → 优秀; u2: ledger 0 + 58.5 → 不合格 (below 60)
    assert (e1.total, e1.percent, e1.grade, e1.rank) == (D("91.50"), D("91.5"), "excellent", 1)
    assert (e2.total, e2.grade, e2.rank) == (D("58.50"), "fail", 2)
    assert Campaign.objects.get(pk=campaign.pk).state == Campaign.State.FINISHED
    assert line_of(e1, "按台账计分").final_score == D("40.00")


def test_a_failed_veto_item_fails_the_unit_and_ranks_it_last(campaign, tree, unit_staff, u2_staff, reviewers,
                                                            county_office):
    review_all(campaign, tree, unit_staff, u2_staff, reviewers, u2_veto=True)
    services.campaign_finish(by=county_office, campaign=campaign)
    e2 = entry_of(campaign, tree.u2)
    assert e2.vetoed and e2.grade == "fail" and e2.rank == 2


def test_the_trimmed_rule_drops_highest_and_lowest(tree, county_office, system, reviewers, unit_staff, talks):
    campaign = services.campaign_create(by=county_office, place=tree.county, name="x", year=2026, system=system,
                                        subjects=[tree.u1], reviewers=reviewers, rule=Campaign.Rule.TRIMMED)
    entry = self_assess_all(entry_of(campaign, tree.u1), unit_staff)
    for reviewer, score in zip(reviewers, ("60", "45", "50"), strict=True):
        services.line_review(by=reviewer, line=line_of(entry, "评审计分"), score=score)
    services.campaign_finish(by=county_office, campaign=campaign)
    assert entry_of(campaign, tree.u1).total == D("90.00")   # 40 + 50


def test_finishing_needs_every_unit_submitted(campaign, tree, unit_staff, county_office):
    self_assess_all(entry_of(campaign, tree.u1), unit_staff)
    with pytest.raises(ValidationError, match="城关镇人民政府"):
        services.campaign_finish(by=county_office, campaign=campaign)


def test_finishing_needs_every_judged_line_scored(campaign, tree, unit_staff, u2_staff, county_office):
    self_assess_all(entry_of(campaign, tree.u1), unit_staff)
    self_assess_all(entry_of(campaign, tree.u2), u2_staff)
    with pytest.raises(ValidationError, match="未评分"):
        services.campaign_finish(by=county_office, campaign=campaign)
    assert not Entry.objects.filter(state=Entry.State.FINISHED).exists()


def test_only_the_organising_office_finishes_and_only_once(campaign, tree, unit_staff, u2_staff, reviewers,
                                                           county_office, township_office):
    review_all(campaign, tree, unit_staff, u2_staff, reviewers)
    for user in (township_office, reviewers[0], unit_staff):
        with pytest.raises(PermissionDenied):
            services.campaign_finish(by=user, campaign=campaign)
    services.campaign_finish(by=county_office, campaign=campaign)
    with pytest.raises(ValidationError):
        services.campaign_finish(by=county_office, campaign=campaign)
    with pytest.raises(ValidationError):
        services.line_review(by=reviewers[0], line=line_of(entry_of(campaign, tree.u1), "评审计分"), score="1")


def test_results_export_to_excel_for_the_appraisal(campaign, tree, unit_staff, u2_staff, reviewers, county_office,
                                                   client_for):
    review_all(campaign, tree, unit_staff, u2_staff, reviewers)
    services.campaign_finish(by=county_office, campaign=campaign)
    response = client_for(county_office).get(f"/assessments/{campaign.pk}/results.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("名次", "单位")
    assert rows[1][0] == 1 and rows[1][1] == "城关镇中心学校" and rows[1][-1] == "优秀"
    assert rows[2][1] == "城关镇人民政府" and rows[2][-1] == "不合格"


def test_the_unit_sees_only_its_own_result(campaign, tree, unit_staff, u2_staff, reviewers, county_office, client_for):
    review_all(campaign, tree, unit_staff, u2_staff, reviewers)
    services.campaign_finish(by=county_office, campaign=campaign)
    client = client_for(unit_staff)
    assert client.get(entry_of(campaign, tree.u2).get_absolute_url()).status_code == 404
    data = client.get(f"/api/assessment-entries/{entry_of(campaign, tree.u1).pk}/").json()
    assert data["grade"] == "excellent" and len(data["lines"]) == 3


def test_the_pages_walk_the_campaign(campaign, tree, unit_staff, u2_staff, reviewers, county_office, client):
    entry = entry_of(campaign, tree.u1)
    lines = {line.indicator.name: line.pk for line in entry.lines.select_related("indicator")}
    client.force_login(unit_staff)
    assert "保存并提交自评" in client.get(entry.get_absolute_url()).content.decode()
    client.post(f"/assessments/entries/{entry.pk}/self/", {
        f"score-{lines['按台账计分']}": "40", f"score-{lines['评审计分']}": "999", f"score-{lines['发生重大事件']}": "0",
        "submit": "1"})
    entry.refresh_from_db()
    assert entry.state == Entry.State.DRAFT and not entry.lines.filter(self_score__isnull=False).exists()
    client.post(f"/assessments/entries/{entry.pk}/self/", {
        f"score-{lines['按台账计分']}": "40", f"score-{lines['评审计分']}": "55", f"score-{lines['发生重大事件']}": "0",
        "submit": "1"})
    entry.refresh_from_db()
    assert entry.state == Entry.State.SUBMITTED
    client.force_login(reviewers[0])
    assert "保存评分" in client.get(entry.get_absolute_url()).content.decode()
    client.post(f"/assessments/entries/{entry.pk}/review/", {
        f"score-{lines['按台账计分']}": "40", f"score-{lines['评审计分']}": "50"})
    assert line_of(entry, "评审计分").reviews.get().score == D("50.00")
    client.force_login(county_office)
    assert "确定考核结果" in client.get(campaign.get_absolute_url()).content.decode()


def test_self_assessment_evidence_is_attached_to_the_line(campaign, tree, unit_staff):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tuanjie.attachments.models import Attachment

    buf = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buf, format="PNG")
    line = line_of(entry_of(campaign, tree.u1), "评审计分")
    services.line_self_assess(by=unit_staff, line=line, score="50",
                              files=[SimpleUploadedFile("证明.png", buf.getvalue())])
    assert Attachment.objects.for_object(line).count() == 1


def test_entry_steps_are_offered_and_taken_through_the_workflow_engine(campaign, tree, unit_staff, county_office,
                                                                         township_office):
    from tests.workflow_checks import change_log_updates, notifications_linking
    from tuanjie.core.workflow import Workflow

    entry = entry_of(campaign, tree.u1)
    assert isinstance(services.ENTRIES, Workflow)
    assert services.allowed_entry_transitions(unit_staff, entry) == ["submit"]
    assert services.allowed_entry_transitions(county_office, entry) == []
    entry = self_assess_all(entry, unit_staff)
    assert services.allowed_entry_transitions(county_office, entry) == ["return"]   # finishing is for all at once
    assert services.allowed_entry_transitions(township_office, entry) == []
    assert services.allowed_entry_transitions(unit_staff, entry) == []
    before = len(change_log_updates(entry))
    services.entry_return(by=county_office, entry=entry, comment="佐证材料不足")
    assert len(change_log_updates(entry)) == before + 1
    assert [n.recipient for n in notifications_linking(entry)] == [unit_staff]
