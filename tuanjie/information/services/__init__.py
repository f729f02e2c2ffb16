"""Writes for information items: writing and revising (here) and the review workflow (workflow.py)."""

from __future__ import annotations

import re

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.html import escape
from django.utils.translation import gettext as _

from tuanjie.core.access import assignments_of
from tuanjie.core.models import DeletedRecord
from tuanjie.core.roles import Role
from tuanjie.core.upward import refuse_household_details
from tuanjie.information.models import InformationItem, Publication
from tuanjie.information.services.workflow import (  # noqa: F401  (the workflow's public steps)
    TRANSITIONS,
    allowed_actions,
    check,
    item_accept,
    item_decline,
    item_forward,
    item_publish,
    item_return,
    item_submit,
    late_step,
    may_withdraw,
    publication_withdraw,
)
from tuanjie.places.models import Place

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitize_body(text: str) -> str:
    """Rich text → safe HTML. Plain text (typed on a phone) becomes paragraphs."""
    text = (text or "").strip()
    if not re.search(r"<[a-zA-Z/][^>]*>", text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\r?\n", text) if p.strip()]
        text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener noreferrer")


def writable_places(user):
    """Places this user writes information for: units where they are unit staff (and units below), and the
    area where they sit as office (its own news)."""
    from tuanjie.core.access import path_q

    if user.is_superuser:
        return Place.objects.all()  # house-rules: allow objects-all — a system administrator writes for any place
    held = list(assignments_of(user))
    return Place.objects.filter(path_q("path", [path for role, path in held if role == Role.UNIT])
                                | Q(path__in=[path for role, path in held if role == Role.OFFICE]))


def _clean_fields(title: str, body: str) -> tuple[str, str]:
    title = (title or "").strip()
    body = sanitize_body(body)
    errors = {}
    if not title:
        errors["title"] = _("请填写标题")
    elif len(title) > 200:
        errors["title"] = _("标题不能超过200字")
    if not re.sub(r"<[^>]+>|\s", "", body):
        errors["body"] = _("请填写正文")
    if errors:
        raise ValidationError(errors)
    return title, body


def _attach(item, files, user) -> None:
    if not files:
        return
    from tuanjie.attachments.services import attach_files

    attach_files(owner=item, files=files, by=user)


@transaction.atomic
def item_create(*, by, place: Place, title: str, body: str, kind: str = InformationItem.Kind.NEWS,
                files=()) -> InformationItem:
    if not writable_places(by).filter(pk=place.pk).exists():
        raise PermissionDenied(_("您只能为本单位撰写信息（“%(place)s”不在您的范围内）") % {"place": place})
    if kind not in InformationItem.Kind.values:
        raise ValidationError({"kind": _("请选择信息类别")})
    title, body = _clean_fields(title, body)
    refuse_household_details(place=place, labels={"title": _("标题"), "body": _("正文")}, title=title, body=body)
    item = InformationItem.objects.create(place=place, title=title, body=body, kind=kind, author=by)
    _attach(item, files, by)
    return item


@transaction.atomic
def item_update(*, item: InformationItem, by, title: str, body: str, kind: str | None = None,
                files=()) -> InformationItem:
    item = InformationItem.objects.select_for_update(of=("self",)).select_related("place").get(pk=item.pk)
    check(by, item, "edit")
    item.title, item.body = _clean_fields(title, body)
    refuse_household_details(place=item.place, labels={"title": _("标题"), "body": _("正文")}, title=item.title,
                             body=item.body)
    if kind:
        item.kind = kind
    item.save()
    _attach(item, files, by)
    return item


@transaction.atomic
def item_delete(*, item: InformationItem, by) -> DeletedRecord:
    item = InformationItem.objects.select_for_update(of=("self",)).select_related("place").get(pk=item.pk)
    check(by, item, "delete")
    from tuanjie.core import recyclebin

    return recyclebin.record_delete(by=by, obj=item)     # photos go along, kept until the bin is purged


def _declared_dates(written_on, accepted_on, published_on, channels) -> list[str]:
    """The dates a late entry declares: none in the future, in the order the work happened."""
    from django.utils import timezone

    today, errors = timezone.localdate(), {}
    if written_on is None:
        errors["written_on"] = _("请填写成稿日期")
    if accepted_on is None:
        errors["declared_accepted_on"] = _("请填写被采用的日期")
    for name, day in (("written_on", written_on), ("declared_accepted_on", accepted_on),
                      ("declared_published_on", published_on)):
        if day is not None and day > today:
            errors[name] = _("补录的日期不能晚于今天（%(today)s）") % {"today": f"{today.year}年{today.month}月{today.day}日"}
    if not errors and accepted_on < written_on:
        errors["declared_accepted_on"] = _("采用日期不能早于成稿日期")
    if not errors and published_on is not None and published_on < accepted_on:
        errors["declared_published_on"] = _("发布日期不能早于采用日期")
    channels = list(dict.fromkeys(c for c in channels or () if c))
    if published_on is not None and not channels:
        errors["declared_channels"] = _("填写了发布日期时，请选择当时发布的渠道")
    elif channels and published_on is None:
        errors["declared_published_on"] = _("选择了发布渠道时，请填写发布日期")
    elif any(c not in Publication.Channel.values for c in channels):
        errors["declared_channels"] = _("请选择列出的发布渠道")
    if errors:
        raise ValidationError(errors)
    return channels


@transaction.atomic
def item_enter_late(*, by, place: Place, title: str, body: str, written_on, declared_accepted_on,
                    declared_published_on=None, declared_channels=(), kind: str = InformationItem.Kind.NEWS,
                    files=()) -> InformationItem:
    """补录: a unit enters an item that was written, accepted (and perhaps published) before it was entered here,
    with those dates. It goes to the office above as a submission; when the office accepts it (confirms), the
    figures count it on the declared dates, not on the day it was entered or confirmed. The history says 补录,
    who entered it and when."""
    from django.utils import timezone

    channels = _declared_dates(written_on, declared_accepted_on, declared_published_on, declared_channels)
    item = item_create(by=by, place=place, title=title, body=body, kind=kind, files=files)
    item.late_entry, item.late_entered_by, item.late_entered_at = True, by, timezone.now()
    item.written_on, item.declared_accepted_on = written_on, declared_accepted_on
    item.declared_published_on, item.declared_channels = declared_published_on, channels
    item.save()
    return late_step(item=item, by=by)
