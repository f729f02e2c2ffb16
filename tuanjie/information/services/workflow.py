"""The information-item workflow: ONE transition table, each step atomic, checking role, level and state,
writing history and notifying the other side.

    draft ─submit→ submitted ─accept→ accepted ─forward→ forwarded ─accept (upper office)→ accepted …
      ↑               │                  │    ↖──────decline (upper office)───┘
      └──returned ←─return               └─publish→ published ─withdraw (last channel)→ accepted

"Unit side" = unit staff of the item's unit (or an office writing about its own area); "office side" = the
creation office the item currently sits with (`reviewer_place`); "publisher" = the office that published."""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.access import assignments_of
from tuanjie.core.roles import Role
from tuanjie.information import selectors
from tuanjie.information.models import InformationEvent, InformationItem, Publication

S = InformationItem.Status
UNIT_SIDE, OFFICE_SIDE, PUBLISHER = "unit", "office", "publisher"
SETTLED = "settled"  # accepted, or published if the item still has an active publication


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset
    side: str
    target: str | None  # None: the status does not change


TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    Transition("edit", _l("修改"), frozenset({S.DRAFT, S.RETURNED}), UNIT_SIDE, None),
    Transition("delete", _l("删除"), frozenset({S.DRAFT}), UNIT_SIDE, None),
    Transition("submit", _l("报送"), frozenset({S.DRAFT, S.RETURNED}), UNIT_SIDE, S.SUBMITTED),
    Transition("accept", _l("采用"), frozenset({S.SUBMITTED, S.FORWARDED}), OFFICE_SIDE, SETTLED),
    Transition("return", _l("退回"), frozenset({S.SUBMITTED}), OFFICE_SIDE, S.RETURNED),
    Transition("decline", _l("不予采用"), frozenset({S.FORWARDED}), OFFICE_SIDE, SETTLED),
    Transition("forward", _l("上报"), frozenset({S.ACCEPTED, S.PUBLISHED}), OFFICE_SIDE, S.FORWARDED),
    Transition("publish", _l("发布"), frozenset({S.ACCEPTED, S.PUBLISHED}), OFFICE_SIDE, S.PUBLISHED),
    Transition("withdraw", _l("撤回发布"), frozenset({S.PUBLISHED, S.FORWARDED}), PUBLISHER, SETTLED),
]}


# ---------------------------------------------------------------- checks

def _is_unit_side(user, item: InformationItem) -> bool:
    if user.is_superuser:
        return True
    path = item.place.path
    return any((role == Role.UNIT and path.startswith(p)) or (role == Role.OFFICE and p == path)
               for role, p in assignments_of(user))


def _holds_office_at(user, place) -> bool:
    if user.is_superuser:
        return True
    return place is not None and place.path in selectors.office_paths_of(user)


def _deny(user, item, t: Transition, office) -> None:
    label = str(t.label)
    if t.side == UNIT_SIDE:
        raise PermissionDenied(_("只有“%(unit)s”的工作人员才能%(act)s这条信息") % {"unit": item.place, "act": label})
    if not selectors.office_paths_of(user):
        raise PermissionDenied(_("只有创建办工作人员才能%(act)s信息") % {"act": label})
    raise PermissionDenied(_("这条信息由“%(office)s”创建办处理，您不能%(act)s") % {"office": office, "act": label})


def check(user, item: InformationItem, action: str, publication: Publication | None = None) -> Transition:
    """Raise PermissionDenied (wrong role or level) or ValidationError (wrong state); return the transition."""
    t = TRANSITIONS[action]
    if user is None or not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("请先登录"))
    if t.side == UNIT_SIDE:
        allowed, office = _is_unit_side(user, item), None
    elif t.side == OFFICE_SIDE:
        office = item.reviewer_place
        allowed = _holds_office_at(user, office)
    else:
        office = publication.office if publication is not None else None
        allowed = office is not None and _holds_office_at(user, office)
    if not allowed:
        _deny(user, item, t, office)
    if item.status not in t.sources:
        raise ValidationError(_("这条信息当前为“%(status)s”，不能%(act)s") % {
            "status": item.get_status_display(), "act": t.label})
    return t


def allowed_actions(user, item: InformationItem) -> list[str]:
    """Workflow actions (not edit/delete/withdraw) this user may take on this item now, for the pages."""
    found = []
    for action in ("submit", "accept", "return", "decline", "forward", "publish"):
        try:
            check(user, item, action)
        except (PermissionDenied, ValidationError):
            continue
        found.append(action)
    return found


