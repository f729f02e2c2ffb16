"""Writes and workflows of demonstration titles.

Two workflows, each with ONE transition table:
- APPLICATION_TRANSITIONS: draft → submit → (each configured step: pass / return / reject) → named;
- TITLE_TRANSITIONS: re-inspection pass / fail; a failure gives a rectification deadline, a second failure revokes.
Every step is atomic (rows locked), checked for role + level + state, and written to the history.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.access import ADD, CHANGE, assignments_of, may
from tuanjie.core.roles import Role
from tuanjie.places.models import Place
from tuanjie.titles.models import (
    ApplicationEvent,
    DemonstrationTitle,
    ReInspection,
    TitleApplication,
    TitleLevel,
    TitleQuota,
    TitleStep,
)

S = TitleApplication.Status
T = DemonstrationTitle.Status

UNIT = "unit"              # the applying unit's staff
STEP_OFFICE = "step_office"  # the creation office at the current step's level above the unit
REINSPECTOR = "reinspector"  # the creation office at the title level's re-inspection level above the unit


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset
    actor: str
    needs_reason: bool = False


APPLICATION_TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    Transition("submit", _l("提交申报"), frozenset({S.DRAFT, S.RETURNED}), UNIT),
    Transition("withdraw", _l("撤回申报"), frozenset({S.DRAFT, S.RETURNED}), UNIT),
    Transition("pass", _l("通过"), frozenset({S.IN_REVIEW}), STEP_OFFICE),
    Transition("return", _l("退回修改"), frozenset({S.IN_REVIEW}), STEP_OFFICE, needs_reason=True),
    Transition("reject", _l("不予通过"), frozenset({S.IN_REVIEW}), STEP_OFFICE, needs_reason=True),
]}

# (title status, re-inspection result) → title status after
TITLE_TRANSITIONS: dict[tuple[str, str], str] = {
    (T.ACTIVE, ReInspection.Result.PASSED): T.ACTIVE,
    (T.ACTIVE, ReInspection.Result.FAILED): T.RECTIFYING,
    (T.RECTIFYING, ReInspection.Result.PASSED): T.ACTIVE,
    (T.RECTIFYING, ReInspection.Result.FAILED): T.REVOKED,
}


# ---------------------------------------------------------------- helpers

def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def office_above(unit: Place, place_level) -> Place | None:
    """The unit's ancestor area whose hierarchy level has the rank of `place_level` (None if the tree has none)."""
    for ancestor in unit.ancestors_and_self():
        if ancestor.pk != unit.pk and ancestor.level_id and ancestor.level.rank == place_level.rank:
            return ancestor
    return None


def chain_for(application: TitleApplication) -> list[tuple[TitleStep, Place]]:
    """The application's effective steps with the office performing each; levels the unit lacks are skipped."""
    chain = []
    for step in application.title_level.steps.select_related("office_level").order_by("order"):
        office = office_above(application.place, step.office_level)
        if office is not None:
            chain.append((step, office))
    return chain


def _holds_office_at(user, place: Place) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(role == Role.OFFICE and path == place.path for role, path in assignments_of(user))


def _actor_may(user, transition: Transition, application: TitleApplication) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if transition.actor == UNIT:
        return may(user, CHANGE, TitleApplication, application.place)
    office = current_office(application)
    return office is not None and _holds_office_at(user, office)


def current_office(application: TitleApplication) -> Place | None:
    for step, office in chain_for(application):
        if step.pk == application.current_step_id:
            return office
    return None


def held_title(unit: Place, title_level: TitleLevel, today: date | None = None) -> DemonstrationTitle | None:
    today = today or timezone.localdate()
    return (DemonstrationTitle.objects.filter(place=unit, title_level=title_level, valid_until__gte=today)
            .exclude(status=T.REVOKED).first())


def _check_may_apply(unit: Place, title_level: TitleLevel, exclude_pk=None) -> None:
    if held_title(unit, title_level):
        raise ValidationError(_("该单位已获得有效的%(level)s称号，不能重复申报") % {"level": title_level})
    pending = TitleApplication.objects.filter(
        place=unit, title_level=title_level, status__in=[S.DRAFT, S.IN_REVIEW, S.RETURNED])
    if exclude_pk:
        pending = pending.exclude(pk=exclude_pk)
    if pending.exists():
        raise ValidationError(_("该单位已有一份%(level)s申报正在办理中，不能重复申报") % {"level": title_level})


