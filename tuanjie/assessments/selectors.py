"""Reads shared by pages, the API, Excel exports and the services: the indicator tree, ledger evidence, results."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from tuanjie.assessments.models import Adoption, Campaign, Entry, Indicator, IndicatorSystem, Line
from tuanjie.core import countables
from tuanjie.core.access import within

EVIDENCE_LIMIT = 50

SYSTEM_HEADERS = ["一级指标", "二级指标", "三级指标/测评内容", "分值", "评分标准", "佐证材料", "是否一票否决",
                  "台账规则", "年度最低数量", "每条得分"]


def indicator_tree(system: IndicatorSystem) -> list[Indicator]:
    """The indicators in reading order (parents before their children), each with `.depth_children`."""
    items = list(system.indicators.all().order_by("order", "id"))
    by_parent: dict = {}
    for item in items:
        by_parent.setdefault(item.parent_id, []).append(item)
    ordered: list[Indicator] = []

    def walk(parent_id):
        for item in by_parent.get(parent_id, []):
            item.is_leaf = item.pk not in by_parent
            ordered.append(item)
            walk(item.pk)

    walk(None)
    return ordered


def scorable_indicators(system: IndicatorSystem) -> list[Indicator]:
    return [i for i in indicator_tree(system) if i.is_leaf]


def full_points(system: IndicatorSystem) -> Decimal:
    return sum((i.points for i in scorable_indicators(system)), Decimal("0"))


def subtotal(indicator: Indicator, tree: list[Indicator]) -> Decimal:
    children = [i for i in tree if i.parent_id == indicator.pk]
    if not children:
        return indicator.points
    return sum((subtotal(c, tree) for c in children), Decimal("0"))


def system_rows(system: IndicatorSystem) -> list[list]:
    """The system as the official table (one row per scored indicator), the same columns the import reads."""
    tree = indicator_tree(system)
    by_id = {i.pk: i for i in tree}
    rows = []
    for item in tree:
        if not item.is_leaf:
            continue
        chain = [item]
        while chain[0].parent_id:
            chain.insert(0, by_id[chain[0].parent_id])
        names = [c.name for c in chain] + [""] * (3 - len(chain))
        if len(chain) == 2:
            names = [chain[0].name, chain[1].name, ""]
        rows.append([names[0], names[1], names[2], float(item.points), item.guidance, item.evidence_required,
                     "是" if item.is_veto else "否", item.countable_key,
                     item.min_count if item.min_count is not None else "",
                     float(item.points_per_record) if item.points_per_record is not None else ""])
    return rows


@dataclass
class LedgerEvidence:
    count: int
    records: list[dict]


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def ledger_evidence(key: str, subject, year: int, until: date | None = None) -> LedgerEvidence:
    """Records of the countable `key` credited to `subject` in `year` (up to `until`): a unit's own, an area's whole
    subtree's (a county's lectures are those held anywhere in it). An unregistered key raises."""
    countable = countables.get(key)
    start, end = year_span(year)
    if until is not None:
        end = min(end, until)
    found = countable.in_period(start, end)
    if subject.is_area:
        found = found.filter(within(subject, countable.place_field))
    else:
        found = found.filter(**{countable.place_field: subject.pk})
    qs = found.order_by("pk")
    # records, or a rate's percent read from its rolled-up facts (core.countables.Ratio)
    count = countable.figure_at(subject, start, end) if countable.is_ratio else qs.count()
    records = []
    for record in qs[:EVIDENCE_LIMIT]:
        url = ""
        if hasattr(record, "get_absolute_url"):
            try:
                url = record.get_absolute_url()
            except Exception:  # a record without a page still counts
                url = ""
        records.append({"model": countable.model, "id": record.pk, "label": str(record)[:100], "url": url})
    return LedgerEvidence(count, records)


def results(campaign: Campaign):
    return (Entry.objects.filter(campaign=campaign).select_related("subject", "subject__creation_field", "subject__level")
            .order_by("rank", "subject__path"))


RESULT_HEADERS = ["名次", "单位", "创建领域", "自评分", "得分", "百分制得分", "一票否决", "等次"]


def result_rows(campaign: Campaign) -> list[list]:
    rows = []
    for entry in results(campaign):
        rows.append([entry.rank or "", entry.subject.name, entry.subject.type_label,
                     float(entry.self_total) if entry.self_total is not None else "",
                     float(entry.total) if entry.total is not None else "",
                     float(entry.percent) if entry.percent is not None else "",
                     "是" if entry.vetoed else "否", entry.get_grade_display()])
    return rows


def entry_lines(entry: Entry):
    return (Line.objects.filter(entry=entry).select_related("indicator", "indicator__parent")
            .prefetch_related("reviews__reviewer").order_by("indicator__order", "indicator_id"))


# ---------------------------------------------------------------------------------------------------- distance
# How far a subject (a unit, or an area as a creation subject) stands from a title level, all year round: the
# level names the indicator system; an office above the subject may have adopted its own version of it. Ledger-bound
# indicators are scored from this year's records (with the records as evidence); the others from the subject's
# latest self-assessment or review under that system. The distance is the application threshold less the proposed
# percent; veto risks and what to do next come with it, each next step linking to the form that records it.

# The form that adds a record each kind of countable counts (its page prefills from the query string).
RECORD_FORMS = {
    "activities.Activity": "activities:activity_add",
    "information.InformationItem": "information:item_add",
    "titles.DemonstrationTitle": "titles:application_list",
    "plans.TaskProgress": "plans:plan_list",
}


@dataclass
class IndicatorGap:
    indicator: Indicator
    points: Decimal
    score: Decimal | None           # None: nothing to score it from yet
    source: str                     # "ledger", "review", "self" or "" (not yet assessed)
    count: int | None = None        # ledger-bound: records this year
    evidence: list = field(default_factory=list)
    veto_risk: bool = False
    next_step: str = ""
    next_url: str = ""

    @property
    def missing(self) -> Decimal:
        return self.points - (self.score or Decimal("0"))

    @property
    def source_label(self) -> str:
        return {"ledger": "台账", "review": "评审", "self": "自评"}.get(self.source, "未评")


@dataclass
class TitleDistance:
    subject: Any                 # a places.Place, area or unit
    title_level: Any             # a titles.TitleLevel
    system: IndicatorSystem | None
    threshold: Decimal
    full_points: Decimal = Decimal("0")
    proposed: Decimal = Decimal("0")                 # points
    percent: Decimal = Decimal("0")                  # the proposed score on the 100-point scale
    gaps: list[IndicatorGap] = field(default_factory=list)
    self_entry: Entry | None = None                  # the latest submitted self-assessment under the system
    self_percent: Decimal | None = None

    @property
    def distance(self) -> Decimal:
        return max(Decimal("0"), self.threshold - self.percent)

    @property
    def veto_risks(self) -> list[IndicatorGap]:
        return [g for g in self.gaps if g.veto_risk]

    @property
    def missing(self) -> list[IndicatorGap]:
        """The indicators still short of their points, the largest gap first."""
        return sorted((g for g in self.gaps if g.missing > 0), key=lambda g: (-g.missing, g.indicator.order))

    @property
    def next_steps(self) -> list[IndicatorGap]:
        return [g for g in self.veto_risks if g.next_step] + [g for g in self.missing if g.next_step
                                                                 and not g.veto_risk][:8]

    @property
    def may_apply(self) -> bool:
        """What application_gate checks: the latest self-assessment reaches the threshold."""
        return self.system is None or (self.self_percent is not None and self.self_percent >= self.threshold)


def _kind_matches(system: IndicatorSystem, subject) -> bool:
    if system.measures_areas:
        return subject.is_area and subject.level_id == system.subject_level_id
    return not subject.is_area and (system.category_id is None or system.category_id == subject.creation_field_id)


def system_for(subject, title_level) -> IndicatorSystem | None:
    """The system `subject` is measured by for `title_level`: the version adopted by the nearest office at or above
    the subject for that kind of subject, else the level's own. None when the level names no system, or one for
    another kind of subject (a 示范县 system says nothing about a school)."""
    base = title_level.indicator_system
    if base is None or not _kind_matches(base, subject):
        return None             # the level's system measures another kind of subject: it sets this one no gate
    paths = [subject.path[:i * subject.steplen] for i in range(1, subject.depth + 1)]
    adopted = (Adoption.objects.filter(place__path__in=paths, system__subject_level=base.subject_level_id,
                                       system__category=base.category_id)
               .select_related("system", "place").order_by("-place__depth", "-adopted_on", "-id").first())
    return adopted.system if adopted is not None else base


def lineage(system: IndicatorSystem) -> list[int]:
    """The system, the systems it was derived from, and the other versions of each (same office, year and kind):
    a self-assessment under any of them speaks to the indicators of this one."""
    found: list[int] = []
    node: IndicatorSystem | None = system
    while node is not None and node.pk not in found:
        versions = IndicatorSystem.objects.filter(place=node.place_id, year=node.year, category=node.category_id,
                                                  subject_level=node.subject_level_id)
        found += [pk for pk in versions.values_list("pk", flat=True) if pk not in found]
        node = node.derived_from
    return found


def latest_self_assessment(subject, system: IndicatorSystem) -> Entry | None:
    return _latest(subject, lineage(system), submitted=True)


def _latest(subject, family: list[int], submitted: bool) -> Entry | None:
    """The latest submitted self-assessment; or (not `submitted`) the latest entry of any state, a draft still being
    filled being where the next self-score goes."""
    found = Entry.objects.filter(subject=subject, campaign__system__in=family).select_related("campaign__system")
    if submitted:
        return found.filter(self_total__isnull=False).exclude(state=Entry.State.DRAFT).order_by(
            "-submitted_at", "-id").first()
    return found.order_by("-campaign__year", "-id").first()


def self_percent(entry: Entry) -> Decimal:
    from tuanjie.assessments.scoring import percent

    return percent(entry.self_total or 0, full_points(entry.campaign.system))


def _name_path(indicator: Indicator, by_id: dict) -> tuple:
    chain = [indicator.name]
    parent = by_id.get(indicator.parent_id)
    while parent is not None:
        chain.insert(0, parent.name)
        parent = by_id.get(parent.parent_id)
    return tuple(chain)


def _entry_scores(entry: Entry | None) -> dict:
    """{indicator name path: (score, source, veto failed)} of an entry, the latest word first: the final score once
    the campaign is finished, else the reviewers' combined score, else the self-score."""
    from tuanjie.assessments.scoring import combine

    if entry is None:
        return {}
    lines = list(entry.lines.select_related("indicator").prefetch_related("reviews"))
    by_id = {i.pk: i for i in Indicator.objects.filter(system=entry.campaign.system_id)}
    found: dict[tuple, tuple[Decimal | None, str, bool]] = {}
    for line in lines:
        reviews = list(line.reviews.all())
        value: tuple[Decimal | None, str, bool]
        if entry.state == Entry.State.FINISHED and line.final_score is not None:
            value = (line.final_score, "review", line.final_veto_failed)
        elif reviews:
            value = (combine([r.score for r in reviews], entry.campaign.rule), "review",
                     any(r.veto_failed for r in reviews))
        elif line.self_score is not None:
            value = (line.self_score, "self", line.self_veto_failed)
        else:
            continue
        found[_name_path(line.indicator, by_id)] = value
    return found


