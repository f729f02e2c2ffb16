"""The recycle bin (回收站): deleting a business record can be undone by an office of its place for
TUANJIE_RECYCLE_DAYS days; `tuanjie purge` (also run by `tuanjie remind`) removes what has expired, files included.

A deletion is Django's own: the `Collector` finds what cascades and what is unlinked (SET_NULL), the records go
with their change-log entries and their roll-up facts (the signals of core/changelog.py and analytics/facts.py see
every cascaded record). Before that, the whole graph is serialized into one `DeletedRecord` (django.core.serializers,
the records' own field values, ids included), with the unlinked rows and the names of the files, which stay on disk.
Restoring writes the rows back raw (same ids, same `created`/`updated`), re-links the rows that were unlinked and
still point nowhere, adds the records to the facts as `rebuild_facts` would count them, and logs every record
restored and every link put back.

Why a serialized graph rather than soft-delete flags: a flag would have to be added to every table and honoured by
every query (lists, restrict, countables, facts, exports, the public page, uniqueness), and one forgotten filter
shows deleted records; the graph needs one table, leaves every existing query as it is, and a purge is a row delete.

Deletion also writes what it changes elsewhere: each unlinked row gets an "update" entry in the change log (the
cascaded records get their "delete" entries from the signals). Records that other work rests on say so in a
`deletion_refusal()` method (an issued plan, a round with findings, an accepted item…): deleting them, or anything
whose deletion would take them along, is refused with the Chinese reason and what to do instead."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.core import changelog, changelog_display
from tuanjie.core.access import CHANGE, DELETE, may
from tuanjie.core.context import current_actor
from tuanjie.core.models import ChangeLoggedModel, DeletedRecord


# ----------------------------------------------------------------------------------------------------- delete
def _attachments_of(collector: Collector) -> list:
    """Attachments hang on their owner by a generic key, which the collector does not follow."""
    from tuanjie.attachments.models import Attachment

    found: list = []
    for model, instances in collector.data.items():
        if model is Attachment or model._meta.auto_created:
            continue
        found += Attachment.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                           object_id__in=[o.pk for o in instances])
    return found


def _blocked(obj, exc) -> str:
    others = list(getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or [])
    first = others[0] if others else None
    return _("“%(obj)s”还被%(n)d条记录使用（如%(kind)s“%(first)s”），不能删除；请先修改或删除这些记录") % {
        "obj": obj, "n": len(others), "first": first,
        "kind": first._meta.verbose_name if first is not None else ""}


def collect(obj) -> Collector:
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
        owned = _attachments_of(collector)
        if owned:
            collector.collect(owned)
    except (ProtectedError, RestrictedError) as exc:
        raise ValidationError(_blocked(obj, exc)) from exc
    return collector


def _instances(collector: Collector) -> list:
    found = [o for instances in collector.data.values() for o in instances]
    for qs in collector.fast_deletes:           # none while signals listen to every model; kept for safety
        found += list(qs)
    return found


def _refusal_among(instances) -> str | None:
    for instance in instances:
        check = getattr(instance, "deletion_refusal", None)
        message = check() if check else None
        if message:
            return str(message)
    return None


def preview(obj) -> tuple[str | None, str]:
    """(why `obj` may not be deleted or None, what its deletion would take along) for the confirmation page."""
    try:
        collector = collect(obj)
    except ValidationError as exc:
        return "；".join(exc.messages), ""
    instances = _instances(collector)
    return _refusal_among(instances), _summary(obj, instances, _unlinked(collector, {(type(o), o.pk) for o in instances}))


def _unlinked(collector: Collector, deleted: set) -> list[dict]:
    """The rows whose link to a deleted record is cleared (SET_NULL / SET_DEFAULT), with their old values."""
    unlinks: dict = {}
    for (field, value), batches in collector.field_updates.items():
        for batch in batches:
            for row in (list(batch) if isinstance(batch, models.QuerySet) else batch):
                model = type(row)
                if (model, row.pk) in deleted:
                    continue
                entry = unlinks.setdefault((model._meta.label, field.name), {
                    "model": model._meta.label, "field": field.name,
                    "value": value.pk if isinstance(value, models.Model) else value, "rows": {}})
                entry["rows"][str(row.pk)] = getattr(row, field.attname)
    return list(unlinks.values())


def _files(instances) -> list[list[str]]:
    files = []
    for obj in instances:
        for field in obj._meta.concrete_fields:
            if isinstance(field, models.FileField):
                name = getattr(obj, field.attname).name
                if name:
                    files.append([obj._meta.label, field.name, name])
    return files


def _summary(root, instances, unlinks) -> str:
    counts: dict = defaultdict(int)
    for obj in instances:
        if obj is not root and not obj._meta.auto_created:
            counts[str(obj._meta.verbose_name)] += 1
    parts = [_("%(kind)s%(n)d条") % {"kind": kind, "n": n} for kind, n in counts.items()]
    cut = defaultdict(int)
    for entry in unlinks:
        cut[str(apps.get_model(entry["model"])._meta.verbose_name)] += len(entry["rows"])
    text = "、".join(parts)
    if cut:
        text += ("；" if text else "") + _("解除关联：") + "、".join(
            _("%(kind)s%(n)d条") % {"kind": kind, "n": n} for kind, n in cut.items())
    return text[:500]


def _set_links(model, field, rows: dict, old, new) -> None:
    """Point the given rows' `field` from `old` to `new`, in the facts and the change log as well."""
    from tuanjie.analytics import facts

    pks = [model._meta.pk.to_python(pk) for pk in rows]
    qs = model._base_manager.filter(pk__in=pks)
    qs = qs.filter(**{f"{field.attname}__isnull": True}) if old is None else qs.filter(**{field.attname: old})
    objs = list(qs)
    if not objs:
        return
    ids = [o.pk for o in objs]
    counted = facts.countables_for(model)
    before = facts.contributions(model, ids) if counted else None
    model._base_manager.filter(pk__in=ids).update(**{field.attname: new})
    if facts.shown_with_figures(model):    # an update sends no signal: the dashboard's cached tiles must go
        facts.touch()
    if counted:
        facts.apply(before, facts.contributions(model, ids))
    if issubclass(model, ChangeLoggedModel):
        for obj in objs:
            changelog.write(obj, "update", {field.attname: getattr(obj, field.attname)}, {field.attname: new})


