"""Records of the documents app for the generated access battery."""
from django.core.files.base import ContentFile

from tests.factories import factory


@factory("documents.DocumentTemplate")
def make_template(place, tree):
    from tuanjie.documents.models import DocumentKind, DocumentTemplate

    return DocumentTemplate.objects.create(place=place, kind=DocumentKind.PROGRESS, issuer=f"{place.name}创建办")


@factory("documents.GeneratedDocument")
def make_generated(place, tree):
    from datetime import date

    from tuanjie.documents.models import DocumentKind, GeneratedDocument

    document = GeneratedDocument(place=place, kind=DocumentKind.MONTHLY, period_start=date(2026, 1, 1),
                                 period_end=date(2026, 1, 31), period_label="2026年1月",
                                 status=GeneratedDocument.Status.DONE)
    document.file.save(f"battery-{place.code}.docx", ContentFile(b"PK test"), save=False)
    document.save()
    return document


@factory("documents.KeyResult")
def make_key_result(place, tree):
    from datetime import date
    from decimal import Decimal

    from tuanjie.documents.services import result_create

    return result_create(by=None, place=place, name="贫困村出列", value=Decimal("7"), unit="个",
                         achieved_on=date(2026, 5, 20), note="经省级验收")
