"""Writes of the pairing programme: set-up, contacts, the needs flow (one transition table) and erasure."""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.analytics import facts
from tuanjie.attachments.services import attach_files
from tuanjie.core.access import ADD, CHANGE, DELETE, may
from tuanjie.core.bulk import insert_new
from tuanjie.core.changelog import log_bulk_created
from tuanjie.core.dates import when
from tuanjie.core.upward import refuse_household_details
from tuanjie.core.workflow import Actor, Notice, Step, Transition, Waiting, Workflow, table
from tuanjie.pairing.models import (
    ERASED_TEXT,
    Contact,
    GroupSummary,
    Household,
    Need,
    NeedStep,
    Pair,
    PairingGroup,
    Programme,
    first_of_month,
    programme_staff_paths,
)


def _require(user, action, model, place, message=None) -> None:
    if user is not None and not may(user, action, model, place):
        raise PermissionDenied(message or _("您无权在“%(place)s”办理此事项") % {"place": place})


def is_programme_office(user, programme: Programme) -> bool:
    return bool(user.is_superuser) or programme.place.path in programme_staff_paths(user)


def _can_edit_programme_data(user, programme: Programme) -> bool:
    return user is None or is_programme_office(user, programme) or programme.groups.filter(leader=user).exists()


# --- set-up -----------------------------------------------------------------------------------------------------

@transaction.atomic
def programme_create(*, by, place, **fields) -> Programme:
    if place.is_area:
        raise ValidationError(_("结对帮扶活动应由创建单位开展，请选择单位"))
    _require(by, ADD, Programme, place)
    programme = Programme(place=place, **fields)
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def programme_update(*, by, instance: Programme, place, **fields) -> Programme:
    if place.is_area:
        raise ValidationError(_("结对帮扶活动应由创建单位开展，请选择单位"))
    _require(by, CHANGE, Programme, instance.place)
    if place.pk != instance.place_id:
        _require(by, ADD, Programme, place)
        # Pairs, contacts and needs carry the programme's unit: they would be left counted at the old one.
        if instance.groups.exists():
            raise ValidationError(_("已设立分组的结对帮扶活动不能改到其他单位"))
    instance.place = place
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


def _check_group_office(by, programme: Programme) -> None:
    if by is not None and not is_programme_office(by, programme):
        raise PermissionDenied(_("只有开展活动单位的工作人员可以设立分组"))


@transaction.atomic
def group_create(*, by, programme: Programme, name: str, leader) -> PairingGroup:
    _check_group_office(by, programme)
    group = PairingGroup(programme=programme, name=name, leader=leader)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_update(*, by, instance: PairingGroup, programme: Programme, name: str, leader) -> PairingGroup:
    _check_group_office(by, instance.programme)
    if programme.pk != instance.programme_id:
        _check_group_office(by, programme)
        # A pair's household belongs to its group's programme (pair_create checks it) and its unit is the
        # programme's: moving the group would break both.
        if instance.pairs.exists():
            raise ValidationError(_("分组已有结对关系，不能改到其他结对帮扶活动"))
    instance.programme, instance.name, instance.leader = programme, name, leader
    instance.full_clean()
    instance.save()
    return instance


def _check_household_editor(by, programme: Programme) -> None:
    if not _can_edit_programme_data(by, programme):
        raise PermissionDenied(_("只有分组负责人或开展活动单位的工作人员可以登记结对户"))