def _relink(entry: dict, *, restoring: bool) -> None:
    """Cut (on delete) or put back (on restore) one field's links, grouped by the record each row pointed to."""
    model = apps.get_model(entry["model"])
    field = model._meta.get_field(entry["field"])
    by_old: dict = defaultdict(dict)
    for pk, old in entry["rows"].items():
        by_old[old][pk] = old
    for old, group in by_old.items():
        if restoring:
            _set_links(model, field, group, entry["value"], old)
        else:
            _set_links(model, field, group, old, entry["value"])


@transaction.atomic
def record_delete(*, by, obj) -> DeletedRecord:
    """Delete `obj` and what goes with it into the recycle bin. The delete service of every business record."""
    model = type(obj)
    obj = model._base_manager.select_for_update().get(pk=obj.pk)
    if by is not None and not may(by, DELETE, model, obj.scope_place):
        raise PermissionDenied(_("您无权删除该记录"))
    collector = collect(obj)
    instances = _instances(collector)
    message = _refusal_among(instances)
    if message:
        raise ValidationError(message)
    collector.sort()
    # The collector orders records children first (the order to delete them); parents first is the order to
    # write them back.
    rows = []
    for objs in reversed(list(collector.data.values())):
        rows += serializers.serialize("python", sorted(objs, key=lambda o: o.pk))
    extra = [o for qs in collector.fast_deletes for o in qs]
    if extra:
        rows += serializers.serialize("python", extra)
    deleted = {(type(o), o.pk) for o in instances}
    unlinks = _unlinked(collector, deleted)
    actor = current_actor()
    user = by if getattr(by, "pk", None) else None
    place = obj.scope_place
    record = DeletedRecord.objects.create(
        deleted_by=user, request_id=actor.request_id,
        # Nobody signed in (a command, a job): named as the change log names it, 系统（命令）, not by the code.
        deleted_by_repr=str(user) if user else _("系统（%(source)s）") % {"source": changelog_display.source_label(
            actor.source)},
        content_type=ContentType.objects.get_for_model(model), object_id=str(obj.pk), object_repr=str(obj)[:200],
        place_path=place.path, summary=_summary(obj, instances, unlinks),
        rows=_plain(rows), unlinks=_plain(unlinks),
        files=_files(instances),
    )
    # Unlink first, logged and with the facts: the collector's own UPDATE would bypass both.
    for entry in unlinks:
        _relink(entry, restoring=False)
    collector.field_updates.clear()
    collector.delete()
    return record


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes to milliseconds; a restored record keeps its exact `created`/`updated`."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def _plain(value):
    return json.loads(json.dumps(value, cls=_ExactEncoder))


