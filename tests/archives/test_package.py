"""The year archive of a county: its catalogue lists exactly the pieces the fixture made, with their archival
fields, and every file of the downloaded package opens."""

import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from tuanjie.archives import catalogue, package, services
from tuanjie.archives.models import ArchivePackage, PaperDocument
from tuanjie.documents.pdf import soffice

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice is needed for the package's PDFs")

# What the fixture made for 团结县 2026, counted by hand: (类别, 题名) of each piece, and the files with them.
EXPECTED = {
    ("实施方案", "团结县2026年创建工作实施方案"),
    ("创建活动", "石榴籽宣讲进村寨"),
    ("创建活动", "民族团结进步开学第一课"),
    ("目标责任书", "城关镇2026年民族团结进步创建目标责任书"),
    ("纸质档案", "关于调整创建工作领导小组成员的通知"),
}
PHOTOS, SCANS, PRINTED = 3, 1, 1


def test_the_catalogue_lists_exactly_the_pieces_of_the_county_s_year(tree, county_year):
    lines = list(catalogue.lines(tree.county, 2026))
    assert {(line.category, line.title) for line in lines} == EXPECTED
    assert sum(len(line.files) for line in lines) == PHOTOS + SCANS


def test_a_paper_document_is_numbered_per_year_and_retention_and_keeps_its_number(tree, county_office, county_year):
    first = county_year["paper"]
    second = services.paper_create(by=county_office, place=tree.county, year=2026, title="第二件", responsible="县委",
                                   dated=first.dated, pages=1, retention="Y")
    ten_years = services.paper_create(by=county_office, place=tree.county, year=2026, title="十年件",
                                      responsible="县委", dated=first.dated, pages=1, retention="D10")
    assert (first.number, second.number, ten_years.number) == (1, 2, 1)
    assert first.code == "910102000000-WS·2026-Y-ZZ-0001"
    assert ten_years.code == "910102000000-WS·2026-D10-ZZ-0001"
    services.paper_update(by=county_office, instance=PaperDocument.objects.get(pk=second.pk), title="第二件（改）")
    assert PaperDocument.objects.get(pk=second.pk).number == 2


def test_the_package_downloads_with_a_catalogue_of_archival_fields_and_files_that_open(
        tree, county_office, county_year, client_for):
    client = client_for(county_office)
    response = client.post(reverse("archives:package_request", args=[tree.county.pk, 2026]))
    assert response.status_code == 302
    made = ArchivePackage.objects.get(place=tree.county, year=2026)
    assert made.status == "done", made.error
    assert (made.done, made.total) == (made.total, PHOTOS + SCANS + PRINTED + 1)

    download = client.get(reverse("archives:package_download", args=[made.pk]))
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert len(names) == PHOTOS + SCANS + PRINTED + 1

    book = load_workbook(io.BytesIO(archive.read(package.CATALOGUE_NAME)))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == catalogue.HEADERS
    by_title = {row[2]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert {(r["类别"], r["题名"]) for r in by_title.values()} == EXPECTED
    paper = by_title["关于调整创建工作领导小组成员的通知"]
    assert (paper["档号"], paper["责任者"], paper["页数"], paper["保管期限"]) == (
        "910102000000-WS·2026-Y-ZZ-0001", "中共团结县委办公室", 1, "永久")
    assert paper["日期"].date().isoformat() == "2026-03-02"
    visit = by_title["石榴籽宣讲进村寨"]
    assert visit["档号"].startswith("910102000000-WS·2026-D30-HD-") and visit["责任者"] == "城关镇"
    assert len(visit["文件"].split("；")) == 2
    for row in by_title.values():     # every file the catalogue names is in the package
        for name in filter(None, (row["文件"] or "").split("；")):
            assert name in names

    for name in names:
        data = archive.read(name)
        if name.endswith((".jpg", ".png")):
            Image.open(io.BytesIO(data)).verify()
        elif name.endswith(".pdf"):
            assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]
        elif name.endswith(".docx"):
            Document(io.BytesIO(data))
        else:
            assert name.endswith(".xlsx")
    assert any(n.startswith("03_创建活动/") for n in names) or any("创建活动/" in n for n in names)


def test_without_libreoffice_the_package_fails_with_the_reason_and_keeps_no_file(
        tree, county_office, county_year, monkeypatch):
    monkeypatch.setattr("tuanjie.documents.pdf.soffice", lambda: None)
    made = services.package_request(by=county_office, place=tree.county, year=2026)
    assert made.status == "failed" and "LibreOffice" in made.error and not made.file


def test_a_neighbour_office_can_neither_see_nor_build_the_county_s_archive(
        tree, county_office, county_year, neighbour_office, client_for):
    made = services.package_request(by=county_office, place=tree.county, year=2026)
    client = client_for(neighbour_office)
    assert client.get(reverse("archives:package_download", args=[made.pk])).status_code == 404
    assert client.get(reverse("archives:year", args=[tree.county.pk, 2026])).status_code == 404
    assert client.post(reverse("archives:package_request", args=[tree.county.pk, 2026])).status_code == 404


def test_a_title_application_is_dated_by_the_day_it_was_submitted_in_beijing():
    from datetime import UTC, date, datetime
    from types import SimpleNamespace

    from tuanjie.titles.archive import PIECES

    piece = next(p for p in PIECES if p.series == "CH")
    late_evening = SimpleNamespace(year=2025, submitted_at=datetime(2025, 12, 31, 17, 0, tzinfo=UTC))
    assert piece.date_of(late_evening) == date(2026, 1, 1)             # 01:00 on New Year's Day in UTC+8
    assert piece.date_of(SimpleNamespace(year=2025, submitted_at=None)) is None     # a draft has no date yet
