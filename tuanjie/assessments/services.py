"""Writes and workflows of indicator systems and assessment campaigns.

- An office creates (imports, or starts from a default template) an indicator system for its place, a year and a
  kind of subject (a unit category or an area level); a new version copies the tree; a lower office derives its own
  system from an upper one (the copy remembers its source) or adopts an upper version as it stands.
- An office opens a campaign over subjects of its subtree, units or the areas below it, with assigned reviewers;
  each subject gets an entry whose countable lines are pre-scored from the ledger with the records as evidence (an
  area's records are its whole subtree's).
- The subject self-assesses and submits: a unit's staff, or an area's own office; reviewers (inspector role, assigned
  to the campaign, from outside the subject) score submitted entries; the office may return an entry; the office
  finishes the campaign: totals, veto, grades, ranks.
Entry steps are the one table ENTRIES (core.workflow)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.assessments import scoring
from tuanjie.assessments.models import Adoption, Campaign, Entry, Indicator, IndicatorSystem, Line, ReviewScore
from tuanjie.assessments.selectors import full_points, ledger_evidence, scorable_indicators
from tuanjie.core import countables
from tuanjie.core.access import exactly_q, reach, reach_q
from tuanjie.core.roles import Role
from tuanjie.core.upward import refuse_household_details
from tuanjie.core.workflow import Actor, Notice, Step, Transition, Waiting, Workflow, table


def covers(user, roles, place) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(place.path.startswith(path) for path in reach(user, set(roles) | {Role.ADMIN}))


def _require_office(user, place, message: str) -> None:
    if not covers(user, {Role.OFFICE}, place):
        raise PermissionDenied(message)


def _decimal(value, label: str) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(_("“%(label)s”应为数字") % {"label": label}) from exc


# ---------------------------------------------------------------------------------------------------- systems

@dataclass
class IndicatorSpec:
    """One scored indicator as read from a table: its path of names (1–3 levels) and its attributes."""

    names: tuple[str, ...]
    points: Decimal
    guidance: str = ""
    evidence_required: str = ""
    is_veto: bool = False
    countable_key: str = ""
    min_count: int | None = None
    points_per_record: Decimal | None = None


def _next_version(place, year, category, subject_level=None) -> int:
    last = (IndicatorSystem.objects.filter(place=place, year=year, category=category, subject_level=subject_level)
            .order_by("-version").values_list("version", flat=True).first())
    return (last or 0) + 1


@transaction.atomic
def indicator_system_create(*, by, place, year: int, category, name: str, note: str = "",
                            specs: Sequence[IndicatorSpec] = (), subject_level=None) -> IndicatorSystem:
    _require_office(by, place, _("只有本级或上级创建办可以制定测评指标体系"))
    if category is not None and subject_level is not None:
        raise ValidationError(_("指标体系或测评创建单位（选适用类别），或测评地区（选适用地区层级），不能同时选择"))
    system = IndicatorSystem.objects.create(place=place, year=year, category=category, name=name, note=note,
                                            subject_level=subject_level,
                                            version=_next_version(place, year, category, subject_level))
    for spec in specs:
        indicator_add(system=system, spec=spec)
    return system


@transaction.atomic
def indicator_system_from_template(*, by, place, year: int, template: str, category=None,
                                   name: str = "") -> IndicatorSystem:
    """A system started from one of the default templates (defaults.TEMPLATES), to be edited as the office's own."""
    from tuanjie.assessments import defaults
    from tuanjie.places.models import PlaceLevel

    chosen = defaults.TEMPLATES.get(template)
    if chosen is None:
        raise ValidationError(_("没有名为“%(t)s”的指标模板") % {"t": template})
    level = None
    if chosen.level:
        level = PlaceLevel.objects.filter(name=chosen.level).first()
        if level is None:
            raise ValidationError(_("行政层级“%(l)s”不存在，请先在行政层级中设置") % {"l": chosen.level})
        category = None
    return indicator_system_create(by=by, place=place, year=year, category=category, subject_level=level,
                                   name=name or f"{year}年{chosen.label}", specs=defaults.specs(template),
                                   note=_("依据全国民族团结进步示范区（单位）测评指标的结构制定：满分100分，"
                                          "一票否决项不计分，绑定台账的指标按平台记录自动计分。"))


