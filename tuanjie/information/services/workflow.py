"""The information-item workflow: ONE transition table, each step atomic, checking role, level and state,
writing history and notifying the other side.

    draft ─submit→ submitted ─accept→ accepted ─forward→ forwarded ─accept (upper office)→ accepted …
      ↑               │                  │    ↖──────decline (upper office)───┘
      └──returned ←─return               └─publish→ published ─withdraw (last channel)→ accepted

"Unit side" = unit staff of the item's unit (or an office writing about its own area); "office side" = the
creation office the item currently sits with (`reviewer_place`); "publisher" = the office that published."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.access import assignments_of, exactly_q, reach_q
from tuanjie.core.roles import Role
from tuanjie.core.workflow import Actor, Notice, Step, Transition, Waiting, Workflow, quiet, table  # noqa: F401  (quiet)
from tuanjie.information import selectors
from tuanjie.information.models import InformationEvent, InformationItem, Publication

S = InformationItem.Status
UNIT_SIDE, OFFICE_SIDE, PUBLISHER = "unit", "office", "publisher"


# ---------------------------------------------------------------- who

def _is_unit_side(user, item: InformationItem) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    path = item.place.path
    return any((role == Role.UNIT and path.startswith(p)) or (role == Role.OFFICE and p == path)
               for role, p in assignments_of(user))


def _holds_office_at(user, place) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return place is not None and place.path in selectors.office_paths_of(user)


def _unit_side_holds(user) -> Q | None:
    """`_is_unit_side` as a filter: unit staff at or above the item's place, or the office at that very place."""
    unit, office = reach_q(user, {Role.UNIT}, "place__path"), exactly_q(user, {Role.OFFICE}, "place__path")
    if unit is None or office is None:
        return unit if office is None else office
    return unit | office


def _is_publisher(user, item: InformationItem, publication: Publication | None = None) -> bool:
    return publication is not None and _holds_office_at(user, publication.office)


# ---------------------------------------------------------------- the steps' own effects

def _at(step: Step):
    return step.history.setdefault("at", step.params.get("at") or timezone.now())


def declared_moment(day):
    """A declared date as the time the figures place the item at: midday, so that the day is the same in
    every time zone the reports use."""
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time(12)))


def late_note(item: InformationItem) -> str:
    def day(d):
        return f"{d.year}年{d.month}月{d.day}日"

    said = _("补录：成稿于%(w)s，采用于%(a)s") % {"w": day(item.written_on), "a": day(item.declared_accepted_on)}
    if item.declared_published_on:
        said += _("，发布于%(p)s") % {"p": day(item.declared_published_on)}
    return said


def _settled(item: InformationItem) -> str:
    """Accepted, or published if the item still has an active publication."""
    return S.PUBLISHED if item.publications.filter(withdrawn_at__isnull=True).exists() else S.ACCEPTED


def _submit(step: Step) -> None:
    item = step.record
    reviewer = selectors.office_above(item.place)
    if reviewer is None:
        raise ValidationError(_("“%(unit)s”的上级没有创建办工作人员，暂时无法报送，请联系上级创建办") % {"unit": item.place})
    item.reviewer_place, item.forwarded_from = reviewer, None
    item.original_title, item.original_body = item.title, item.body
    # 补录: the figures count its submission on the day it was written; the step keeps its own time.
    item.submitted_at = declared_moment(item.written_on) if item.late_entry else _at(step)
    step.history["office"] = reviewer


def _accept(step: Step) -> None:
    """Accept at the office's level, possibly with edits; the unit's original text is kept."""
    from tuanjie.information.services import sanitize_body

    item, title, body = step.record, step.params.get("title"), step.params.get("body")
    if title is not None and title.strip():
        item.title = title.strip()[:200]
    if body is not None and body.strip():
        item.body = sanitize_body(body)
    step.history.update(office=item.reviewer_place, forwarder=item.forwarded_from)
    item.status = _settled(item)
    item.return_comment = ""
    if item.late_entry and item.accepted_at is None:
        _confirm_late(step)
    item.accepted_at = item.accepted_at or _at(step)


def _confirm_late(step: Step) -> None:
    """The office accepting a late entry confirms its declared dates: accepted (and published, on the channels
    declared) on those days, which is where the figures count it."""
    item = step.record
    for day in (item.written_on, item.declared_accepted_on, item.declared_published_on):
        if day is not None and day > timezone.localdate():
            raise ValidationError(_("补录的日期不能晚于今天"))
    item.accepted_at = declared_moment(item.declared_accepted_on)
    if item.declared_published_on and item.declared_channels:
        at = declared_moment(item.declared_published_on)
        for channel in item.declared_channels:
            Publication.objects.create(item=item, channel=channel, office=item.reviewer_place, published_at=at,
                                       published_by=step.user)
        item.published_at, item.status = at, S.PUBLISHED
    step.history["comment"] = "；".join(part for part in (late_note(item), step.note) if part)