@transaction.atomic
def household_create(*, by, programme: Programme, name: str, address: str, consent_on: date, consent_method: str,
                     phone: str = "", size: int = 1) -> Household:
    _check_household_editor(by, programme)
    household = Household(programme=programme, name=name, address=address, consent_on=consent_on,
                          consent_method=consent_method, phone=phone, size=size)
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def household_pairs_bulk_create(*, by, programme: Programme, households: list[Household], pairs: list[Pair]) -> None:
    """Many new households of one programme and new pairs (the pairing-list import), each pair's household one of
    these or one already registered. Each must already have passed what household_create and pair_create check
    row by row: the model's validation, a group of this programme, no open pair of the same cadre and household.
    Here the rights are checked once, and the rows and their change-log entries are written in bulk, since bulk
    inserts send none of the signals a save() would."""
    if by is not None and not is_programme_office(by, programme):
        raise PermissionDenied(_("只有开展活动单位的工作人员可以导入结对户和结对关系"))
    foreign = _("结对户不属于该分组所在的结对帮扶活动")
    if any(h.programme_id != programme.pk for h in households):
        raise ValidationError(foreign)
    paired: list[tuple[Pair, Household]] = []
    for pair in pairs:
        household = pair.household
        if household is None or household.programme_id != programme.pk or pair.group.programme_id != programme.pk:
            raise ValidationError(foreign)
        paired.append((pair, household))
    insert_new(households)
    for pair, household in paired:
        pair.household_id = household.pk   # the new households' keys came with their insert
        pair.unit_id = programme.place_id
    insert_new(pairs)
    log_bulk_created(households)
    log_bulk_created(pairs)
    facts.records_added(Household, [h.pk for h in households])
    facts.records_added(Pair, [p.pk for p in pairs])


@transaction.atomic
def household_update(*, by, instance: Household, programme: Programme, name: str, address: str, consent_on: date,
                     consent_method: str, phone: str = "", size: int = 1) -> Household:
    _check_household_editor(by, instance.programme)
    if programme.pk != instance.programme_id:
        # Its pairs sit in groups of the programme it was registered in.
        raise ValidationError(_("结对户登记后不能改到其他结对帮扶活动"))
    instance.name, instance.address, instance.phone, instance.size = name, address, phone, size
    instance.consent_on, instance.consent_method = consent_on, consent_method
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def pair_create(*, by, group: PairingGroup, cadre, household: Household, paired_on: date | None = None) -> Pair:
    if by is not None and not (is_programme_office(by, group.programme) or group.leader_id == by.pk):
        raise PermissionDenied(_("只有该分组负责人或开展活动单位的工作人员可以建立结对关系"))
    if household.programme_id != group.programme_id:
        raise ValidationError(_("结对户不属于该分组所在的结对帮扶活动"))
    if Pair.objects.filter(cadre=cadre, household=household, ended_on__isnull=True).exists():
        raise ValidationError(_("该干部已与此户结对，无需重复建立"))
    pair = Pair(group=group, unit=group.programme.place, cadre=cadre, household=household,
                paired_on=paired_on or timezone.localdate())
    pair.full_clean()
    pair.save()
    return pair


@transaction.atomic
def pair_end(*, by, pair: Pair, ended_on: date) -> Pair:
    if by is not None and not Pair.objects.restrict(by, CHANGE).filter(pk=pair.pk).exists():
        raise PermissionDenied(_("您无权结束该结对关系"))
    if ended_on < pair.paired_on:
        raise ValidationError(_("结束日期不能早于结对日期"))
    pair.ended_on = ended_on
    pair.save()
    return pair


# --- contacts ---------------------------------------------------------------------------------------------------

def _check_contact(by, pair: Pair, date: date) -> None:
    """What a contact must satisfy, on recording and on every edit."""
    if by is not None and not Pair.objects.restrict(by, CHANGE).filter(pk=pair.pk).exists():
        raise PermissionDenied(_("只能为自己的结对户（或本分组、本单位的结对户）记录联系"))
    if pair.household_erased:
        raise ValidationError(_("该户已退出结对，不能再记录联系"))
    if date < pair.paired_on:
        raise ValidationError(_("联系日期不能早于结对日期（%(d)s）") % {"d": when(pair.paired_on)})
    if pair.ended_on and date > pair.ended_on:
        raise ValidationError(_("联系日期晚于结对结束日期（%(d)s）") % {"d": when(pair.ended_on)})
    if date > timezone.localdate():
        raise ValidationError(_("联系日期不能晚于今天"))


