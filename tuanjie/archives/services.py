"""Writes of the archive: filing scanned paper documents, asking for and building a year's package, closing a year
and reopening it."""
from __future__ import annotations

import logging
import os
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.archives import package
from tuanjie.archives.models import ArchivePackage, PaperDocument, YearClosure
from tuanjie.attachments.services import attach_files
from tuanjie.core.access import ADD, CHANGE, may
from tuanjie.core.dates import YEARS
from tuanjie.places.models import Place

log = logging.getLogger(__name__)


def _year(year) -> int:
    """A year the platform can hold (core.dates.YEARS), from a form's or a caller's value."""
    if isinstance(year, str) and year.isascii() and year.isdigit():
        year = int(year)
    if not isinstance(year, int) or year not in YEARS:
        raise ValidationError(_("年度不正确，请填写如 2026 的四位年份"))
    return year


# ------------------------------------------------------------------------------------------- paper documents
def _next_number(place, year: int, retention: str) -> int:
    # The place's row is locked first, so two offices filing at once do not take the same 件号.
    Place.objects.select_for_update().filter(pk=place.pk).first()
    top = (PaperDocument.objects.filter(place=place, year=year, retention=retention)
           .aggregate(top=Max("number"))["top"])
    return (top or 0) + 1


@transaction.atomic
def paper_create(*, by, place, year: int, title: str, responsible: str, dated, pages: int, retention: str,
                 note: str = "", files=()) -> PaperDocument:
    """File a scanned paper document: the next 件号 of its place, year and retention; the scans attached (sniffed,
    size-limited, EXIF stripped as every attachment is)."""
    if by is not None and not may(by, ADD, PaperDocument, place):
        raise PermissionDenied(_("您无权为“%(p)s”登记纸质档案") % {"p": place.name})
    year = _year(year)
    if dated is not None and dated.year != year:
        raise ValidationError(_("文件日期（%(d)s）不在%(y)d年度内，请检查年度或日期") % {"d": dated, "y": year})
    document = PaperDocument(place=place, year=year, title=title, responsible=responsible, dated=dated, pages=pages,
                             retention=retention, note=note, filed_by=by if getattr(by, "pk", None) else None,
                             number=_next_number(place, year, retention))
    document.full_clean()
    document.save()
    if files:
        attach_files(owner=document, files=list(files), by=by, caption=title)
    return document


@transaction.atomic
def paper_update(*, by, instance: PaperDocument, files=(), **fields) -> PaperDocument:
    """Change a paper document's fields. Its 件号 stays: a document filed under 0003 keeps 0003 even if its
    retention is corrected (the number is then that of the new retention's next piece)."""
    if by is not None and not may(by, CHANGE, PaperDocument, instance.place):
        raise PermissionDenied(_("您无权修改该纸质档案"))
    retention_before, year_before = instance.retention, instance.year
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.year = _year(instance.year)
    if instance.dated is not None and instance.dated.year != instance.year:
        raise ValidationError(_("文件日期（%(d)s）不在%(y)d年度内，请检查年度或日期") % {
            "d": instance.dated, "y": instance.year})
    if (instance.retention, instance.year) != (retention_before, year_before):
        instance.number = _next_number(instance.place, instance.year, instance.retention)
    instance.full_clean()
    instance.save()
    if files:
        attach_files(owner=instance, files=list(files), by=by, caption=instance.title)
    return instance


# ------------------------------------------------------------------------------------------- closing a year
def _office_above(by, place) -> bool:
    parent = Place.objects.get_parent(place) if place.depth > 1 else None
    return parent is not None and may(by, CHANGE, YearClosure, parent)


@transaction.atomic
def year_close(*, by, place, year: int) -> YearClosure:
    """Close (归档) `place`'s `year`: from now its records in the subtree are read only (closing.py)."""
    year = _year(year)
    if not may(by, CHANGE, YearClosure, place):
        raise PermissionDenied(_("只有%(p)s或上级的创建办可以归档该年度") % {"p": place.name})
    if year >= timezone.localdate().year + 1:
        raise ValidationError(_("%(y)d年度尚未开始，不能归档") % {"y": year})
    closure = YearClosure.objects.select_for_update().filter(place=place, year=year).first()
    if closure is not None and closure.status == YearClosure.Status.CLOSED:
        raise ValidationError(_("%(p)s%(y)d年度已于%(at)s归档") % {
            "p": place.name, "y": year, "at": timezone.localtime(closure.closed_at).date()})
    closure = closure or YearClosure(place=place, year=year)
    closure.status = YearClosure.Status.CLOSED
    closure.closed_by = by if getattr(by, "pk", None) else None
    closure.closed_by_repr = (getattr(by, "full_name", "") or by.username) if getattr(by, "pk", None) else ""
    closure.closed_at = timezone.now()
    closure.save()
    return closure