def _return(step: Step) -> None:
    step.record.return_comment = step.note
    step.history["office"] = step.record.reviewer_place


def _forward(step: Step) -> None:
    item = step.record
    upper = selectors.office_above(item.reviewer_place)
    if upper is None:
        raise ValidationError(_("“%(office)s”以上没有创建办，无法上报") % {"office": item.reviewer_place})
    item.forwarded_from, item.reviewer_place = item.reviewer_place, upper
    item.forwarded_at = _at(step)
    step.history["office"] = item.forwarded_from


def _decline(step: Step) -> None:
    """The upper office does not take up a forwarded item; it goes back to the office that forwarded it."""
    item = step.record
    step.history["office"] = item.reviewer_place
    item.reviewer_place, item.forwarded_from = item.forwarded_from, None
    item.status = _settled(item)


def _publish(step: Step) -> list[Publication]:
    item = step.record
    valid = set(Publication.Channel.values)
    channels = list(dict.fromkeys(c for c in step.params.get("channels") or [] if c))
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
    at, links = _at(step), step.params.get("links") or {}
    created = [Publication.objects.create(item=item, channel=c, office=office, link=links.get(c, "")[:200],
                                          published_at=at, published_by=step.user)
               for c in new]
    item.published_at = item.published_at or at
    labels = "、".join(str(p.get_channel_display()) for p in created)
    step.history.update(office=office, comment=step.note or labels, channels=labels)
    return created


def _withdraw(step: Step) -> Publication:
    item = step.record
    publication = (Publication.objects.select_for_update(of=("self",)).select_related("office")
                   .get(pk=step.context["publication"].pk))
    if not publication.active:
        raise ValidationError(_("该渠道的发布已经撤回"))
    publication.withdrawn_at, publication.withdrawn_by = _at(step), step.user
    publication.withdraw_reason = step.note[:200]
    publication.save()
    remaining = item.publications.filter(withdrawn_at__isnull=True)
    item.published_at = remaining.aggregate(first=Min("published_at"))["first"]
    if item.status == S.PUBLISHED:
        item.status = _settled(item)
    step.history.update(office=publication.office, comment=f"{publication.get_channel_display()}：{step.note}")
    return publication


# ---------------------------------------------------------------- history and messages

def _event(step: Step) -> InformationEvent:
    item = step.record
    return InformationEvent.objects.create(
        item=item, action=step.action, action_label=str(step.transition.label), from_status=step.before,
        to_status=item.status, time=_at(step), user=step.user, user_repr=str(step.by or "")[:100],
        office=step.history.get("office"), comment=step.history.get("comment", step.note))


def _notice(step: Step) -> Notice | None:
    item, note = step.record, step.note
    if step.action == "submit":
        return Notice(selectors.office_people(item.reviewer_place), title=_("待审核信息：%(t)s") % {"t": item.title},
                      body=_("%(unit)s报送了一条信息，请审核。") % {"unit": item.place})
    if step.action == "accept":
        forwarder = step.history["forwarder"]
        return Notice(selectors.unit_people(item) + (selectors.office_people(forwarder) if forwarder else []),
                      title=_("信息已被%(office)s采用：%(t)s") % {"office": item.reviewer_place, "t": item.title},
                      body=note)
    if step.action == "return":
        return Notice(selectors.unit_people(item), title=_("信息被退回：%(t)s") % {"t": item.title}, body=note,
                      kind="warning")
    if step.action == "forward":
        return Notice(selectors.office_people(item.reviewer_place),
                      title=_("下级上报信息：%(t)s") % {"t": item.title},
                      body=_("%(office)s上报了一条信息，请审核。") % {"office": item.forwarded_from})
    if step.action == "decline":
        return Notice(selectors.office_people(item.reviewer_place),
                      title=_("上报信息未被采用：%(t)s") % {"t": item.title}, body=note)
    if step.action == "publish":
        return Notice(selectors.unit_people(item), title=_("信息已发布：%(t)s") % {"t": item.title},
                      body=_("发布渠道：%(c)s") % {"c": step.history["channels"]})
    if step.action == "withdraw":
        return Notice(selectors.unit_people(item), title=_("信息已撤回发布：%(t)s") % {"t": item.title}, body=note,
                      kind="warning")
    return None


def _office_name(item: InformationItem) -> str:
    return _("“%(office)s”创建办") % {"office": item.reviewer_place or _("上级")}