def indicator_add(*, system: IndicatorSystem, spec: IndicatorSpec) -> Indicator:
    """Add a scored indicator under its named parents (created on first mention, in order)."""
    if spec.countable_key and not countables.exists(spec.countable_key):
        raise ValidationError(_("台账规则“%(key)s”不存在，请填写已有的计数项目，如 activity.training") % {
            "key": spec.countable_key})
    if spec.countable_key and spec.min_count is None:
        raise ValidationError(_("设置了台账规则，请同时填写年度最低数量"))
    if spec.points_per_record is not None and not spec.countable_key:
        raise ValidationError(_("“每条得分”只用于绑定台账规则的指标"))
    if spec.points < 0:
        raise ValidationError(_("分值不能为负数"))
    parent = None
    order = system.indicators.count()
    for level, name in enumerate(spec.names[:-1], start=1):
        found = system.indicators.filter(parent=parent, name=name, level=level).first()
        if found is None:
            order += 1
            found = Indicator.objects.create(system=system, parent=parent, name=name, level=level, order=order)
        parent = found
    order += 1
    leaf = Indicator.objects.create(
        system=system, parent=parent, name=spec.names[-1], level=len(spec.names), order=order,
        points=spec.points, guidance=spec.guidance, evidence_required=spec.evidence_required, is_veto=spec.is_veto,
        countable_key=spec.countable_key, min_count=spec.min_count, points_per_record=spec.points_per_record)
    _roll_up_points(leaf.parent)
    return leaf


def _roll_up_points(node: Indicator | None) -> None:
    while node is not None:
        node.points = sum((c.points for c in node.children.all()), Decimal("0"))
        node.save()
        node = node.parent


@transaction.atomic
def indicator_system_new_version(*, by, system: IndicatorSystem, name: str = "") -> IndicatorSystem:
    """A copy of the system with the next version number; the old version stays for campaigns that used it."""
    _require_office(by, system.place, _("只有本级或上级创建办可以修订测评指标体系"))
    return _copy(system, system.place, name or system.name, derived_from=system.derived_from)


@transaction.atomic
def indicator_system_derive(*, by, system: IndicatorSystem, place, name: str = "") -> IndicatorSystem:
    """`place`'s own system started from an upper office's (a province's version of the national template): a copy
    that names its source, so the source's versions and the offices that adopted them stay as they were."""
    _require_office(by, place, _("只有本级创建办可以制定本地区的测评指标体系"))
    if place.pk == system.place_id or not place.path.startswith(system.place.path):
        raise ValidationError(_("只能依据上级创建办的指标体系制定本地区版本；修订本级体系请生成新版本"))
    return _copy(system, place, name or f"{place.name}{system.name}", derived_from=system)


@transaction.atomic
def indicator_system_adopt(*, by, system: IndicatorSystem, place, note: str = "") -> Adoption:
    """`place`'s office adopts an upper (or its own) system version for its subtree: the distance to a title and the
    office's campaigns measure by it. The adoption of an earlier version stays in the history."""
    _require_office(by, place, _("只有本级或上级创建办可以为本地区采用指标体系"))
    if not place.is_area or not place.path.startswith(system.place.path):
        raise ValidationError(_("只能采用本级或上级创建办制定的指标体系"))
    if not scorable_indicators(system):
        raise ValidationError(_("该指标体系还没有指标，不能采用"))
    return Adoption.objects.create(place=place, system=system, adopted_on=timezone.localdate(), note=note)


def _copy(system: IndicatorSystem, place, name: str, derived_from) -> IndicatorSystem:
    copy = IndicatorSystem.objects.create(
        place=place, year=system.year, category=system.category, subject_level=system.subject_level,
        name=name, note=system.note, derived_from=derived_from,
        version=_next_version(place, system.year, system.category, system.subject_level))
    mapping: dict = {}
    for item in system.indicators.order_by("level", "order", "id"):
        old_pk = item.pk
        item.pk = None
        item.id = None
        item.system = copy
        item.parent_id = mapping.get(item.parent_id)
        item.save()
        mapping[old_pk] = item.pk
    return copy


# ---------------------------------------------------------------------------------------------------- campaigns

