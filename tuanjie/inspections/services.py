"""Writes and the rectification workflow of inspection rounds.

Who may do what:
- an office creates a round over units of its own subtree and closes it with a notice;
- the office or an inspector whose reach covers the round's office (or a user on the team) records findings;
- a problem becomes a rectification item; the responsible unit answers; only the office or an inspector over
  the round verifies or sends back. The steps are the one table RECTIFICATIONS (core.workflow)."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.core.access import ADD, CHANGE, reach, reach_q
from tuanjie.core.roles import Role
from tuanjie.core.workflow import Actor, Notice, Step, Transition, Waiting, Workflow, send, table
from tuanjie.inspections.models import Finding, Rectification, RectificationStep, Round, Talk, TeamMember

S = Rectification.State


def covers(user, roles, place) -> bool:
    """Does the user hold one of `roles` at `place` or above it?"""
    if getattr(user, "is_superuser", False):
        return True
    return any(place.path.startswith(path) for path in reach(user, set(roles) | {Role.ADMIN}))


def may_inspect(user, round_: Round) -> bool:
    """Office or inspector over the round's office, or a team member holding one of those roles."""
    if covers(user, {Role.OFFICE, Role.INSPECTOR}, round_.place):
        return True
    if not getattr(user, "pk", None) or not reach(user, {Role.OFFICE, Role.INSPECTOR}):
        return False
    # 互观互检: colleagues from other places on the team record findings for this round.
    return round_.team.filter(user=user).exists()


def _attach(owner, files, user) -> None:
    if not files:
        return
    from tuanjie.attachments.services import attach_files

    attach_files(owner=owner, files=files, by=user)


# ---------------------------------------------------------------------------------------------------- rounds

@transaction.atomic
def round_create(*, by, place, title: str, kind: str, start_date: date, end_date: date, units=(),
                 team: Sequence[dict] = (), purpose: str = "") -> Round:
    if not covers(by, {Role.OFFICE}, place):
        raise PermissionDenied(_("只有本级或上级创建办可以组织督查"))
    if end_date < start_date:
        raise ValidationError(_("结束日期不能早于开始日期"))
    outside = [u.name for u in units if not u.path.startswith(place.path) or u.pk == place.pk]
    if outside:
        raise ValidationError(_("以下单位不在本级管辖范围内：%(names)s") % {"names": "、".join(outside)})
    round_ = Round(place=place, title=title, kind=kind, start_date=start_date, end_date=end_date, purpose=purpose)
    round_.full_clean()
    round_.save()
    round_.units.set(units)
    for member in team:
        TeamMember.objects.create(round=round_, **member)
    return round_


@transaction.atomic
def round_close(*, by, round_: Round, notice_no: str = "", notice_date: date | None = None,
                conclusion: str = "") -> Round:
    if not covers(by, {Role.OFFICE}, round_.place):
        raise PermissionDenied(_("只有组织督查的创建办可以结束本轮督查"))
    if round_.state == Round.State.CLOSED:
        raise ValidationError(_("本轮督查已经结束"))
    round_.state = Round.State.CLOSED
    round_.notice_no = notice_no
    round_.notice_date = notice_date or timezone.localdate()
    round_.conclusion = conclusion or round_.conclusion
    round_.save()
    return round_


# ---------------------------------------------------------------------------------------------------- findings

@transaction.atomic
def finding_record(*, by, round_: Round, unit, kind: str, text: str, files=()) -> Finding:
    if not may_inspect(by, round_):
        raise PermissionDenied(_("只有督查组成员、督查人员或创建办可以记录督查发现"))
    if round_.state != Round.State.OPEN:
        raise ValidationError(_("本轮督查已经结束，不能再记录"))
    if not round_.units.filter(pk=unit.pk).exists():
        raise ValidationError(_("“%(unit)s”不在本轮督查范围内") % {"unit": unit})
    if not (text or "").strip():
        raise ValidationError(_("请填写内容"))
    finding = Finding.objects.create(round=round_, unit=unit, kind=kind, text=text.strip(),
                                     recorded_by=by if getattr(by, "pk", None) else None)
    _attach(finding, files, by)
    return finding


@transaction.atomic
def rectification_create(*, by, finding: Finding, requirement: str, deadline: date,
                         unit=None) -> Rectification:
    """A problem becomes a rectification item for its unit (or another responsible unit in the round's scope)."""
    if not may_inspect(by, finding.round):
        raise PermissionDenied(_("只有督查人员或创建办可以交办整改"))
    if finding.kind != Finding.Kind.PROBLEM:
        raise ValidationError(_("只有“存在问题”才能交办整改"))
    if hasattr(finding, "rectification"):
        raise ValidationError(_("该问题已经交办整改"))
    unit = unit or finding.unit
    if not unit.path.startswith(finding.round.place.path):
        raise ValidationError(_("责任单位不在本级管辖范围内"))
    if deadline < finding.round.start_date:
        raise ValidationError(_("整改时限不能早于督查开始日期"))
    item = Rectification.objects.create(finding=finding, unit=unit, requirement=requirement.strip(),
                                        deadline=deadline)
    RectificationStep.objects.create(rectification=item, action="create", from_state="", to_state=item.state,
                                     user=by if getattr(by, "pk", None) else None, comment=requirement)
    notify_unit(item, _("新的整改事项：%(req)s") % {"req": item.requirement[:40]})
    return item


# ---------------------------------------------------------------------------------------------------- workflow

def _answer(step: Step) -> None:
    item = step.record
    item.answer = step.note
    item.answered_at = timezone.now()
    _attach(item, step.params.get("files"), step.by)


