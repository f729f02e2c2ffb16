"""Background tasks (django-tasks): building a year's archive package."""
from django_tasks import task

from tuanjie.core.context import acting_as


@task()
def build_package(package_id: int) -> str:
    from django.contrib.auth import get_user_model

    from tuanjie.archives.models import ArchivePackage
    from tuanjie.archives.services import package_run

    requested_by = ArchivePackage.objects.filter(pk=package_id).values_list("requested_by", flat=True).first()
    user = get_user_model().objects.filter(pk=requested_by).first() if requested_by else None
    with acting_as(user, source="task"):
        return package_run(package_id=package_id).status
