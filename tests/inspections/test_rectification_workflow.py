"""Inspection rounds, findings and the rectification workflow, driven through the services."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.core.roles import Role
from tuanjie.inspections import services
from tuanjie.inspections.models import Finding, Rectification, RectificationStep, Round

S = Rectification.State


@pytest.fixture
def round_(tree, county_office):
    return services.round_create(
        by=county_office, place=tree.county, title="4月专项督查", kind=Round.Kind.SPECIAL,
        start_date=date(2026, 4, 10), end_date=date(2026, 4, 20), units=[tree.u1, tree.u2],
        team=[{"name": "钱卫东", "title": "督查组组长", "is_leader": True}, {"name": "李明", "title": "成员"}])


@pytest.fixture
def inspector(tree):
    return tree.person(Role.INSPECTOR, tree.county, "county_inspector")


@pytest.fixture
def problem(round_, inspector, tree):
    return services.finding_record(by=inspector, round_=round_, unit=tree.u1, kind=Finding.Kind.PROBLEM,
                                   text="档案资料归档不及时")


@pytest.fixture
def item(problem, county_office):
    return services.rectification_create(by=county_office, finding=problem, requirement="补齐上半年活动档案",
                                         deadline=date(2026, 5, 31))


# ---------------------------------------------------------------------------------------------------- rounds

def test_an_office_creates_a_round_with_its_team_and_scope(round_, tree):
    assert round_.team.count() == 2 and round_.team.get(is_leader=True).name == "钱卫东"
    assert set(round_.units.all()) == {tree.u1, tree.u2}


def test_a_round_cannot_reach_units_outside_the_offices_subtree(tree, township_office):
    with pytest.raises(ValidationError, match="不在本级管辖范围内"):
        services.round_create(by=township_office, place=tree.t1, title="x", kind="special",
                              start_date=date(2026, 4, 1), end_date=date(2026, 4, 2), units=[tree.u1, tree.b1])


def test_a_unit_cannot_organise_a_round(tree, unit_staff):
    with pytest.raises(PermissionDenied):
        services.round_create(by=unit_staff, place=tree.u1, title="x", kind="special",
                              start_date=date(2026, 4, 1), end_date=date(2026, 4, 2), units=[tree.u1a])


def test_a_township_office_cannot_organise_a_round_for_the_county(tree, township_office):
    with pytest.raises(PermissionDenied):
        services.round_create(by=township_office, place=tree.county, title="x", kind="special",
                              start_date=date(2026, 4, 1), end_date=date(2026, 4, 2), units=[tree.u1])


def test_the_end_date_may_not_precede_the_start(tree, county_office):
    with pytest.raises(ValidationError, match="结束日期"):
        services.round_create(by=county_office, place=tree.county, title="x", kind="special",
                              start_date=date(2026, 4, 5), end_date=date(2026, 4, 2), units=[tree.u1])


# ---------------------------------------------------------------------------------------------------- findings

def test_an_inspector_records_a_highlight_and_a_problem(round_, inspector, tree):
    services.finding_record(by=inspector, round_=round_, unit=tree.u2, kind="highlight", text="打造了民族团结长廊")
    services.finding_record(by=inspector, round_=round_, unit=tree.u1, kind="problem", text="宣传氛围不浓")
    assert round_.findings.count() == 2


def test_a_unit_cannot_record_findings(round_, unit_staff, tree):
    with pytest.raises(PermissionDenied):
        services.finding_record(by=unit_staff, round_=round_, unit=tree.u1, kind="highlight", text="自夸")


def test_a_township_office_cannot_record_into_a_county_round(round_, township_office, tree):
    with pytest.raises(PermissionDenied):
        services.finding_record(by=township_office, round_=round_, unit=tree.u1, kind="problem", text="x")


def test_a_team_member_from_another_place_may_record_in_a_mutual_inspection(round_, tree):
    colleague = tree.person(Role.INSPECTOR, tree.neighbour, "mutual_inspector")
    round_.team.create(name="潘国庆", title="友谊县督查组", user=colleague)
    finding = services.finding_record(by=colleague, round_=round_, unit=tree.u2, kind="highlight", text="做法好")
    assert finding.recorded_by == colleague


def test_findings_only_for_units_in_scope(round_, inspector, tree):
    with pytest.raises(ValidationError, match="不在本轮督查范围内"):
        services.finding_record(by=inspector, round_=round_, unit=tree.u1a, kind="problem", text="x")


def test_no_findings_after_the_round_is_closed(round_, inspector, county_office, tree):
    services.round_close(by=county_office, round_=round_, notice_no="团创办〔2026〕5号")
    with pytest.raises(ValidationError, match="已经结束"):
        services.finding_record(by=inspector, round_=round_, unit=tree.u1, kind="problem", text="x")


def test_only_the_organising_office_closes_a_round(round_, inspector, township_office):
    for user in (inspector, township_office):
        with pytest.raises(PermissionDenied):
            services.round_close(by=user, round_=round_)


def test_a_round_closes_once(round_, county_office):
    services.round_close(by=county_office, round_=round_)
    with pytest.raises(ValidationError):
        services.round_close(by=county_office, round_=round_)


# ---------------------------------------------------------------------------------------------------- rectification

def test_a_problem_becomes_a_rectification_item_for_its_unit(item, tree):
    assert item.state == S.OPEN and item.unit == tree.u1
    assert item.steps.get().action == "create"


def test_a_highlight_cannot_become_a_rectification_item(round_, inspector, tree):
    highlight = services.finding_record(by=inspector, round_=round_, unit=tree.u2, kind="highlight", text="好")
    with pytest.raises(ValidationError, match="存在问题"):
        services.rectification_create(by=inspector, finding=highlight, requirement="x", deadline=date(2026, 5, 1))


def test_a_problem_is_assigned_only_once(item, county_office):
    with pytest.raises(ValidationError, match="已经交办"):
        services.rectification_create(by=county_office, finding=item.finding, requirement="x",
                                      deadline=date(2026, 6, 1))


def test_a_unit_cannot_assign_rectification(problem, unit_staff):
    with pytest.raises(PermissionDenied):
        services.rectification_create(by=unit_staff, finding=problem, requirement="x", deadline=date(2026, 6, 1))


def test_the_unit_answers_then_the_office_verifies(item, unit_staff, county_office):
    item = services.rectification_answer(by=unit_staff, item=item, answer="已补齐档案12份")
    assert item.state == S.ANSWERED and item.answered_at
    item = services.rectification_verify(by=county_office, item=item, comment="已核实")
    assert item.state == S.VERIFIED
    assert list(item.steps.values_list("action", flat=True)) == ["create", "answer", "verify"]


def test_sent_back_with_a_comment_and_answered_again(item, unit_staff, tree):
    inspector = tree.person(Role.INSPECTOR, tree.county, "county_inspector")
    services.rectification_answer(by=unit_staff, item=item, answer="已整改")
    item = services.rectification_send_back(by=inspector, item=item, comment="缺少照片佐证")
    assert item.state == S.RETURNED and item.last_comment == "缺少照片佐证"
    item = services.rectification_answer(by=unit_staff, item=item, answer="已补充照片")
    assert item.state == S.ANSWERED


def test_sending_back_needs_a_comment(item, unit_staff, county_office):
    services.rectification_answer(by=unit_staff, item=item, answer="已整改")
    with pytest.raises(ValidationError, match="退回意见"):
        services.rectification_send_back(by=county_office, item=item, comment="  ")
    assert Rectification.objects.get(pk=item.pk).state == S.ANSWERED


def test_an_answer_needs_text(item, unit_staff):
    with pytest.raises(ValidationError, match="整改情况"):
        services.rectification_answer(by=unit_staff, item=item, answer="")


@pytest.mark.parametrize("who", ["county_office", "inspector", "cadre", "township_office"])
def test_only_the_responsible_unit_answers(item, who, request, tree):
    user = request.getfixturevalue(who) if who != "inspector" else tree.person(Role.INSPECTOR, tree.county, "i")
    with pytest.raises(PermissionDenied):
        services.rectification_answer(by=user, item=item, answer="代答")


def test_another_unit_cannot_answer(item, tree):
    other = tree.person(Role.UNIT, tree.u2, "other_unit")
    with pytest.raises(PermissionDenied):
        services.rectification_answer(by=other, item=item, answer="x")


def test_the_unit_cannot_verify_its_own_answer(item, unit_staff):
    services.rectification_answer(by=unit_staff, item=item, answer="已整改")
    with pytest.raises(PermissionDenied):
        services.rectification_verify(by=unit_staff, item=item)


def test_a_township_office_cannot_verify_a_county_rounds_item(item, unit_staff, township_office):
    services.rectification_answer(by=unit_staff, item=item, answer="已整改")
    with pytest.raises(PermissionDenied):
        services.rectification_verify(by=township_office, item=item)


def test_the_neighbour_cannot_verify(item, unit_staff, neighbour_office):
    services.rectification_answer(by=unit_staff, item=item, answer="已整改")
    with pytest.raises(PermissionDenied):
        services.rectification_verify(by=neighbour_office, item=item)


def test_an_open_item_cannot_be_verified_or_sent_back(item, county_office):
    with pytest.raises(ValidationError, match="待整改"):
        services.rectification_verify(by=county_office, item=item)
    with pytest.raises(ValidationError):
        services.rectification_send_back(by=county_office, item=item, comment="x")


def test_a_verified_item_is_final(item, unit_staff, county_office):
    services.rectification_answer(by=unit_staff, item=item, answer="已整改")
    services.rectification_verify(by=county_office, item=item)
    with pytest.raises(ValidationError):
        services.rectification_answer(by=unit_staff, item=item, answer="再答")
    with pytest.raises(ValidationError):
        services.rectification_send_back(by=county_office, item=item, comment="x")


def test_an_answered_item_cannot_be_answered_again_before_review(item, unit_staff):
    services.rectification_answer(by=unit_staff, item=item, answer="已整改")
    with pytest.raises(ValidationError):
        services.rectification_answer(by=unit_staff, item=item, answer="再答")


def test_a_refused_step_writes_nothing(item, unit_staff):
    services.rectification_answer(by=unit_staff, item=item, answer="已整改")
    with pytest.raises(PermissionDenied):
        services.rectification_verify(by=unit_staff, item=item)
    assert RectificationStep.objects.filter(rectification=item).count() == 2


def test_allowed_transitions_follow_the_table(item, unit_staff, county_office):
    assert services.allowed_transitions(unit_staff, item) == ["answer"]
    assert services.allowed_transitions(county_office, item) == []
    services.rectification_answer(by=unit_staff, item=item, answer="已整改")
    item.refresh_from_db()
    assert services.allowed_transitions(county_office, item) == ["verify", "send_back"]


def test_an_item_past_its_deadline_is_overdue_until_answered(item, unit_staff):
    assert item.is_overdue(date(2026, 6, 1)) and not item.is_overdue(date(2026, 5, 31))
    services.rectification_answer(by=unit_staff, item=item, answer="已整改")
    item.refresh_from_db()
    assert not item.is_overdue(date(2026, 6, 1))


# ---------------------------------------------------------------------------------------------------- talks

def test_an_office_records_a_talk_with_a_lagging_unit(tree, county_office, round_):
    talk = services.talk_record(by=county_office, unit=tree.u2, date=date(2026, 5, 20),
                                interviewee_post="单位主要负责人", interviewer="县委统战部副部长",
                                content="推进缓慢，限期整改", round_=round_)
    talk = services.talk_update_follow_up(by=county_office, talk=talk, follow_up="已召开专题会议")
    assert talk.follow_up == "已召开专题会议"


def test_a_unit_cannot_record_a_talk(tree, unit_staff):
    with pytest.raises(PermissionDenied):
        services.talk_record(by=unit_staff, unit=tree.u1, date=date(2026, 5, 20), interviewee_post="x",
                             interviewer="y", content="z")


# ---------------------------------------------------------------------------------------------------- photos

def _png(name="photo.png"):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def test_findings_and_answers_carry_photos(round_, inspector, tree, unit_staff, county_office):
    from tuanjie.attachments.models import Attachment

    finding = services.finding_record(by=inspector, round_=round_, unit=tree.u1, kind="problem",
                                      text="宣传栏破损", files=[_png()])
    assert Attachment.objects.for_object(finding).count() == 1
    item = services.rectification_create(by=county_office, finding=finding, requirement="修复宣传栏",
                                         deadline=date(2026, 5, 1))
    services.rectification_answer(by=unit_staff, item=item, answer="已修复", files=[_png("after.png")])
    assert Attachment.objects.for_object(item).count() == 1


def test_a_bad_photo_writes_no_answer(item, unit_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        services.rectification_answer(by=unit_staff, item=item, answer="已整改",
                                      files=[SimpleUploadedFile("x.png", b"not an image")])
    item.refresh_from_db()
    assert item.state == S.OPEN and item.steps.count() == 1


def test_rectification_steps_are_offered_and_taken_through_the_workflow_engine(item, unit_staff, county_office):
    from tests.workflow_checks import change_log_updates
    from tuanjie.core.workflow import Workflow

    assert isinstance(services.RECTIFICATIONS, Workflow)
    assert [t.action for t in services.RECTIFICATIONS.available(unit_staff, item)] == ["answer"]
    assert services.RECTIFICATIONS.available(county_office, item) == []
    services.rectification_answer(by=unit_staff, item=item, answer="已整改")
    assert item.steps.count() == 2 and len(change_log_updates(item)) == 1
