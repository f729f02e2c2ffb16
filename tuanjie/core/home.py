"""The home page by role: the main actions a role takes, then a section per role the person holds, most
operational first (a unit's liaison before its office duties, a cadre before a leader's figures).

Every figure is read through the selector that already defines it (quota standing, the pairing ledger, the
dashboard's facts, the to-do); nothing here counts anything itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from tuanjie.core.access import assignments_of
from tuanjie.core.roles import Role

# The order of the sections for a person holding several roles.
ORDER = (Role.UNIT, Role.CADRE, Role.GROUP_LEADER, Role.OFFICE, Role.INSPECTOR, Role.LEADER)


@dataclass
class Action:
    label: str
    url: str
    icon: str
    testid: str


@dataclass
class Section:
    role: str
    template: str
    data: dict = field(default_factory=dict)


# The form that adds a record a quota counts, by the countable's model ("还差 2 次" opens it).
QUOTA_FORMS = {
    "activities.Activity": "activities:activity_add",
    "information.InformationItem": "information:item_add",
    "pairing.Contact": "pairing:contact_add",
    "plans.TaskProgress": "plans:my_tasks",
}


def roles_of(user) -> list[str]:
    held = {role for role, _path in assignments_of(user)}
    return [role for role in ORDER if role in held]


def main_actions(roles: list[str]) -> list[Action]:
    """The big buttons at the top: what each role does most, one tap from home."""
    actions: list[Action] = []
    if Role.UNIT in roles:
        actions += [Action(_("登记活动"), reverse("activities:activity_add"), "plus-circle", "home-activity-add"),
                    Action(_("报送信息"), reverse("information:item_add"), "send", "home-item-add")]
    if Role.CADRE in roles:
        actions.append(Action(_("记录走访"), reverse("pairing:contact_add"), "telephone-plus", "home-contact-add"))
    if Role.GROUP_LEADER in roles:
        actions.append(Action(_("月度台账"), reverse("pairing:ledger"), "table", "home-ledger"))
    if Role.OFFICE in roles:
        actions.append(Action(_("信息审核"), reverse("information:queue"), "inbox", "home-queue"))
    if Role.INSPECTOR in roles:
        actions.append(Action(_("整改事项"), reverse("inspections:rectification_list"), "wrench-adjustable",
                              "home-rectifications"))
    if Role.LEADER in roles or Role.OFFICE in roles:
        actions.append(Action(_("统计分析"), reverse("analytics:dashboard"), "bar-chart-line", "home-dashboard"))
    if Role.LEADER in roles:
        actions.append(Action(_("文稿生成"), reverse("documents:generate"), "file-earmark-word", "home-generate"))
    seen: set[str] = set()
    return [a for a in actions if not (a.url in seen or seen.add(a.url))]


def sections(request, user, place, today: date, roles: list[str]) -> list[Section]:
    builders = {Role.UNIT: _unit, Role.CADRE: _cadre, Role.GROUP_LEADER: _group_leader, Role.OFFICE: _office,
                Role.INSPECTOR: _inspector, Role.LEADER: _leader}
    return [Section(role, f"core/home/{role}.html", builders[role](request, user, place, today))
            for role in roles]


def _quota_form(rule, unit) -> str:
    from tuanjie.quotas.selectors import rule_countable

    countable = rule_countable(rule)
    name = QUOTA_FORMS.get(countable.model)
    if name is None:
        return reverse("quotas:standing") + f"?unit={unit.pk}"
    url = reverse(name)
    if name == "activities:activity_add":
        url += f"?place={unit.pk}" + (f"&kind={countable.filters['kind']}" if "kind" in countable.filters else "")
    return url


def _unit(request, user, place, today):
    """Each of the person's units: the rules still short this period, with the form that makes up the shortfall."""
    from tuanjie.quotas.selectors import my_units, unit_standing

    units = []
    for unit in my_units(user):
        standings = unit_standing(unit, today=today)
        short = [(s.rule, s.current.missing, _quota_form(s.rule, unit)) for s in standings
                 if s.current is not None and s.current.missing]
        units.append({"unit": unit, "short": short, "rules": len(standings), **_unit_creation(unit, today)})
    return {"units": units}


