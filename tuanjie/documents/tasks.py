"""Background tasks (django-tasks). Run a worker with `tuanjie worker` when the database backend is set."""
from django_tasks import task

from tuanjie.core.context import acting_as


@task()
def generate_document(document_id: int) -> str:
    from tuanjie.documents.models import GeneratedDocument
    from tuanjie.documents.services import document_run

    requested_by = GeneratedDocument.objects.filter(pk=document_id).values_list("requested_by", flat=True).first()
    user = None
    if requested_by:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(pk=requested_by).first()
    with acting_as(user, source="task"):
        return document_run(document_id=document_id).status
