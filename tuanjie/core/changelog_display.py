"""The change log as an office reads it: Chinese field names and choice labels, related records by their names,
values as the pages write them, local time to the second, the source in Chinese, and a link to the record (or
to its recycle-bin entry once deleted). The list page, the entry page, the Excel export and the history on a
record page all read entries through `describe()`, so the log is rendered in one place.

`describe()` works on a batch (a page, an export chunk) with a fixed number of queries per kind of record in the
batch: related records are named from the log itself (the latest `object_repr` of each), which needs no joins
whatever a model's `__str__` reads."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from tuanjie.core.dates import when

SOURCES = {
    "web": "网页", "api": "接口", "import": "导入", "command": "命令", "task": "后台任务", "demo": "演示数据",
    "system": "系统", "test": "测试",
}
EMPTY = "空"


def source_label(code: str) -> str:
    return SOURCES.get(code, code)


def person(entry) -> str:
    """Who made a change. Without a signed-in person the log stores the source as the actor ("command"): nobody
    acted, the system did."""
    return entry.user_repr if entry.user_repr and entry.user_repr != entry.source else _("系统")


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.label}：{self.before} → {self.after}"


@dataclass
class Shown:
    time: str
    person: str
    source: str
    action: str
    kind: str
    record: str
    record_url: str = ""
    record_gone: bool = False            # deleted since; record_url then points to the recycle bin, if anywhere
    changes: list[Change] = field(default_factory=list)     # every field of a creation or deletion, else the edits
    values: list[tuple[str, str]] = field(default_factory=list)   # a creation's or deletion's values

    @property
    def summary(self) -> str:
        if self.changes:
            return "；".join(str(c) for c in self.changes)
        return "；".join(f"{label}：{value}" for label, value in self.values if value != EMPTY)


def kind_label(content_type) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name) if model else content_type.model


def _fields_by_key(model) -> dict:
    """{key in before/after: field}: concrete fields by attname (pair_id), many-to-many by name."""
    keys = {f.attname: f for f in model._meta.concrete_fields}
    keys.update({f.name: f for f in model._meta.many_to_many})
    return keys


class _Names:
    """Names of related records, fetched for the whole batch at once: {(model, pk): name}, and which still exist."""

    def __init__(self):
        self.wanted: dict[type, set[str]] = defaultdict(set)
        self.names: dict[tuple[type, str], str] = {}
        self.alive: set[tuple[type, str]] = set()

    def want(self, model, pks) -> None:
        self.wanted[model].update(str(pk) for pk in pks if pk not in (None, ""))

    def fetch(self) -> None:
        from tuanjie.core.models import ChangeLogEntry, ChangeLoggedModel

        for model, pks in self.wanted.items():
            if not pks:
                continue
            concrete = model._meta.concrete_model
            if issubclass(concrete, ChangeLoggedModel):
                ids = {str(pk) for pk in concrete._base_manager.filter(pk__in=pks).values_list("pk", flat=True)}
                # By the content type's natural key, not get_for_model(): its per-process cache would make the
                # first page view cost more queries than the next.
                latest = (ChangeLogEntry.objects.filter(content_type__app_label=model._meta.app_label,
                                                        content_type__model=model._meta.model_name, object_id__in=pks)
                          .order_by("object_id", "-id").values_list("object_id", "object_repr"))
                for object_id, name in latest:
                    self.names.setdefault((model, object_id), name)
            else:   # reference data outside the log (content types, reference tables): named by the row itself
                rows = {str(obj.pk): str(obj) for obj in concrete._base_manager.filter(pk__in=pks)}
                ids = set(rows)
                self.names.update({(model, pk): name for pk, name in rows.items()})
            self.alive.update((model, pk) for pk in ids)

    def name(self, model, pk) -> str:
        key = (model, str(pk))
        known = self.names.get(key)
        if key in self.alive:
            return known or _("编号%(pk)s") % {"pk": pk}
        return _("%(name)s（已删除）") % {"name": known or _("编号%(pk)s") % {"pk": pk}}


def _value(field_, value, names: _Names) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if field_ is None:
        return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
    if isinstance(field_, models.ManyToManyField):
        if not isinstance(value, list):     # the m2m signal logs "…" for the set before
            return str(value)
        return "、".join(names.name(field_.related_model, pk) for pk in value)
    if field_.is_relation:
        return names.name(field_.related_model, value)
    if field_.choices:
        return str(dict(field_.flatchoices).get(value, value))
    if isinstance(field_, models.BooleanField):
        return _("是") if value else _("否")
    if isinstance(field_, models.DateTimeField):
        moment = parse_datetime(value) if isinstance(value, str) else value
        return when(moment) if moment else str(value)
    if isinstance(field_, models.DateField):
        day = parse_date(value) if isinstance(value, str) else value
        return when(day) if day else str(value)
    if isinstance(field_, models.DecimalField):
        try:
            return str(Decimal(str(value)).quantize(Decimal(1).scaleb(-field_.decimal_places)))
        except InvalidOperation:   # not a number (an old entry's text): shown as it was stored
            return str(value)
    if isinstance(field_, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(field_, models.TextField):
        # rich text (information bodies) is stored as sanitised HTML; the log shows its words, as a reader sees them
        return " ".join(strip_tags(str(value)).split()) or EMPTY
    return str(value)


def _label(field_, key: str) -> str:
    return str(field_.verbose_name) if field_ is not None else key


def _record_links(entries) -> dict[tuple[int, str], tuple[str, bool]]:
    """{(content_type_id, object_id): (url, gone)} for the batch: the record's page while it exists, else its
    recycle-bin entry (if it was binned and not purged), else no link."""
    from tuanjie.core.models import DeletedRecord

    by_type: dict[int, set[str]] = defaultdict(set)
    types = {}
    for entry in entries:
        by_type[entry.content_type_id].add(entry.object_id)
        types[entry.content_type_id] = entry.content_type
    links: dict[tuple[int, str], tuple[str, bool]] = {}
    missing: dict[int, set[str]] = {}
    for type_id, ids in by_type.items():
        model = types[type_id].model_class()
        found = {}
        if model is not None and hasattr(model, "get_absolute_url"):
            found = {str(obj.pk): obj for obj in model._base_manager.filter(pk__in=ids)}
        for object_id, obj in found.items():
            links[(type_id, object_id)] = (obj.get_absolute_url(), False)
        missing[type_id] = ids - set(found)
    if any(missing.values()):
        q = models.Q()
        for type_id, ids in missing.items():
            if ids:
                q |= models.Q(content_type_id=type_id, object_id__in=ids)
        for record in DeletedRecord.objects.filter(q, restored_at__isnull=True).order_by("deleted_at"):
            links[(record.content_type_id, record.object_id)] = (record.get_absolute_url(), True)
    for type_id, ids in missing.items():
        for object_id in ids:
            links.setdefault((type_id, object_id), ("", True))
    return links


def describe(entries, *, with_values: bool = True) -> list:
    """Sets `entry.shown` (a Shown) on each entry of the batch and returns the entries. Entries need their
    content_type loaded (select_related) to keep the count flat."""
    entries = list(entries)
    names = _Names()
    plans = []
    for entry in entries:
        model = entry.content_type.model_class()
        fields = _fields_by_key(model) if model is not None else {}
        if entry.action == "update":
            keys = [k for k, _b, _a in entry.changed_fields()]
        else:
            keys = list((entry.before or entry.after or {}).keys()) if with_values else []
            keys = [k for k in keys if not (fields.get(k) is not None and fields[k].primary_key)]
        for key in keys:
            f = fields.get(key)
            if f is not None and f.is_relation:
                for side in (entry.before or {}, entry.after or {}):
                    value = side.get(key)
                    if f.many_to_many:       # a list of pks, or "…" for the set before the change
                        names.want(f.related_model, value if isinstance(value, list) else [])
                    else:
                        names.want(f.related_model, [value])
        plans.append((entry, fields, keys))
    names.fetch()
    links = _record_links(entries)
    for entry, fields, keys in plans:
        url, gone = links.get((entry.content_type_id, entry.object_id), ("", True))
        shown = Shown(
            time=when(entry.time, seconds=True),
            person=person(entry),
            source=source_label(entry.source),
            action=entry.get_action_display(),
            kind=kind_label(entry.content_type),
            record=entry.object_repr,
            record_url=url,
            record_gone=gone,
        )
        before, after = entry.before or {}, entry.after or {}
        if entry.action == "update":
            shown.changes = [Change(_label(fields.get(k), k), _value(fields.get(k), before.get(k), names),
                                    _value(fields.get(k), after.get(k), names)) for k in keys]
        else:
            values = after or before
            shown.values = [(_label(fields.get(k), k), _value(fields.get(k), values.get(k), names)) for k in keys]
        entry.shown = shown
    return entries


def record_history(user, obj, limit: int = 20):
    """The latest entries about `obj` the person may read (offices), described; [] for everyone else."""
    from tuanjie.core.models import ChangeLogEntry

    content_type = ContentType.objects.get_for_model(type(obj), for_concrete_model=False)
    entries = (ChangeLogEntry.objects.restrict(user).filter(content_type=content_type, object_id=str(obj.pk))
               .select_related("content_type")[:limit])
    return describe(entries, with_values=False)


def day_range(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day as an aware [start, end) range, so a date filter uses the time index."""
    from django.utils import timezone

    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)