def _record_url(countable, subject) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    name = RECORD_FORMS.get(countable.model)
    if name is None:
        return ""
    query = {"place": subject.pk, **{k: v for k, v in countable.filters.items() if k == "kind"}}
    return reverse(name) + ("?" + urlencode(query) if name.endswith("_add") else "")


class _Shared:
    """What the distances of many subjects under one system share: the tree, the lineage, the full points, and
    the ledger's counts read in one query per countable (the candidates list), without evidence records."""

    def __init__(self, system: IndicatorSystem, subjects, today: date):
        self.tree = indicator_tree(system)
        self.lineage = lineage(system)
        self.full = sum((i.points for i in self.tree if i.is_leaf), Decimal("0"))
        self.counts: dict = {}
        start, end = year_span(today.year)
        end = min(end, today)
        units = [s.pk for s in subjects if not s.is_area]
        for key in {i.countable_key for i in self.tree if i.is_leaf and i.is_countable}:
            countable = countables.get(key)
            for pk, n in countable.count_by_place(start, end, units).items() if units else ():
                self.counts[(key, pk)] = n
            for area in (s for s in subjects if s.is_area):
                self.counts[(key, area.pk)] = countable.count_in_subtree(area.path, start, end)

    def ledger(self, key: str, subject) -> LedgerEvidence:
        return LedgerEvidence(self.counts.get((key, subject.pk), 0), [])


