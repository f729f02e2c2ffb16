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

from tuanjie.core.access import ADD, may
from tuanjie.documents import generators
from tuanjie.documents.models import DocumentKind, GeneratedDocument
from tuanjie.places.models import Place

log = logging.getLogger(__name__)

# kinds that need a month (the period's last month) and kinds that need a subject record
NEEDS_MONTH = {DocumentKind.MONTHLY, DocumentKind.PROGRESS}
NEEDS_SUBJECT = {DocumentKind.INSPECTION_NOTICE, DocumentKind.CADRE_FILE}


@transaction.atomic
def document_request(*, by, place: Place, kind: str, year: int, month: int | None = None,
                     subject_id: int | None = None) -> GeneratedDocument:
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
    document = GeneratedDocument.objects.create(
        place=place, kind=kind, period_start=period.start, period_end=period.end, period_label=period.label,
        subject_id=subject_id, requested_by=by if getattr(by, "pk", None) else None,
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
                                        today=today, number=number, viewer=document.requested_by)
            data = official.to_bytes()
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
    for field in (document.file, document.pdf):
        if field:
            field.delete(save=False)
    document.delete()
