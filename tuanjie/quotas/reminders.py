"""Daily reminders (run by `tuanjie remind`): as a period's end nears, the units still behind on a quota rule
are told what is missing, and the office that set the rule gets the list. Each message goes once per rule,
period and recipient (dedupe keys), however often the job runs in the window."""

from collections import defaultdict
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from tuanjie.core.roles import Role
from tuanjie.quotas import selectors
from tuanjie.quotas.models import QuotaRule
from tuanjie.quotas.selectors import compliance as calc

# Days before a period's end when reminders start, per period kind.
WINDOW_DAYS = {calc.MONTH: 5, calc.BIMONTH: 7, calc.QUARTER: 10, calc.HALF: 15, calc.YEAR: 30}


def _unit_staff(place_ids) -> dict[int, list]:
    """Active unit staff per place, in one query."""
    from tuanjie.people.models import RoleAssignment

    staff = defaultdict(list)
    for assignment in (RoleAssignment.objects.filter(role=Role.UNIT, active=True, place_id__in=list(place_ids),
                                                     user__is_active=True).select_related("user")):
        staff[assignment.place_id].append(assignment.user)
    return staff


def quota_period_ending(today: date) -> int:
    from tuanjie.notifications.services import notify
    from tuanjie.people.selectors import people_with_role

    sent = 0
    for rule in QuotaRule.objects.filter(is_active=True, year=today.year).select_related("place"):
        span = calc.period_containing(today, rule.period)
        if span.days_left(today) > WINDOW_DAYS[rule.period]:
            continue
        table = selectors.compliance_table(rule, today=today, periods=[span])
        behind = [row for row in table.rows if row.standings[0].state == calc.BEHIND]
        if not behind:
            continue
        staff = _unit_staff(row.place.pk for row in behind)
        url = reverse("quotas:standing")
        for row in behind:
            st = row.standings[0]
            sent += notify(
                staff.get(row.place.pk, []), kind="quota",
                title=_("规定动作预警：%(rule)s（%(period)s）还差%(n)d次") % {
                    "rule": rule.name, "period": span.label, "n": st.missing},
                body=_("%(unit)s本期已完成%(done)d次，应完成%(due)d次，本期于%(end)s截止，请抓紧落实。") % {
                    "unit": row.place.name, "done": st.done, "due": st.due, "end": span.end.isoformat()},
                url=f"{url}?unit={row.place.pk}", dedupe_key=f"quota:{rule.pk}:{span.key}:{row.place.pk}")
        names = "、".join(row.place.name for row in behind[:20]) + (_("等") if len(behind) > 20 else "")
        sent += notify(
            people_with_role(Role.OFFICE, rule.place, upward=False), kind="quota",
            title=_("规定动作预警：%(rule)s（%(period)s）%(n)d个单位未达标") % {
                "rule": rule.name, "period": span.label, "n": len(behind)},
            body=_("本期于%(end)s截止。未达标单位：%(names)s") % {"end": span.end.isoformat(), "names": names},
            url=reverse("quotas:compliance", args=[rule.pk]), dedupe_key=f"quota-office:{rule.pk}:{span.key}")
    return sent


REMINDERS = [quota_period_ending]