def _verify(step: Step) -> None:
    step.record.verified_at = timezone.now()
    step.record.last_comment = step.note


def _send_back(step: Step) -> None:
    step.record.last_comment = step.note


def _history(step: Step) -> RectificationStep:
    return RectificationStep.objects.create(rectification=step.record, action=step.action, from_state=step.before,
                                            to_state=step.record.state, user=step.user, comment=step.note)


def _notice(step: Step) -> Notice | None:
    if step.action != "send_back":
        return None
    return _unit_notice(step.record, _("整改事项被退回：%(c)s") % {"c": step.note[:40]})


UNIT, ROUND_OFFICE = "unit", "round_office"
RECTIFICATIONS = Workflow(
    model=Rectification, noun=_("整改事项"), state_field="state", related=("unit", "finding__round__place"),
    transitions=table(
        Transition("answer", _("提交整改情况"), frozenset({S.OPEN, S.RETURNED}), S.ANSWERED, UNIT,
                   note_required=True, note_missing=_("请填写整改情况"), apply=_answer),
        Transition("verify", _("核验销号"), frozenset({S.ANSWERED}), S.VERIFIED, ROUND_OFFICE, apply=_verify),
        Transition("send_back", _("退回重新整改"), frozenset({S.ANSWERED}), S.RETURNED, ROUND_OFFICE,
                   note_required=True, note_missing=_("退回时请填写退回意见，说明还需整改什么"), apply=_send_back),
    ),
    actors={UNIT: Actor(lambda user, item: covers(user, {Role.UNIT}, item.unit), _("责任单位"),
                        lambda user: reach_q(user, {Role.UNIT}, "unit__path")),
            ROUND_OFFICE: Actor(lambda user, item: covers(user, {Role.OFFICE, Role.INSPECTOR}, item.finding.round.place),
                                _("组织督查的创建办或督查人员"),
                                lambda user: reach_q(user, {Role.OFFICE, Role.INSPECTOR}, "finding__round__place__path"))},
    waiting=(Waiting(S.OPEN, UNIT, _("待整改的问题")), Waiting(S.RETURNED, UNIT, _("退回重新整改的问题")),
             Waiting(S.ANSWERED, ROUND_OFFICE, _("整改待核验销号"))),
    history=_history, notify=_notice)
RECTIFICATION_TRANSITIONS = RECTIFICATIONS.transitions


def allowed_transitions(user, item: Rectification) -> list[str]:
    return [t.action for t in RECTIFICATIONS.available(user, item)]


def rectification_transition(*, by, item: Rectification, action: str, comment: str = "", answer: str = "",
                             files=()) -> Rectification:
    note = answer if action == "answer" else comment
    return RECTIFICATIONS.take(by=by, record=item, action=action, note=note, files=files).record


def rectification_answer(*, by, item, answer: str, files=()) -> Rectification:
    return rectification_transition(by=by, item=item, action="answer", answer=answer, files=files)


def rectification_verify(*, by, item, comment: str = "") -> Rectification:
    return rectification_transition(by=by, item=item, action="verify", comment=comment)


def rectification_send_back(*, by, item, comment: str) -> Rectification:
    return rectification_transition(by=by, item=item, action="send_back", comment=comment)


def _unit_notice(item: Rectification, title: str, dedupe_key: str | None = None) -> Notice:
    from tuanjie.people.selectors import people_with_role

    return Notice(list(people_with_role(Role.UNIT, item.unit, upward=False)), title=title, body=item.requirement,
                  kind="warning", dedupe_key=dedupe_key)


def notify_unit(item: Rectification, title: str, dedupe_key: str | None = None) -> int:
    return send(_unit_notice(item, title, dedupe_key), item)


# ---------------------------------------------------------------------------------------------------- talks

@transaction.atomic
def talk_record(*, by, unit, date: date, interviewee_post: str, interviewer: str, content: str,
                reason: str = "", follow_up: str = "", round_: Round | None = None) -> Talk:
    _check_talk(by, unit, round_)
    return Talk.objects.create(place=unit, date=date, interviewee_post=interviewee_post, interviewer=interviewer,
                               content=content, reason=reason, follow_up=follow_up, round=round_)


def _check_talk(user, unit, round_: Round | None) -> None:
    from tuanjie.core.access import may

    if not may(user, ADD, Talk, unit):
        raise PermissionDenied(_("只有创建办或督查人员可以记录约谈"))
    if round_ is not None and not unit.path.startswith(round_.place.path):
        raise ValidationError(_("被约谈单位不在该轮督查的管辖范围内"))


@transaction.atomic
def talk_update(*, by, instance: Talk, place, date: date, interviewee_post: str, interviewer: str, content: str,
                reason: str = "", follow_up: str = "", round: Round | None = None) -> Talk:  # noqa: A002 - the field
    from tuanjie.core.access import may

    if not may(by, CHANGE, Talk, instance.place):
        raise PermissionDenied(_("您无权修改该约谈记录"))
    _check_talk(by, place, round)
    instance.place, instance.round, instance.date = place, round, date
    instance.interviewee_post, instance.interviewer, instance.content = interviewee_post, interviewer, content
    instance.reason, instance.follow_up = reason, follow_up
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def talk_update_follow_up(*, by, talk: Talk, follow_up: str) -> Talk:
    from tuanjie.core.access import may

    if not may(by, CHANGE, Talk, talk.place):
        raise PermissionDenied(_("您无权修改该约谈记录"))
    talk.follow_up = follow_up
    talk.save()
    return talk
