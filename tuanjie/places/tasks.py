"""Background tasks of the place tree (django-tasks; `tuanjie worker` runs them)."""
from django_tasks import task

from tuanjie.core.context import acting_as


@task()
def sync_divisions(sync_id: int) -> str:
    from tuanjie.places.models import DivisionSync
    from tuanjie.places.services import division_sync_run

    sync = DivisionSync.objects.select_related("requested_by").get(pk=sync_id)
    with acting_as(sync.requested_by, source="task"):
        return division_sync_run(sync_id=sync_id).status
