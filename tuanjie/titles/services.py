"""Writes and workflows of demonstration titles.

Two workflows, each with ONE transition table (core.workflow):
- APPLICATIONS: draft → submit → (each configured step: pass / return / reject) → named;
- TITLES: re-inspection pass / fail; a failure gives a rectification deadline, a second failure revokes.
Every step is atomic (rows locked), checked for role + level + state, and written to the history.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.assessments.selectors import application_gate
from tuanjie.core.access import ADD, CHANGE, assignments_of, may, reach_q
from tuanjie.core.roles import Role
from tuanjie.core.workflow import Actor, Notice, Step, Transition, Waiting, Workflow, table
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


# The tables are declared below the steps' effects (they name them): APPLICATIONS and TITLES.


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


def _is_unit_staff(user, application: TitleApplication) -> bool:
    return getattr(user, "is_authenticated", False) and may(user, CHANGE, TitleApplication, application.place)


def _is_step_office(user, application: TitleApplication) -> bool:
    office = current_office(application)
    return getattr(user, "is_authenticated", False) and office is not None and _holds_office_at(user, office)


def offices_at_rank(user, lookup: str, rank_lookup: str) -> Q | None:
    """Records whose office is one where the user holds the office role: the unit (`lookup`) lies below that
    office and the step's office level (`rank_lookup`) has the office's rank (as `office_above` finds it)."""
    if getattr(user, "is_superuser", False):
        return Q()
    paths = sorted({path for role, path in assignments_of(user) if role == Role.OFFICE})
    if not paths:
        return None
    q = Q(pk__in=[])
    for path, rank in Place.objects.filter(path__in=paths, level__isnull=False).values_list("path", "level__rank"):
        q |= Q(**{f"{lookup}__startswith": path, rank_lookup: rank}) & ~Q(**{lookup: path})
    return q


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


def _record(application, transition_action, label, from_status, *, by, step=None, office=None, comment=""):
    return ApplicationEvent.objects.create(
        application=application, action=transition_action, action_label=label, step=step, office=office,
        from_status=from_status, to_status=application.status, by=by if getattr(by, "pk", None) else None,
        comment=comment)


def _lock(application: TitleApplication) -> TitleApplication:
    return (TitleApplication.objects.select_for_update(of=("self",))
            .select_related("place", "title_level", "current_step").get(pk=application.pk))


# ---------------------------------------------------------------- application workflow

@transaction.atomic
def application_create(*, by, unit: Place, title_level: TitleLevel, year: int, deeds: str) -> TitleApplication:
    if unit.kind != Place.Kind.UNIT:
        raise ValidationError(_("只有创建单位可以申报示范单位"))
    if not may(by, ADD, TitleApplication, unit):
        raise PermissionDenied(_("只有本单位的创建单位工作人员可以申报"))
    if not title_level.is_active:
        raise ValidationError(_("该称号级别已停用"))
    if not (deeds or "").strip():
        raise ValidationError(_("请填写创建事迹简介"))
    Place.objects.select_for_update().filter(pk=unit.pk).first()  # one application at a time per unit
    _check_may_apply(unit, title_level)
    application = TitleApplication.objects.create(place=unit, title_level=title_level, year=year,
                                                  deeds=deeds.strip(), applicant=by)
    _record(application, "create", _("创建申报"), "", by=by)
    return application


@transaction.atomic
def application_update(*, by, application: TitleApplication, deeds: str, year: int | None = None):
    application = _lock(application)
    if application.status not in (S.DRAFT, S.RETURNED):
        raise ValidationError(_("只有草稿或退回的申报可以修改"))
    if not may(by, CHANGE, TitleApplication, application.place):
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
    return APPLICATIONS.available(user, application)


def application_act(*, by, application: TitleApplication, action: str, reason: str = "",
                    named_on: date | None = None, validity_years: int | None = None,
                    subsidy: Decimal | None = None, document_no: str = "") -> TitleApplication:
    """Take one workflow step. Naming parameters are used when the step passed is the naming step."""
    return APPLICATIONS.take(by=by, record=application, action=action, note=reason, named_on=named_on,
                             validity_years=validity_years, subsidy=subsidy, document_no=document_no).record


def _at_step(step: Step) -> None:
    """The history names the step and office the application was at (before the step moves it)."""
    step.history.update(step=step.record.current_step, office=current_office(step.record))


def _submit(step: Step) -> None:
    application = step.record
    _check_may_apply(application.place, application.title_level, exclude_pk=application.pk)
    application_gate(application)       # the self-assessment reaches the level's threshold (assessments)
    chain = chain_for(application)
    if not chain:
        raise ValidationError(_("该称号级别没有适用于本单位的办理环节，请联系创建办配置"))
    application.current_step = chain[0][0]
    application.submitted_at = timezone.now()


def _end_review(step: Step) -> None:
    _at_step(step)
    step.record.current_step = None


def _pass(step: Step) -> None:
    _at_step(step)
    application, here, office = step.record, step.history["step"], step.history["office"]
    if here.uses_quota:
        _take_quota(application, office)
    if here.names_title:
        _name_title(application, office, by=step.by, **step.params)
        application.status = S.NAMED
        application.current_step = None
        return
    chain = [s for s, _o in chain_for(application)]
    following = chain[chain.index(here) + 1:] if here in chain else []
    if not following:
        raise ValidationError(_("流程配置缺少命名环节，请联系创建办"))
    application.current_step = following[0]


def _application_event(step: Step) -> ApplicationEvent:
    here = step.history.get("step")
    label = f"{here.name}：{step.transition.label}" if here is not None else step.transition.label
    return _record(step.record, step.action, label, step.before, by=step.by, step=here,
                   office=step.history.get("office"), comment=step.note)


def _step_office_name(application: TitleApplication) -> str:
    return _("%(office)s创建办") % {"office": current_office(application) or _("上级")}


APPLICATIONS = Workflow(
    model=TitleApplication, noun=_l("申报"), related=("place", "title_level", "current_step"),
    transitions=table(
        Transition("submit", _l("提交申报"), frozenset({S.DRAFT, S.RETURNED}), S.IN_REVIEW, UNIT, apply=_submit),
        Transition("withdraw", _l("撤回申报"), frozenset({S.DRAFT, S.RETURNED}), S.WITHDRAWN, UNIT),
        Transition("pass", _l("通过"), frozenset({S.IN_REVIEW}), None, STEP_OFFICE, apply=_pass),
        Transition("return", _l("退回修改"), frozenset({S.IN_REVIEW}), S.RETURNED, STEP_OFFICE, note_required=True,
                   apply=_end_review),
        Transition("reject", _l("不予通过"), frozenset({S.IN_REVIEW}), S.REJECTED, STEP_OFFICE, note_required=True,
                   apply=_end_review),
    ),
    actors={UNIT: Actor(_is_unit_staff, _l("申报单位的创建单位工作人员"),
                        lambda user: reach_q(user, TitleApplication.access.roles_for(CHANGE), "place__path")),
            STEP_OFFICE: Actor(_is_step_office, _step_office_name,
                               lambda user: offices_at_rank(user, "place__path", "current_step__office_level__rank"))},
    waiting=(Waiting(S.IN_REVIEW, STEP_OFFICE, _l("示范单位申报待审核")),
             Waiting(S.RETURNED, UNIT, _l("退回修改的示范单位申报"))),
    history=_application_event, notify=lambda step: _next_notice(step.record))
APPLICATION_TRANSITIONS = APPLICATIONS.transitions


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


def _name_title(application, office, *, by, named_on, validity_years, subsidy, document_no):
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


def _next_notice(application: TitleApplication) -> Notice | None:
    """Tell whoever must act next: the office of the current step, or the unit when it is returned or decided."""
    from tuanjie.people.selectors import people_with_role

    if application.status == S.IN_REVIEW:
        office = current_office(application)
        if office is None or application.current_step is None:
            return None
        recipients = people_with_role(Role.OFFICE, office, upward=False)
        title, kind = _("示范单位申报待%(step)s：%(app)s") % {"step": application.current_step.name,
                                                          "app": application}, "task"
    elif application.status in (S.RETURNED, S.REJECTED, S.NAMED):
        recipients = people_with_role(Role.UNIT, application.place, upward=False)
        title = _("您单位的示范单位申报：%(s)s") % {"s": application.get_status_display()}
        kind = "returned" if application.status == S.RETURNED else "info"
    else:
        return None
    return Notice(recipients, title=title, kind=kind,
                  dedupe_key=f"titles:app:{application.pk}:{application.events.count()}")


# ---------------------------------------------------------------- named titles: re-inspection

def reinspector_office(title: DemonstrationTitle) -> Place | None:
    return office_above(title.place, title.title_level.reinspector_level)


def may_reinspect(user, title: DemonstrationTitle) -> bool:
    return bool(TITLES.available(user, title))


def title_reinspect(*, by, title: DemonstrationTitle, passed: bool, inspected_on: date | None = None,
                    findings: str = "", rectification_deadline: date | None = None) -> ReInspection:
    """Pass, or fail: a first failure sets a rectification deadline, a failure while rectifying revokes."""
    current = DemonstrationTitle.objects.filter(pk=title.pk).values_list("status", flat=True).first()
    action = "pass" if passed else ("revoke" if current == T.RECTIFYING else "fail")
    return TITLES.take(by=by, record=title, action=action, note=findings,
                       inspected_on=inspected_on or timezone.localdate(),
                       rectification_deadline=rectification_deadline).entry


def _reinspected_on(step: Step) -> date:
    step.history["office"] = reinspector_office(step.record)
    return step.params["inspected_on"]


def _reinspection_passed(step: Step) -> None:
    title, inspected_on = step.record, _reinspected_on(step)
    title.rectification_deadline = None
    title.next_inspection_due = add_years(inspected_on, title.title_level.reinspection_years)


def _reinspection_failed(step: Step) -> None:
    title, inspected_on = step.record, _reinspected_on(step)
    deadline = step.params["rectification_deadline"] or add_months(inspected_on,
                                                                   title.title_level.rectification_months)
    if deadline <= inspected_on:
        raise ValidationError(_("整改期限须晚于复检日期"))
    title.rectification_deadline = title.next_inspection_due = step.history["deadline"] = deadline


def _revoked(step: Step) -> None:
    title, inspected_on = step.record, _reinspected_on(step)
    title.revoked_on = inspected_on
    title.revoke_reason = _("复检复验不合格，限期整改后复验仍不合格：%(f)s") % {"f": step.note}
    title.next_inspection_due = None
    title.rectification_deadline = None


def _reinspection(step: Step) -> ReInspection:
    passed = step.action == "pass"
    return ReInspection.objects.create(
        title=step.record, inspected_on=step.params["inspected_on"],
        result=ReInspection.Result.PASSED if passed else ReInspection.Result.FAILED, findings=step.note,
        rectification_deadline=step.history.get("deadline"), title_status_after=step.record.status,
        office=step.history["office"], by=step.user)


def _may_reinspect(user, title: DemonstrationTitle) -> bool:
    office = reinspector_office(title)
    return getattr(user, "is_authenticated", False) and office is not None and _holds_office_at(user, office)


def _reinspector_name(title: DemonstrationTitle) -> str:
    return _("%(office)s创建办") % {"office": reinspector_office(title) or _("上级")}


_FINDINGS = _l("复检不合格须写明复检意见")
TITLES = Workflow(
    model=DemonstrationTitle, noun=_l("称号"), related=("place", "title_level"),
    transitions=table(
        Transition("pass", _l("复检合格"), frozenset({T.ACTIVE, T.RECTIFYING}), T.ACTIVE, REINSPECTOR,
                   apply=_reinspection_passed),
        Transition("fail", _l("复检不合格，限期整改"), frozenset({T.ACTIVE}), T.RECTIFYING, REINSPECTOR,
                   note_required=True, note_missing=_FINDINGS, apply=_reinspection_failed),
        Transition("revoke", _l("复验不合格，撤销称号"), frozenset({T.RECTIFYING}), T.REVOKED, REINSPECTOR,
                   note_required=True, note_missing=_FINDINGS, apply=_revoked),
    ),
    actors={REINSPECTOR: Actor(_may_reinspect, _reinspector_name,
                               lambda user: offices_at_rank(user, "place__path", "title_level__reinspector_level__rank"))},
    waiting=(Waiting(T.RECTIFYING, REINSPECTOR, _l("限期整改的示范单位待复验")),),
    history=_reinspection)


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
def quota_set(*, by, office: Place, title_level: TitleLevel, year: int, limit: int, note: str = "") -> TitleQuota:
    _check_quota_office(by, office)
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