def may_withdraw(user, publication: Publication) -> bool:
    try:
        check(user, publication.item, "withdraw", publication)
    except (PermissionDenied, ValidationError):
        return False
    return publication.active


# ---------------------------------------------------------------- helpers

def _locked(item: InformationItem) -> InformationItem:
    return InformationItem.objects.select_for_update(of=("self",)).select_related("place", "reviewer_place").get(pk=item.pk)


def _settled(item: InformationItem) -> str:
    return S.PUBLISHED if item.publications.filter(withdrawn_at__isnull=True).exists() else S.ACCEPTED


def _record(item, t: Transition, before: str, user, at, office=None, comment="") -> InformationEvent:
    return InformationEvent.objects.create(
        item=item, action=t.action, action_label=str(t.label), from_status=before, to_status=item.status,
        time=at, user=user if getattr(user, "pk", None) else None, user_repr=str(user or "")[:100],
        office=office, comment=comment)


_quiet: contextvars.ContextVar[bool] = contextvars.ContextVar("information_quiet", default=False)


@contextlib.contextmanager
def quiet():
    """Take steps without notifying anyone (back-filling past records, e.g. the demo's earlier months)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _notify(who, *, title: str, body: str = "", item: InformationItem, kind: str = "info") -> None:
    """`who` is a callable returning the recipients, so nobody is looked up when steps are taken quietly."""
    if _quiet.get():
        return
    recipients = [r for r in who() if r is not None]
    if not recipients:
        return
    try:
        from tuanjie.notifications.services import notify
    except ImportError:  # notifications not installed yet: the workflow still works
        return
    notify(recipients, title=title, body=body, url=item.get_absolute_url(), kind=kind)


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


# ---------------------------------------------------------------- steps

@transaction.atomic
def item_submit(*, item: InformationItem, user, at: datetime | None = None) -> InformationItem:
    item = _locked(item)
    t = check(user, item, "submit")
    reviewer = selectors.office_above(item.place)
    if reviewer is None:
        raise ValidationError(_("“%(unit)s”的上级没有创建办工作人员，暂时无法报送，请联系上级创建办") % {"unit": item.place})
    before, at = item.status, _now(at)
    item.status, item.reviewer_place, item.forwarded_from = t.target, reviewer, None
    item.original_title, item.original_body = item.title, item.body
    item.submitted_at = at
    item.save()
    _record(item, t, before, user, at, office=reviewer)
    _notify(lambda: selectors.office_people(reviewer), item=item, title=_("待审核信息：%(t)s") % {"t": item.title},
            body=_("%(unit)s报送了一条信息，请审核。") % {"unit": item.place})
    return item


@transaction.atomic
def item_accept(*, item: InformationItem, user, title: str | None = None, body: str | None = None,
                comment: str = "", at: datetime | None = None) -> InformationItem:
    """Accept at the office's level, possibly with edits; the unit's original text is kept."""
    from tuanjie.information.services import sanitize_body

    item = _locked(item)
    t = check(user, item, "accept")
    before, at = item.status, _now(at)
    if title is not None and title.strip():
        item.title = title.strip()[:200]
    if body is not None and body.strip():
        item.body = sanitize_body(body)
    forwarder = item.forwarded_from
    item.status = _settled(item)
    item.accepted_at = item.accepted_at or at
    item.return_comment = ""
    item.save()
    _record(item, t, before, user, at, office=item.reviewer_place, comment=comment)
    title = _("信息已被%(office)s采用：%(t)s") % {"office": item.reviewer_place, "t": item.title}
    _notify(lambda: selectors.unit_people(item) + (selectors.office_people(forwarder) if forwarder else []),
            item=item, title=title, body=comment)
    return item


@transaction.atomic
def item_return(*, item: InformationItem, user, comment: str, at: datetime | None = None) -> InformationItem:
    item = _locked(item)
    t = check(user, item, "return")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("退回时请写明退回意见，告诉单位需要如何修改"))
    before, at = item.status, _now(at)
    item.status, item.return_comment = t.target, comment
    item.save()
    _record(item, t, before, user, at, office=item.reviewer_place, comment=comment)
    _notify(lambda: selectors.unit_people(item), item=item, kind="warning",
            title=_("信息被退回：%(t)s") % {"t": item.title}, body=comment)
    return item


@transaction.atomic
def item_forward(*, item: InformationItem, user, comment: str = "", at: datetime | None = None) -> InformationItem:
    item = _locked(item)
    t = check(user, item, "forward")
    upper = selectors.office_above(item.reviewer_place)
    if upper is None:
        raise ValidationError(_("“%(office)s”以上没有创建办，无法上报") % {"office": item.reviewer_place})
    before, at = item.status, _now(at)
    item.forwarded_from, item.reviewer_place = item.reviewer_place, upper
    item.status, item.forwarded_at = t.target, at
    item.save()
    _record(item, t, before, user, at, office=item.forwarded_from, comment=comment)
    _notify(lambda: selectors.office_people(upper), item=item, title=_("下级上报信息：%(t)s") % {"t": item.title},
            body=_("%(office)s上报了一条信息，请审核。") % {"office": item.forwarded_from})
    return item


@transaction.atomic
def item_decline(*, item: InformationItem, user, comment: str = "", at: datetime | None = None) -> InformationItem:
    """The upper office does not take up a forwarded item; it goes back to the office that forwarded it."""
    item = _locked(item)
    t = check(user, item, "decline")
    before, at = item.status, _now(at)
    office = item.reviewer_place
    item.reviewer_place, item.forwarded_from = item.forwarded_from, None
    item.status = _settled(item)
    item.save()
    _record(item, t, before, user, at, office=office, comment=comment)
    _notify(lambda: selectors.office_people(item.reviewer_place), item=item,
            title=_("上报信息未被采用：%(t)s") % {"t": item.title}, body=comment)
    return item


@transaction.atomic
def item_publish(*, item: InformationItem, user, channels: list[str], links: dict | None = None,
                 comment: str = "", at: datetime | None = None) -> list[Publication]:
    item = _locked(item)
    t = check(user, item, "publish")
    valid = set(Publication.Channel.values)
    channels = list(dict.fromkeys(c for c in channels or [] if c))
    if not channels:
        raise ValidationError(_("请至少选择一个发布渠道"))
    bad = [c for c in channels if c not in valid]
    if bad:
        raise ValidationError(_("没有这个发布渠道：%(c)s") % {"c": "、".join(bad)})
    office = item.reviewer_place
    active = set(item.publications.filter(withdrawn_at__isnull=True).values_list("channel", flat=True))
    new = [c for c in channels if c not in active]
    if not new:
        raise ValidationError(_("这条信息已在所选渠道发布"))
    before, at = item.status, _now(at)
    links = links or {}
    created = [Publication.objects.create(item=item, channel=c, office=office, link=links.get(c, "")[:200],
                                          published_at=at, published_by=user if getattr(user, "pk", None) else None)
               for c in new]
    item.status = t.target
    item.published_at = item.published_at or at
    item.save()
    labels = "、".join(str(p.get_channel_display()) for p in created)
    _record(item, t, before, user, at, office=office, comment=comment or labels)
    _notify(lambda: selectors.unit_people(item), item=item, title=_("信息已发布：%(t)s") % {"t": item.title},
            body=_("发布渠道：%(c)s") % {"c": labels})
    return created


@transaction.atomic
def publication_withdraw(*, publication: Publication, user, reason: str, at: datetime | None = None) -> Publication:
    item = _locked(publication.item)
    publication = Publication.objects.select_for_update(of=("self",)).select_related("office").get(pk=publication.pk)
    t = check(user, item, "withdraw", publication)
    if not publication.active:
        raise ValidationError(_("该渠道的发布已经撤回"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("撤回发布时请写明原因"))
    before, at = item.status, _now(at)
    publication.withdrawn_at, publication.withdrawn_by = at, user if getattr(user, "pk", None) else None
    publication.withdraw_reason = reason[:200]
    publication.save()
    remaining = item.publications.filter(withdrawn_at__isnull=True)
    item.published_at = remaining.aggregate(first=Min("published_at"))["first"]
    if item.status == S.PUBLISHED:
        item.status = _settled(item)
    item.save()
    _record(item, t, before, user, at, office=publication.office,
            comment=f"{publication.get_channel_display()}：{reason}")
    _notify(lambda: selectors.unit_people(item), item=item, kind="warning",
            title=_("信息已撤回发布：%(t)s") % {"t": item.title}, body=reason)
    return publication
