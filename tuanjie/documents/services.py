"""Writes of the documents app: asking for a document, and running the generation (in a background task)."""
from __future__ import annotations

import logging
import time
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.attachments.services import attach_files
from tuanjie.core import recyclebin
from tuanjie.core.access import ADD, CHANGE, DELETE, may
from tuanjie.documents import generators
from tuanjie.documents.models import DocumentKind, GeneratedDocument, KeyResult
from tuanjie.places.models import Place

log = logging.getLogger(__name__)

# kinds that need a month (the period's last month) and kinds that need a subject record
NEEDS_MONTH = {DocumentKind.MONTHLY, DocumentKind.PROGRESS}
NEEDS_SUBJECT = {DocumentKind.INSPECTION_NOTICE, DocumentKind.CADRE_FILE}


@transaction.atomic
def document_request(*, by, place: Place, kind: str, year: int, month: int | None = None,
                     subject_id: int | None = None, issued_on: date | None = None) -> GeneratedDocument:
    """Record a request for a document and queue its generation. The office (or leader) must reach the place."""
    if kind not in DocumentKind.values:
        raise ValidationError(_("请选择文稿类型"))
    if not (2000 <= int(year) <= 2100):
        raise ValidationError(_("年度不正确，请填写如 2026 的四位年份"))
    if kind in NEEDS_MONTH and not (month and 1 <= int(month) <= 12):
        raise ValidationError(_("请选择月份（1—12月）"))
    if kind in NEEDS_SUBJECT and not subject_id:
        raise ValidationError(_("请选择%(what)s") % {"what": _("督查轮次") if kind == DocumentKind.INSPECTION_NOTICE
                                                     else _("结对干部")})
    if not may(by, ADD, GeneratedDocument, place):
        raise PermissionDenied(_("您无权为“%(place)s”生成文稿") % {"place": place.name})
    period = generators.period_for(kind, int(year), int(month) if month else None)
    if issued_on is not None and issued_on < period.start:
        raise ValidationError(_("成文日期不能早于期间开始（%(start)s）") % {"start": generators.ph.day(period.start)})
    document = GeneratedDocument.objects.create(
        place=place, kind=kind, period_start=period.start, period_end=period.end, period_label=period.label,
        subject_id=subject_id, issued_on=issued_on, requested_by=by if getattr(by, "pk", None) else None,
        title=f"{place.name}{period.label}{DocumentKind(kind).label}")
    from tuanjie.documents.tasks import generate_document

    # With the database backend the queued task is written in this same transaction, so the worker never sees a
    # task whose record is not there; with the immediate backend (tests, demo) it runs right here.
    generate_document.enqueue(document.pk)
    document.refresh_from_db()
    return document


def document_run(*, document_id: int, today: date | None = None) -> GeneratedDocument:
    """Generate the file of a queued document; a failure is recorded on the document (never raised)."""
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().get(pk=document_id)
        if document.status not in (GeneratedDocument.Status.QUEUED, GeneratedDocument.Status.FAILED):
            return document
        document.status = GeneratedDocument.Status.RUNNING
        document.started_at = timezone.now()
        document.error = ""
        document.save()
    began = time.monotonic()
    period = generators.Period(document.period_start, document.period_end, document.period_label)
    number = GeneratedDocument.objects.filter(
        place=document.place_id, kind=document.kind, period_start__year=document.period_start.year,
        status=GeneratedDocument.Status.DONE).count() + 1
    try:
        with transaction.atomic():
            official = generators.build(document.kind, document.place, period, subject_id=document.subject_id,
                                        today=today, issued_on=document.issued_on, number=number,
                                        viewer=document.requested_by)
            official.stamp(document.started_at)
            data = official.to_bytes()
            sheet = (generators.monthly_workbook(document.place, period) if document.kind == DocumentKind.MONTHLY
                     else None)
    except Exception as exc:       # noqa: BLE001 — any failure is shown to the person who asked, in Chinese
        log.exception("document %s failed", document_id)
        message = ("；".join(exc.messages) if isinstance(exc, ValidationError) else
                   _("生成失败：%(error)s") % {"error": exc.__class__.__name__})
        document.status = GeneratedDocument.Status.FAILED
        document.error = message
        document.finished_at = timezone.now()
        document.save()
        return document
    from tuanjie.documents.pdf import docx_to_pdf

    with transaction.atomic():
        if official.title and not document.title.startswith(official.title.replace("\n", "")):
            document.title = official.title.replace("\n", "")[:200]
        document.file.save(f"{document.kind}-{document.pk}.docx", ContentFile(data), save=False)
        if sheet:
            document.sheet.save(f"{document.kind}-{document.pk}.xlsx", ContentFile(sheet), save=False)
        try:
            pdf = docx_to_pdf(data)
        except Exception:          # noqa: BLE001 — the Word file is what matters; PDF is a convenience
            log.exception("PDF conversion of document %s failed", document_id)
            pdf = None
        if pdf:
            document.pdf.save(f"{document.kind}-{document.pk}.pdf", ContentFile(pdf), save=False)
        document.status = GeneratedDocument.Status.DONE
        document.finished_at = timezone.now()
        document.seconds = round(time.monotonic() - began, 2)
        document.save()
    return document


@transaction.atomic
def document_delete(*, by, document: GeneratedDocument) -> None:
    from tuanjie.core.access import DELETE

    if not may(by, DELETE, GeneratedDocument, document.place):
        raise PermissionDenied(_("您无权删除该文稿"))
    for field in (document.file, document.pdf, document.sheet):
        if field:
            field.delete(save=False)
    document.delete()


# ------------------------------------------------------------------------------------------------ key results
RESULT_FIELDS = ("name", "value", "unit", "achieved_on", "note")


def _may_result(by, action: str, place: Place) -> None:
    if by is not None and not may(by, action, KeyResult, place):
        raise PermissionDenied(_("您无权在“%(place)s”下登记或修改重要成效") % {"place": place.name})


def _result_checked(result: KeyResult, by) -> KeyResult:
    if result.achieved_on and result.achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": _("取得日期不能晚于今天")})
    if getattr(by, "pk", None) and not result.recorded_by_id:
        result.recorded_by = by
    result.name = (result.name or "").strip()
    result.unit = (result.unit or "").strip()
    result.full_clean()
    result.save()
    return result


@transaction.atomic
def result_create(*, by, place: Place, files=(), **fields) -> KeyResult:
    """Record a key result of `place` (an office at or above it); evidence `files` attach to it."""
    _may_result(by, ADD, place)
    unknown = set(fields) - set(RESULT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    result = _result_checked(KeyResult(place=place, **fields), by)
    if files:
        attach_files(owner=result, files=files, by=by, caption=_("成效佐证"))
    return result


@transaction.atomic
def result_update(*, by, result: KeyResult, place: Place | None = None, files=(), **fields) -> KeyResult:
    stored = KeyResult.objects.select_related("place").get(pk=result.pk)
    _may_result(by, CHANGE, stored.place)
    if place is not None and place.pk != stored.place_id:
        _may_result(by, ADD, place)
        result.place = place
    for name, value in fields.items():
        if name not in RESULT_FIELDS:
            raise TypeError(f"unknown field {name}")
        setattr(result, name, value)
    result = _result_checked(result, by)
    if files:
        attach_files(owner=result, files=files, by=by, caption=_("成效佐证"))
    return result


@transaction.atomic
def result_delete(*, by, result: KeyResult):
    stored = KeyResult.objects.select_related("place").get(pk=result.pk)
    _may_result(by, DELETE, stored.place)
    return recyclebin.record_delete(by=by, obj=stored)
