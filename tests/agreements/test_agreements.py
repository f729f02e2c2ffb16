"""Target responsibility agreements: targets from quota rules, plan tasks, ledger counts and words; progress from the
records; signing with the scan; the year-end assessment that feeds the assessment campaign; the printed document;
the responsible person's to-do and reminders. Expected figures are the fixtures' own counts."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from tests.factories_attachments import PNG_1PX
from tuanjie.activities.services import activity_create
from tuanjie.agreements import services
from tuanjie.agreements.models import Agreement
from tuanjie.agreements.selectors import agreement_targets, target_progress
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role

YEAR_END = date(2026, 12, 20)


def scan():
    return SimpleUploadedFile("signed.png", PNG_1PX, "image/png")


def log(place, day, kind="lecture", n=1):
    with acting_as(None, source="test"):
        for i in range(n):
            activity_create(by=None, place=place, start_date=day, title=f"{place.name}活动{day}{i}", kind=kind)


def agreement_for(party, issuer, by, **kwargs):
    return services.agreement_create(by=by, place=party, issuer=issuer, year=2026, title=f"{party.name}目标责任书",
                                     issuer_post="领导小组组长", party_post="主要负责人", **kwargs)


@pytest.fixture
def rule(tree, township_office):
    from tuanjie.quotas.services import quota_rule_create

    return quota_rule_create(by=township_office, place=tree.t1, name="每季度开展活动不少于2次", year=2026,
                             countable="activity", minimum=2, period="quarter")


def test_a_quota_target_sums_the_party_standing_over_the_rule_periods(tree, township_office, rule):
    # Q1: 3 activities (2 count, the rule asks 2), Q2: 1, Q3 and Q4: none → 3 of 8 due, not met.
    log(tree.u1, date(2026, 1, 10), n=3)
    log(tree.u1, date(2026, 5, 10))
    log(tree.u2, date(2026, 5, 11), n=5)      # another unit's records do not count
    agreement = agreement_for(tree.u1, tree.t1, township_office)
    target = services.target_create(by=township_office, agreement=agreement, kind="quota", quota_rule=rule)
    progress = target_progress(target, today=YEAR_END)
    assert (progress.done, progress.due, progress.met) == (3, 8, False)
    assert "每季度开展活动不少于2次" in target.text


def test_a_quota_rule_that_does_not_cover_the_party_is_refused(tree, township_office, rule):
    agreement = agreement_for(tree.v1, tree.t1, township_office)   # a village has no creation field: not a subject
    with pytest.raises(ValidationError, match="不考核"):
        services.target_create(by=township_office, agreement=agreement, kind="quota", quota_rule=rule)


def test_a_count_target_counts_the_year_records_of_the_party_subtree(tree, county_office):
    log(tree.u1, date(2026, 3, 1), n=2)
    log(tree.v1, date(2026, 4, 1))
    log(tree.t1, date(2025, 12, 31))          # last year's
    log(tree.t2, date(2026, 4, 1))            # a sibling township's
    agreement = agreement_for(tree.t1, tree.county, county_office)
    target = services.target_create(by=county_office, agreement=agreement, kind="count", countable="activity",
                                    quantity=3)
    progress = target_progress(target, today=YEAR_END)
    assert (progress.done, progress.due, progress.met) == (3, 3, True)
    assert target.text == "全年活动（全部类型）不少于3次"


def test_a_task_target_follows_the_lead_unit_reports(tree, county_office, township_office):
    from tuanjie.plans.services import plan_create, task_create, task_progress_report

    plan = plan_create(by=county_office, place=tree.county, year=2026, title="团结县2026年实施方案")
    task = task_create(by=county_office, plan=plan, title="建设民族团结进步宣传长廊", lead_unit=tree.t1,
                       target_quantity=1, target_unit="处")
    task_progress_report(by=township_office, task=task, status="in_progress", percent=40, text="已完成设计")
    agreement = agreement_for(tree.t1, tree.county, county_office)
    target = services.target_create(by=county_office, agreement=agreement, kind="task", plan_task=task)
    target.refresh_from_db()
    progress = target_progress(target, today=YEAR_END)
    assert (progress.done, progress.due, progress.met) == (40, 100, False)
    other = task_create(by=county_office, plan=plan, title="石榴镇任务", lead_unit=tree.t2)
    with pytest.raises(ValidationError, match="不是重点任务"):
        services.target_create(by=county_office, agreement=agreement, kind="task", plan_task=other)


def test_only_an_office_above_the_party_writes_its_agreement(tree, township_office, neighbour_office):
    with pytest.raises(PermissionDenied):
        agreement_for(tree.t1, tree.county, township_office)     # its own agreement comes from the county
    with pytest.raises(PermissionDenied):
        agreement_for(tree.v1, tree.t1, neighbour_office)
    with pytest.raises(ValidationError, match="下级"):
        agreement_for(tree.t2, tree.t1, None)


def test_the_party_signs_only_with_the_scan_of_the_signed_copy(tree, township_office, unit_staff):
    agreement = agreement_for(tree.u1, tree.t1, township_office)
    services.target_create(by=township_office, agreement=agreement, kind="written", text="成立领导小组")
    agreement = services.agreement_act(by=township_office, agreement=agreement, action="issue")
    with pytest.raises(PermissionDenied):
        services.agreement_act(by=township_office, agreement=agreement, action="sign", files=[scan()])
    with pytest.raises(ValidationError, match="扫描件"):
        services.agreement_act(by=unit_staff, agreement=agreement, action="sign")
    agreement = services.agreement_act(by=unit_staff, agreement=agreement, action="sign", files=[scan()])
    assert agreement.status == Agreement.Status.SIGNED and agreement.signed_on is not None
    with pytest.raises(ValidationError, match="已签订"):
        services.target_create(by=township_office, agreement=agreement, kind="written", text="补充目标")


def test_an_agreement_without_targets_cannot_be_issued(tree, township_office):
    agreement = agreement_for(tree.u1, tree.t1, township_office)
    with pytest.raises(ValidationError, match="目标"):
        services.agreement_act(by=township_office, agreement=agreement, action="issue")


def _signed(tree, township_office, unit_staff, rule=None):
    agreement = agreement_for(tree.u1, tree.t1, township_office)
    services.target_create(by=township_office, agreement=agreement, kind="count", countable="activity", quantity=2)
    services.target_create(by=township_office, agreement=agreement, kind="written", text="召开专题会议")
    services.agreement_act(by=township_office, agreement=agreement, action="issue")
    return services.agreement_act(by=unit_staff, agreement=agreement, action="sign", files=[scan()])


def test_the_year_end_assessment_fixes_each_target_and_the_fulfilment(tree, township_office, unit_staff):
    log(tree.u1, date(2026, 3, 1), n=2)
    agreement = _signed(tree, township_office, unit_staff)
    with pytest.raises(ValidationError, match="11月起核定"):
        services.agreement_act(by=township_office, agreement=agreement, action="assess", today=date(2026, 6, 1))
    written = agreement.targets.get(kind="written")
    agreement = services.agreement_act(by=township_office, agreement=agreement, action="assess", today=YEAR_END,
                                       met={written.pk: True}, note="按台账核定")
    assert agreement.fulfilled is True and agreement.assessed_on == YEAR_END
    counted = agreement.targets.get(kind="count")
    assert (counted.achieved, counted.met) == (2, True)
    log(tree.u1, date(2026, 4, 1))   # a record added afterwards does not move the fixed figure
    assert target_progress(counted, today=YEAR_END).done == 2


def test_signed_and_fulfilled_agreements_are_in_the_county_figures_as_a_rebuild_finds_them(tree, township_office,
                                                                                          unit_staff):
    from tests.analytics.helpers import figure, rebuilt_facts, stored_facts

    log(tree.u1, date(2026, 3, 1), n=2)
    agreement = _signed(tree, township_office, unit_staff)
    services.agreement_act(by=township_office, agreement=agreement, action="assess", today=YEAR_END,
                           met={agreement.targets.get(kind="written").pk: True})
    assert figure(tree.county, "agreement.fulfilled", "y", date(2026, 1, 1)) == 1
    assert stored_facts() == rebuilt_facts()


def test_an_unjudged_written_target_leaves_the_agreement_unfulfilled(tree, township_office, unit_staff):
    log(tree.u1, date(2026, 3, 1), n=2)
    agreement = services.agreement_act(by=township_office, agreement=_signed(tree, township_office, unit_staff),
                                       action="assess", today=YEAR_END)
    assert agreement.fulfilled is False


def test_the_assessment_campaign_scores_a_fulfilled_agreement_from_the_ledger(tree, township_office, unit_staff):
    from tuanjie.assessments.models import IndicatorSystem
    from tuanjie.assessments.services import IndicatorSpec, campaign_create, indicator_add

    log(tree.u1, date(2026, 3, 1), n=2)
    agreement = _signed(tree, township_office, unit_staff)
    written = agreement.targets.get(kind="written")
    services.agreement_act(by=township_office, agreement=agreement, action="assess", today=YEAR_END,
                           met={written.pk: True})
    system = IndicatorSystem.objects.create(place=tree.t1, year=2026, name="单位测评")
    indicator_add(system=system, spec=IndicatorSpec(names=("组织领导", "目标责任书全部完成"), points=Decimal("10"),
                                                    countable_key="agreement.fulfilled", min_count=1))
    campaign = campaign_create(by=township_office, place=tree.t1, name="2026年考核", year=2026, system=system,
                               subjects=[tree.u1, tree.u2])
    scores = {e.subject_id: e.lines.get().proposed_score for e in campaign.entries.all()}
    assert scores == {tree.u1.pk: Decimal("10.00"), tree.u2.pk: Decimal("0.00")}
    evidence = campaign.entries.get(subject=tree.u1).lines.get().evidence
    assert [row["id"] for row in evidence] == [agreement.pk]


def test_agreements_from_the_template_take_each_party_targets_and_never_duplicate(tree, county_office,
                                                                                  township_office):
    from tuanjie.plans.services import plan_create, task_create
    from tuanjie.quotas.services import quota_rule_create

    staff = tree.person(Role.OFFICE, tree.t1, "t1_staff")
    plan = plan_create(by=county_office, place=tree.county, year=2026, title="团结县2026年实施方案")
    task_create(by=county_office, plan=plan, title="城关镇宣传长廊", lead_unit=tree.t1, responsible=staff)
    task_create(by=county_office, plan=plan, title="石榴镇主题公园", lead_unit=tree.t2)
    schools = quota_rule_create(by=county_office, place=tree.county, name="学校每月活动", year=2026,
                                countable="activity", minimum=1, period="month")
    kwargs = dict(by=county_office, issuer=tree.county, year=2026, parties=[tree.t1, tree.t2],
                  title="{place}2026年目标责任书", issuer_post="县委书记", party_post="镇党委书记",
                  quota_rules=[schools], written=["成立领导小组", ""], issue=True)
    created, skipped = services.agreements_from_template(**kwargs)
    assert [a.title for a in created] == ["城关镇2026年目标责任书", "石榴镇2026年目标责任书"] and not skipped
    t1 = created[0]
    # townships carry no creation field, so the schools' rule does not cover them; each gets its own task
    assert [(t.kind, t.text, t.responsible) for t in t1.targets.order_by("number")] == [
        ("task", "城关镇宣传长廊", staff), ("written", "成立领导小组", None)]
    assert {a.status for a in created} == {Agreement.Status.ISSUED}
    again, skipped = services.agreements_from_template(**kwargs)
    assert again == [] and skipped == [tree.t1, tree.t2]
    assert Agreement.objects.count() == 2


def test_the_signing_step_is_on_the_party_to_do_and_targets_on_the_responsible_person(tree, township_office,
                                                                                       unit_staff):
    from tuanjie.core import todo

    agreement = agreement_for(tree.u1, tree.t1, township_office)
    target = services.target_create(by=township_office, agreement=agreement, kind="written", text="召开专题会议",
                                    responsible=unit_staff)
    services.agreement_act(by=township_office, agreement=agreement, action="issue")
    headings = {str(g.source.heading): [str(r) for r in g.items] for g in todo.groups(unit_staff)}
    assert headings.get("目标责任书待签订") == [agreement.title]
    services.agreement_act(by=unit_staff, agreement=agreement, action="sign", files=[scan()])
    headings = {str(g.source.heading): [r.pk for r in g.items] for g in todo.groups(unit_staff)}
    assert "目标责任书待签订" not in headings and headings["我负责的责任书目标"] == [target.pk]


def test_a_responsible_person_is_one_of_the_party_staff(tree, township_office, unit_staff):
    agreement = agreement_for(tree.u1, tree.t1, township_office)
    outsider = tree.person(Role.UNIT, tree.u2, "u2_staff")
    with pytest.raises(ValidationError, match="不是乙方"):
        services.target_create(by=township_office, agreement=agreement, kind="written", text="目标",
                               responsible=outsider)
    target = services.target_create(by=township_office, agreement=agreement, kind="written", text="目标")
    assert services.target_assign(by=unit_staff, target=target, responsible=unit_staff).responsible == unit_staff


def test_targets_behind_in_november_are_put_to_their_responsible_person_once(tree, township_office, unit_staff):
    from tuanjie.agreements.reminders import targets_behind
    from tuanjie.notifications.models import Notification

    agreement = agreement_for(tree.u1, tree.t1, township_office)
    services.target_create(by=township_office, agreement=agreement, kind="count", countable="activity", quantity=5,
                           responsible=unit_staff)
    services.agreement_act(by=township_office, agreement=agreement, action="issue")
    services.agreement_act(by=unit_staff, agreement=agreement, action="sign", files=[scan()])
    assert targets_behind(date(2026, 10, 31)) == 0
    assert targets_behind(date(2026, 11, 2)) == 1
    assert targets_behind(date(2026, 11, 3)) == 0
    message = Notification.objects.get(recipient=unit_staff, kind="deadline")
    assert "0/5次" in message.body


def test_the_agreement_prints_its_targets_posts_and_progress(tree, township_office, unit_staff):
    log(tree.u1, date(2026, 3, 1), n=2)
    agreement = _signed(tree, township_office, unit_staff)
    from tuanjie.agreements.documents import agreement_document

    doc = Document(io.BytesIO(agreement_document(agreement, today=YEAR_END).to_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert agreement.title in text and "1. 全年活动（全部类型）不少于2次" in text and "2. 召开专题会议" in text
    assert "领导小组组长（签字）：" in cells and "主要负责人（签字）：" in cells and "城关镇中心学校" in cells
    rows = agreement_targets(agreement, today=YEAR_END)
    assert [r.progress.text for r in rows] == ["2/2次", "由下达单位核定"]


def test_the_agreement_page_shows_progress_and_downloads_the_document(tree, township_office, unit_staff,
                                                                     client_for):
    log(tree.u1, date(2026, 3, 1))
    agreement = _signed(tree, township_office, unit_staff)
    page = client_for(unit_staff).get(f"/agreements/{agreement.pk}/").content.decode()
    assert "全年活动（全部类型）不少于2次" in page and "1/2次" in page
    response = client_for(unit_staff).get(f"/agreements/{agreement.pk}/document/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_the_template_page_issues_agreements_to_the_chosen_parties(tree, county_office, client_for):
    client = client_for(county_office)
    response = client.post("/agreements/issue-many/", {
        "issuer": tree.county.pk, "year": 2026, "parties": [tree.t1.pk, tree.t2.pk], "title": "{place}责任书",
        "issuer_post": "县委书记", "party_post": "镇党委书记", "written": "成立领导小组", "issue": "on"})
    assert response.status_code == 302
    assert sorted(Agreement.objects.values_list("title", "status")) == [("城关镇责任书", "issued"),
                                                                       ("石榴镇责任书", "issued")]