def _unit_creation(unit, today):
    """The unit's own creation work (issue 16): its distance to the title it works towards, its plans and its leading
    group, each with the page that records it (the unit's menu has no room for three more entries)."""
    from tuanjie.assessments.selectors import aimed_level, title_distance
    from tuanjie.leadership.models import LeadingGroup
    from tuanjie.plans.models import Plan

    level = aimed_level(unit, today)
    distance = title_distance(unit, level, today) if level is not None else None
    group = LeadingGroup.objects.filter(place=unit).first()
    plans = Plan.objects.filter(place=unit).exclude(status=Plan.Status.WITHDRAWN).count()
    return {"level": level, "distance": distance, "group": group, "plans": plans,
            "plans_url": reverse("plans:plan_list") if plans else reverse("plans:plan_add") + f"?place={unit.pk}",
            "distance_url": reverse("assessments:distance") + f"?place={unit.pk}&level={level.pk}" if level else "",
            "group_url": group.get_absolute_url() if group else reverse("leadership:group_add") + f"?place={unit.pk}"}


def _cadre(request, user, place, today):
    """My households: the last contact, whether they were contacted this month, one tap to record a visit."""
    from tuanjie.pairing.selectors import festivals_due, last_contact_dates, month_bounds, my_pairs, pairs_contacted

    pairs = list(my_pairs(user).order_by("household__name"))
    last = last_contact_dates(pairs)
    this_month = pairs_contacted(pairs, *month_bounds(today))
    add = reverse("pairing:contact_add")
    rows = [{"pair": p, "last": last.get(p.pk), "contacted": p.pk in this_month, "add": f"{add}?pair={p.pk}"}
            for p in pairs]
    return {"rows": rows, "uncontacted": sum(not r["contacted"] for r in rows), "festivals": festivals_due(user, today)}


def _group_leader(request, user, place, today):
    """This month's ledger of the groups the person leads (the ledger page's own rows)."""
    from tuanjie.pairing.models import PairingGroup
    from tuanjie.pairing.selectors import ledger

    groups = PairingGroup.objects.filter(leader=user).order_by("programme__place__path", "name")
    return {"rows": ledger(groups, today.replace(day=1)), "month": today}


def _office(request, user, place, today):
    """The office's place at a glance and its recent changes (its to-do is the list at the top of the page)."""
    from tuanjie.core.changelog_display import describe
    from tuanjie.core.models import ChangeLogEntry
    from tuanjie.people.models import User
    from tuanjie.places.models import Place

    if place is None:
        return {}
    subtree = Place.objects.subtree(place)
    return {
        "place": place,
        "counts": {"areas": subtree.areas().exclude(pk=place.pk).count(),
                   "units": subtree.units().exclude(pk=place.pk).count(),
                   "people": User.objects.filter(home_place__path__startswith=place.path).count()},
        # Described as the change log pages describe them (a command is 系统, not its source code).
        "recent_changes": describe(ChangeLogEntry.objects.restrict(user).filter(place_path__startswith=place.path)
                                   .select_related("content_type")[:6], with_values=False),
    }


def _inspector(request, user, place, today):
    """The open inspection rounds in reach, with their rectifications counted as the round page counts them."""
    from tuanjie.inspections.models import Round
    from tuanjie.inspections.selectors import rectification_counts

    rounds = Round.objects.restrict(user).filter(state=Round.State.OPEN).select_related("place").order_by(
        "-start_date")[:5]
    return {"rounds": [(r, rectification_counts(r, today)) for r in rounds]}


def _leader(request, user, place, today):
    """This year's headline figures and coverage of the place, its least covered places, the reports generated."""
    from tuanjie.analytics.selectors import Span, dashboard
    from tuanjie.documents.models import GeneratedDocument

    if place is None:
        return {}
    span = Span.of("y", today)
    board = dashboard(place, span)
    lagging = sorted((row for row in board.children if row.rate is not None),
                     key=lambda row: (row.rate, row.place.path))[:5]
    dash = reverse("analytics:dashboard")
    reports = (GeneratedDocument.objects.restrict(user).filter(status=GeneratedDocument.Status.DONE)
               .select_related("place")[:5])
    return {"place": place, "span": span, "headline": board.headline[:6], "coverage": board.coverage_total,
            "lagging": [(row, f"{dash}?place={row.place.pk}&period={span.code}") for row in lagging],
            "reports": list(reports)}
