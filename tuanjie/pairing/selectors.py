"""Reads of the pairing programme shared by pages, exports, the API, reports and documents.

Counts (ledgers, reviews, the aggregate for upper levels) are computed from the base managers over groups and
units the reader may see, and never carry a household's name. Anything that names a household starts from the
household-bearing `restrict`. Reading one household record goes through `household_for_read`, which logs it."""

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from tuanjie.core.access import VIEW
from tuanjie.pairing.models import (
    Contact,
    Festival,
    GroupSummary,
    Household,
    HouseholdReadLog,
    Need,
    NeedStep,
    Pair,
    PairingGroup,
    Programme,
)


def month_bounds(month: date) -> tuple[date, date]:
    start = month.replace(day=1)
    return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    return start, month_bounds(date(year, 3 * quarter, 1))[1]


# --- one household ----------------------------------------------------------------------------------------------

def household_for_read(user, pk, *, channel: str = "page") -> Household | None:
    """The household if `user` may see it, with the read logged; None otherwise (nothing logged)."""
    household = Household.objects.restrict(user, VIEW).select_related("programme__place").filter(pk=pk).first()
    if household is not None:
        households_read(user, [household], channel=channel)
    return household


def households_read(user, households, *, channel: str) -> None:
    """Log that `user` was shown these households (a page of a list, an API page): one read-log row each, in one
    insert. The one place every household read is written (pages, cards, API, exports)."""
    households = list(households)
    _log_reads(user, households, channel)
    _bulk_read_event(user, len(households), channel)


def logged_household_rows(user, households, *, channel: str, batch: int = 500):
    """Yield the households of an export as they are written, logging each batch's reads on the way (an export
    of a whole programme streams, and so does its log)."""
    chunk: list[Household] = []
    total = 0
    for household in households:
        chunk.append(household)
        yield household
        if len(chunk) >= batch:
            _log_reads(user, chunk, channel)
            total, chunk = total + len(chunk), []
    _log_reads(user, chunk, channel)
    _bulk_read_event(user, total + len(chunk), channel)


def _log_reads(user, households, channel: str) -> None:
    if not households:
        return
    # The programme's place, in one query for all of them (callers need not have loaded the programmes).
    place_of = dict(Programme._base_manager.filter(pk__in={h.programme_id for h in households})
                    .values_list("pk", "place_id"))
    HouseholdReadLog.objects.bulk_create([
        HouseholdReadLog(place_id=place_of[h.programme_id], household=h, household_number=h.pk, user=user,
                         channel=channel) for h in households])


def _bulk_read_event(user, count: int, channel: str) -> None:
    """More than TUANJIE_BULK_READ_HOUSEHOLDS households in one request is also a security event."""
    from django.conf import settings

    from tuanjie.core.models import SecurityEvent
    from tuanjie.core.security import security_event_record

    if count > settings.TUANJIE_BULK_READ_HOUSEHOLDS:
        security_event_record(kind=SecurityEvent.Kind.BULK_READ, user=user, detail=f"结对户 {count} 户（{channel}）")


def my_pairs(user):
    """The cadre's own current pairs, for the one-minute contact form."""
    today = timezone.localdate()
    return (Pair.objects.filter(cadre=user, household__isnull=False, paired_on__lte=today)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .select_related("household", "group"))


def last_contacted_pair_id(pairs) -> int | None:
    """Of `pairs` (the reader's own), the one with the latest contact: the household the cadre most likely visits
    again, so the contact form opens on it."""
    return (Contact._base_manager.filter(pair__in=pairs).order_by("-date", "-id")
            .values_list("pair_id", flat=True).first())


def last_contact_dates(pairs) -> dict[int, date]:
    """{pair id: date of its latest contact} for `pairs` (the reader's own): one grouped query."""
    return dict(Contact._base_manager.filter(pair__in=pairs).values("pair_id").order_by()
                .annotate(last=Max("date")).values_list("pair_id", "last"))