@transaction.atomic
def year_reopen(*, by, closure: YearClosure, reason: str) -> YearClosure:
    """Reopen a closed year: only the office above the closing place, with a reason; the change log keeps who,
    when and why (the closure's own update)."""
    closure = YearClosure.objects.select_for_update().select_related("place").get(pk=closure.pk)
    if closure.status != YearClosure.Status.CLOSED:
        raise ValidationError(_("该年度未归档，无需重新开放"))
    if not _office_above(by, closure.place):
        raise PermissionDenied(_("只有%(p)s的上级创建办可以重新开放已归档的年度") % {"p": closure.place.name})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写重新开放的理由（如：发现漏报的活动需要补录）"))
    closure.status = YearClosure.Status.REOPENED
    closure.reopened_by = by if getattr(by, "pk", None) else None
    closure.reopened_at = timezone.now()
    closure.reopen_reason = reason[:300]
    closure.save()
    return closure


# ------------------------------------------------------------------------------------------- packages
@transaction.atomic
def package_request(*, by, place, year: int) -> ArchivePackage:
    """Ask for `place`'s `year` package; it is built in the background (tasks.py)."""
    year = _year(year)
    if not may(by, ADD, ArchivePackage, place):
        raise PermissionDenied(_("您无权生成“%(p)s”的档案包") % {"p": place.name})
    pending = ArchivePackage.objects.filter(place=place, year=year, status__in=[
        ArchivePackage.Status.QUEUED, ArchivePackage.Status.RUNNING]).first()
    if pending is not None:      # a second click while one is being built gets that one
        return pending
    made = ArchivePackage.objects.create(place=place, year=year, requested_by=by if getattr(by, "pk", None) else None)
    from tuanjie.archives.tasks import build_package

    # As documents/services.py: the database backend writes the task in this transaction; the immediate backend
    # (tests, demo) builds it right here.
    build_package.enqueue(made.pk)
    made.refresh_from_db()
    return made


def package_run(*, package_id: int) -> ArchivePackage:
    """Build one package. A failure (LibreOffice missing, a file gone from storage) is logged with its traceback and
    recorded on the package with its reason, which the page shows; nothing half-built is kept."""
    made = ArchivePackage.objects.select_related("place").get(pk=package_id)
    if made.status == ArchivePackage.Status.DONE:
        return made
    total = package.file_count(made.place, made.year)
    ArchivePackage.objects.filter(pk=made.pk).update(status=ArchivePackage.Status.RUNNING, total=total, done=0,
                                                     started_at=timezone.now(), error="")
    done = 0

    def progress(n: int) -> None:
        nonlocal done
        before, done = done, done + n
        if done // 50 != before // 50 or done >= total:
            ArchivePackage.objects.filter(pk=made.pk).update(done=min(done, total))

    folder = os.path.join(settings.MEDIA_ROOT, "archives")
    os.makedirs(folder, exist_ok=True)
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".building-", suffix=".zip") as spool:
            pieces = package.build(made.place, made.year, spool, progress)
            spool.flush()
            size = spool.tell()
            spool.seek(0)
            made.refresh_from_db()
            made.file.save(made.filename(), File(spool), save=False)
    except Exception as exc:
        log.exception("archive package %s failed", made.pk)
        ArchivePackage.objects.filter(pk=made.pk).update(status=ArchivePackage.Status.FAILED, error=str(exc)[:2000],
                                                         finished_at=timezone.now())
        made.refresh_from_db()
        return made
    made.status, made.pieces, made.size, made.done = ArchivePackage.Status.DONE, pieces, size, total
    made.finished_at = timezone.now()
    made.save()
    return made