@transaction.atomic
def contact_record(*, by, pair: Pair, date: date, form: str, topic: str, deeds: str = "",
                   cost: Decimal = Decimal("0")) -> Contact:
    _check_contact(by, pair, date)
    contact = Contact(pair=pair, unit_id=pair.unit_id, group_id=pair.group_id, date=date, form=form, topic=topic,
                      deeds=deeds, cost=cost or Decimal("0"), recorded_by=by)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, by, instance: Contact, pair: Pair, date: date, form: str, topic: str, deeds: str = "",
                   cost: Decimal = Decimal("0"), files: Sequence = ()) -> Contact:
    if by is not None and not Contact.objects.restrict(by, CHANGE).filter(pk=instance.pk).exists():
        raise PermissionDenied(_("只能为自己的结对户（或本分组、本单位的结对户）记录联系"))
    _check_contact(by, pair, date)
    instance.pair, instance.unit_id, instance.group_id = pair, pair.unit_id, pair.group_id
    instance.date, instance.form, instance.topic, instance.deeds = date, form, topic, deeds
    instance.cost = cost or Decimal("0")
    instance.full_clean()
    instance.save()
    if files:
        attach_files(owner=instance, files=files, by=by)   # more photos; removing one is the gallery's business
    return instance


# --- needs: one transition table --------------------------------------------------------------------------------

CADRE, GROUP_LEADER, PROGRAMME_OFFICE = "cadre", "group_leader", "programme_office"
S = Need.State


def _resolve(step: Step) -> None:
    step.record.resolved_on = step.params.get("on") or timezone.localdate()
    step.record.resolution = step.note


def _escalate(step: Step) -> None:
    step.record.escalated = True


_NOTE = _("请填写办理结果或情况说明")

NEED_TRANSITIONS: dict[str, Transition] = table(
    Transition("solve_by_cadre", _("干部办结"), frozenset({S.RAISED}), S.SOLVED, CADRE, True, _NOTE, _resolve),
    Transition("escalate_to_group", _("提交分组"), frozenset({S.RAISED}), S.GROUP, CADRE, apply=_escalate),
    Transition("solve_by_group", _("分组办结"), frozenset({S.GROUP}), S.SOLVED, GROUP_LEADER, True, _NOTE, _resolve),
    Transition("escalate_to_leadership", _("提请单位领导研究"), frozenset({S.GROUP}), S.LEADERSHIP, GROUP_LEADER,
               apply=_escalate),
    Transition("solve_by_leadership", _("单位领导办结"), frozenset({S.LEADERSHIP}), S.SOLVED, PROGRAMME_OFFICE, True,
               _NOTE, _resolve),
    Transition("close_by_cadre", _("说明情况并关闭"), frozenset({S.RAISED}), S.CLOSED, CADRE, True, _NOTE, _resolve),
    Transition("close_by_group", _("说明情况并关闭"), frozenset({S.GROUP}), S.CLOSED, GROUP_LEADER, True, _NOTE,
               _resolve),
    Transition("close_by_leadership", _("说明情况并关闭"), frozenset({S.LEADERSHIP}), S.CLOSED, PROGRAMME_OFFICE, True,
               _NOTE, _resolve),
)

HOLDER: dict[str, str] = {S.RAISED: CADRE, S.GROUP: GROUP_LEADER, S.LEADERSHIP: PROGRAMME_OFFICE}


def acts_as(user, need: Need) -> set[str]:
    """The roles in the flow that `user` plays for this need."""
    if user is None:
        return {CADRE, GROUP_LEADER, PROGRAMME_OFFICE}
    roles = set()
    if need.pair.cadre_id == user.pk:
        roles.add(CADRE)
    if need.group.leader_id == user.pk:
        roles.add(GROUP_LEADER)
    if is_programme_office(user, need.group.programme):
        roles.add(PROGRAMME_OFFICE)
    return roles


def _plays(role: str):
    return lambda user, need: role in acts_as(user, need)


def _need_step_history(step: Step) -> NeedStep:
    return NeedStep.objects.create(need=step.record, action=str(step.transition.label), from_state=step.before,
                                   to_state=step.record.state, by=step.by, note=step.note)