def festivals_due(user, today: date) -> list[Festival]:
    """The festivals the reader's units keep whose reminder window has opened (`remind_days_before` days ahead,
    the day `pairing/reminders.py` tells the cadres) and which have not passed."""
    ahead = Festival.objects.restrict(user).filter(date__gte=today, date__lte=today + timedelta(days=60))
    return [f for f in ahead.select_related("place") if f.date - timedelta(days=f.remind_days_before) <= today]


def open_pair_count(group) -> int:
    """The group's pairs still running, households hidden from the reader included (a count shows no one)."""
    return Pair._base_manager.filter(group=group, ended_on__isnull=True).count()


def pairs_contacted(pairs, start: date, end: date) -> set[int]:
    """Ids of the pairs among `pairs` with a contact dated start..end (the reader's own pairs: no restrict needed)."""
    return set(Contact._base_manager.filter(pair__in=pairs, date__range=(start, end)).values_list("pair_id",
                                                                                                    flat=True))


def active_pairs_in(start: date, end: date):
    return Pair._base_manager.filter(paired_on__lte=end).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))


# --- the monthly ledger (台账) ----------------------------------------------------------------------------------

@dataclass
class LedgerRow:
    group: PairingGroup
    pairs: int = 0
    due: int = 0
    contacts: int = 0
    visits: int = 0
    pairs_met: int = 0
    needs_raised: int = 0
    needs_solved: int = 0
    needs_escalated: int = 0
    needs_open: int = 0
    cost: Decimal = Decimal("0")

    @property
    def rate(self) -> float | None:
        return round(100 * self.pairs_met / self.pairs, 1) if self.pairs else None

    @property
    def missing(self) -> int:
        return self.pairs - self.pairs_met


LEDGER_HEADERS = ["单位", "分组", "分组负责人", "结对户数", "应联系次数", "实际联系次数", "其中入户走访",
                  "按要求联系的户数", "联系达标率(%)", "新提诉求", "办结诉求", "提交上级", "未办结诉求", "花费（元）"]


def ledger_row_values(row: LedgerRow) -> list:
    return [row.group.programme.place.name, row.group.name, row.group.leader.full_name or row.group.leader.username,
            row.pairs, row.due, row.contacts, row.visits, row.pairs_met,
            "" if row.rate is None else row.rate, row.needs_raised, row.needs_solved, row.needs_escalated,
            row.needs_open, row.cost]


def ledger(groups, month: date) -> list[LedgerRow]:
    """One row per group for the month: a handful of grouped queries, whatever the number of pairs."""
    start, end = month_bounds(month)
    groups = list(groups.select_related("programme__place", "leader"))
    ids = [g.pk for g in groups]
    rows = {g.pk: LedgerRow(group=g) for g in groups}
    if not ids:
        return []
    pairs = active_pairs_in(start, end).filter(group_id__in=ids)
    for r in pairs.values("group_id").order_by().annotate(n=Count("pk")):
        rows[r["group_id"]].pairs = r["n"]
    contacts = Contact._base_manager.filter(group_id__in=ids, date__range=(start, end))
    for r in contacts.values("group_id").order_by().annotate(
            n=Count("pk"), v=Count("pk", filter=Q(form=Contact.Form.VISIT)), c=Sum("cost")):
        row = rows[r["group_id"]]
        row.contacts, row.visits, row.cost = r["n"], r["v"], r["c"] or Decimal("0")
    per_pair = contacts.values("group_id", "pair_id").order_by().annotate(n=Count("pk"))
    quota = {g.pk: g.programme.contacts_per_month for g in groups}
    for r in per_pair:
        if r["n"] >= quota[r["group_id"]]:
            rows[r["group_id"]].pairs_met += 1
    needs = Need._base_manager.filter(group_id__in=ids)
    for r in needs.filter(raised_on__range=(start, end)).values("group_id").order_by().annotate(n=Count("pk")):
        rows[r["group_id"]].needs_raised = r["n"]
    for r in needs.filter(state=Need.State.SOLVED, resolved_on__range=(start, end)).values(
            "group_id").order_by().annotate(n=Count("pk")):
        rows[r["group_id"]].needs_solved = r["n"]
    escalations = NeedStep._base_manager.filter(
        need__group_id__in=ids, to_state__in=[Need.State.GROUP, Need.State.LEADERSHIP], at__date__range=(start, end))
    for r in escalations.values("need__group_id").order_by().annotate(n=Count("need_id", distinct=True)):
        rows[r["need__group_id"]].needs_escalated = r["n"]
    open_at_end = needs.filter(raised_on__lte=end).filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=end))
    for r in open_at_end.values("group_id").order_by().annotate(n=Count("pk")):
        rows[r["group_id"]].needs_open = r["n"]
    for g in groups:
        rows[g.pk].due = rows[g.pk].pairs * quota[g.pk]
    return [rows[g.pk] for g in groups]


