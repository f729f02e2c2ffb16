"""Reads of the activity ledger shared by the list page, the export, the API and reports."""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from tuanjie.activities.models import Activity, ActivityKind, KindDefinition
from tuanjie.core.access import READERS, reach
from tuanjie.places.models import Place

LIST_RELATED = ("place", "creation_field")
DEFAULT_LABELS = {code: str(label) for code, label in ActivityKind.choices}

# code -> label of office kinds already read. Safe to keep for the process: a kind's label is fixed once an
# activity uses it (services.kind_update), and only used codes are looked up through an activity.
_labels: dict[str, str] = {}


# ------------------------------------------------------------------------------------------------------ kinds
def ancestor_paths(place: Place) -> list[str]:
    """The place's path and each ancestor's."""
    return [place.path[:i * Place.steplen] for i in range(1, place.depth + 1)]


def office_kinds_for(place: Place, *, include_archived: bool = False):
    """Kinds defined by the place itself or an office above it."""
    qs = KindDefinition.objects.filter(place__path__in=ancestor_paths(place))
    if not include_archived:
        qs = qs.filter(is_archived=False)
    return qs.order_by("place__path", "label")


def kinds_for(place: Place | None, *, include_archived: bool = False) -> list[tuple[str, str]]:
    """(code, label) of the kinds a record of `place` may have: the national defaults, then its offices' own."""
    kinds = [(code, label) for code, label in DEFAULT_LABELS.items() if code != ActivityKind.OTHER]
    if place is not None:
        kinds += [(k.code, k.label) for k in office_kinds_for(place, include_archived=include_archived)]
    return kinds + [(ActivityKind.OTHER.value, DEFAULT_LABELS[ActivityKind.OTHER])]


def kinds_in_reach(user, *, include_archived: bool = True) -> list[tuple[str, str]]:
    """The kinds any place the person works at may use: defaults, kinds of offices above their places and kinds
    defined inside their reach (a county office filters by its townships' kinds too)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return kinds_for(None)
    qs = KindDefinition.objects.all() if user.is_superuser else KindDefinition.objects.filter(
        _reach_q(reach(user, READERS)))
    if not include_archived:
        qs = qs.filter(is_archived=False)
    found = kinds_for(None)
    return found[:-1] + [(k.code, k.label) for k in qs.order_by("place__path", "label")] + found[-1:]


def _reach_q(paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        ancestors = [path[:i * Place.steplen] for i in range(1, len(path) // Place.steplen + 1)]
        q |= Q(place__path__in=ancestors) | Q(place__path__startswith=path)
    return q


def kind_label(code: str) -> str:
    if code in DEFAULT_LABELS:
        return DEFAULT_LABELS[code]
    if code not in _labels:
        found = office_kind(code)
        if found is None:
            return code
        _labels[code] = found[0]
    return _labels[code]


def office_kind(code: str) -> tuple[str, str] | None:
    """(label, path of the place that defined it) of an office kind, None when no office defined that code."""
    return KindDefinition._base_manager.filter(code=code).values_list("label", "place__path").first()


def kind_label_taken(place: Place, label: str, *, exclude_pk=None) -> bool:
    """Does a record of `place` already have a kind of this label (a default, its offices' own), or does a place
    below it define one (the two would meet there)?"""
    taken = {text for _code, text in kinds_for(place, include_archived=True)}
    below = KindDefinition._base_manager.filter(place__path__startswith=place.path, label=label)
    if exclude_pk is not None:
        below = below.exclude(pk=exclude_pk)
        taken -= set(KindDefinition._base_manager.filter(pk=exclude_pk).values_list("label", flat=True))
    return label in taken or below.exists()


def kind_in_use(kind: KindDefinition) -> bool:
    return Activity._base_manager.filter(kind=kind.code).exists()


class KindIndex:
    """Which kinds apply where, held in memory for an import of many rows: {code: (defining path, archived)}
    for office kinds; the defaults apply everywhere."""

    def __init__(self, codes=None):
        qs = KindDefinition.objects.all() if codes is None else KindDefinition.objects.filter(code__in=list(codes))
        self.office = {code: (path, archived, label) for code, path, archived, label
                       in qs.values_list("code", "place__path", "is_archived", "label")}

    def problem(self, code: str, place: Place, *, new: bool) -> str | None:
        """Why `code` cannot be the kind of a record of `place` (None when it can)."""
        if code in DEFAULT_LABELS:
            return None
        found = self.office.get(code)
        if found is None:
            return "活动类型“%s”不存在，请从列表中选择" % code
        path, archived, label = found
        if not place.path.startswith(path):
            return "“%s”是其他地区自定义的活动类型，不适用于“%s”，请另选" % (label, place.name)
        if archived and new:
            return "活动类型“%s”已停用，请选择其他类型" % label
        return None

    def labels_for(self, place: Place) -> dict[str, str]:
        """{label: code} of the office kinds usable by `place` (for an import naming kinds by label)."""
        return {label: code for code, (path, archived, label) in self.office.items()
                if not archived and place.path.startswith(path)}


def activities_in(place: Place, start: date, end: date) -> QuerySet:
    """All activities held in `place`'s subtree between start and end (inclusive). Not access-checked: callers
    (reports, dashboards) have already decided the person may see `place`."""
    return Activity.objects.filter(place__path__startswith=place.path, start_date__range=(start, end))


def activity_totals(place: Place, start: date, end: date) -> dict:
    """Headline figures: number of activities, participants (person-times), units that held any."""
    row = activities_in(place, start, end).aggregate(
        activities=Count("id"), participants=Sum("participants"), units=Count("place", distinct=True))
    return {"activities": row["activities"], "participants": row["participants"] or 0, "units": row["units"]}


def units_by_activity_count(place: Place, start: date, end: date, *, fewest: int | None = None) -> list[tuple]:
    """(unit, count) for every creation unit in the subtree active in the period, fewest first: the units that
    are behind are at the top (units with no activity at all included)."""
    units = [u for u in Place.objects.subtree(place).units().select_related("creation_field")
             if (u.active_from is None or u.active_from <= end) and (u.active_until is None or u.active_until >= start)]
    counts = dict(activities_in(place, start, end).filter(place__kind=Place.Kind.UNIT).order_by()
                  .values_list("place").annotate(n=Count("id")))
    ranked = sorted(((u, counts.get(u.pk, 0)) for u in units), key=lambda pair: (pair[1], pair[0].path))
    return ranked[:fewest] if fewest else ranked


def outputs_in(place: Place, start: date, end: date, limit: int = 20) -> list[Activity]:
    """Activities that produced something countable (signs, handbooks…), largest first, for report paragraphs."""
    return list(activities_in(place, start, end).filter(~Q(output_text=""))
                .select_related("place").order_by("-output_quantity", "-start_date")[:limit])