def title_distance(subject, title_level, today: date | None = None, *, system=None,
                   shared: _Shared | None = None) -> TitleDistance:
    from tuanjie.assessments.scoring import ledger_score, percent, round2

    today = today or date.today()
    if system is None:
        system = system_for(subject, title_level)
    result = TitleDistance(subject, title_level, system, Decimal(title_level.application_threshold))
    if system is None:
        return result
    family = shared.lineage if shared is not None else lineage(system)
    result.self_entry = _latest(subject, family, submitted=True)
    if result.self_entry is not None:
        result.self_percent = self_percent(result.self_entry)
    open_entry = _latest(subject, family, submitted=False)
    scores = _entry_scores(result.self_entry if result.self_entry is not None else open_entry)
    tree = shared.tree if shared is not None else indicator_tree(system)
    by_id = {i.pk: i for i in tree}
    entry_url = open_entry.get_absolute_url() if open_entry is not None else ""
    for indicator in (i for i in tree if i.is_leaf):
        gap = IndicatorGap(indicator, indicator.points, None, "")
        if indicator.is_countable and indicator.min_count is not None:
            countable = countables.get(indicator.countable_key)
            found = (shared.ledger(indicator.countable_key, subject) if shared is not None
                     else ledger_evidence(indicator.countable_key, subject, today.year, until=today))
            gap.count, gap.evidence, gap.source = found.count, found.records, "ledger"
            gap.score = Decimal("0.00") if indicator.is_veto else ledger_score(
                indicator.points, found.count, indicator.min_count, indicator.points_per_record)
            short = indicator.min_count - found.count
            gap.veto_risk = indicator.is_veto and short > 0
            if short > 0:
                gap.next_step = f"今年已有{found.count}条“{countable.label}”记录，还差{short}条"
                gap.next_url = _record_url(countable, subject)
        else:
            score, source, veto = scores.get(_name_path(indicator, by_id), (None, "", False))
            gap.score, gap.source = (round2(score) if score is not None else None), source
            gap.veto_risk = indicator.is_veto and veto
            if gap.veto_risk:
                gap.next_step = "自评或评审认定触及否决项，须先消除"
            elif gap.score is None and not indicator.is_veto:
                gap.next_step = "尚未自评，请在自评中逐项打分并上传佐证材料"
            elif gap.missing > 0:
                gap.next_step = f"按评分标准补齐：{indicator.guidance}" if indicator.guidance else "对照评分标准补齐"
            gap.next_url = entry_url if gap.next_step else ""
        if indicator.is_veto and gap.score is None:
            gap.score = Decimal("0.00")          # a veto item carries no points: it is a risk, never a gap
        result.gaps.append(gap)
    result.full_points = shared.full if shared is not None else full_points(system)
    result.proposed = round2(sum((g.score or Decimal("0") for g in result.gaps), Decimal("0")))
    result.percent = percent(result.proposed, result.full_points)
    return result