def _is_reviewer_material(user, place) -> bool:
    """A reviewer holds the inspector (or office) role at the campaign's place, above it or inside it."""
    for role, path in _assignments(user):
        if role in (Role.INSPECTOR, Role.OFFICE) and (place.path.startswith(path) or path.startswith(place.path)):
            return True
    return False


def _assignments(user):
    from tuanjie.core.access import assignments_of

    return assignments_of(user)


def _check_subjects(place, system: IndicatorSystem, subjects, reviewers) -> None:
    if not subjects:
        raise ValidationError(_("请选择参评对象（创建单位或下级地区）"))
    outside = [u.name for u in subjects if not u.path.startswith(place.path) or u.pk == place.pk]
    if outside:
        raise ValidationError(_("以下参评对象不在本级管辖范围内（本级不能测评自己，由上级测评）：%(names)s") % {
            "names": "、".join(outside)})
    if system.measures_areas:
        wrong = [u.name for u in subjects if not u.is_area or u.level_id != system.subject_level_id]
        if wrong:
            raise ValidationError(_("“%(system)s”用于测评%(kind)s，以下参评对象不是：%(names)s") % {
                "system": system.name, "kind": system.category_label, "names": "、".join(wrong)})
    else:
        wrong = [u.name for u in subjects if u.is_area]
        if wrong:
            raise ValidationError(_("“%(system)s”用于测评创建单位；测评地区请选择适用该地区层级的指标体系："
                                    "%(names)s") % {"system": system.name, "names": "、".join(wrong)})
    inside = [str(r) for r in reviewers for u in subjects if u.is_area and _works_in(r, u)]
    if inside:
        raise ValidationError(_("评审由上级进行，以下评审人员在参评地区任职：%(names)s") % {
            "names": "、".join(sorted(set(inside)))})


def _works_in(user, subject) -> bool:
    return any(path.startswith(subject.path) for _role, path in _assignments(user))


@transaction.atomic
def campaign_create(*, by, place, name: str, year: int, system: IndicatorSystem, subjects, reviewers=(),
                    rule: str = Campaign.Rule.MEAN, excellent_from=Decimal("90"), good_from=Decimal("80"),
                    pass_from=Decimal("60"), self_deadline=None) -> Campaign:
    _require_office(by, place, _("只有本级或上级创建办可以组织考核验收"))
    if not place.path.startswith(system.place.path):
        raise ValidationError(_("只能使用本级或上级制定的指标体系"))
    try:
        scoring.Thresholds(Decimal(excellent_from), Decimal(good_from), Decimal(pass_from))
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    subjects = list(subjects)
    _check_subjects(place, system, subjects, list(reviewers))
    wrong = [str(r) for r in reviewers if not _is_reviewer_material(r, place)]
    if wrong:
        raise ValidationError(_("评审人员须是本级上下的督查/评审人员：%(names)s") % {"names": "、".join(wrong)})
    if not scorable_indicators(system):
        raise ValidationError(_("该指标体系还没有指标"))
    campaign = Campaign.objects.create(place=place, name=name, year=year, system=system, rule=rule,
                                       excellent_from=excellent_from, good_from=good_from, pass_from=pass_from,
                                       self_deadline=self_deadline)
    campaign.reviewers.set(reviewers)
    for subject in subjects:
        _entry_open(campaign, subject)
    return campaign


def _entry_open(campaign: Campaign, subject) -> Entry:
    entry = Entry.objects.create(campaign=campaign, subject=subject)
    for indicator in scorable_indicators(campaign.system):
        line = Line(entry=entry, indicator=indicator)
        _propose(line, indicator, subject, campaign.year)
        line.save()
    return entry


def _propose(line: Line, indicator: Indicator, subject, year: int) -> None:
    if not indicator.is_countable or indicator.min_count is None:   # is_countable says so; the test tells mypy
        return
    found = ledger_evidence(indicator.countable_key, subject, year)
    line.proposed_count = found.count
    line.evidence = found.records
    line.proposed_score = scoring.ledger_score(indicator.points, found.count, indicator.min_count,
                                               indicator.points_per_record)
    if indicator.is_veto:
        line.proposed_score = Decimal("0.00")
    line.final_veto_failed = indicator.is_veto and found.count < indicator.min_count


# ---------------------------------------------------------------------------------------------------- self-assessment

@dataclass(frozen=True)
class SelfScore:
    score: object
    note: str = ""
    veto_failed: bool = False
    files: tuple = ()