def _need_step_notice(step: Step) -> Notice | None:
    """An escalated need is news for its new holder."""
    need = step.record
    if need.state not in (S.GROUP, S.LEADERSHIP):
        return None
    return Notice(need_holders(need), title=_("有群众诉求待您办理：%(c)s") % {"c": need.get_category_display()},
                  body=need.description[:200], kind="task", dedupe_key=f"pairing:need:{need.pk}:{need.state}")


def _own(lookup: str):
    """Records where the user is the named person (a superuser plays none of these people)."""
    return lambda user: None if user.is_superuser else Q(**{lookup: user})


def _programme_office_holds(user) -> Q | None:
    if user.is_superuser:
        return Q()
    paths = programme_staff_paths(user)
    return Q(group__programme__place__path__in=paths) if paths else None


NEEDS = Workflow(
    model=Need, transitions=NEED_TRANSITIONS, noun=_("该诉求"), state_field="state",
    related=("pair", "group__programme__place", "unit"),
    actors={CADRE: Actor(_plays(CADRE), _("该诉求的结对干部"), _own("pair__cadre")),
            GROUP_LEADER: Actor(_plays(GROUP_LEADER), _("该诉求的分组负责人"), _own("group__leader")),
            PROGRAMME_OFFICE: Actor(_plays(PROGRAMME_OFFICE), _("开展活动单位的工作人员"), _programme_office_holds)},
    waiting=(Waiting(S.RAISED, CADRE, _("群众诉求待办理")),
             Waiting(S.GROUP, GROUP_LEADER, _("提交分组的群众诉求")),
             Waiting(S.LEADERSHIP, PROGRAMME_OFFICE, _("提请单位领导研究的群众诉求"))),
    history=_need_step_history, notify=_need_step_notice)


def transitions_for(user, need: Need) -> list[Transition]:
    return NEEDS.available(user, need)


def need_holders(need: Need) -> list:
    """Whoever holds the need now: the cadre, the group leader, or the unit's staff (its leadership)."""
    from tuanjie.core.roles import Role
    from tuanjie.people.selectors import people_with_role

    holder = HOLDER.get(need.state)
    if holder == CADRE:
        return [need.pair.cadre]
    if holder == GROUP_LEADER:
        return [need.group.leader]
    if holder == PROGRAMME_OFFICE:
        unit = need.unit
        return people_with_role(Role.UNIT, unit, upward=False) or people_with_role(Role.OFFICE, unit, upward=False)
    return []


def _check_need_pair(by, pair: Pair) -> None:
    if by is not None and not Pair.objects.restrict(by, CHANGE).filter(pk=pair.pk).exists():
        raise PermissionDenied(_("只能为自己的结对户（或本分组、本单位的结对户）登记诉求"))
    if pair.household_erased:
        raise ValidationError(_("该户已退出结对，不能再登记诉求"))


@transaction.atomic
def need_raise(*, by, pair: Pair, category: str, description: str, raised_on: date | None = None) -> Need:
    _check_need_pair(by, pair)
    need = Need(pair=pair, unit_id=pair.unit_id, group_id=pair.group_id, category=category,
                description=description, raised_on=raised_on or timezone.localdate())
    need.full_clean()
    need.save()
    NeedStep.objects.create(need=need, action=_("提出诉求"), from_state="", to_state=need.state, by=by)
    return need


@transaction.atomic
def contact_record_with_needs(*, by, pair: Pair, date: date, form: str, topic: str, deeds: str = "",
                              cost: Decimal = Decimal("0"), needs: Sequence[Mapping[str, str]] = (),
                              files: Sequence = ()) -> Contact:
    """One visit, one save: the contact, its photos and every need the household raised during it (dated the
    visit's day), all or nothing. A refused need names its row, so the cadre knows which one to fix."""
    contact = contact_record(by=by, pair=pair, date=date, form=form, topic=topic, deeds=deeds, cost=cost)
    if files:
        attach_files(owner=contact, files=files, by=by)
    for number, row in enumerate(needs, start=1):
        try:
            need_raise(by=by, pair=pair, category=row.get("category", ""), description=row.get("description", ""),
                       raised_on=date)
        except ValidationError as exc:
            raise ValidationError([_("第%(n)d项诉求：%(m)s") % {"n": number, "m": m} for m in _labelled(exc, Need)]) from exc
    return contact


