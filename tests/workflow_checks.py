"""What a workflow step leaves behind, counted straight from the tables (for the engine's tests and the apps')."""

from django.contrib.contenttypes.models import ContentType

from tuanjie.core.models import ChangeLogEntry
from tuanjie.notifications.models import Notification


def change_log_updates(record) -> list[ChangeLogEntry]:
    """The change log's "update" entries about this record, oldest first."""
    return list(ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record), for_concrete_model=False),
        object_id=str(record.pk), action="update").order_by("id"))


def notifications_linking(record) -> list[Notification]:
    return list(Notification.objects.filter(url=record.get_absolute_url()).order_by("id"))