@transaction.atomic
def entry_self_assess(*, by, entry: Entry, scores: dict[int, SelfScore]) -> list[Line]:
    """Save the subject's self-scores of several lines at once ({line id: SelfScore}); all or nothing."""
    entry = Entry.objects.select_for_update(of=("self",)).select_related("subject", "campaign").get(pk=entry.pk)
    if not is_subject_staff(by, entry.subject):
        raise PermissionDenied(_("只有参评对象自己可以自评：创建单位由本单位，地区由该地区创建办"))
    if entry.state != Entry.State.DRAFT:
        raise ValidationError(_("自评已提交，不能再修改"))
    saved = []
    for line, given in _scored_lines(entry, scores):
        try:
            line.self_score = scoring.check_score(_decimal(given.score, _("自评分")), line.indicator.points)
        except (ValueError, ValidationError) as exc:
            raise ValidationError(f"“{line.indicator.name[:20]}”：{_first(exc)}") from exc
        label = _("“%(name)s”的自评说明") % {"name": line.indicator.name[:20]}
        refuse_household_details(place=entry.subject, labels={"note": label}, note=given.note)
        line.self_note = given.note
        line.self_veto_failed = bool(given.veto_failed) and line.indicator.is_veto
        line.save()
        if given.files:
            from tuanjie.attachments.services import attach_files

            attach_files(owner=line, files=given.files, by=by)
        saved.append(line)
    return saved


def _scored_lines(entry: Entry, scores: dict):
    """(line, given score) for each line id in `scores`; an id that is not one of the entry's lines is refused."""
    lines = {line.pk: line for line in entry.lines.select_related("indicator")}
    for line_id, given in scores.items():
        line = lines.get(line_id)
        if line is None:
            raise ValidationError(_("没有找到该指标"))
        line.entry = entry
        yield line, given


def _first(exc) -> str:
    return exc.messages[0] if hasattr(exc, "messages") else str(exc)


def line_self_assess(*, by, line: Line, score, note: str = "", veto_failed: bool = False, files=()) -> Line:
    return entry_self_assess(by=by, entry=line.entry, scores={
        line.pk: SelfScore(score, note, veto_failed, tuple(files))})[0]


# ---------------------------------------------------------------------------------------------------- workflow

E = Entry.State
SUBJECT, CAMPAIGN_OFFICE = "subject", "campaign_office"


def is_subject_staff(user, subject) -> bool:
    """Who speaks for a subject: a unit's staff (the unit role reaches down), an area's own office (exactly that
    office: the offices above review it)."""
    if covers(user, {Role.ADMIN}, subject):
        return True
    if subject.is_area:
        return any(role == Role.OFFICE and path == subject.path for role, path in _assignments(user))
    return covers(user, {Role.UNIT}, subject)


def _subject_q(user) -> Q | None:
    """`is_subject_staff` as a filter over entries."""
    from tuanjie.places.models import Place

    parts = []
    units = reach_q(user, {Role.UNIT}, "subject__path")
    if units is not None:
        parts.append(units & Q(subject__kind=Place.Kind.UNIT))
    areas = exactly_q(user, {Role.OFFICE}, "subject__path")
    if areas is not None:
        parts.append(areas & Q(subject__kind=Place.Kind.AREA))
    admin = reach_q(user, {Role.ADMIN}, "subject__path")
    if admin is not None:
        parts.append(admin)
    if not parts:
        return None
    found = parts[0]
    for part in parts[1:]:
        found |= part
    return found


def _campaign_open(step: Step) -> None:
    if step.record.campaign.state != Campaign.State.OPEN:
        raise ValidationError(_("考核验收已经结束"))


def _submit(step: Step) -> None:
    entry = step.record
    missing = entry.lines.filter(self_score__isnull=True).select_related("indicator")
    if missing.exists():
        names = "、".join(line.indicator.name[:20] for line in missing[:5])
        raise ValidationError(_("还有%(n)d项未自评：%(names)s") % {"n": missing.count(), "names": names})
    if step.params.get("summary") is not None:
        refuse_household_details(place=entry.subject, labels={"summary": _("自评报告")}, summary=step.params["summary"])
        entry.self_summary = step.params["summary"]
    entry.self_total = sum((line.self_score for line in entry.lines.all()), Decimal("0"))
    entry.submitted_at = timezone.now()
    entry.return_comment = ""


