"""The needs flow and the set-up steps, driven through the services: allowed and forbidden steps."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.core.roles import Role
from tuanjie.pairing import services
from tuanjie.pairing.models import Need


def raise_need(scene, **kw):
    return services.need_raise(by=scene.cadre, pair=scene.pair, category="employment",
                               description="儿子想学电焊找工作", **kw)


def test_a_cadre_solves_a_need_themselves_and_every_step_is_recorded(scene):
    need = raise_need(scene)
    need = services.need_transition(by=scene.cadre, need=need, action="solve_by_cadre", note="联系了县职校报名")
    assert need.state == Need.State.SOLVED and not need.escalated and need.resolved_on == date.today()
    steps = list(need.steps.values_list("to_state", "by__username"))
    assert steps == [("raised", "cadre"), ("solved", "cadre")]


def test_a_need_goes_to_the_group_then_the_leadership_then_is_solved(scene, unit_staff):
    need = raise_need(scene)
    need = services.need_transition(by=scene.cadre, need=need, action="escalate_to_group")
    assert need.state == Need.State.GROUP and need.escalated
    need = services.need_transition(by=scene.leader, need=need, action="escalate_to_leadership")
    assert need.state == Need.State.LEADERSHIP
    need = services.need_transition(by=unit_staff, need=need, action="solve_by_leadership", note="单位协调解决")
    assert need.state == Need.State.SOLVED
    assert [s.by.username for s in need.steps.all()] == ["cadre", "cadre", "leader", "unit_staff"]


def test_the_group_leader_solves_an_escalated_need(scene):
    need = services.need_transition(by=scene.cadre, need=raise_need(scene), action="escalate_to_group")
    need = services.need_transition(by=scene.leader, need=need, action="solve_by_group", note="分组协调了岗位")
    assert need.state == Need.State.SOLVED


def test_a_need_may_be_closed_with_an_explanation_but_not_without(scene):
    need = raise_need(scene)
    with pytest.raises(ValidationError, match="情况说明"):
        services.need_transition(by=scene.cadre, need=need, action="close_by_cadre", note="  ")
    need = services.need_transition(by=scene.cadre, need=need, action="close_by_cadre", note="已不需要")
    assert need.state == Need.State.CLOSED and need.resolution == "已不需要"


def test_another_cadre_may_not_act_on_someone_elses_need(scene):
    need = raise_need(scene)
    with pytest.raises(PermissionDenied):
        services.need_transition(by=scene.other_cadre, need=need, action="solve_by_cadre", note="x")


def test_the_group_leader_may_not_solve_a_need_still_with_the_cadre(scene):
    need = raise_need(scene)
    with pytest.raises(ValidationError, match="不能"):
        services.need_transition(by=scene.leader, need=need, action="solve_by_group", note="x")


def test_the_cadre_may_not_take_a_need_to_the_leadership_directly(scene):
    need = raise_need(scene)
    with pytest.raises(ValidationError):
        services.need_transition(by=scene.cadre, need=need, action="escalate_to_leadership")


def test_a_county_office_may_not_solve_a_need_held_by_the_units_leadership(scene, county_office, unit_staff):
    need = services.need_transition(by=scene.cadre, need=raise_need(scene), action="escalate_to_group")
    need = services.need_transition(by=scene.leader, need=need, action="escalate_to_leadership")
    with pytest.raises(PermissionDenied):
        services.need_transition(by=county_office, need=need, action="solve_by_leadership", note="x")


def test_a_solved_need_cannot_move_again(scene):
    need = services.need_transition(by=scene.cadre, need=raise_need(scene), action="solve_by_cadre", note="好了")
    with pytest.raises(ValidationError):
        services.need_transition(by=scene.cadre, need=need, action="escalate_to_group")


def test_an_unknown_step_is_refused(scene):
    with pytest.raises(ValidationError, match="未知"):
        services.need_transition(by=scene.cadre, need=raise_need(scene), action="delete_everything")


def test_only_the_paired_cadre_group_or_office_records_a_contact(scene, tree):
    contact = services.contact_record(by=scene.cadre, pair=scene.pair, date=date(2026, 2, 3), form="visit",
                                      topic="拉家常", deeds="帮忙修水管", cost=Decimal("30.5"))
    assert contact.unit == tree.u1 and contact.group == scene.group and contact.recorded_by == scene.cadre
    with pytest.raises(PermissionDenied):
        services.contact_record(by=scene.other_cadre, pair=scene.pair, date=date(2026, 2, 3), form="phone",
                                topic="问候")


def test_a_contact_cannot_be_dated_before_the_pairing_or_in_the_future(scene):
    with pytest.raises(ValidationError, match="早于结对日期"):
        services.contact_record(by=scene.cadre, pair=scene.pair, date=date(2025, 12, 1), form="visit", topic="x")
    with pytest.raises(ValidationError, match="晚于今天"):
        services.contact_record(by=scene.cadre, pair=scene.pair, date=date(2099, 1, 1), form="visit", topic="x")


def test_only_the_group_leader_or_office_sets_up_pairs(scene, tree):
    with pytest.raises(PermissionDenied):
        services.pair_create(by=scene.cadre, group=scene.group, cadre=scene.cadre, household=scene.other_household)
    pair = services.pair_create(by=scene.leader, group=scene.group, cadre=scene.cadre,
                                household=scene.other_household)
    assert pair.unit == tree.u1   # one cadre, two households; one household, two cadres


def test_a_pair_is_not_made_twice(scene):
    with pytest.raises(ValidationError, match="重复"):
        services.pair_create(by=scene.leader, group=scene.group, cadre=scene.cadre, household=scene.household)


def test_a_programme_is_run_by_a_unit_not_an_area(tree, township_office):
    with pytest.raises(ValidationError, match="单位"):
        services.programme_create(by=township_office, place=tree.t1, name="x")


def test_a_cadre_may_not_create_groups(scene, tree):
    with pytest.raises(PermissionDenied):
        services.group_create(by=scene.cadre, programme=scene.programme, name="x", leader=scene.cadre)


def test_the_group_leader_writes_the_monthly_summary_once_a_month(scene):
    first = services.group_summary_submit(by=scene.leader, group=scene.group, month=date(2026, 2, 17), text="一")
    second = services.group_summary_submit(by=scene.leader, group=scene.group, month=date(2026, 2, 1), text="二")
    assert first.pk == second.pk and second.month == date(2026, 2, 1) and second.text == "二"
    with pytest.raises(PermissionDenied):
        services.group_summary_submit(by=scene.cadre, group=scene.group, month=date(2026, 2, 1), text="x")


def test_the_holder_of_a_need_changes_with_its_level(scene, unit_staff):
    need = raise_need(scene)
    assert services.need_holders(need) == [scene.cadre]
    need = services.need_transition(by=scene.cadre, need=need, action="escalate_to_group")
    assert services.need_holders(need) == [scene.leader]
    need = services.need_transition(by=scene.leader, need=need, action="escalate_to_leadership")
    holders = services.need_holders(need)
    assert unit_staff in holders and all(
        u.assignments.filter(role=Role.UNIT, place=need.unit).exists() for u in holders)


def test_need_steps_are_offered_and_taken_through_the_workflow_engine(scene):
    from tests.workflow_checks import change_log_updates, notifications_linking
    from tuanjie.core.workflow import Workflow

    need = raise_need(scene)
    assert isinstance(services.NEEDS, Workflow)
    assert [t.action for t in services.NEEDS.available(scene.cadre, need)] == [
        "solve_by_cadre", "escalate_to_group", "close_by_cadre"]
    assert services.NEEDS.available(scene.leader, need) == []
    assert services.NEEDS.available(scene.other_cadre, need) == []
    services.need_transition(by=scene.cadre, need=need, action="escalate_to_group")
    assert need.steps.count() == 2 and len(change_log_updates(need)) == 1
    assert [n.recipient for n in notifications_linking(need)] == [scene.leader]   # the new holder hears of it
    need.refresh_from_db()
    assert services.NEEDS.available(scene.cadre, need) == []
