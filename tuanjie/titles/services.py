"""Writes and workflows of demonstration titles.

Two workflows, each with ONE transition table (core.workflow):
- APPLICATIONS: draft → submit → (each configured step: pass / return / reject) → named;
- TITLES: re-inspection pass / fail; a failure gives a rectification deadline, a second failure revokes.
Every step is atomic (rows locked), checked for role + level + state + the call's window, written to the history,
and told to the subject's people (and to the office whose step is next).

The subject (`place`) is a creation unit or an area, as the title level says (`TitleLevel.fits`). A unit's staff
apply for their unit; an area's own office (or its liaison) applies for the area; the chain is the offices above.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.assessments.selectors import application_gate
from tuanjie.core.access import ADD, assignments_of, exactly_q, may, reach, reach_q
from tuanjie.core.dates import when
from tuanjie.core.roles import Role
from tuanjie.core.upward import refuse_household_details
from tuanjie.core.workflow import Actor, Notice, Step, Transition, Waiting, Window, Workflow, table
from tuanjie.places.models import Place
from tuanjie.titles.models import (
    ApplicationEvent,
    CallWindow,
    DemonstrationTitle,
    ReInspection,
    TitleApplication,
    TitleCall,
    TitleLevel,
    TitleQuota,
    TitleStep,
)

S = TitleApplication.Status
T = DemonstrationTitle.Status

UNIT = "unit"              # the applicant: the unit's staff, or the area's own office
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


# An area applies through the people at the area itself: its creation office, or its liaison (村创建联络员).
AREA_APPLICANT_ROLES = frozenset({Role.OFFICE, Role.UNIT})


def may_apply_for(user, place: Place) -> bool:
    """May `user` write and submit applications of `place`: a unit's staff (at the unit or above it in a unit's
    own tree), or the people at an area itself; an office never applies for what lies below it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if place.is_area:
        return any(role in AREA_APPLICANT_ROLES and path == place.path for role, path in assignments_of(user))
    return any(place.path.startswith(path) for path in reach(user, {Role.UNIT}))


def _applicant_holds(user) -> Q | None:
    """`may_apply_for` as a filter on applications (the to-do's returned applications)."""
    units = reach_q(user, {Role.UNIT}, "place__path")
    areas = exactly_q(user, AREA_APPLICANT_ROLES, "place__path")
    if units is None and areas is None:
        return None
    q = Q(pk__in=[])
    if units is not None:
        q |= units & Q(place__kind=Place.Kind.UNIT)
    if areas is not None:
        q |= areas & Q(place__kind=Place.Kind.AREA)
    return q


def _is_applicant(user, application: TitleApplication) -> bool:
    return may_apply_for(user, application.place)


def subject_people(place: Place) -> list:
    """Who hears about a subject's application and title: an area's own office and liaison, a unit's staff. (The
    office above hears of a failed re-inspection and a revocation: `supervising_people`.)"""
    from tuanjie.people.selectors import people_with_role

    people = list(people_with_role(Role.UNIT, place, upward=False))
    if place.is_area:
        people += people_with_role(Role.OFFICE, place, upward=False)
    return people


def supervising_people(place: Place) -> list:
    """The office directly responsible above a subject (told of a failed re-inspection and a revocation, which
    it follows up): the nearest office above the place."""
    from tuanjie.people.selectors import people_with_role

    parent = Place.objects.filter(path=place.path[:-Place.steplen]).first() if place.depth > 1 else None
    return list(people_with_role(Role.OFFICE, parent, upward=True)) if parent is not None else []


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


def held_title(subject: Place, title_level: TitleLevel, today: date | None = None) -> DemonstrationTitle | None:
    today = today or timezone.localdate()
    return (DemonstrationTitle.objects.filter(place=subject, title_level=title_level, valid_until__gte=today)
            .exclude(status=T.REVOKED).first())


def _check_fits(subject: Place, title_level: TitleLevel) -> None:
    if title_level.fits(subject):
        return
    if not title_level.for_areas:
        raise ValidationError(_("“%(level)s”由创建单位申报，%(place)s是行政区域；请选择适用于%(type)s的称号级别") % {
            "level": title_level, "place": subject, "type": subject.type_label})
    raise ValidationError(_("“%(level)s”由%(subject)s申报，%(place)s是%(type)s；请选择适用于%(type)s的称号级别") % {
        "level": title_level, "subject": title_level.subject_label, "place": subject, "type": subject.type_label})


