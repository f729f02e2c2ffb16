"""A closed year is read-only, enforced in one place: every save and delete of a record the archive registry
names (registry.py), and every bulk insert (core/changelog.log_bulk_created, which every bulk writer calls), asks
`refusal` here. Pages, the API, imports, bulk actions and workflow steps all end in one of those, so none of them
needs its own check, and each gets the same Chinese ValidationError (422 from the API, a form error on a page, a
row error in an import). Attachments follow the record they belong to: a photo cannot be added to a closed year's
activity either."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext as _

from tuanjie.archives import registry


def _record_facts(instance) -> list[tuple[str, int]]:
    """(place path, year) of the record as it would be written, for each piece it belongs to."""
    from tuanjie.attachments.models import Attachment

    if isinstance(instance, Attachment):
        owner = instance.owner
        return _record_facts(owner) if owner is not None else []
    facts = []
    for piece in registry.by_model().get(type(instance), ()):
        year = piece.year_of(instance)
        path = instance.changelog_place_path()
        if year and path:
            facts.append((path, int(year)))
    return facts


def _stored_facts(instance) -> list[tuple[str, int]]:
    """The same for the row as stored now: moving a record out of a closed year is changing that year."""
    if instance.pk is None or instance._state.adding:
        return []
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    return _record_facts(stored) if stored is not None else []


def closure_over(path: str, year: int):
    """The closure of `year` at the record's place or any place above it, if there is one."""
    from tuanjie.archives.models import YearClosure
    from tuanjie.places.models import Place

    above = [path[:i] for i in range(Place.steplen, len(path) + 1, Place.steplen)]
    return (YearClosure.objects.filter(year=year, status=YearClosure.Status.CLOSED, place__path__in=above)
            .select_related("place").order_by("place__path").first())


def _closed() -> list[dict]:
    """Every closed year, as one query: there are a few per place at most, and most saves meet none, so a save
    asks no more than this (the stored row and an attachment's owner are read only when some year is closed)."""
    from tuanjie.archives.models import YearClosure

    return list(YearClosure.objects.filter(status=YearClosure.Status.CLOSED).order_by("place__path")
                .values("year", "closed_by_repr", "closed_at", path=F("place__path"), name=F("place__name")))


def refusal(facts, closed: list[dict]) -> ValidationError | None:
    from tuanjie.core.dates import when

    for path, year in dict.fromkeys(facts):
        closure = next((c for c in closed if c["year"] == year and path.startswith(c["path"])), None)
        if closure is not None:
            return ValidationError(_(
                "%(y)d年度已由%(p)s归档（%(who)s，%(at)s），该年度的记录只能查阅，不能新增、修改或删除；"
                "如确需修改，请上级创建办说明理由后重新开放该年度") % {
                "y": year, "p": closure["name"], "who": closure["closed_by_repr"] or _("系统"),
                "at": when(closure["closed_at"])}, code="year_closed")
    return None


def closed_notice(instance) -> str | None:
    """Why a record can only be read (its year is closed at its place or above), for its page to say so in place of
    the edit and delete buttons; None when it may be changed."""
    if not _guarded(type(instance)):
        return None
    closed = _closed()
    found = refusal(_record_facts(instance), closed) if closed else None
    return found.messages[0] if found is not None else None


def refuse_closed(instances) -> None:
    closed = _closed()
    if not closed:
        return
    found = refusal([fact for instance in instances for fact in _record_facts(instance)], closed)
    if found is not None:
        raise found


def _guarded(sender) -> bool:
    from tuanjie.attachments.models import Attachment

    return sender is Attachment or sender in registry.by_model()


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or not _guarded(sender):
        return
    closed = _closed()
    if closed:
        found = refusal(_record_facts(instance) + _stored_facts(instance), closed)
        if found is not None:
            raise found


def _pre_delete(sender, instance, **kwargs):
    if not _guarded(sender):
        return
    closed = _closed()
    if closed:
        found = refusal(_record_facts(instance), closed)
        if found is not None:
            raise found


def connect() -> None:
    pre_save.connect(_pre_save, dispatch_uid="tuanjie_archives_closed_year_save")
    pre_delete.connect(_pre_delete, dispatch_uid="tuanjie_archives_closed_year_delete")