def _record(application, transition_action, label, from_status, *, user, step=None, office=None, comment=""):
    return ApplicationEvent.objects.create(
        application=application, action=transition_action, action_label=label, step=step, office=office,
        from_status=from_status, to_status=application.status, by=user if getattr(user, "pk", None) else None,
        comment=comment)


def _lock(application: TitleApplication) -> TitleApplication:
    return (TitleApplication.objects.select_for_update(of=("self",))
            .select_related("place", "title_level", "current_step").get(pk=application.pk))


# ---------------------------------------------------------------- application workflow

@transaction.atomic
def application_create(*, user, unit: Place, title_level: TitleLevel, year: int, deeds: str) -> TitleApplication:
    if unit.kind != Place.Kind.UNIT:
        raise ValidationError(_("只有创建单位可以申报示范单位"))
    if not may(user, ADD, TitleApplication, unit):
        raise PermissionDenied(_("只有本单位的创建单位工作人员可以申报"))
    if not title_level.is_active:
        raise ValidationError(_("该称号级别已停用"))
    if not (deeds or "").strip():
        raise ValidationError(_("请填写创建事迹简介"))
    Place.objects.select_for_update().filter(pk=unit.pk).first()  # one application at a time per unit
    _check_may_apply(unit, title_level)
    application = TitleApplication.objects.create(place=unit, title_level=title_level, year=year,
                                                  deeds=deeds.strip(), applicant=user)
    _record(application, "create", _("创建申报"), "", user=user)
    return application


@transaction.atomic
def application_update(*, user, application: TitleApplication, deeds: str, year: int | None = None):
    application = _lock(application)
    if application.status not in (S.DRAFT, S.RETURNED):
        raise ValidationError(_("只有草稿或退回的申报可以修改"))
    if not may(user, CHANGE, TitleApplication, application.place):
        raise PermissionDenied(_("只有本单位的创建单位工作人员可以修改申报"))
    if not (deeds or "").strip():
        raise ValidationError(_("请填写创建事迹简介"))
    application.deeds = deeds.strip()
    if year:
        application.year = year
    application.save()
    return application


def available_actions(application: TitleApplication, user) -> list[Transition]:
    """The transitions this user may take on the application now (for pages and the API)."""
    return [t for t in APPLICATION_TRANSITIONS.values()
            if application.status in t.sources and _actor_may(user, t, application)]


@transaction.atomic
def application_act(*, user, application: TitleApplication, action: str, reason: str = "",
                    named_on: date | None = None, validity_years: int | None = None,
                    subsidy: Decimal | None = None, document_no: str = "") -> TitleApplication:
    """Take one workflow step. Naming parameters are used when the step passed is the naming step."""
    transition = APPLICATION_TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(_("未知的操作：%(a)s") % {"a": action})
    application = _lock(application)
    if application.status not in transition.sources:
        raise ValidationError(_("申报当前状态为“%(s)s”，不能%(a)s") % {
            "s": application.get_status_display(), "a": transition.label})
    if not _actor_may(user, transition, application):
        if transition.actor == UNIT:
            raise PermissionDenied(_("只有申报单位的创建单位工作人员可以%(a)s") % {"a": transition.label})
        office = current_office(application)
        raise PermissionDenied(_("当前环节“%(step)s”应由%(office)s创建办办理") % {
            "step": application.current_step.name if application.current_step else "",
            "office": office or _("上级")})
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        raise ValidationError(_("请填写%(a)s的理由") % {"a": transition.label})

    from_status = application.status
    step, office = application.current_step, current_office(application)
    if action == "submit":
        _check_may_apply(application.place, application.title_level, exclude_pk=application.pk)
        chain = chain_for(application)
        if not chain:
            raise ValidationError(_("该称号级别没有适用于本单位的办理环节，请联系创建办配置"))
        application.status = S.IN_REVIEW
        application.current_step = chain[0][0]
        application.submitted_at = timezone.now()
        step, office = None, None
    elif action == "withdraw":
        application.status = S.WITHDRAWN
    elif action in ("return", "reject"):
        application.status = S.RETURNED if action == "return" else S.REJECTED
        application.current_step = None
    elif action == "pass":
        if step.uses_quota:
            _take_quota(application, office)
        if step.names_title:
            _name_title(application, office, user=user, named_on=named_on, validity_years=validity_years,
                        subsidy=subsidy, document_no=document_no)
            application.status = S.NAMED
            application.current_step = None
        else:
            chain = [s for s, _o in chain_for(application)]
            following = chain[chain.index(step) + 1:] if step in chain else []
            if not following:
                raise ValidationError(_("流程配置缺少命名环节，请联系创建办"))
            application.current_step = following[0]
    application.save()
    label = f"{step.name}：{transition.label}" if step is not None else transition.label
    _record(application, action, label, from_status, user=user, step=step, office=office, comment=reason)
    _notify_next(application)
    return application