def aimed_level(subject, today: date | None = None):
    """The title level a subject works towards: that of its open application, else the lowest active level with an
    indicator system for its kind that it does not hold yet. None when no level fits."""
    from tuanjie.titles.models import DemonstrationTitle, TitleApplication, TitleLevel

    open_states = (TitleApplication.Status.DRAFT, TitleApplication.Status.IN_REVIEW, TitleApplication.Status.RETURNED)
    applied = (TitleApplication.objects.filter(place=subject, status__in=open_states)
               .select_related("title_level__indicator_system").order_by("-year", "-id").first())
    if applied is not None and applied.title_level.indicator_system_id:
        return applied.title_level
    held = set(DemonstrationTitle.objects.filter(place=subject).exclude(status=DemonstrationTitle.Status.REVOKED)
               .values_list("title_level", flat=True))
    levels = (TitleLevel.objects.filter(is_active=True, indicator_system__isnull=False)
              .select_related("indicator_system").order_by("order", "id"))
    for level in levels:
        system = level.indicator_system
        if level.pk not in held and system is not None and _kind_matches(system, subject):
            return level
    return None


def application_gate(application) -> None:
    """Refuse (ValidationError) an application whose subject's latest self-assessment under the level's system is
    missing or below the level's threshold. A level without a system has no gate."""
    from django.core.exceptions import ValidationError

    level, subject = application.title_level, application.place
    system = system_for(subject, level)
    if system is None:
        return
    if system.year > application.year:
        # a version made after the application's year cannot have been its measure (a 2023 declaration is not held
        # to the 2026 system; entering a past year's titles is not refused)
        return
    threshold = Decimal(level.application_threshold)
    entry = latest_self_assessment(subject, system)
    if entry is None:
        raise ValidationError(
            f"申报{level.name}须先按“{system.name}”完成自评并提交，自评得分达到{threshold.normalize():f}分方可申报")
    score = self_percent(entry)
    if score < threshold:
        raise ValidationError(
            f"自评得分{score.normalize():f}分，未达到{level.name}申报门槛{threshold.normalize():f}分，"
            f"请对照“距称号还差多少”补齐后再申报")