def ledger_totals(rows: list[LedgerRow]) -> dict:
    keys = ["pairs", "due", "contacts", "visits", "pairs_met", "needs_raised", "needs_solved", "needs_escalated",
            "needs_open"]
    totals = {k: sum(getattr(r, k) for r in rows) for k in keys}
    totals["cost"] = sum((r.cost for r in rows), Decimal("0"))
    totals["rate"] = round(100 * totals["pairs_met"] / totals["pairs"], 1) if totals["pairs"] else None
    return totals


# --- the quarterly review for the leadership meeting (点评会) ------------------------------------------------------

def quarterly_review(programme: Programme, year: int, quarter: int) -> dict:
    start, end = quarter_bounds(year, quarter)
    groups = programme.groups.all()
    months = [date(year, m, 1) for m in range(3 * quarter - 2, 3 * quarter + 1)]
    by_month = [(m, ledger(groups, m)) for m in months]
    per_group: dict[int, dict] = {}
    for _m, rows in by_month:
        for row in rows:
            entry = per_group.setdefault(row.group.pk, {"group": row.group, "due": 0, "contacts": 0, "visits": 0,
                                                         "met": 0, "raised": 0, "solved": 0, "escalated": 0,
                                                         "open": 0, "cost": Decimal("0"), "months": []})
            entry["due"] += row.due
            entry["contacts"] += row.contacts
            entry["visits"] += row.visits
            entry["met"] += row.pairs_met
            entry["raised"] += row.needs_raised
            entry["solved"] += row.needs_solved
            entry["escalated"] += row.needs_escalated
            entry["open"] = row.needs_open
            entry["cost"] += row.cost
            entry["months"].append(row.rate)
    needs = Need._base_manager.filter(group__programme=programme, raised_on__range=(start, end))
    categories = Counter(dict(needs.values_list("category").order_by().annotate(n=Count("pk"))))
    outcome = Counter(dict(needs.values_list("state").order_by().annotate(n=Count("pk"))))
    pair_months = sum(e["due"] for e in per_group.values()) // max(programme.contacts_per_month, 1)
    met = sum(e["met"] for e in per_group.values())
    return {
        "programme": programme, "year": year, "quarter": quarter, "start": start, "end": end,
        "groups": list(per_group.values()),
        "categories": [(Need.Category(k).label, v) for k, v in categories.most_common()],
        "outcomes": [(Need.State(k).label, v) for k, v in outcome.most_common()],
        "rate": round(100 * met / pair_months, 1) if pair_months else None,
        "overdue": overdue_needs(end, programmes=[programme]).count(),
        "summaries": list(GroupSummary._base_manager.filter(
            group__programme=programme, month__range=(start, end)).select_related("group").order_by("month")),
    }