def _check_may_apply(subject: Place, title_level: TitleLevel, exclude_pk=None) -> None:
    who = _("该地区") if subject.is_area else _("该单位")
    if held_title(subject, title_level):
        raise ValidationError(_("%(who)s已获得有效的%(level)s称号，不能重复申报") % {"who": who, "level": title_level})
    pending = TitleApplication.objects.filter(
        place=subject, title_level=title_level, status__in=[S.DRAFT, S.IN_REVIEW, S.RETURNED])
    if exclude_pk:
        pending = pending.exclude(pk=exclude_pk)
    if pending.exists():
        raise ValidationError(_("%(who)s已有一份%(level)s申报正在办理中，不能重复申报") % {
            "who": who, "level": title_level})


def _refuse_applicant(subject: Place) -> PermissionDenied:
    if subject.is_area:
        return PermissionDenied(_("只有%(place)s本级的创建办（或创建联络员）可以为本地区申报") % {"place": subject})
    return PermissionDenied(_("只有本单位的创建单位工作人员可以申报"))


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
def application_create(*, by, subject: Place, title_level: TitleLevel, year: int, deeds: str) -> TitleApplication:
    """A draft application of `subject` (a unit, or an area through its own office) for a title level."""
    _check_fits(subject, title_level)
    if not may_apply_for(by, subject):
        raise _refuse_applicant(subject)
    if not title_level.is_active:
        raise ValidationError(_("该称号级别已停用"))
    if not (deeds or "").strip():
        raise ValidationError(_("请填写创建事迹简介"))
    refuse_household_details(place=subject, labels={"deeds": _("创建事迹简介")}, deeds=deeds)
    Place.objects.select_for_update().filter(pk=subject.pk).first()  # one application at a time per subject
    _check_may_apply(subject, title_level)
    application = TitleApplication.objects.create(place=subject, title_level=title_level, year=year,
                                                  deeds=deeds.strip(), applicant=by)
    _record(application, "create", _("创建申报"), "", by=by)
    return application


@transaction.atomic
def application_update(*, by, application: TitleApplication, deeds: str, year: int | None = None):
    application = _lock(application)
    if application.status not in (S.DRAFT, S.RETURNED):
        raise ValidationError(_("只有草稿或退回的申报可以修改"))
    if not may_apply_for(by, application.place):
        raise _refuse_applicant(application.place)
    if not (deeds or "").strip():
        raise ValidationError(_("请填写创建事迹简介"))
    refuse_household_details(place=application.place, labels={"deeds": _("创建事迹简介")}, deeds=deeds)
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


def application_submit(*, by, application: TitleApplication) -> TitleApplication:
    """Declare (提交申报) a draft or returned application: the checks are `_declared`'s, the window the call's."""
    return APPLICATIONS.take(by=by, record=application, action="submit").record


def _declared(step: Step) -> None:
    """Everything an application must satisfy to be declared, in one place (the submit step's effect, however
    it is taken: page, API, `application_submit`): still fitting and not held or pending, a chain above it."""
    application = step.record
    _check_fits(application.place, application.title_level)
    _check_may_apply(application.place, application.title_level, exclude_pk=application.pk)
    application_gate(application)       # the self-assessment reaches the level's threshold (assessments)
    chain = chain_for(application)
    if not chain:
        raise ValidationError(_("该称号级别没有适用于%(place)s的办理环节，请联系创建办配置") % {
            "place": application.place})
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


def _step_office_holds(user) -> Q | None:
    """`_is_step_office` as a filter: the office at the current step's level above the subject (a step of
    another level's chain, left by a changed configuration, is nobody's)."""
    q = offices_at_rank(user, "place__path", "current_step__office_level__rank")
    return None if q is None else q & Q(current_step__title_level=F("title_level"))


def _applicant_name(application: TitleApplication) -> str:
    if application.place.is_area:
        return _("%(place)s本级的创建办（或创建联络员）") % {"place": application.place}
    return _("申报单位的创建单位工作人员")