def quota_used(office: Place, title_level: TitleLevel, year: int) -> int:
    """Applications this office has recommended for the level in the year (each counted once)."""
    return (ApplicationEvent.objects.filter(
        action="pass", office=office, step__kind=TitleStep.Kind.RECOMMEND,
        application__title_level=title_level, application__year=year)
        .values("application").distinct().count())


def _take_quota(application: TitleApplication, office: Place) -> None:
    quota = (TitleQuota.objects.select_for_update()
             .filter(place=office, title_level=application.title_level, year=application.year).first())
    if quota is None:
        raise ValidationError(_("%(office)s尚未获分配%(year)s年%(level)s推荐名额，请联系上级创建办") % {
            "office": office, "year": application.year, "level": application.title_level})
    already = ApplicationEvent.objects.filter(application=application, action="pass", office=office,
                                              step__kind=TitleStep.Kind.RECOMMEND).exists()
    if not already and quota_used(office, application.title_level, application.year) >= quota.limit:
        raise ValidationError(_("%(year)s年%(level)s推荐名额（%(n)s个）已用完") % {
            "year": application.year, "level": application.title_level, "n": quota.limit})


def _name_title(application, office, *, user, named_on, validity_years, subsidy, document_no):
    level = application.title_level
    named_on = named_on or timezone.localdate()
    validity_years = validity_years or level.validity_years
    subsidy = level.default_subsidy if subsidy is None else Decimal(subsidy)
    if subsidy < 0:
        raise ValidationError(_("奖补资金不能为负数"))
    return DemonstrationTitle.objects.create(
        place=application.place, application=application, title_level=level, title_name=level.title_name,
        named_by=office, named_on=named_on, document_no=document_no or "", subsidy=subsidy,
        valid_until=add_years(named_on, validity_years),
        next_inspection_due=add_years(named_on, level.reinspection_years))


def _notify_next(application: TitleApplication) -> None:
    """Tell whoever must act next: the office of the current step, or the unit when it is returned or decided."""
    from tuanjie.notifications.services import notify
    from tuanjie.people.selectors import people_with_role

    if application.status == S.IN_REVIEW:
        office = current_office(application)
        if office is None:
            return
        recipients = people_with_role(Role.OFFICE, office, upward=False)
        title, kind = _("示范单位申报待%(step)s：%(app)s") % {"step": application.current_step.name,
                                                          "app": application}, "task"
    elif application.status in (S.RETURNED, S.REJECTED, S.NAMED):
        recipients = people_with_role(Role.UNIT, application.place, upward=False)
        title = _("您单位的示范单位申报：%(s)s") % {"s": application.get_status_display()}
        kind = "returned" if application.status == S.RETURNED else "info"
    else:
        return
    notify(recipients, title=title, url=application.get_absolute_url(), kind=kind,
           dedupe_key=f"titles:app:{application.pk}:{application.events.count()}")


# ---------------------------------------------------------------- named titles: re-inspection

def reinspector_office(title: DemonstrationTitle) -> Place | None:
    return office_above(title.place, title.title_level.reinspector_level)