def overdue_needs(today: date, programmes=None):
    """Open needs raised longer ago than their programme's time limit."""
    qs = Need._base_manager.filter(state__in=Need.OPEN_STATES).select_related(
        "pair__cadre", "group__leader", "group__programme", "unit")
    if programmes is not None:
        qs = qs.filter(group__programme__in=programmes)
    limits = defaultdict(list)
    for pk, days in Programme._base_manager.filter(
            pk__in=qs.values("group__programme_id")).values_list("pk", "overdue_days"):
        limits[days].append(pk)
    q = Q(pk__in=[])
    for days, programme_ids in limits.items():
        q |= Q(group__programme_id__in=programme_ids, raised_on__lt=today - timedelta(days=days))
    return qs.filter(q)


# --- one-person-one-file (一人一档) -----------------------------------------------------------------------------

@dataclass
class CadreFile:
    cadre: object
    year: int
    pairs: list = field(default_factory=list)        # [{"pair", "household_name", "contacts": [...], "needs": [...]}]
    contacts: int = 0
    visits: int = 0
    deeds: int = 0
    cost: Decimal = Decimal("0")
    needs_raised: int = 0
    needs_solved: int = 0
    months_met: int = 0
    months_due: int = 0


def cadre_file(user, year: int, *, viewer=None) -> CadreFile:
    """The cadre's pairs, contacts, deeds and costs in `year`. Household names appear only for a `viewer` who may
    see them (by default the cadre themselves); the documents engineer builds the .docx from this."""
    viewer = viewer or user
    start, end = date(year, 1, 1), date(year, 12, 31)
    result = CadreFile(cadre=user, year=year)
    pairs = (active_pairs_in(start, end).filter(cadre=user).select_related("group__programme__place", "household")
             .order_by("paired_on", "pk"))
    visible = set(Pair.objects.restrict(viewer, VIEW).filter(cadre=user).values_list("pk", flat=True))
    contacts = defaultdict(list)
    for c in Contact._base_manager.filter(pair__cadre=user, date__range=(start, end)).order_by("date", "pk"):
        contacts[c.pair_id].append(c)
    needs = defaultdict(list)
    for n in Need._base_manager.filter(pair__cadre=user, raised_on__range=(start, end)).order_by("raised_on", "pk"):
        needs[n.pair_id].append(n)
    today = timezone.localdate()
    for pair in pairs:
        shown = pair.pk in visible
        pair_contacts = contacts.get(pair.pk, [])
        by_month = Counter(c.date.month for c in pair_contacts)
        quota = pair.group.programme.contacts_per_month
        for month in range(1, 13):
            m_start, m_end = month_bounds(date(year, month, 1))
            if m_start > today or not pair.is_active_in(m_start, m_end):
                continue
            result.months_due += 1
            result.months_met += by_month.get(month, 0) >= quota
        result.pairs.append({
            "pair": pair,
            "shown": shown,
            "household_name": (pair.household.name if shown and pair.household else
                               ("（已退出）" if pair.household_erased else "（无权查看）")),
            "household_address": pair.household.address if shown and pair.household else "",
            "contacts": pair_contacts if shown else [],
            "needs": needs.get(pair.pk, []) if shown else [],
        })
        result.contacts += len(pair_contacts)
        result.visits += sum(c.form == Contact.Form.VISIT for c in pair_contacts)
        result.deeds += sum(bool(c.deeds) for c in pair_contacts)
        result.cost += sum((c.cost for c in pair_contacts), Decimal("0"))
        result.needs_raised += len(needs.get(pair.pk, []))
        result.needs_solved += sum(n.state == Need.State.SOLVED for n in needs.get(pair.pk, []))
    return result


# --- counts for upper levels ------------------------------------------------------------------------------------