def _step_office_name(application: TitleApplication) -> str:
    return _("%(office)s创建办") % {"office": current_office(application) or _("上级")}


APPLICATIONS = Workflow(
    model=TitleApplication, noun=_l("申报"), related=("place", "title_level", "current_step"),
    transitions=table(
        Transition("submit", _l("提交申报"), frozenset({S.DRAFT, S.RETURNED}), S.IN_REVIEW, UNIT, apply=_declared),
        Transition("withdraw", _l("撤回申报"), frozenset({S.DRAFT, S.RETURNED}), S.WITHDRAWN, UNIT),
        Transition("pass", _l("通过"), frozenset({S.IN_REVIEW}), None, STEP_OFFICE, apply=_pass),
        Transition("return", _l("退回修改"), frozenset({S.IN_REVIEW}), S.RETURNED, STEP_OFFICE, note_required=True,
                   apply=_end_review),
        Transition("reject", _l("不予通过"), frozenset({S.IN_REVIEW}), S.REJECTED, STEP_OFFICE, note_required=True,
                   apply=_end_review),
    ),
    actors={UNIT: Actor(_is_applicant, _applicant_name, _applicant_holds),
            STEP_OFFICE: Actor(_is_step_office, _step_office_name, _step_office_holds)},
    waiting=(Waiting(S.IN_REVIEW, STEP_OFFICE, _l("示范称号申报待审核")),
             Waiting(S.RETURNED, UNIT, _l("退回修改的示范称号申报"))),
    history=_application_event, notify=lambda step: _application_notices(step), window=lambda step: _window(step))
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
    title = DemonstrationTitle.objects.create(
        place=application.place, application=application, title_level=level, title_name=level.title_name,
        named_by=office, named_on=named_on, document_no=document_no or "", subsidy=subsidy,
        valid_until=add_years(named_on, validity_years),
        next_inspection_due=add_years(named_on, level.reinspection_years))
    if subsidy > 0:
        title.allocation = _subsidy_allocation(title, by)
        title.save(update_fields=["allocation"])
    return title


def _subsidy_allocation(title: DemonstrationTitle, by):
    """The title's subsidy as money in the funds ledger: put at the subject's disposal by the naming office's
    level, in the naming year, under the naming document (万元 on the title, 元 in the ledger)."""
    from tuanjie.funds.models import FundSource
    from tuanjie.funds.services import allocation_create

    level = title.named_by.level
    rank = level.rank if level is not None else 0
    source = {1: FundSource.PROVINCIAL, 2: FundSource.CITY, 3: FundSource.COUNTY}.get(rank, FundSource.OTHER)
    return allocation_create(
        by=by if getattr(by, "pk", None) else None, place=title.place, year=title.named_on.year, source=source,
        amount=title.subsidy * 10000, for_site=True, allocated_on=title.named_on, document_no=title.document_no,
        purpose=(_("%(level)s%(name)s奖补资金") % {"level": title.title_level, "name": title.title_name})[:200])


def _application_notices(step: Step) -> list[Notice]:
    """Every review step is told to the subject's people (passed, returned, rejected, named), and whoever must act
    next (the office of the new current step) gets a task."""
    application = step.record
    if step.action == "withdraw":
        return []
    key = f"titles:app:{application.pk}:{application.events.count()}"
    notices = []
    here = step.history.get("step")
    subject_title = {
        "submit": "",    # the applicant declared it: only the office of the first step is told
        "pass": _("申报已通过%(step)s：%(app)s"),
        "return": _("申报被退回修改：%(app)s"),
        "reject": _("申报未通过%(step)s：%(app)s"),
    }[step.action]
    if application.status == S.NAMED:
        subject_title = _("已命名：%(app)s")
    body = step.note
    if application.status == S.NAMED:
        title = getattr(application, "title", None)
        if title is not None:
            body = _("%(by)s于%(day)s命名%(no)s，有效期至%(until)s。") % {
                "by": title.named_by, "day": when(title.named_on),
                "no": _("（%(no)s）") % {"no": title.document_no} if title.document_no else "",
                "until": when(title.valid_until)}
    elif application.status == S.IN_REVIEW and application.current_step_id:
        office = current_office(application)
        body = "\n".join(filter(None, [body, _("下一环节：%(office)s创建办%(step)s") % {
            "office": office, "step": application.current_step.name}]))
    if subject_title:
        notices.append(Notice(subject_people(application.place),
                              kind="returned" if step.action == "return" else "info",
                              title=subject_title % {"app": application, "step": here.name if here else ""},
                              body=body, dedupe_key=f"{key}:subject"))
    if application.status == S.IN_REVIEW:
        from tuanjie.people.selectors import people_with_role

        office = current_office(application)
        if office is not None and application.current_step is not None:
            notices.append(Notice(people_with_role(Role.OFFICE, office, upward=False), kind="task",
                                  title=_("示范称号申报待%(step)s：%(app)s") % {
                                      "step": application.current_step.name, "app": application},
                                  dedupe_key=f"{key}:office"))
    return notices


