"""Daily reminders (run by `tuanjie remind`): re-inspections (复检复验) and rectification re-checks falling due,
to the office that re-inspects and to the unit. Each goes once per title and due date (dedupe keys)."""

from datetime import date

from django.utils.translation import gettext as _

from tuanjie.core.roles import Role
from tuanjie.titles.selectors import titles_due
from tuanjie.titles.services import reinspector_office, subject_people

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
        recipients = list(subject_people(title.place))
        office = reinspector_office(title)
        if office is not None:
            recipients += people_with_role(Role.OFFICE, office, upward=False)
        sent += notify(recipients, title=subject, body=body, url=title.get_absolute_url(),
                       kind="overdue" if overdue else "deadline",
                       dedupe_key=f"titles:reinspect:{title.pk}:{due.isoformat()}:{'overdue' if overdue else 'near'}")
    return sent


WINDOW_DAYS_BEFORE = 7


def call_windows_closing(today: date) -> int:
    """Before a call's window closes, those who still have its step to take: for the declaration, the people of
    each subject whose application under the call is a draft or returned; for a step, the office of each
    application waiting at it."""
    from django.db.models import Q

    from tuanjie.notifications.services import notify
    from tuanjie.people.selectors import people_with_role
    from tuanjie.titles.models import TitleApplication
    from tuanjie.titles.selectors import windows_closing
    from tuanjie.titles.services import current_office, subject_people

    sent = 0
    S = TitleApplication.Status
    for window in windows_closing(today, WINDOW_DAYS_BEFORE):
        call = window.call
        pending = TitleApplication.objects.filter(
            Q(place__path__startswith=call.place.path), title_level=call.title_level, year=call.year)
        if window.step_id is None:
            pending = pending.filter(status__in=[S.DRAFT, S.RETURNED])
        else:
            pending = pending.filter(status=S.IN_REVIEW, current_step=window.step)
        subject = _("“%(step)s”将于%(day)s截止：%(call)s") % {
            "step": window.label, "day": window.last_day.isoformat(), "call": call}
        for application in pending.select_related("place", "title_level", "current_step"):
            if window.step_id is None:
                recipients = subject_people(application.place)
            else:
                office = current_office(application)
                recipients = people_with_role(Role.OFFICE, office, upward=False) if office else []
            body = _("%(app)s：请于%(day)s前办理“%(step)s”，逾期将不能办理。") % {
                "app": application, "day": window.last_day.isoformat(), "step": window.label}
            sent += notify(recipients, title=subject, body=body, url=application.get_absolute_url(),
                           kind="deadline",
                           dedupe_key=f"titles:window:{window.pk}:{window.last_day.isoformat()}:{application.pk}")
    return sent


REMINDERS = [reinspections_due, call_windows_closing]
