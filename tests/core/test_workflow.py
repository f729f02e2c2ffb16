"""The workflow engine on its own: a small table of our own over rectification items (any model with a state would
do), so the expectations come from this table, not from an app's."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.workflow_checks import change_log_updates, notifications_linking
from tuanjie.core.context import acting_as
from tuanjie.core.workflow import Actor, Notice, Transition, Workflow, quiet, table
from tuanjie.inspections.models import Finding, Rectification, RectificationStep, Round

S = Rectification.State


def _boom(step):
    step.record.answer = "写了一半"
    step.record.save()
    raise ValidationError("附件保存失败")


def _answer(step):
    step.record.answer = step.note


@pytest.fixture
def people(tree, unit_staff, county_office):
    return {"unit": unit_staff, "office": county_office}


@pytest.fixture
def flow(people):
    """answer (open → answered, the unit, with a note); verify (answered → verified, the office); boom (open →
    answered, the unit, whose side effect fails half way)."""
    return Workflow(
        model=Rectification, noun="测试事项", state_field="state",
        transitions=table(
            Transition("answer", "答复", frozenset({S.OPEN}), S.ANSWERED, "unit", note_required=True,
                       note_missing="请写答复", apply=_answer),
            Transition("verify", "核验", frozenset({S.ANSWERED}), S.VERIFIED, "office"),
            Transition("boom", "出错", frozenset({S.OPEN}), S.ANSWERED, "unit", apply=_boom),
        ),
        actors={"unit": Actor(lambda user, item: user == people["unit"], "责任单位"),
                "office": Actor(lambda user, item: user == people["office"], lambda item: f"{item.unit}的上级")},
        history=lambda step: RectificationStep.objects.create(
            rectification=step.record, action=step.action, from_state=step.before, to_state=step.record.state,
            user=step.user, comment=step.note),
        notify=lambda step: Notice([people["office"]], title=f"已{step.transition.label}"))


@pytest.fixture
def item(tree):
    """An open rectification item of U1 with no history yet (made directly: the engine is what is under test)."""
    round_ = Round.objects.create(place=tree.county, title="专项督查", start_date=date(2026, 4, 1),
                                  end_date=date(2026, 4, 10))
    finding = Finding.objects.create(round=round_, unit=tree.u1, kind=Finding.Kind.PROBLEM, text="档案不全")
    return Rectification.objects.create(finding=finding, unit=tree.u1, requirement="补齐档案",
                                        deadline=date(2026, 6, 30))


def _nothing_written(item):
    item.refresh_from_db()
    assert item.state == S.OPEN and item.answer == ""
    assert not RectificationStep.objects.filter(rectification=item).exists()
    assert change_log_updates(item) == []
    assert notifications_linking(item) == []


def test_a_step_from_the_wrong_state_is_refused_with_the_state_named(flow, item, people):
    with pytest.raises(ValidationError, match="测试事项当前状态为“待整改”，不能核验"):
        flow.take(by=people["office"], record=item, action="verify")
    _nothing_written(item)


def test_a_step_by_the_wrong_person_is_refused_naming_who_may(flow, item, people):
    with pytest.raises(PermissionDenied, match="只有责任单位可以答复"):
        flow.take(by=people["office"], record=item, action="answer", note="已整改")
    _nothing_written(item)


def test_who_may_can_depend_on_the_record(flow, item, people):
    flow.take(by=people["unit"], record=item, action="answer", note="已整改")
    with pytest.raises(PermissionDenied, match="只有城关镇中心学校的上级可以核验"):
        flow.take(by=people["unit"], record=item, action="verify")


def test_a_step_that_needs_a_note_is_refused_without_one(flow, item, people):
    with pytest.raises(ValidationError, match="请写答复"):
        flow.take(by=people["unit"], record=item, action="answer", note="   ")
    _nothing_written(item)


def test_an_unknown_step_is_refused(flow, item, people):
    with pytest.raises(ValidationError, match="未知"):
        flow.take(by=people["unit"], record=item, action="teleport")


def test_a_failing_side_effect_leaves_no_state_change_history_log_or_message(flow, item, people):
    with pytest.raises(ValidationError, match="附件保存失败"):
        flow.take(by=people["unit"], record=item, action="boom")
    _nothing_written(item)


def test_a_step_writes_its_history_change_log_and_notification_once(flow, item, people):
    with acting_as(people["unit"], source="test"):
        step = flow.take(by=people["unit"], record=item, action="answer", note="已整改")
    item.refresh_from_db()
    assert (item.state, item.answer) == (S.ANSWERED, "已整改")
    assert step.record.pk == item.pk and step.before == S.OPEN
    history = list(RectificationStep.objects.filter(rectification=item))
    assert [(h.action, h.from_state, h.to_state, h.user, h.comment) for h in history] == [
        ("answer", S.OPEN, S.ANSWERED, people["unit"], "已整改")]
    [entry] = change_log_updates(item)
    assert (entry.user, entry.before["state"], entry.after["state"]) == (people["unit"], S.OPEN, S.ANSWERED)
    assert [(n.recipient, n.title) for n in notifications_linking(item)] == [(people["office"], "已答复")]


def test_quiet_steps_notify_nobody(flow, item, people):
    with quiet():
        flow.take(by=people["unit"], record=item, action="answer", note="已整改")
    assert notifications_linking(item) == []
    assert RectificationStep.objects.filter(rectification=item).count() == 1


def test_the_engine_offers_each_person_the_steps_they_may_take_now(flow, item, people):
    assert [t.action for t in flow.available(people["unit"], item)] == ["answer", "boom"]
    assert flow.available(people["office"], item) == []
    flow.take(by=people["unit"], record=item, action="answer", note="已整改")
    item.refresh_from_db()
    assert flow.available(people["unit"], item) == []
    assert [t.action for t in flow.available(people["office"], item)] == ["verify"]
    assert flow.may(people["office"], item, "verify") and not flow.may(people["unit"], item, "verify")


def test_the_record_is_read_again_under_the_lock(flow, item, people):
    """A stale copy in hand does not decide: the row as it stands now does."""
    stale = Rectification.objects.get(pk=item.pk)
    flow.take(by=people["unit"], record=item, action="answer", note="已整改")
    with pytest.raises(ValidationError, match="当前状态为“已反馈，待核验”"):
        flow.take(by=people["unit"], record=stale, action="answer", note="再答一次")
    assert RectificationStep.objects.filter(rectification=item).count() == 1


def test_a_table_naming_an_actor_the_workflow_does_not_declare_is_refused_at_once():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="nobody"):
        Workflow(model=Rectification, noun="测试事项", state_field="state", actors={},
                 transitions=table(Transition("answer", "答复", frozenset({S.OPEN}), S.ANSWERED, "nobody")))