# ---------------------------------------------------------------- calls (申报通知) and their windows

def call_for(application: TitleApplication) -> TitleCall | None:
    """The call an application answers: for its level and year, issued by an office at or above its subject
    (the nearest one when several levels issued one)."""
    place = application.place
    paths = [place.path[: i * Place.steplen] for i in range(1, place.depth + 1)]
    return (TitleCall.objects.filter(title_level_id=application.title_level_id, year=application.year,
                                     place__path__in=paths)
            .select_related("place").order_by("-place__depth").first())


def window_for(application: TitleApplication, action: str) -> CallWindow | None:
    """The window that limits `action` on the application now: the declaration's for submitting, the current
    step's for passing, returning or rejecting; none for withdrawing a draft or without a call."""
    if action == "submit":
        step_id = None
    elif action in ("pass", "return", "reject") and application.current_step_id:
        step_id = application.current_step_id
    else:
        return None
    call = call_for(application)
    if call is None:
        return None
    return call.windows.filter(step_id=step_id).select_related("step").first()


def _window(step: Step) -> Window | None:
    window = window_for(step.record, step.action)
    if window is None:
        return None
    return Window(window.opens_on, window.last_day, "“%s”" % window.label, window.call.name)


def is_call_office(user, call: TitleCall) -> bool:
    """The office that issued the call (only it changes the call and reopens its windows)."""
    return getattr(user, "is_authenticated", False) and _holds_office_at(user, call.place)


def _check_call_office(by, place: Place) -> None:
    if not place.is_area:
        raise ValidationError(_("申报通知由行政区域的创建办发布"))
    if not (getattr(by, "is_superuser", False) or _holds_office_at(by, place)):
        raise PermissionDenied(_("只有%(place)s创建办可以发布或修改本级的申报通知") % {"place": place})


def _check_windows(call: TitleCall, windows: dict) -> dict:
    """`windows` maps a step (None for the declaration) to (opens, closes); the steps must be the level's."""
    steps = {s.pk: s for s in call.title_level.steps.all()}
    cleaned = {}
    for step, (opens, closes) in windows.items():
        if step is not None and step.pk not in steps:
            raise ValidationError(_("“%(step)s”不是%(level)s的办理环节") % {"step": step, "level": call.title_level})
        if opens is None or closes is None:
            continue
        if closes < opens:
            raise ValidationError(_("“%(step)s”的截止日期不能早于开始日期") % {
                "step": step.name if step else _("申报")})
        cleaned[step.pk if step else None] = (opens, closes)
    if not cleaned:
        raise ValidationError(_("请至少为一个环节设定办理时间"))
    return cleaned


@transaction.atomic
def call_create(*, by, place: Place, title_level: TitleLevel, year: int, name: str, windows: dict,
                document_no: str = "", description: str = "") -> TitleCall:
    """Issue a call for a title level and year with a window per step ({step or None: (opens, closes)})."""
    _check_call_office(by, place)
    if not (name or "").strip():
        raise ValidationError(_("请填写通知名称"))
    if TitleCall.objects.filter(place=place, title_level=title_level, year=year).exists():
        raise ValidationError(_("%(place)s已发布%(year)s年%(level)s申报通知，请在原通知中修改") % {
            "place": place, "year": year, "level": title_level})
    call = TitleCall(place=place, title_level=title_level, year=year, name=name.strip(),
                     document_no=(document_no or "").strip(), description=description or "",
                     issued_by=by if getattr(by, "pk", None) else None)
    cleaned = _check_windows(call, windows)
    call.full_clean()
    call.save()
    for step_id, (opens, closes) in cleaned.items():
        CallWindow.objects.create(call=call, step_id=step_id, opens_on=opens, closes_on=closes)
    return call