def _labelled(exc: ValidationError, model) -> list[str]:
    """The messages of a model's full_clean, each with the label of its field ("诉求内容：这个字段不能为空。")."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    labels = {f.name: str(f.verbose_name) for f in model._meta.fields}
    return [f"{labels[name]}：{m}" if name in labels else m
            for name, errors in exc.message_dict.items() for m in errors]


@transaction.atomic
def need_update(*, by, instance: Need, pair: Pair, category: str, description: str,
                raised_on: date | None = None) -> Need:
    """Edit what was raised; its state moves only along NEED_TRANSITIONS."""
    if by is not None and not Need.objects.restrict(by, CHANGE).filter(pk=instance.pk).exists():
        raise PermissionDenied(_("只能为自己的结对户（或本分组、本单位的结对户）登记诉求"))
    _check_need_pair(by, pair)
    instance.pair, instance.unit_id, instance.group_id = pair, pair.unit_id, pair.group_id
    instance.category, instance.description = category, description
    instance.raised_on = raised_on or instance.raised_on
    instance.full_clean()
    instance.save()
    return instance


def need_transition(*, by, need: Need, action: str, note: str = "", on: date | None = None) -> Need:
    """Move a need one step along NEED_TRANSITIONS (the engine checks the state, who acts and the note)."""
    return NEEDS.take(by=by, record=need, action=action, note=note, on=on).record


# --- monthly summary --------------------------------------------------------------------------------------------

def _check_summary_author(by, group: PairingGroup) -> None:
    if by is not None and not (group.leader_id == by.pk or is_programme_office(by, group.programme)):
        raise PermissionDenied(_("只有分组负责人可以提交分组月度小结"))


@transaction.atomic
def group_summary_submit(*, by, group: PairingGroup, month: date, text: str) -> GroupSummary:
    _check_summary_author(by, group)
    refuse_household_details(place=group.programme.place, labels={"text": _("小结内容")}, text=text)
    month = first_of_month(month)
    summary, _created = GroupSummary.objects.update_or_create(
        group=group, month=month,
        defaults={"unit": group.programme.place, "text": text, "submitted_by": by, "submitted_on": timezone.localdate()})
    return summary


@transaction.atomic
def group_summary_update(*, by, instance: GroupSummary, group: PairingGroup, month: date, text: str) -> GroupSummary:
    _check_summary_author(by, instance.group)
    _check_summary_author(by, group)
    refuse_household_details(place=group.programme.place, labels={"text": _("小结内容")}, text=text)
    instance.group, instance.unit, instance.month, instance.text = group, group.programme.place, first_of_month(month), text
    instance.submitted_by, instance.submitted_on = by, timezone.localdate()
    instance.full_clean()
    instance.save()
    return instance


# --- erasure ----------------------------------------------------------------------------------------------------

@transaction.atomic
def household_erase(*, by, household: Household) -> None:
    """The household withdrew: delete its record and every text about it. Pairs, contacts and needs stay without
    personal content, so ledgers and counts are unchanged."""
    if by is not None and not Household.objects.restrict(by, DELETE).filter(pk=household.pk).exists():
        raise PermissionDenied(_("只有分组负责人或开展活动单位的工作人员可以删除结对户信息"))
    pairs = list(Pair.objects.filter(household=household))
    today = timezone.localdate()
    for pair in pairs:
        for contact in pair.contacts.all():
            contact.topic = ERASED_TEXT
            contact.deeds = ERASED_TEXT if contact.deeds else ""
            contact.save()
        for need in pair.needs.all():
            need.description = ERASED_TEXT
            need.resolution = ERASED_TEXT if need.resolution else ""
            need.save()
            for step in need.steps.exclude(note=""):
                step.note = ERASED_TEXT
                step.save()
        pair.household = None
        pair.household_erased = True
        if pair.ended_on is None:
            pair.ended_on = today
        pair.save()
    household.delete()
