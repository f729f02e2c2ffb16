"""Optimistic locking: two people editing one record cannot silently overwrite each other.

No version column: the version of a record is its saved values. An edit page carries, in a signed hidden field, the
values of its own fields as they were when the page was opened; the save re-reads the row under a lock
(`select_for_update`; SQLite's IMMEDIATE transactions hold the write lock already) at the top of the save's
transaction and refuses when someone else changed a field since and the submitted value would undo it. Fields the
page does not show never conflict (the save does not write them), so a workflow step taken meanwhile does not block
an edit of the text. The refusal lists each such field — your input against what is saved now, and who saved it —
and the page comes back with a fresh token, so saving again re-applies your values on purpose.

The API uses the same idea with an ETag: a hash of the record's saved values, sent on every detail GET and honoured
in `If-Match` on PUT and PATCH (412 with a Chinese message when it no longer matches). A missing `If-Match` is
allowed unless TUANJIE_API_REQUIRE_IF_MATCH is set (then 428): scripts written before the ETag keep working, and a
PATCH of one field, the usual script write, only overwrites what it names.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException

from tuanjie.core.dates import when

FIELD = "_version"
_SALT = "tuanjie.versioning"
_IGNORED = frozenset({"updated"})        # auto_now moves on every save, even one that changes nothing


class EditConflict(ValidationError):
    """Someone else saved the record after this page was opened; `messages` say what differs."""


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "该记录在您读取后已被他人修改，请重新读取（GET）取得最新内容和 ETag 后再提交"
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = "修改前请先读取该记录，并在 If-Match 请求头中带上读取时得到的 ETag"
    default_code = "precondition_required"


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = value.astimezone(datetime.UTC)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, default=str))


def _model_fields(model, names) -> dict:
    fields = {f.name: f for f in [*model._meta.concrete_fields, *model._meta.many_to_many]}
    return {name: fields[name] for name in names if name in fields and name not in _IGNORED}


def saved_values(obj, names=None) -> dict:
    """{field name: plain value} of the record as saved (foreign keys as ids, many-to-many as sorted ids)."""
    model = type(obj)
    fields = _model_fields(model, names if names is not None else
                           [f.name for f in [*model._meta.concrete_fields, *model._meta.many_to_many]])
    return {name: _plain(field.value_from_object(obj)) for name, field in fields.items()}


def etag(obj) -> str:
    digest = hashlib.sha256(json.dumps(saved_values(obj), sort_keys=True).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _locked(obj):
    return type(obj)._base_manager.select_for_update().get(pk=obj.pk)


# ------------------------------------------------------------------------------------------------------ pages
def add_token(form, obj) -> None:
    """Give an edit form its hidden version field, holding the values of its own fields as saved now."""
    if obj is None or obj.pk is None:
        return
    names = list(_model_fields(type(obj), form.fields))
    form.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False,
                                         initial=_token(obj, names))
    _keep_out_of_cleaned_data(form)


def _keep_out_of_cleaned_data(form) -> None:
    """Views hand `cleaned_data` to services as keyword arguments: the token is not one of them."""
    original = form.clean

    def clean():
        data = original()
        (form.cleaned_data if data is None else data).pop(FIELD, None)
        return data

    form.clean = clean


def _token(obj, names) -> str:
    return signing.dumps({"m": obj._meta.label, "pk": obj.pk, "v": saved_values(obj, names)}, salt=_SALT,
                         compress=True)


def check_form(form, obj) -> None:
    """Call at the top of the save's transaction. Raises EditConflict listing what the other person changed."""
    raw = form.data.get(FIELD) if obj is not None and obj.pk is not None else None
    if not raw:
        return        # a form opened before this check existed, or a client that never loaded the page
    current = _locked(obj)
    try:
        token = signing.loads(raw, salt=_SALT)
    except signing.BadSignature:
        token = None
    if not token or token.get("m") != obj._meta.label or token.get("pk") != obj.pk:
        _refresh(form, current)
        raise EditConflict(_("页面已失效，请核对下面的内容后重新保存"))
    opened = token["v"]
    now = saved_values(current, opened)
    fields = _model_fields(type(obj), opened)
    conflicts = []
    for name, field in fields.items():
        if opened[name] == now[name] or name not in form.cleaned_data:
            continue
        yours = form.cleaned_data[name]
        if _plain(yours) != now[name]:
            conflicts.append((field, yours, getattr(current, name) if not field.many_to_many
                              else list(getattr(current, name).all())))
    if not conflicts:
        return
    _refresh(form, current)
    raise EditConflict([_conflict_head(current)] + [
        _("“%(field)s”：现已保存为“%(theirs)s”，您填写的是“%(yours)s”") % {
            "field": field.verbose_name, "theirs": _shown(field, theirs), "yours": _shown(field, yours)}
        for field, yours, theirs in conflicts
    ] + [_("请核对：保留对方的内容请改回上面的值；再次点击“保存”将以您填写的内容为准。")])


def _refresh(form, current) -> None:
    """The next save of this page is measured against what is saved now: saving again re-applies on purpose."""
    data = form.data.copy()
    data[FIELD] = _token(current, list(_model_fields(type(current), form.fields)))
    form.data = data
    if FIELD not in form.fields:
        form.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)


def _conflict_head(current) -> str:
    from django.contrib.contenttypes.models import ContentType

    from tuanjie.core import changelog_display
    from tuanjie.core.models import ChangeLogEntry

    last = (ChangeLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(current)),
                                          object_id=str(current.pk)).order_by("-time", "-id").first())
    if last is None:
        return _("您打开页面后，这条记录已被他人修改，您的内容没有保存。以下内容与对方保存的不同：")
    return _("您打开页面后，%(who)s于%(when)s修改了这条记录，您的内容没有保存。以下内容与对方保存的不同：") % {
        "who": changelog_display.person(last), "when": when(last.time)}


def _shown(field, value) -> str:
    if value in (None, "") or value == []:
        return _("（空）")
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return "、".join(str(v) for v in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.date):
        return when(value)
    return str(value)


# -------------------------------------------------------------------------------------------------------- API
def check_if_match(request, obj) -> None:
    """Call inside the update's transaction, before the write."""
    wanted = request.headers.get("If-Match")
    if not wanted:
        if getattr(settings, "TUANJIE_API_REQUIRE_IF_MATCH", False):
            raise PreconditionRequired()
        return
    current = etag(_locked(obj))
    offered = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    if "*" not in offered and current not in offered:
        raise PreconditionFailed()
