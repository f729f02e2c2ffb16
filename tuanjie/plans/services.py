"""Writes of plans: plans and their parts, deriving a lower level's plan, and the progress workflow of tasks.

Progress reporting is the one workflow here. Who may report, on which task state, is in REPORTERS below:
the responsible units (lead and partners) report while the task is open; an office above the lead unit may
report on its behalf in any state (and so reopen a finished task)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuanjie.core import recyclebin
from tuanjie.core.access import ADD, CHANGE, DELETE, may, reach
from tuanjie.core.models import DeletedRecord
from tuanjie.core.roles import Role
from tuanjie.core.upward import refuse_household_details
from tuanjie.places.models import Place
from tuanjie.plans import selectors
from tuanjie.plans.models import Plan, PlanPhase, PlanTask, ScheduledActivity, TaskProgress

PLAN_FIELDS = ("kind", "year", "end_year", "programme", "title", "doc_number", "issued_on", "status",
               *Plan.SECTIONS)
MAX_PROGRAMME_YEARS = 5
TASK_FIELDS = ("number", "title", "description", "phase", "lead_unit", "deadline", "target_quantity",
               "target_unit", "responsible")

OPEN = (PlanTask.Status.NOT_STARTED, PlanTask.Status.IN_PROGRESS)
ANY = tuple(PlanTask.Status.values)
# Progress workflow: role of the reporter -> task states in which that role may report.
REPORTERS: dict[str, tuple[str, ...]] = {
    Role.UNIT: OPEN,
    Role.OFFICE: ANY,
    Role.ADMIN: ANY,
}


def _require(by, action, model, place, message):
    if by is not None and not may(by, action, model, place):
        raise PermissionDenied(message)


def _within(place: Place, area: Place, what: str) -> None:
    if not place.path.startswith(area.path):
        raise ValidationError(_("%(what)s“%(place)s”不在“%(area)s”范围内") % {
            "what": what, "place": place, "area": area})


# ---- plans ----------------------------------------------------------------------------------------------

def _validate_plan(plan: Plan) -> None:
    if not 2000 <= plan.year <= 2100:
        raise ValidationError({"year": _("年度应为四位年份，如2026")})
    if plan.kind == Plan.Kind.ANNUAL:
        clash = Plan.objects.filter(place=plan.place, year=plan.year, kind=Plan.Kind.ANNUAL).exclude(pk=plan.pk)
        if clash.exists():
            # code "unique": the API answers 409, as for any duplicate
            raise ValidationError({"year": ValidationError(_("%(place)s已有%(year)d年度实施方案，请修改已有方案；"
                                                             "十进方案、宣传月方案等请选“专项方案”") % {
                "place": plan.place, "year": plan.year}, code="unique")})
    if plan.kind == Plan.Kind.MULTIYEAR:
        if plan.end_year is None or not plan.year < plan.end_year <= plan.year + MAX_PROGRAMME_YEARS - 1:
            raise ValidationError({"end_year": _("多年创建规划请填截止年度：晚于起始年度，最长%(n)d年，如2026—2028年填2028")
                                   % {"n": MAX_PROGRAMME_YEARS}})
        if plan.programme_id:
            raise ValidationError({"programme": _("多年创建规划不能再属于另一个规划")})
    elif plan.end_year is not None:
        raise ValidationError({"end_year": _("只有多年创建规划填写截止年度")})
    programme = plan.programme if plan.programme_id else None
    if programme is not None:
        if programme.kind != Plan.Kind.MULTIYEAR or programme.place_id != plan.place_id:
            raise ValidationError({"programme": _("所属创建规划须是本地区/本单位的多年创建规划")})
        if not programme.year <= plan.year <= (programme.end_year or programme.year):
            raise ValidationError({"programme": _("%(year)d年不在“%(p)s”（%(years)s）之内") % {
                "year": plan.year, "p": programme.title, "years": programme.years_text}})


@transaction.atomic
def plan_create(*, by, place: Place, year: int, title: str, **fields) -> Plan:
    """A new plan. A unit's annual or topic plan starts from its area's plan of that year and kind where one exists
    (plan_derive: the sections the unit left blank and the tasks it answers for come along)."""
    _require(by, ADD, Plan, place, _("您无权为“%(place)s”制定实施方案") % {"place": place})
    if not place.is_area and fields.get("source") is None:
        area_plan = selectors.area_plan_for(place, year, fields.get("kind", Plan.Kind.ANNUAL))
        if area_plan is not None:
            fields.pop("source", None)
            return plan_derive(by=by, source=area_plan, place=place, title=title, **fields)
    plan = Plan(place=place, year=year, title=title, **fields)
    _validate_plan(plan)
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, by, plan: Plan, **fields) -> Plan:
    _require(by, CHANGE, Plan, plan.place, _("您无权修改该实施方案"))
    stored = Plan.objects.filter(pk=plan.pk).values_list("status", flat=True).first()
    if stored and stored != Plan.Status.DRAFT and fields.get("status", stored) != stored:
        # An issued plan is only withdrawn (plan_withdraw): back to draft it could be deleted under the work on it.
        raise ValidationError({"status": _("已印发的方案不能改回起草中或直接改状态；如需作废，请在方案页面点击“废止”")})
    for name, value in fields.items():
        if name not in PLAN_FIELDS + ("place",):
            raise TypeError(f"unknown field {name}")
        setattr(plan, name, value)
    _require(by, CHANGE, Plan, plan.place, _("您无权修改该实施方案"))
    _validate_plan(plan)
    plan.save()
    return plan


@transaction.atomic
def phase_add(*, by, plan: Plan, name: str, start: date, end: date, description: str = "",
              order: int | None = None) -> PlanPhase:
    _require(by, CHANGE, Plan, plan.place, _("您无权修改该实施方案"))
    if end < start:
        raise ValidationError(_("阶段“%(name)s”的结束日期不能早于开始日期") % {"name": name})
    if order is None:
        order = plan.phases.count() + 1
    return PlanPhase.objects.create(plan=plan, name=name, start=start, end=end, description=description, order=order)


# ---- tasks ----------------------------------------------------------------------------------------------

def _validate_task(task: PlanTask, partner_units) -> None:
    area = task.plan.place
    _within(task.lead_unit, area, _("牵头单位"))
    for unit in partner_units:
        _within(unit, area, _("配合单位"))
        if unit.pk == task.lead_unit_id:
            raise ValidationError(_("牵头单位“%(u)s”不必再列为配合单位") % {"u": unit})
    if task.phase is not None and task.phase.plan_id != task.plan_id:
        raise ValidationError(_("所属阶段须是本方案的工作步骤"))
    if task.target_quantity is not None and not task.target_unit:
        raise ValidationError(_("填写了量化目标，请同时填写单位（如：场、次、人次）"))
    if task.deadline and not (task.plan.year - 1 <= task.deadline.year <= task.plan.year + 1):
        raise ValidationError(_("完成时限应在方案年度前后一年内"))
    if task.responsible_id and not is_staff_of(task.responsible, task.lead_unit):
        raise ValidationError({"responsible": _("责任人“%(p)s”不是牵头单位“%(u)s”的工作人员") % {
            "p": task.responsible, "u": task.lead_unit}})


def is_staff_of(person, place: Place) -> bool:
    """Does `person` hold an active staff role at exactly `place` (a responsible person is one of its staff)?"""
    from tuanjie.people.selectors import STAFF_ROLES

    return person.is_active and person.assignments.filter(active=True, place=place, role__in=STAFF_ROLES).exists()


@transaction.atomic
def task_create(*, by, plan: Plan, title: str, lead_unit: Place, partner_units=(), **fields) -> PlanTask:
    _require(by, ADD, PlanTask, plan.place, _("您无权为该方案分解任务"))
    if "number" not in fields or fields["number"] is None:
        fields["number"] = plan.tasks.count() + 1
    task = PlanTask(plan=plan, title=title, lead_unit=lead_unit, **fields)
    partner_units = list(partner_units)
    _validate_task(task, partner_units)
    task.save()
    task.partner_units.set(partner_units)
    return task


@transaction.atomic
def task_update(*, by, task: PlanTask, partner_units=None, **fields) -> PlanTask:
    _require(by, CHANGE, PlanTask, task.plan.place, _("您无权修改该任务"))
    for name, value in fields.items():
        if name not in TASK_FIELDS + ("plan",):
            raise TypeError(f"unknown field {name}")
        setattr(task, name, value)
    _require(by, CHANGE, PlanTask, task.plan.place, _("您无权修改该任务"))
    partners = list(partner_units) if partner_units is not None else list(task.partner_units.all())
    _validate_task(task, partners)
    task.save()
    if partner_units is not None:
        task.partner_units.set(partners)
    return task


def responsible_places(task: PlanTask) -> list[Place]:
    return [task.lead_unit, *task.partner_units.all()]


def _reporter_role(by, place: Place) -> str | None:
    """The role under which `by` may report for `place`: unit staff of the place (or above it inside the
    unit), or an office above it."""
    if by is None or by.is_superuser:      # None: the system itself (demo, imports run by an admin)
        return Role.ADMIN
    for role in (Role.OFFICE, Role.UNIT):
        if any(place.path.startswith(path) for path in reach(by, {role})):
            return role
    return None


@transaction.atomic
def task_progress_report(*, by, task: PlanTask, status: str, percent: int, text: str, place: Place | None = None,
                         files=(), reported_on: date | None = None) -> TaskProgress:
    """A responsible unit reports where its task stands. The lead unit's report (or an office's) also sets the
    task's own status and percent; partners' reports are kept beside it."""
    task = PlanTask.objects.select_for_update().select_related("plan__place", "lead_unit").get(pk=task.pk)
    responsible = responsible_places(task)
    if place is None:
        place = next((p for p in responsible if _reporter_role(by, p)), task.lead_unit)
    if place.pk not in {p.pk for p in responsible}:
        raise ValidationError(_("只有牵头单位和配合单位可以报送该任务的进展"))
    role = _reporter_role(by, place)
    if role is None or (by is not None and not may(by, ADD, TaskProgress, place)):
        raise PermissionDenied(_("您不是“%(place)s”的工作人员，不能替其报送进展") % {"place": place})
    if task.status not in REPORTERS.get(role, ()):
        raise ValidationError(_("任务已完成，不能再报送进展；如需更正请联系创建办"))
    if status not in PlanTask.Status.values:
        raise ValidationError(_("请选择进展状态"))
    if not 0 <= int(percent) <= 100:
        raise ValidationError(_("完成进度应在0到100之间"))
    if status == PlanTask.Status.DONE and int(percent) != 100:
        raise ValidationError(_("标记为“已完成”时，完成进度应为100%"))
    if status == PlanTask.Status.NOT_STARTED and int(percent) > 0:
        raise ValidationError(_("已有进度的任务，状态请选择“推进中”"))
    if not (text or "").strip():
        raise ValidationError(_("请填写进展情况"))
    refuse_household_details(place=place, labels={"text": _("进展情况")}, text=text)
    progress = TaskProgress.objects.create(
        task=task, place=place, status=status, percent=int(percent), text=text.strip(),
        reported_on=reported_on or date.today(), reported_by=by if getattr(by, "pk", None) else None)
    if files:
        from tuanjie.attachments.services import attach_files

        attach_files(owner=progress, files=files, by=by, caption=_("任务进展佐证"))
    if place.pk == task.lead_unit_id:
        task.status, task.percent = status, int(percent)
        task.save(update_fields=["status", "percent", "updated"])
    return progress


# ---- schedule -------------------------------------------------------------------------------------------

@transaction.atomic
def schedule_add(*, by, plan: Plan, title: str, start: date, end: date | None = None, organiser: Place | None = None,
                 task: PlanTask | None = None, location: str = "", description: str = "") -> ScheduledActivity:
    _require(by, ADD, ScheduledActivity, plan.place, _("您无权修改该方案的活动安排"))
    item = ScheduledActivity(plan=plan, title=title, start=start, end=end, organiser=organiser, task=task,
                             location=location, description=description)
    validate_schedule(item)
    item.save()
    return item


@transaction.atomic
def schedule_update(*, by, instance: ScheduledActivity, plan: Plan, title: str, start: date, end: date | None = None,
                    organiser: Place | None = None, task: PlanTask | None = None, location: str = "",
                    description: str = "") -> ScheduledActivity:
    _require(by, CHANGE, ScheduledActivity, instance.plan.place, _("您无权修改该方案的活动安排"))
    _require(by, CHANGE, ScheduledActivity, plan.place, _("您无权修改该方案的活动安排"))
    instance.plan, instance.title, instance.start, instance.end = plan, title, start, end
    instance.organiser, instance.task, instance.location, instance.description = organiser, task, location, description
    validate_schedule(instance)
    instance.save()
    return instance


def validate_schedule(item: ScheduledActivity) -> None:
    if item.end and item.end < item.start:
        raise ValidationError(_("结束日期不能早于开始日期"))
    if item.organiser is not None:
        _within(item.organiser, item.plan.place, _("承办单位"))
    if item.task is not None and item.task.plan_id != item.plan_id:
        raise ValidationError(_("对应任务须是本方案的任务"))


# ---- deriving a lower level's plan ----------------------------------------------------------------------

@transaction.atomic
def plan_derive(*, by, source: Plan, place: Place, title: str | None = None, **fields) -> Plan:
    """Start `place`'s plan from its upper level's: the sections and phases are copied, and every task is
    copied with a link back to its source task. A task keeps the responsible units that lie inside `place`;
    where none does, an area leads it itself, while a unit takes only the tasks it is responsible for."""
    if place.pk == source.place_id or not place.path.startswith(source.place.path):
        raise ValidationError(_("只能为“%(area)s”下级的地区或单位制定方案") % {"area": source.place})
    title = title or _("%(place)s%(year)d年民族团结进步创建工作实施方案") % {"place": place.name, "year": source.year}
    sections = {name: fields.pop(name, "") or getattr(source, name) for name in Plan.SECTIONS}
    fields.setdefault("kind", source.kind if source.kind != Plan.Kind.MULTIYEAR else Plan.Kind.ANNUAL)
    fields.pop("year", None)
    plan = plan_create(by=by, place=place, year=source.year, title=title, source=source, **sections, **fields)
    phases: dict[int | None, PlanPhase] = {}
    for phase in source.phases.all():
        phases[phase.pk] = PlanPhase.objects.create(plan=plan, order=phase.order, name=phase.name, start=phase.start,
                                                    end=phase.end, description=phase.description)
    tasks = source.tasks.select_related("lead_unit").prefetch_related("partner_units")
    for task in tasks:
        inside = [p for p in [task.lead_unit, *task.partner_units.all()] if p.path.startswith(place.path)]
        if not inside and not place.is_area:
            continue            # a unit's plan takes the tasks it answers for, not its whole area's
        lead = inside[0] if inside else place
        copy = PlanTask.objects.create(
            plan=plan, number=task.number, title=task.title, description=task.description,
            phase=phases.get(task.phase_id), lead_unit=lead, deadline=task.deadline,
            target_quantity=task.target_quantity, target_unit=task.target_unit, source_task=task)
        copy.partner_units.set(inside[1:])
    return plan


@transaction.atomic
def plan_withdraw(*, by, plan: Plan) -> Plan:
    """Withdraw (废止) an issued plan: it stays, with its tasks and what was done on them, marked withdrawn.
    The one way out for an issued plan, which may not be deleted. (A plain service; a workflow step later.)"""
    plan = Plan.objects.select_for_update().select_related("place").get(pk=plan.pk)
    _require(by, CHANGE, Plan, plan.place, _("您无权废止该实施方案"))
    if plan.status != Plan.Status.ISSUED:
        raise ValidationError(_("只有已印发的方案可以废止；起草中的方案可以直接删除"))
    plan.status = Plan.Status.WITHDRAWN
    plan.save()
    return plan


@transaction.atomic
def plan_delete(*, by, plan: Plan) -> DeletedRecord:
    _require(by, DELETE, Plan, plan.place, _("您无权删除该实施方案"))
    return recyclebin.record_delete(by=by, obj=plan)
