"""Reads of agreements and the five inclusions: each target's progress, computed from the records through the same
machinery the rest of the product counts with, so a figure means the same here as on its own page:
- a quota target is the party's standing under the rule (quotas.selectors.compliance_table): done/due summed over
  the rule's periods of the year, met when every period is met;
- a task target is the plan task's own progress (its lead unit's reports): met when the task is done;
- a count target is the countable's records in the party's subtree in the year (core.countables), met at quantity;
- a written target has no figure: the issuing office judges it when it assesses the agreement.
Once an agreement is assessed, the fixed figures (achieved, met) are what is shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q

from tuanjie.agreements.models import Agreement, AgreementTarget, InclusionChecklist, InclusionItem
from tuanjie.core import countables
from tuanjie.places.models import Place

K = AgreementTarget.Kind


@dataclass(frozen=True)
class Progress:
    done: int | None        # records / percent points achieved (None: a written target, judged by the office)
    due: int | None         # what the target asks for
    met: bool | None        # None: not decided by the records
    unit: str = ""          # 次 / % / 条
    fixed: bool = False     # the assessment's figures, not the live ones

    @property
    def percent(self) -> int | None:
        if self.done is None or not self.due:
            return None
        return min(100, int(self.done * 100 / self.due))

    @property
    def text(self) -> str:
        if self.done is None:
            return "由下达单位核定" if self.met is None else ("已完成" if self.met else "未完成")
        if self.unit == "%":
            return f"{self.done}%"
        return f"{self.done}/{self.due}{self.unit}"


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _quota(target: AgreementTarget, today: date) -> Progress:
    from tuanjie.quotas.selectors import compliance as calc
    from tuanjie.quotas.selectors import compliance_table, rule_countable

    rule, party = target.quota_rule, target.agreement.place
    if rule is None:
        raise ValueError(f"quota target {target.pk} names no rule")
    table = compliance_table(rule, today=today, units=Place.objects.filter(pk=party.pk))
    if not table.rows:
        return Progress(0, 0, False, rule_countable(rule).unit)
    standings = table.rows[0].standings
    due = sum(s.due for s in standings)
    done = sum(min(s.done, s.due) for s in standings if s.state != calc.UPCOMING)
    met = all(s.state in (calc.MET, calc.EXEMPT) for s in standings)
    return Progress(done, due, met, rule_countable(rule).unit)


def _task(target: AgreementTarget) -> Progress:
    task = target.plan_task
    if task is None:
        raise ValueError(f"task target {target.pk} names no task")
    return Progress(task.percent, 100, task.status == task.Status.DONE, "%")


def _count(target: AgreementTarget) -> Progress:
    countable = countables.get(target.countable)
    start, end = year_span(target.agreement.year)
    done = countable.count_in_subtree(target.agreement.place.path, start, end)
    return Progress(done, target.quantity, done >= (target.quantity or 0), countable.unit)


def target_progress(target: AgreementTarget, *, today: date) -> Progress:
    """Where a target stands on `today` (its fixed figures once the agreement is assessed)."""
    if target.assessed_on is not None:
        live = target_progress_live(target, today=today) if target.kind != K.WRITTEN else None
        due = live.due if live is not None else None
        unit = live.unit if live is not None else ""
        return Progress(target.achieved, due, target.met, unit, fixed=True)
    return target_progress_live(target, today=today)


def target_progress_live(target: AgreementTarget, *, today: date) -> Progress:
    if target.kind == K.QUOTA:
        return _quota(target, today)
    if target.kind == K.TASK:
        return _task(target)
    if target.kind == K.COUNT:
        return _count(target)
    return Progress(None, None, None)


@dataclass(frozen=True)
class TargetRow:
    target: AgreementTarget
    progress: Progress


def agreement_targets(agreement: Agreement, *, today: date) -> list[TargetRow]:
    targets = (agreement.targets.select_related("quota_rule__place", "plan_task", "responsible", "agreement__place")
               .order_by("number", "id"))
    return [TargetRow(t, target_progress(t, today=today)) for t in targets]


@dataclass(frozen=True)
class Fulfilment:
    targets: int
    met: int            # decided met by the records (or the assessment)
    open: int           # not (yet) met, or a written target not yet judged

    @property
    def percent(self) -> int | None:
        return None if not self.targets else int(self.met * 100 / self.targets)


def fulfilment(rows: list[TargetRow]) -> Fulfilment:
    met = sum(1 for r in rows if r.progress.met)
    return Fulfilment(len(rows), met, len(rows) - met)


def agreements_of_year(qs, year: int):
    return qs.filter(year=year).select_related("place", "issuer").annotate(n_targets=Count("targets"))


def open_targets_of(user):
    """Targets of signed agreements not yet assessed that `user` answers for (their to-do)."""
    return (AgreementTarget.objects.filter(responsible=user, agreement__status=Agreement.Status.SIGNED)
            .select_related("agreement__place"))


# ---------------------------------------------------------------------------------------------------- five inclusions

def checklist_items(checklist: InclusionChecklist):
    return checklist.items.order_by("order", "id")


def complete_checklists(qs):
    """Checklists whose every item is included (and that have items)."""
    return qs.annotate(n=Count("items"), open=Count("items", filter=Q(items__included=False))).filter(n__gt=0, open=0)


@dataclass(frozen=True)
class InclusionSummary:
    year: int
    areas: int          # areas directly below the place
    with_checklist: int
    complete: int       # ... with every item included (五个纳入全部落实)

    @property
    def percent(self) -> int | None:
        return None if not self.areas else int(self.complete * 100 / self.areas)


def inclusion_summary(place: Place, year: int) -> InclusionSummary:
    """How many areas directly below `place` have all their inclusions in `year` (the dashboard's figure)."""
    children = Place.objects.filter(path__startswith=place.path, depth=place.depth + 1, kind=Place.Kind.AREA)
    lists = InclusionChecklist.objects.filter(place__in=children, year=year)
    return InclusionSummary(year, children.count(), lists.count(), complete_checklists(lists).count())


def checklists_with_items(qs):
    return qs.select_related("place").prefetch_related(
        Prefetch("items", queryset=InclusionItem.objects.order_by("order", "id")))


def child_checklists(qs, place: Place, year: int):
    """The checklists of the areas directly below `place` for `year`, with their items."""
    return (checklists_with_items(qs.filter(place__path__startswith=place.path, place__depth=place.depth + 1,
                                            year=year))
            .annotate(included_count=Count("items", filter=Q(items__included=True))).order_by("place__path"))
