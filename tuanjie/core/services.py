"""Writes of the platform itself (the records of the business live in their apps' services)."""

from django.db import IntegrityError, transaction

from tuanjie.core.models import GuideDismissal


def guide_dismiss(*, by, guide: str) -> GuideDismissal:
    """Remember that `by` closed `guide`. Closing it again (a second tab, a retried request) changes nothing."""
    try:
        with transaction.atomic():
            return GuideDismissal.objects.get_or_create(user=by, guide=guide)[0]
    except IntegrityError:   # the same dismissal committed by a concurrent request between get and create
        return GuideDismissal.objects.get(user=by, guide=guide)