def _return(step: Step) -> None:
    step.record.return_comment = step.note


def _finish(step: Step) -> None:
    entry, result = step.record, step.params["result"]
    entry.total, entry.percent, entry.vetoed = result.total, result.percent, result.vetoed
    entry.grade = result.grade
    entry.rank = step.params["rank"]


def _while_open(q):
    """`_campaign_open`, the guard of every entry step, as a filter."""
    return None if q is None else q & Q(campaign__state=Campaign.State.OPEN)


def _returned_notice(step: Step) -> Notice | None:
    if step.action != "return":
        return None
    from tuanjie.people.selectors import people_with_role

    entry = step.record
    role = Role.OFFICE if entry.subject.is_area else Role.UNIT
    return Notice(people_with_role(role, entry.subject, upward=False),
                  title=_("自评被退回：%(c)s") % {"c": entry.campaign.name}, body=step.note, kind="returned")


ENTRIES = Workflow(
    model=Entry, noun=_("该参评对象"), state_field="state", related=("subject", "campaign__place"),
    guard=_campaign_open,
    transitions=table(
        Transition("submit", _("提交自评"), frozenset({E.DRAFT}), E.SUBMITTED, SUBJECT, apply=_submit),
        Transition("return", _("退回重新自评"), frozenset({E.SUBMITTED}), E.DRAFT, CAMPAIGN_OFFICE, note_required=True,
                   note_missing=_("退回时请填写退回意见"), apply=_return),
        # Finished for the whole campaign at once (campaign_finish), never one entry alone.
        Transition("finish", _("确定结果"), frozenset({E.SUBMITTED}), E.FINISHED, CAMPAIGN_OFFICE, apply=_finish,
                   offered=False),
    ),
    actors={SUBJECT: Actor(lambda user, entry: is_subject_staff(user, entry.subject),
                           _("参评对象（创建单位，或该地区创建办）"), lambda user: _while_open(_subject_q(user))),
            CAMPAIGN_OFFICE: Actor(lambda user, entry: covers(user, {Role.OFFICE}, entry.campaign.place),
                                   _("组织考核验收的创建办"),
                                   lambda user: _while_open(reach_q(user, {Role.OFFICE}, "campaign__place__path")))},
    waiting=(Waiting(E.DRAFT, SUBJECT, _("考核验收待自评")), Waiting(E.SUBMITTED, CAMPAIGN_OFFICE, _("自评待评审"))),
    notify=_returned_notice)
ENTRY_TRANSITIONS = ENTRIES.transitions


def allowed_entry_transitions(user, entry: Entry) -> list[str]:
    return [t.action for t in ENTRIES.available(user, entry)]


def entry_transition(*, by, entry: Entry, action: str, comment: str = "", summary: str | None = None) -> Entry:
    if action == "finish":
        raise ValidationError(_("考核结果须对全部参评对象统一确定"))
    return ENTRIES.take(by=by, record=entry, action=action, note=comment, summary=summary).record


def entry_submit(*, by, entry, summary: str | None = None) -> Entry:
    return entry_transition(by=by, entry=entry, action="submit", summary=summary)


def entry_return(*, by, entry, comment: str) -> Entry:
    return entry_transition(by=by, entry=entry, action="return", comment=comment)


# ---------------------------------------------------------------------------------------------------- review

@dataclass(frozen=True)
class Review:
    score: object
    veto_failed: bool = False
    reason: str = ""