def may_reinspect(user, title: DemonstrationTitle) -> bool:
    office = reinspector_office(title)
    return (getattr(user, "is_authenticated", False) and title.status != T.REVOKED and office is not None
            and _holds_office_at(user, office))


@transaction.atomic
def title_reinspect(*, user, title: DemonstrationTitle, passed: bool, inspected_on: date | None = None,
                    findings: str = "", rectification_deadline: date | None = None) -> ReInspection:
    title = DemonstrationTitle.objects.select_for_update().select_related("place", "title_level").get(pk=title.pk)
    result = ReInspection.Result.PASSED if passed else ReInspection.Result.FAILED
    after = TITLE_TRANSITIONS.get((title.status, result))
    if after is None:
        raise ValidationError(_("称号当前状态为“%(s)s”，不能复检") % {"s": title.get_status_display()})
    office = reinspector_office(title)
    if office is None or not _holds_office_at(user, office):
        raise PermissionDenied(_("该称号应由%(office)s创建办组织复检") % {"office": office or _("上级")})
    inspected_on = inspected_on or timezone.localdate()
    findings = (findings or "").strip()
    level = title.title_level
    if not passed and not findings:
        raise ValidationError(_("复检不合格须写明复检意见"))
    deadline = None
    if after == T.RECTIFYING:
        deadline = rectification_deadline or add_months(inspected_on, level.rectification_months)
        if deadline <= inspected_on:
            raise ValidationError(_("整改期限须晚于复检日期"))
        title.rectification_deadline = deadline
        title.next_inspection_due = deadline
    elif after == T.ACTIVE:
        title.rectification_deadline = None
        title.next_inspection_due = add_years(inspected_on, level.reinspection_years)
    else:  # revoked after a second failure
        title.revoked_on = inspected_on
        title.revoke_reason = _("复检复验不合格，限期整改后复验仍不合格：%(f)s") % {"f": findings}
        title.next_inspection_due = None
        title.rectification_deadline = None
    title.status = after
    title.save()
    return ReInspection.objects.create(
        title=title, inspected_on=inspected_on, result=result, findings=findings, rectification_deadline=deadline,
        title_status_after=after, office=office, by=user if getattr(user, "pk", None) else None)


# ---------------------------------------------------------------- quotas

def _check_quota_office(user, office: Place) -> None:
    if not office.is_area:
        raise ValidationError(_("推荐名额只能分配给行政区域的创建办"))
    if not may(user, ADD, TitleQuota, office):
        raise PermissionDenied(_("推荐名额由上级创建办分配"))


def _check_quota_limit(office: Place, title_level: TitleLevel, year: int, limit: int) -> None:
    if limit < quota_used(office, title_level, year):
        raise ValidationError(_("名额不能少于已推荐的数量"))


@transaction.atomic
def quota_set(*, user, office: Place, title_level: TitleLevel, year: int, limit: int, note: str = "") -> TitleQuota:
    _check_quota_office(user, office)
    quota, _created = TitleQuota.objects.select_for_update().get_or_create(
        place=office, title_level=title_level, year=year, defaults={"limit": limit, "note": note})
    if quota.limit != limit or quota.note != note:
        _check_quota_limit(office, title_level, year, limit)
        quota.limit, quota.note = limit, note
        quota.save()
    return quota


@transaction.atomic
def quota_update(*, by, instance: TitleQuota, place: Place, title_level: TitleLevel, year: int, limit: int,
                 note: str = "") -> TitleQuota:
    """Edit a quota: the checks of `quota_set`, and a quota some recommendation already used stays where it is."""
    quota = TitleQuota.objects.select_for_update().get(pk=instance.pk)
    _check_quota_office(by, quota.place)
    moved = (place.pk, title_level.pk, year) != (quota.place_id, quota.title_level_id, quota.year)
    if moved:
        _check_quota_office(by, place)
        if quota_used(quota.place, quota.title_level, quota.year):
            raise ValidationError(_("该名额已有推荐占用，不能改到其他创建办、称号级别或年度"))
    _check_quota_limit(place, title_level, year, limit)
    quota.place, quota.title_level, quota.year, quota.limit, quota.note = place, title_level, year, limit, note
    quota.full_clean()
    quota.save()
    return quota