# ---------------------------------------------------------------------------------------------------- restore
@transaction.atomic
def record_restore(*, by, record: DeletedRecord):
    """Put back everything the deletion took: the records (same ids and values), their facts, the links it cut."""
    from tuanjie.analytics import facts

    found = (DeletedRecord.objects.restrict(by, CHANGE).select_for_update()
             .filter(pk=record.pk, restored_at__isnull=True).first())
    if found is None:
        raise ValidationError(_("这条记录已经恢复或已过期清除，或者您无权恢复它"))
    record = found
    restored: dict = defaultdict(list)
    using = router.db_for_write(DeletedRecord)
    try:
        with transaction.atomic(using=using):
            for item in serializers.deserialize("python", record.rows, ignorenonexistent=True):
                item.save(save_m2m=False, force_insert=True, using=using)
                restored[type(item.object)].append(item.object)
            # Foreign keys are checked at commit (deferred): check now, so a missing parent is a message, not a 500.
            connections[using].check_constraints(table_names=sorted({m._meta.db_table for m in restored}))
    except IntegrityError as exc:
        raise ValidationError(_("无法恢复“%(obj)s”：它所属的记录已不存在（可能也在回收站中，请先恢复那一条），"
                                "或删除后又新建了与它冲突的记录（如同一地区同一年度的方案）") % {
            "obj": record.object_repr}) from exc
    for model, objs in restored.items():
        if facts.countables_for(model):
            facts.records_added(model, [o.pk for o in objs])
        if issubclass(model, ChangeLoggedModel):
            for obj in objs:
                changelog.write(obj, "restore", None, changelog.snapshot(obj))
    for entry in record.unlinks:
        _relink(entry, restoring=True)
    record.restored_at = timezone.now()
    record.restored_by = by if getattr(by, "pk", None) else None
    record.save(update_fields=["restored_at", "restored_by"])
    root = record.content_type.model_class()
    return root._base_manager.get(pk=root._meta.pk.to_python(record.object_id))


# ------------------------------------------------------------------------------------------------------ purge
def bin_purge(*, now=None) -> int:
    """Remove the bin's records older than the period, and the files of those never restored. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.TUANJIE_RECYCLE_DAYS)
    purged = 0
    for pk in list(DeletedRecord.objects.filter(deleted_at__lt=cutoff).values_list("pk", flat=True)):
        with transaction.atomic():
            record = DeletedRecord.objects.select_for_update().filter(pk=pk).first()
            if record is None:
                continue
            if record.restored_at is None:
                files = list(record.files)
                transaction.on_commit(lambda files=files: _delete_files(files))
            record.delete()
            purged += 1
    return purged


def _delete_files(files) -> None:
    for label, field_name, name in files:
        model = apps.get_model(label)
        field = model._meta.get_field(field_name)
        if not model._base_manager.filter(**{field_name: name}).exists():   # restored and deleted again: in use
            field.storage.delete(name)