@transaction.atomic
def entry_review(*, by, entry: Entry, scores: dict[int, Review]) -> list[ReviewScore]:
    """Save one reviewer's scores of several lines of an entry ({line id: Review}); all or nothing."""
    entry = Entry.objects.select_related("subject", "campaign__place").get(pk=entry.pk)   # never a stale state
    campaign = entry.campaign
    if not (getattr(by, "is_superuser", False) or campaign.reviewers.filter(pk=by.pk).exists()):
        raise PermissionDenied(_("您不是本次考核验收的评审人员"))
    if not _is_reviewer_material(by, campaign.place) and not by.is_superuser:
        raise PermissionDenied(_("评审须由督查/评审人员进行"))
    if entry.subject.is_area and _works_in(by, entry.subject) and not by.is_superuser:
        raise PermissionDenied(_("地区的测评由上级评审，您在“%(s)s”任职，不能评审") % {"s": entry.subject.name})
    if campaign.state != Campaign.State.OPEN:
        raise ValidationError(_("考核验收已经结束"))
    if entry.state != Entry.State.SUBMITTED:
        raise ValidationError(_("该参评对象尚未提交自评，暂不能评审"))
    mine = {r.line_id: r for r in ReviewScore.objects.filter(line__entry=entry, reviewer=by)}
    saved = []
    for line, given in _scored_lines(entry, scores):
        label = line.indicator.name[:20]
        try:
            value = scoring.check_score(_decimal(given.score, _("评审分")), line.indicator.points)
        except (ValueError, ValidationError) as exc:
            raise ValidationError(f"“{label}”：{_first(exc)}") from exc
        reason = (given.reason or "").strip()
        if line.proposed_score is not None and value != line.proposed_score and not reason:
            raise ValidationError(_("“%(i)s”已按台账建议%(p)s分，改分请说明理由") % {"i": label, "p": line.proposed_score})
        veto = bool(given.veto_failed) and line.indicator.is_veto
        if line.indicator.is_veto and line.proposed_score is not None and veto != line.final_veto_failed \
                and not reason:
            raise ValidationError(_("“%(i)s”否决项的判定与台账不一致，请说明理由") % {"i": label})
        review = mine.get(line.pk) or ReviewScore(line=line, reviewer=by)
        review.line = line
        review.score, review.veto_failed, review.reason = value, veto, reason
        review.save()
        saved.append(review)
    return saved


def line_review(*, by, line: Line, score, veto_failed: bool = False, reason: str = "") -> ReviewScore:
    return entry_review(by=by, entry=line.entry, scores={line.pk: Review(score, veto_failed, reason)})[0]


# ---------------------------------------------------------------------------------------------------- results

def _line_score(line: Line) -> scoring.LineScore:
    reviews = list(line.reviews.all())
    return scoring.LineScore(
        points=line.indicator.points,
        reviewer_scores=tuple(r.score for r in reviews),
        proposed=line.proposed_score,
        is_veto=line.indicator.is_veto,
        veto_marks=tuple(r.veto_failed for r in reviews),
        proposed_veto_failed=line.final_veto_failed if not reviews else False,
    )


@transaction.atomic
def campaign_finish(*, by, campaign: Campaign) -> Campaign:
    """Compute every entry's total, veto, grade and rank; all entries must be submitted and fully scored."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_office(by, campaign.place, _("只有组织考核验收的创建办可以确定结果"))
    if campaign.state != Campaign.State.OPEN:
        raise ValidationError(_("考核验收已经出结果"))
    entries = list(campaign.entries.select_related("subject").prefetch_related("lines__indicator", "lines__reviews"))
    pending = [e.subject.name for e in entries if e.state != Entry.State.SUBMITTED]
    if pending:
        raise ValidationError(_("以下参评对象尚未提交自评：%(names)s") % {"names": "、".join(pending[:10])})
    for entry in entries:
        ENTRIES.check(by, entry, "finish")
    full = full_points(campaign.system)
    thresholds = campaign.thresholds()
    computed = {}
    unscored = []
    for entry in entries:
        lines = list(entry.lines.all())
        line_scores = [_line_score(line) for line in lines]
        result = scoring.entry_result(line_scores, full, campaign.rule, thresholds)
        if result.missing:
            unscored.append(f"{entry.subject.name}（{result.missing}项）")
        computed[entry.pk] = (entry, lines, line_scores, result)
    if unscored:
        raise ValidationError(_("以下参评对象还有指标未评分：%(names)s") % {"names": "、".join(unscored[:10])})
    ranks = scoring.rank([(pk, r.percent, r.vetoed) for pk, (_e, _l, _s, r) in computed.items()])
    for pk, (entry, lines, line_scores, result) in computed.items():
        for line, line_score in zip(lines, line_scores, strict=True):
            line.final_score, line.final_veto_failed = scoring.line_result(line_score, campaign.rule)
            line.save()
        ENTRIES.take(by=by, record=entry, action="finish", result=result, rank=ranks[pk])
    campaign.state = Campaign.State.FINISHED
    campaign.save()
    return campaign
