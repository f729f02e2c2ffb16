"""The archive's records for the generated access battery, made through its services."""
from datetime import date

from tests.factories import factory


@factory("archives.PaperDocument")
def make_paper(place, tree):
    from tuanjie.archives.services import paper_create

    return paper_create(by=None, place=place, year=2026, title=f"{place.name}创建工作会议纪要", responsible=place.name,
                        dated=date(2026, 3, 1), pages=2, retention="D30")


@factory("archives.YearClosure")
def make_closure(place, tree):
    from django.utils import timezone

    from tuanjie.archives.models import YearClosure

    # a year long past, so the battery's other 2026 records at this place stay writable
    return YearClosure.objects.get_or_create(place=place, year=2001, defaults={"closed_at": timezone.now()})[0]


@factory("archives.ArchivePackage")
def make_package(place, tree):
    from tuanjie.archives.models import ArchivePackage

    return ArchivePackage.objects.create(place=place, year=2026, status=ArchivePackage.Status.DONE)