def unit_month_counts(user, year: int) -> list[dict]:
    """Per unit and month: pairs, contacts, visits, needs raised and solved. Counts only, for any reader of the
    programmes (upper levels included): no household appears here."""
    programmes = Programme.objects.restrict(user, VIEW).select_related("place")
    units = {p.place_id: p.place for p in programmes}
    start, end = date(year, 1, 1), date(year, 12, 31)
    data: dict[int, dict] = {uid: {"unit": u, "months": defaultdict(Counter)} for uid, u in units.items()}
    if not units:
        return []
    ids = list(units)
    contacts = Contact._base_manager.filter(unit_id__in=ids, date__range=(start, end))
    for r in contacts.values("unit_id", "date__month").order_by().annotate(
            n=Count("pk"), v=Count("pk", filter=Q(form=Contact.Form.VISIT))):
        data[r["unit_id"]]["months"][r["date__month"]].update(contacts=r["n"], visits=r["v"])
    needs = Need._base_manager.filter(unit_id__in=ids)
    for raised in needs.filter(raised_on__range=(start, end)).values("unit_id", "raised_on__month").order_by(
            ).annotate(n=Count("pk")):
        data[raised["unit_id"]]["months"][raised["raised_on__month"]].update(raised=raised["n"])
    for solved in needs.filter(state=Need.State.SOLVED, resolved_on__range=(start, end)).values(
            "unit_id", "resolved_on__month").order_by().annotate(n=Count("pk")):
        data[solved["unit_id"]]["months"][solved["resolved_on__month"]].update(solved=solved["n"])
    pairs_now = Counter(dict(active_pairs_in(start, end).filter(unit_id__in=ids).values_list("unit_id").order_by()
                             .annotate(n=Count("pk"))))
    out = []
    for uid, entry in sorted(data.items(), key=lambda kv: kv[1]["unit"].path):
        months = [entry["months"].get(m, Counter()) for m in range(1, 13)]
        out.append({"unit": entry["unit"], "pairs": pairs_now.get(uid, 0), "months": months,
                    "contacts": sum(m["contacts"] for m in months), "visits": sum(m["visits"] for m in months),
                    "raised": sum(m["raised"] for m in months), "solved": sum(m["solved"] for m in months)})
    return out


# --- per-person compliance: every cadre paired, every household met -------------------------------------------------

@dataclass
class CadreStanding:
    """One cadre in one month: how many households they are paired with and how many of those were not met as
    often as the programme asks. Counts only: the households are not named here."""

    cadre_id: int
    pairs: int = 0
    unmet: int = 0               # paired households with fewer contacts this month than the programme asks
    due_pairs: int = 1           # the programme's minimum of households per cadre
    cadre: object = None         # the person, loaded only for a reader who may see names

    @property
    def short_pairs(self) -> int:
        return max(0, self.due_pairs - self.pairs)

    @property
    def is_short(self) -> bool:
        return self.short_pairs > 0 or self.unmet > 0


@dataclass
class CadreCounts:
    cadres: int = 0
    unpaired: int = 0            # fewer households than the minimum (none at all included)
    unmet: int = 0               # at least one household not met as often as asked this month
    met: int = 0

    def add(self, standing: CadreStanding) -> None:
        self.cadres += 1
        self.unpaired += standing.short_pairs > 0
        self.unmet += standing.unmet > 0
        self.met += not standing.is_short

    @property
    def percent(self) -> int | None:
        return round(100 * self.met / self.cadres) if self.cadres else None


