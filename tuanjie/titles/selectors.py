"""Reads shared by the pages, the API and the reminders."""

from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from tuanjie.titles.models import ApplicationEvent, DemonstrationTitle, TitleApplication, TitleQuota, TitleStep
from tuanjie.titles.services import chain_for, quota_used


def application_chain(application: TitleApplication) -> list[dict]:
    """The effective chain with each step's office and whether it is done, current or to come."""
    rows, reached = [], application.status == TitleApplication.Status.NAMED
    current = application.current_step_id
    passed = set(application.events.filter(action="pass").values_list("step_id", flat=True))
    for step, office in chain_for(application):
        if step.pk == current:
            state = "current"
        elif step.pk in passed and (reached or current is not None):
            state = "done"
        else:
            state = "todo"
        rows.append({"step": step, "office": office, "state": state})
    return rows


def quotas_with_use(queryset):
    """Quotas annotated (in Python; a page holds few) with how many were used."""
    quotas = list(queryset.select_related("place", "title_level"))
    for quota in quotas:
        quota.used = quota_used(quota.place, quota.title_level, quota.year)
        quota.remaining = max(quota.limit - quota.used, 0)
    return quotas


def with_quota_use(queryset):
    """Quotas annotated with `used_count`: services.quota_used in one subquery, so a list of quotas runs the same
    queries for one row as for thirty."""
    used = (ApplicationEvent.objects
            .filter(action="pass", office=OuterRef("place"), step__kind=TitleStep.Kind.RECOMMEND,
                    application__title_level=OuterRef("title_level"), application__year=OuterRef("year"))
            .order_by().values("office").annotate(n=Count("application", distinct=True)).values("n"))
    return queryset.annotate(used_count=Coalesce(Subquery(used, output_field=IntegerField()), 0))


def titles_due(today: date, within_days: int = 30):
    """Titles whose re-inspection (or re-check after rectification) falls due within the window, overdue included."""
    return (DemonstrationTitle.objects.exclude(status=DemonstrationTitle.Status.REVOKED)
            .filter(next_inspection_due__lte=today + timedelta(days=within_days))
            .select_related("place", "title_level", "title_level__reinspector_level"))


def quota_for(office, title_level, year):
    return TitleQuota.objects.filter(place=office, title_level=title_level, year=year).first()


def subjects_for(user):
    """The places `user` may apply for (services.may_apply_for as a queryset): the units in the person's unit
    reach and the areas where the person is the area's own office or liaison."""
    from django.db.models import Q

    from tuanjie.core.access import assignments_of, reach
    from tuanjie.core.roles import Role
    from tuanjie.places.models import Place
    from tuanjie.titles.services import AREA_APPLICANT_ROLES

    if user.is_superuser:
        return Place.objects.all()
    q = Q(pk__in=[])
    for path in reach(user, {Role.UNIT}):
        q |= Q(path__startswith=path, kind=Place.Kind.UNIT)
    areas = sorted({path for role, path in assignments_of(user) if role in AREA_APPLICANT_ROLES})
    if areas:
        q |= Q(path__in=areas, kind=Place.Kind.AREA)
    return Place.objects.filter(q)


def titles_held(today: date):
    """What the public honours page lists: titles named and still valid, not revoked (one in rectification is
    still held until a re-check revokes it)."""
    return (DemonstrationTitle.objects.exclude(status=DemonstrationTitle.Status.REVOKED)
            .filter(valid_until__gte=today).select_related("place", "title_level", "named_by")
            .order_by("-title_level__order", "-named_on", "place__path"))


def titles_revoked(today: date, within_days: int = 365):
    """Titles revoked in the last year, with the revocation's date (they leave the list of titles held)."""
    return (DemonstrationTitle.objects.filter(status=DemonstrationTitle.Status.REVOKED,
                                              revoked_on__gte=today - timedelta(days=within_days))
            .select_related("place", "title_level", "named_by").order_by("-revoked_on", "-id"))


def windows_closing(today: date, within_days: int):
    """Call windows whose last day falls within the coming days (today included)."""
    from tuanjie.titles.models import CallWindow

    windows = (CallWindow.objects.filter(opens_on__lte=today)
               .select_related("call__place", "call__title_level", "step", "step__office_level"))
    return [w for w in windows if today <= w.last_day <= today + timedelta(days=within_days)]