def title_candidates(office, title_level, limit: int = 60) -> list[TitleDistance]:
    """The subjects below `office` working towards `title_level`, nearest the title first: those with an open
    application for it, and those with an assessment entry under its system (or, for an area system, every area of
    the system's level below the office)."""
    from tuanjie.places.models import Place
    from tuanjie.titles.models import TitleApplication

    system = title_level.indicator_system
    below = Place.objects.filter(within(office, "")).exclude(pk=office.pk)
    ids = set(TitleApplication.objects.filter(within(office), title_level=title_level)
              .exclude(place=office).exclude(status__in=(TitleApplication.Status.WITHDRAWN,
                                                         TitleApplication.Status.REJECTED))
              .values_list("place", flat=True))
    if system is not None:
        ids |= set(Entry.objects.filter(within(office, "subject"), campaign__system__in=lineage(system))
                   .exclude(subject=office).values_list("subject", flat=True))
        if system.measures_areas:
            ids |= set(below.filter(kind=Place.Kind.AREA, level=system.subject_level_id).values_list("pk", flat=True))
    subjects = list(below.filter(pk__in=ids).select_related("level", "creation_field").order_by("path")[:limit])
    today = date.today()
    by_system: dict = {}
    for subject in subjects:
        found_system = system_for(subject, title_level)
        if found_system is not None:        # none: a subject of another kind than the level's system
            by_system.setdefault(found_system, []).append(subject)
    found: list[TitleDistance] = []
    for each, members in by_system.items():
        shared = _Shared(each, members, today)
        found += [title_distance(s, title_level, today, system=each, shared=shared) for s in members]
    return sorted(found, key=lambda d: (d.distance, len(d.veto_risks), d.subject.path))


def offices_that_may_adopt(user, system: IndicatorSystem) -> list:
    """The areas whose office `user` holds at or below the system's office: where it may adopt this version (or,
    below the system's office, derive its own)."""
    from tuanjie.core.access import assignments_of
    from tuanjie.core.roles import Role
    from tuanjie.places.models import Place

    paths = [path for role, path in assignments_of(user)
             if role == Role.OFFICE and path.startswith(system.place.path)]
    return list(Place.objects.filter(path__in=paths, kind=Place.Kind.AREA).order_by("path"))


def upper_systems_for(user):
    """Systems of the offices above the places where the person keeps an office: what a lower office adopts or
    derives its own from (readable for that purpose although they lie outside the person's subtree)."""
    from tuanjie.core.access import reach
    from tuanjie.core.roles import Role
    from tuanjie.places.models import Place

    if not getattr(user, "is_authenticated", False):
        return IndicatorSystem.objects.none()
    if user.is_superuser:
        return IndicatorSystem.objects.all()
    ancestors: set[str] = set()
    for path in reach(user, {Role.OFFICE}):
        ancestors.update(path[: i * Place.steplen] for i in range(1, len(path) // Place.steplen))
    return IndicatorSystem.objects.filter(place__path__in=ancestors)


def systems_for(user):
    """The systems an office may use or adopt: its subtree's and those of the offices above it."""
    from django.db.models import Q

    own = IndicatorSystem.objects.restrict(user).values("pk")
    upper = upper_systems_for(user).values("pk")
    return IndicatorSystem.objects.filter(Q(pk__in=own) | Q(pk__in=upper))
