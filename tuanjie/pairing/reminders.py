"""Daily reminders of the pairing programme (run by `tuanjie remind`): the monthly contact, overdue needs, and
visits for traditional festivals."""

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from tuanjie.core.dates import when
from tuanjie.notifications.services import notify
from tuanjie.pairing.models import Contact, Festival, Pair, Programme
from tuanjie.pairing.selectors import active_pairs_in, month_bounds, overdue_needs
from tuanjie.pairing.services import need_holders


def _live_programmes(today: date):
    return Programme._base_manager.filter(started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today))


def monthly_contact_due(today: date) -> int:
    """On each programme's reminder day, remind cadres who have not contacted a paired household this month."""
    start, end = month_bounds(today)
    programmes = [p.pk for p in _live_programmes(today) if p.reminder_day == today.day]
    if not programmes:
        return 0
    pairs = active_pairs_in(start, end).filter(group__programme_id__in=programmes, household__isnull=False,
                                               paired_on__lte=today).select_related("cadre")
    contacted = set(Contact._base_manager.filter(pair__in=pairs, date__range=(start, end)).values_list(
        "pair_id", flat=True))
    due: dict[int, list[Pair]] = {}
    for pair in pairs:
        if pair.pk not in contacted:
            due.setdefault(pair.cadre_id, []).append(pair)
    sent = 0
    for pairs_due in due.values():
        cadre = pairs_due[0].cadre
        sent += notify([cadre], title=_("本月还有%(n)d户结对户尚未联系") % {"n": len(pairs_due)},
                       body=_("按要求每户每月至少联系一次，请在月底前走访或电话、微信联系。"),
                       url=reverse("pairing:my_pairs"), kind="reminder",
                       dedupe_key=f"pairing.contact_due.{today:%Y-%m}")
    return sent


def overdue_needs_flagged(today: date) -> int:
    """Open needs past their programme's time limit: tell whoever holds each one (once per need and state)."""
    sent = 0
    for need in overdue_needs(today):
        sent += notify(need_holders(need), title=_("有群众诉求超期未办结"),
                       body=_("%(cat)s诉求（%(date)s提出）仍在办理中，请尽快办理或说明情况。") % {
                           "cat": need.get_category_display(), "date": when(need.raised_on)},
                       url=reverse("pairing:need_detail", args=[need.pk]), kind="warning",
                       dedupe_key=f"pairing.need_overdue.{need.pk}.{need.state}")
    return sent


def festival_visits(today: date) -> int:
    """Before a traditional festival, remind the cadres of programmes under the place that set it to visit."""
    sent = 0
    for festival in Festival._base_manager.filter(date__gte=today, date__lte=today + timedelta(days=60)).select_related(
            "place"):
        if festival.date - timedelta(days=festival.remind_days_before) != today:
            continue
        pairs = Pair._base_manager.filter(unit__path__startswith=festival.place.path, household__isnull=False,
                                          ended_on__isnull=True).select_related("cadre")
        cadres = {p.cadre_id: p.cadre for p in pairs}
        sent += notify(cadres.values(), title=_("%(name)s将至，请走访看望结对户") % {"name": festival.name},
                       body=_("%(name)s（%(date)s）期间请走访看望结对户，互致节日问候。") % {
                           "name": festival.name, "date": when(festival.date)},
                       url=reverse("pairing:my_pairs"), kind="reminder",
                       dedupe_key=f"pairing.festival.{festival.pk}")
    return sent


REMINDERS = [monthly_contact_due, overdue_needs_flagged, festival_visits]