@transaction.atomic
def call_update(*, by, call: TitleCall, name: str, windows: dict, document_no: str = "",
                description: str = "") -> TitleCall:
    """Change a call's text and windows (a window left empty is removed); reopening a closed window with its
    reason is `call_window_reopen`."""
    call = TitleCall.objects.select_for_update().select_related("place", "title_level").get(pk=call.pk)
    _check_call_office(by, call.place)
    if not (name or "").strip():
        raise ValidationError(_("请填写通知名称"))
    cleaned = _check_windows(call, windows)
    call.name, call.document_no, call.description = name.strip(), (document_no or "").strip(), description or ""
    call.save()
    existing = {w.step_id: w for w in call.windows.select_for_update().order_by("id")}
    for step_id, window in existing.items():
        if step_id not in cleaned:
            window.delete()
    for step_id, (opens, closes) in cleaned.items():
        window = existing.get(step_id) or CallWindow(call=call, step_id=step_id)
        if (window.opens_on, window.closes_on) != (opens, closes):
            window.opens_on, window.closes_on = opens, closes
            window.full_clean()
            window.save()
    return call


@transaction.atomic
def call_window_reopen(*, by, window: CallWindow, until: date, reason: str,
                       today: date | None = None) -> CallWindow:
    """The calling office reopens a step's window to a later day, with its reason (kept, and in the change log)."""
    # `of` self: the step is an outer join (the declaration has none), which PostgreSQL cannot lock
    window = (CallWindow.objects.select_for_update(of=("self",)).select_related("call__place", "step")
              .get(pk=window.pk))
    _check_call_office(by, window.call.place)
    today = today or timezone.localdate()
    if not (reason or "").strip():
        raise ValidationError(_("请填写重新开放的理由"))
    if until is None or until < today:
        raise ValidationError(_("重新开放的截止日期不能早于今天"))
    if until <= window.closes_on:
        raise ValidationError(_("“%(step)s”本就开放至%(d)s，无需重新开放") % {
            "step": window.label, "d": when(window.closes_on)})
    window.reopened_until, window.reopen_reason = until, reason.strip()
    window.reopened_by = by if getattr(by, "pk", None) else None
    window.save()
    return window


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
        office=step.history["office"], by=step.user,
        conducted_by=_("%(body)s复核验收") % {"body": body} if (body := step.record.title_level.conferring_body)
        else "")


def _reinspection_notice(step: Step) -> Notice:
    """The holder's office and staff hear every re-inspection: passed with the next date, failed with the
    rectification deadline, revoked with the revocation's date."""
    title, note = step.record, step.note
    if step.action == "pass":
        subject, kind = _("复检合格：%(t)s") % {"t": title}, "info"
        body = _("%(day)s复检合格，下次复检日期%(next)s。") % {
            "day": when(step.params["inspected_on"]), "next": when(title.next_inspection_due)}
    elif step.action == "fail":
        subject, kind = _("复检不合格，限期整改至%(d)s：%(t)s") % {"d": when(title.rectification_deadline),
                                                            "t": title}, "returned"
        body = _("%(day)s复检不合格，请于%(d)s前完成整改，届时复验。复检意见：%(f)s") % {
            "day": when(step.params["inspected_on"]), "d": when(title.rectification_deadline), "f": note}
    else:
        subject, kind = _("称号已撤销（%(d)s）：%(t)s") % {"d": when(title.revoked_on), "t": title}, "returned"
        body = _("整改后复验仍不合格，称号自%(d)s起撤销。复验意见：%(f)s") % {"d": when(title.revoked_on), "f": note}
    recipients = subject_people(title.place)
    if step.action != "pass":
        recipients += supervising_people(title.place)
    return Notice(recipients, title=subject, body=body, kind=kind,
                  dedupe_key=f"titles:title:{title.pk}:{title.reinspections.count()}")


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
    history=_reinspection, notify=_reinspection_notice)


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
