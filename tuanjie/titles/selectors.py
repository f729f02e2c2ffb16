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