def cadre_standings(programmes, month: date) -> dict[int, list[CadreStanding]]:
    """{programme id: standings of its cadres} for the month. A programme's cadres are the people holding an
    active cadre role at its unit or below (the deepest programme's, for a unit inside another's), and anyone
    paired in it that month. Four grouped queries whatever the number of programmes and cadres."""
    from tuanjie.core.roles import Role
    from tuanjie.people.models import RoleAssignment

    programmes = list(programmes)
    if not programmes:
        return {}
    start, end = month_bounds(month)
    by_path = sorted(((p.place.path, p) for p in programmes), key=lambda item: -len(item[0]))
    rows: dict[int, dict[int, CadreStanding]] = {p.pk: {} for p in programmes}

    def standing(programme, cadre_id) -> CadreStanding:
        return rows[programme.pk].setdefault(cadre_id, CadreStanding(cadre_id, due_pairs=programme.households_per_cadre))

    roles = Q(pk__in=[])
    for path, _programme in by_path:
        roles |= Q(place__path__startswith=path)
    for user_id, path in (RoleAssignment._base_manager.filter(roles, role=Role.CADRE, active=True)
                          .values_list("user_id", "place__path")):
        owner = next(p for prefix, p in by_path if path.startswith(prefix))
        standing(owner, user_id)
    ids = {p.pk: p for p in programmes}
    pairs = list(active_pairs_in(start, end).filter(group__programme_id__in=ids, household__isnull=False)
                 .values_list("pk", "cadre_id", "group__programme_id"))
    met_counts = dict(Contact._base_manager.filter(pair_id__in=[pk for pk, _c, _p in pairs], date__range=(start, end))
                      .values("pair_id").order_by().annotate(n=Count("pk")).values_list("pair_id", "n"))
    for pair_id, cadre_id, programme_id in pairs:
        programme = ids[programme_id]
        row = standing(programme, cadre_id)
        row.pairs += 1
        row.unmet += met_counts.get(pair_id, 0) < programme.contacts_per_month
    return {pk: sorted(found.values(), key=lambda s: s.cadre_id) for pk, found in rows.items()}


def cadre_counts_in(place, month: date) -> CadreCounts:
    """The per-person figures of every programme in the place's subtree, rolled up: counts, never names (what an
    upper level reads)."""
    totals = CadreCounts()
    programmes = Programme._base_manager.filter(place__path__startswith=place.path).select_related("place")
    for standings in cadre_standings(programmes, month).values():
        for standing in standings:
            totals.add(standing)
    return totals


def cadre_names_visible_to(user, programme: Programme) -> str:
    """Who may read the names on a programme's per-person list: "office" (the unit's own staff, the programme's
    office), "leader" (a group leader of it: the cadres of their groups and those not yet paired) or "" (counts
    only: upper levels and everyone else)."""
    from tuanjie.pairing.models import programme_staff_paths

    if user.is_superuser or programme.place.path in programme_staff_paths(user):
        return "office"
    if PairingGroup._base_manager.filter(programme=programme, leader=user).exists():
        return "leader"
    return ""


def cadre_compliance(user, programme: Programme, month: date) -> tuple[CadreCounts, list[CadreStanding]]:
    """The programme's per-person figures for `user`: counts for any reader of the programme, and the standings
    that name cadres for those `cadre_names_visible_to` allows (the group leader's share only)."""
    from tuanjie.people.models import User

    standings = cadre_standings([programme], month)[programme.pk]
    counts = CadreCounts()
    for standing in standings:
        counts.add(standing)
    who = cadre_names_visible_to(user, programme)
    if not who:
        return counts, []
    if who == "leader":
        start, end = month_bounds(month)
        led = set(active_pairs_in(start, end).filter(group__programme=programme, group__leader=user)
                  .values_list("cadre_id", flat=True))
        standings = [s for s in standings if s.cadre_id in led or s.pairs == 0]
    people = User.objects.in_bulk([s.cadre_id for s in standings])
    for standing in standings:
        standing.cadre = people[standing.cadre_id]
    return counts, sorted(standings, key=lambda s: (not s.is_short, people[s.cadre_id].full_name or "",
                                                    s.cadre_id))


def household_details_near(place) -> list[tuple[str, str, str]]:
    """(name, phone, address) of the households of programmes at, above or below `place`: what text going upward
    from `place` must not carry (personal_details.py). Read past `restrict` on purpose: the writer need not see the
    households to be stopped from naming them."""
    from tuanjie.core.access import within

    above = [place.path[:i] for i in range(place.steplen, len(place.path), place.steplen)]
    return list(Household._base_manager.filter(within(place, "programme__place") | Q(programme__place__path__in=above))
                .values_list("name", "phone", "address"))
