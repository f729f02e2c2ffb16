"""Writes the change log. Audit is the one cross-cutting concern that rides on signals: it must catch every
save and delete, whether it comes from a page, the API, an import, a command or a background job."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from tuanjie.core.context import current_actor


def snapshot(instance) -> dict:
    return snapshots([instance])[0]


def snapshots(instances) -> list[dict]:
    """{attname: value} of each instance's logged fields."""
    # Round-trip through JSON so dates, decimals and files are stored as plain values.
    return json.loads(_encoded(_values(instances)))


def _values(instances) -> list[dict]:
    fields_of: dict = {}
    data = []
    for instance in instances:
        model = type(instance)
        fields = fields_of.get(model)
        if fields is None:
            fields = fields_of[model] = [f for f in model._meta.concrete_fields
                                         if f.name not in instance.changelog_exclude]
        data.append({field.attname: field.value_from_object(instance) for field in fields})
    return data


def _encoded(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, default=str)


def _is_logged(sender) -> bool:
    from tuanjie.core.models import ChangeLoggedModel

    return isinstance(sender, type) and issubclass(sender, ChangeLoggedModel)


def write(instance, action: str, before: dict | None, after: dict | None) -> None:
    from django.contrib.contenttypes.models import ContentType

    from tuanjie.core.models import ChangeLogEntry

    actor = current_actor()
    user = actor.user if getattr(actor.user, "pk", None) else None
    ChangeLogEntry.objects.create(
        user=user,
        user_repr=str(user) if user else actor.source,
        source=actor.source,
        request_id=actor.request_id,
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance), for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        place_path=instance.changelog_place_path(),
        before=before,
        after=after,
    )


def log_bulk_created(objs) -> None:
    """The "create" entries that saving each of these new records one by one would have written: bulk inserts
    send no post_save, so whoever inserts in bulk calls this in the same transaction."""
    from django.contrib.contenttypes.models import ContentType

    from tuanjie.core.bulk import JsonText, insert_values
    from tuanjie.core.models import ChangeLogEntry

    objs = [obj for obj in objs if _is_logged(type(obj))]
    if not objs:
        return
    from tuanjie.archives.closing import refuse_closed

    refuse_closed(objs)    # bulk inserts send no pre_save either: a closed year refuses them here (raises, rolls back)
    actor = current_actor()
    user = actor.user if getattr(actor.user, "pk", None) else None
    common = {"user_id": user.pk if user else None, "user_repr": str(user) if user else actor.source,
              "source": actor.source, "request_id": actor.request_id, "action": "create", "before": None}
    content_types = {model: ContentType.objects.get_for_model(model, for_concrete_model=False).pk
                     for model in {type(obj) for obj in objs}}
    insert_values(ChangeLogEntry, [
        {"content_type_id": content_types[type(obj)], "object_id": str(obj.pk), "object_repr": str(obj)[:200],
         "place_path": obj.changelog_place_path(), "after": after, **common}
        # Encoded once, straight into the JSON column (snapshots() would encode, decode and encode again).
        for obj, after in zip(objs, (JsonText(_encoded(values)) for values in _values(objs)), strict=True)
    ])


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or not _is_logged(sender):
        return
    instance._changelog_before = None
    if instance.pk is not None and not instance._state.adding:
        old = sender._base_manager.filter(pk=instance.pk).first()
        instance._changelog_before = snapshot(old) if old is not None else None


def _post_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _is_logged(sender):
        return
    before = getattr(instance, "_changelog_before", None)
    after = snapshot(instance)
    if not created and before == after:
        return
    write(instance, "create" if created else "update", None if created else before, after)


def _post_delete(sender, instance, **kwargs):
    if not _is_logged(sender):
        return
    write(instance, "delete", snapshot(instance), None)


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if reverse or action not in {"post_add", "post_remove", "post_clear"} or not _is_logged(type(instance)):
        return
    field = next((f for f in instance._meta.many_to_many if f.remote_field.through is sender), None)
    if field is None:
        return
    current = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    write(instance, "update", {field.name: "…"}, {field.name: current})


def connect() -> None:
    pre_save.connect(_pre_save, dispatch_uid="tuanjie_changelog_pre_save")
    post_save.connect(_post_save, dispatch_uid="tuanjie_changelog_post_save")
    post_delete.connect(_post_delete, dispatch_uid="tuanjie_changelog_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="tuanjie_changelog_m2m")
