"""Daily reminders (run by `tuanjie remind`): re-inspections (复检复验) and rectification re-checks falling due,
to the office that re-inspects and to the unit. Each goes once per title and due date (dedupe keys)."""

from datetime import date

from django.utils.translation import gettext as _

from tuanjie.core.roles import Role
from tuanjie.titles.selectors import titles_due
from tuanjie.titles.services import reinspector_office

DAYS_BEFORE = 30


def reinspections_due(today: date) -> int:
    from tuanjie.notifications.services import notify
    from tuanjie.people.selectors import people_with_role

    sent = 0
    for title in titles_due(today, DAYS_BEFORE):
        due = title.next_inspection_due
        rectifying = title.status == title.Status.RECTIFYING
        what = _("整改期满复验") if rectifying else _("复检复验")
        overdue = due < today
        subject = (_("%(what)s已逾期：%(title)s") if overdue else _("%(what)s临近：%(title)s")) % {
            "what": what, "title": title}
        body = _("%(title)s应于%(day)s前完成%(what)s。") % {"title": title, "day": due.isoformat(), "what": what}
        recipients = list(people_with_role(Role.UNIT, title.place, upward=False))
        office = reinspector_office(title)
        if office is not None:
            recipients += people_with_role(Role.OFFICE, office, upward=False)
        sent += notify(recipients, title=subject, body=body, url=title.get_absolute_url(),
                       kind="overdue" if overdue else "deadline",
                       dedupe_key=f"titles:reinspect:{title.pk}:{due.isoformat()}:{'overdue' if overdue else 'near'}")
    return sent


REMINDERS = [reinspections_due]
