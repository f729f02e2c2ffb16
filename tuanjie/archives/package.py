"""Assembling a year's archive package: one .zip with a folder per category, each piece's files under its 档号,
printed records as PDF, and the catalogue as Excel (catalogue.py).

Streamed: the zip is written to a file on disk member by member, each attachment copied from storage in chunks,
and the catalogue's rows go into a write-only workbook (itself spooled to disk) as their files are written, so a
county's year with tens of thousands of photos holds one chunk and one batch of printed documents in memory at a
time, never the year."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.db.models import Subquery
from django.utils.translation import gettext as _

from tuanjie.archives import catalogue, registry
from tuanjie.attachments.models import Attachment
from tuanjie.core.spreadsheets import xlsx_write
from tuanjie.documents import pdf

CHUNK = 1 << 20
PDF_BATCH = 20          # documents converted per LibreOffice run (its start-up is most of the time)
CATALOGUE_NAME = "00_归档文件目录.xlsx"
# Photos are JPEG/PNG already: compressing them again costs time and saves nothing.
STORED_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".docx", ".xlsx", ".zip"}
_PAGE = re.compile(rb"/Type\s*/Page(?![a-z])")


class LibreOfficeMissing(RuntimeError):
    pass


def file_count(place, year: int) -> int:
    """How many files the package will hold (the progress bar's whole): attachments, printed records, catalogue."""
    total = 1
    for piece in registry.listed():
        records = piece.records(place, year)
        if piece.files:
            total += Attachment.objects.filter(content_type=ContentType.objects.get_for_model(piece.model),
                                               object_id__in=Subquery(records.values("pk"))).count()
        if piece.document is not None:
            total += records.count()
    return total


def _docx_bytes(made) -> bytes:
    if hasattr(made, "to_bytes"):          # an OfficialDocument built now
        return made.to_bytes()
    if isinstance(made, bytes | bytearray):
        return bytes(made)
    with made.open("rb") as handle:        # a stored .docx
        return handle.read()


def _pages(data: bytes) -> int:
    return max(1, len(_PAGE.findall(data)))


def _compress(name: str) -> int:
    return zipfile.ZIP_STORED if os.path.splitext(name)[1].lower() in STORED_EXTENSIONS else zipfile.ZIP_DEFLATED


def _copy(archive: zipfile.ZipFile, name: str, stored) -> None:
    info = zipfile.ZipInfo(name)
    info.compress_type = _compress(name)
    with stored.open("rb") as source, archive.open(info, "w", force_zip64=True) as target:
        shutil.copyfileobj(source, target, CHUNK)


def _print(archive: zipfile.ZipFile, batch: list[catalogue.Line]) -> None:
    """Write the PDFs of a batch of lines whose piece prints a document: stored PDFs as they are, the rest
    converted in one LibreOffice run. Without LibreOffice the package fails: an archive missing its documents
    is not an archive."""
    to_convert: dict[str, bytes] = {}
    for i, line in enumerate(batch):
        made = line.piece.document(line.record)
        if hasattr(made, "name") and str(made.name).lower().endswith(".pdf"):
            with made.open("rb") as handle:
                data = handle.read()
            archive.writestr(line.document_name, data, compress_type=zipfile.ZIP_STORED)
            line.pages = _pages(data)
        else:
            to_convert[f"d{i}"] = _docx_bytes(made)
    if not to_convert:
        return
    if pdf.soffice() is None:
        raise LibreOfficeMissing(_("服务器未安装 LibreOffice，无法把文稿转为 PDF，档案包没有生成。请管理员安装后重新生成"))
    converted = pdf.docx_to_pdfs(to_convert)
    for key in to_convert:
        line = batch[int(key[1:])]
        if key not in converted:
            raise LibreOfficeMissing(_("“%(t)s”没能转为 PDF，档案包没有生成") % {"t": line.title})
        archive.writestr(line.document_name, converted[key], compress_type=zipfile.ZIP_STORED)
        line.pages = _pages(converted[key])


def _written(archive: zipfile.ZipFile, place, year: int, progress: Callable[[int], None]) -> Iterator[list]:
    """The catalogue's rows, each yielded once its files are in the zip."""
    batch: list[catalogue.Line] = []

    def flush():
        _print(archive, batch)
        rows = [line.row() for line in batch]
        progress(len(batch) + sum(len(line.files) for line in batch))
        batch.clear()
        return rows

    for line in catalogue.lines(place, year):
        for stored in line.files:
            _copy(archive, stored.name, stored.file)
        if line.pages == 0:
            line.pages = max(1, len(line.files))
        if line.document_name:
            batch.append(line)
            if len(batch) >= PDF_BATCH:
                yield from flush()
            continue
        progress(len(line.files))
        yield line.row()
    if batch:
        yield from flush()


def build(place, year: int, target, progress: Callable[[int], None] = lambda n: None) -> int:
    """Write the package of `place`'s `year` into `target` (a path or a binary file); the number of catalogue lines."""
    count = 0
    with zipfile.ZipFile(target, "w", allowZip64=True) as archive:
        def rows():
            nonlocal count
            for row in _written(archive, place, year, progress):
                count += 1
                yield row

        with tempfile.TemporaryFile() as sheet:
            xlsx_write(sheet, catalogue.HEADERS, rows(), sheet_title=_("归档文件目录"))
            sheet.seek(0)
            info = zipfile.ZipInfo(CATALOGUE_NAME)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as out:
                shutil.copyfileobj(sheet, out, CHUNK)
        progress(1)
    return count