# Edit and delete are checked here too (same sides, same states) but are not steps: their services save.
ITEMS = Workflow(
    model=InformationItem, noun=_l("这条信息"), related=("place", "reviewer_place"),
    transitions=table(
        Transition("edit", _l("修改"), frozenset({S.DRAFT, S.RETURNED}), None, UNIT_SIDE, offered=False),
        Transition("delete", _l("删除"), frozenset({S.DRAFT}), None, UNIT_SIDE, offered=False),
        Transition("submit", _l("报送"), frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, UNIT_SIDE, apply=_submit),
        Transition("accept", _l("采用"), frozenset({S.SUBMITTED, S.FORWARDED}), None, OFFICE_SIDE, apply=_accept),
        Transition("return", _l("退回"), frozenset({S.SUBMITTED}), S.RETURNED, OFFICE_SIDE, note_required=True,
                   note_missing=_l("退回时请写明退回意见，告诉单位需要如何修改"), apply=_return),
        Transition("decline", _l("不予采用"), frozenset({S.FORWARDED}), None, OFFICE_SIDE, apply=_decline),
        Transition("forward", _l("上报"), frozenset({S.ACCEPTED, S.PUBLISHED}), S.FORWARDED, OFFICE_SIDE,
                   apply=_forward),
        Transition("publish", _l("发布"), frozenset({S.ACCEPTED, S.PUBLISHED}), S.PUBLISHED, OFFICE_SIDE,
                   apply=_publish),
        Transition("withdraw", _l("撤回发布"), frozenset({S.PUBLISHED, S.FORWARDED}), None, PUBLISHER,
                   note_required=True, note_missing=_l("撤回发布时请写明原因"), apply=_withdraw, offered=False),
    ),
    actors={UNIT_SIDE: Actor(_is_unit_side, lambda item: _("“%(unit)s”的工作人员") % {"unit": item.place},
                             _unit_side_holds),
            OFFICE_SIDE: Actor(lambda user, item: _holds_office_at(user, item.reviewer_place), _office_name,
                               lambda user: exactly_q(user, {Role.OFFICE}, "reviewer_place__path")),
            PUBLISHER: Actor(_is_publisher, _l("发布该信息的创建办"))},
    waiting=(Waiting(S.SUBMITTED, OFFICE_SIDE, _l("报送的信息待审核")), Waiting(S.FORWARDED, OFFICE_SIDE, _l("下级上报的信息待采用")),
             Waiting(S.RETURNED, UNIT_SIDE, _l("退回修改的信息"))),
    history=_event, notify=_notice)
TRANSITIONS = ITEMS.transitions


# ---------------------------------------------------------------- questions

def check(user, item: InformationItem, action: str, publication: Publication | None = None) -> Transition:
    """Raise PermissionDenied (wrong role or level) or ValidationError (wrong state); return the transition."""
    return ITEMS.check(user, item, action, **({"publication": publication} if publication else {}))


def allowed_actions(user, item: InformationItem) -> list[str]:
    """Workflow actions (not edit/delete/withdraw) this user may take on this item now, for the pages."""
    return [t.action for t in ITEMS.available(user, item)]


def may_withdraw(user, publication: Publication) -> bool:
    return publication.active and ITEMS.may(user, publication.item, "withdraw", publication=publication)


# ---------------------------------------------------------------- steps

def item_submit(*, item: InformationItem, by, at=None) -> InformationItem:
    return ITEMS.take(by=by, record=item, action="submit", at=at).record


def late_step(*, item: InformationItem, by) -> InformationItem:
    """A late entry's submission, its history saying 补录 and the declared dates."""
    return ITEMS.take(by=by, record=item, action="submit", note=late_note(item)).record


def item_accept(*, item: InformationItem, by, title: str | None = None, body: str | None = None,
                comment: str = "", at=None) -> InformationItem:
    return ITEMS.take(by=by, record=item, action="accept", note=comment, title=title, body=body, at=at).record


def item_return(*, item: InformationItem, by, comment: str, at=None) -> InformationItem:
    return ITEMS.take(by=by, record=item, action="return", note=comment, at=at).record


def item_forward(*, item: InformationItem, by, comment: str = "", at=None) -> InformationItem:
    return ITEMS.take(by=by, record=item, action="forward", note=comment, at=at).record


def item_decline(*, item: InformationItem, by, comment: str = "", at=None) -> InformationItem:
    return ITEMS.take(by=by, record=item, action="decline", note=comment, at=at).record


def item_publish(*, item: InformationItem, by, channels: list[str], links: dict | None = None,
                 comment: str = "", at=None) -> list[Publication]:
    return ITEMS.take(by=by, record=item, action="publish", note=comment, channels=channels, links=links,
                      at=at).result


def publication_withdraw(*, publication: Publication, by, reason: str, at=None) -> Publication:
    return ITEMS.take(by=by, record=publication.item, action="withdraw", note=reason,
                      context={"publication": publication}, at=at).result
