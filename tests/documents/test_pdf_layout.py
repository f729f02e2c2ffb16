"""Every kind of document, converted by LibreOffice as the server does (tuanjie/documents/pdf.py, with the
product's fonts.conf), checked from the PDF: fonts embedded and distinct for title, headings and body; no page
holding only a signature or only a heading, and no page ending on a heading; no table row split across pages and
the total kept with rows; every cell's unbreakable words whole on one line; page counts within bounds.

LibreOffice's start-up is most of the time, so all kinds are converted in one soffice run and the files kept
for the module. The PNGs of the pages, for a person to look at: TUANJIE_PDF_PNG=<folder> (needs pdftoppm)."""
import io
import re
from datetime import date

import pytest
from docx import Document

from tests.documents.half_year import enter_half_year
from tuanjie.documents import generators
from tuanjie.documents.models import DocumentKind
from tuanjie.documents.official import OfficialDocument
from tuanjie.documents.pdf import docx_to_pdfs, soffice

pdfplumber = pytest.importorskip("pdfplumber")      # a test dependency (pyproject [test]), not our own module
pytestmark = pytest.mark.skipif(not soffice(), reason="LibreOffice is not installed on this machine")

PAGE_BOUNDS = {"progress": (2, 6), "annual": (2, 6), "monthly": (2, 3), "plan": (2, 5), "notice": (2, 4),
               "cadre_file": (1, 2)}
_converted: dict[str, tuple[bytes, bytes]] = {}
PAGE_NUMBER = re.compile(r"^— \d+ —$")
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def the_documents(half_year) -> dict[str, OfficialDocument]:
    from tuanjie.inspections.models import Round
    from tuanjie.inspections.notice import round_notice_document
    from tuanjie.plans.models import Plan

    county = half_year.tree.county
    today = date(2026, 12, 15)
    return {
        "progress": generators.progress_report(county, generators.to_date_period(2026, 6), today=today),
        "annual": generators.annual_summary(county, generators.year_period(2026), today=today),
        "monthly": generators.monthly_report(county, generators.month_period(2026, 6)),
        "plan": generators.plan_document(Plan.objects.get(pk=half_year.plan_id)),
        "notice": round_notice_document(Round.objects.get(pk=half_year.round_id)),
        "cadre_file": generators.build(DocumentKind.CADRE_FILE, county, generators.year_period(2026),
                                       subject_id=half_year.office.pk, viewer=half_year.office),
    }


@pytest.fixture
def converted(tree):
    """{kind: (docx Document, pdfplumber PDF)} for every kind of document of the half-year county. The first
    test enters the county and converts; the others read the kept files."""
    if not _converted:
        half_year = enter_half_year(tree)
        docs = {kind: doc.to_bytes() for kind, doc in the_documents(half_year).items()}
        pdfs = docx_to_pdfs(docs)
        assert set(pdfs) == set(docs), f"LibreOffice converted only {sorted(pdfs)}"
        _converted.update({kind: (docs[kind], pdfs[kind]) for kind in docs})
    out = {kind: (Document(io.BytesIO(data)), pdfplumber.open(io.BytesIO(pdf)))
           for kind, (data, pdf) in _converted.items()}
    yield out
    for _doc, pdf in out.values():
        pdf.close()


def page_lines(page) -> list[str]:
    """The text lines of a page without its page number."""
    return [line.strip() for line in (page.extract_text() or "").splitlines()
            if line.strip() and not PAGE_NUMBER.match(line.strip())]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def font_of(pdf, text: str) -> str:
    """The font (subset prefix removed) of the first character of the first line that starts with `text`."""
    for page in pdf.pages:
        for line in page.extract_text_lines(return_chars=True):
            if squash(line["text"]).startswith(squash(text)):
                chars = [c for c in line["chars"] if c["text"].strip()]
                return chars[0]["fontname"].split("+", 1)[-1]
    raise AssertionError(f"{text!r} not found in the PDF")


def test_fonts_are_embedded_and_title_headings_and_body_each_have_their_own(converted):
    _doc, pdf = converted["progress"]
    names = {c["fontname"] for page in pdf.pages for c in page.chars}
    assert all(re.match(r"^[A-Z]{6}\+", name) for name in names), names      # subset-embedded, every one
    title = font_of(pdf, "团结县民族团结进步创建工作进展情况汇报")
    heading1 = font_of(pdf, "一、工作进展情况")
    heading2 = font_of(pdf, "（一）统一思想认识")
    body = font_of(pdf, "2026年以来")
    assert len({title, heading1, heading2, body}) == 4, (title, heading1, heading2, body)
    # the stand-ins of fonts.conf: a heavy Song, a Hei, a Kai and a light Song
    assert "NotoSerifCJK" in title and "Bold" in title
    assert "WenQuanYi" in heading1 or "ZenHei" in heading1
    assert "Kai" in heading2
    assert "BousungEG" in body                                  # AR PL SungtiL GB's PostScript name


def test_no_page_holds_only_a_signature_or_only_a_heading_and_no_page_ends_on_a_heading(converted):
    for kind in PAGE_BOUNDS:
        _check_pages(kind, *converted[kind])


def _check_pages(kind, doc, pdf):
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    signature = set()       # the issuer, the date and the 附件 note above them
    for p in doc.paragraphs:
        if (p.alignment is not None and p.alignment.name == "RIGHT" or p.text.startswith("附件：")) and p.text.strip():
            signature.add(squash(p.text))
    headings = {squash(p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")}
    assert texts
    for number, page in enumerate(pdf.pages, start=1):
        lines = [squash(line) for line in page_lines(page)]
        assert lines, f"{kind}: page {number} is empty"
        assert not set(lines) <= signature, f"{kind}: page {number} holds only the signature {lines}"
        assert not set(lines) <= headings | {"附件"}, f"{kind}: page {number} holds only headings {lines}"
        if number < len(pdf.pages):
            assert lines[-1] not in headings, f"{kind}: page {number} ends on the heading {lines[-1]}"


def _pages_of(pdf) -> list[str]:
    return [squash(" ".join(page_lines(page))) for page in pdf.pages]


def test_no_table_row_is_split_across_pages_and_the_total_stays_with_rows(converted):
    for kind in ("monthly", "plan", "notice", "progress"):
        _check_rows(kind, *converted[kind])


def _check_rows(kind, doc, pdf):
    """Each row of the .docx tables is a whole row of a table the PDF's ruling lines draw (a row split across pages
    would be two partial rows there); 合计 shares its page with the row above it."""
    found = []          # (page, [cell texts]) of every row the PDF draws
    for number, page in enumerate(pdf.pages):
        for table in page.find_tables():
            for row in table.extract():
                found.append((number, [squash(cell or "") for cell in row]))
    tables = [t for t in doc.tables if len(t.rows) > 1 and len(t.columns) > 1]
    assert tables, f"{kind} has no table"
    for table in tables:
        pages = []
        for row in table.rows[1:]:
            cells = [squash(c.text) for c in row.cells]
            holding = [number for number, drawn in found if drawn == cells]
            assert holding, f"{kind}: row {cells} is not one whole row on a page"
            pages.append(holding[0])
        if table.rows[-1].cells[0].text == "合计":
            assert pages[-1] == pages[-2], f"{kind}: 合计 is alone on page {pages[-1] + 1}"


def _words(text: str) -> list[str]:
    """The pieces a line may not break: dates, runs of digits and Latin letters, bracketed units."""
    return [w for line in text.split("\n")
            for w in re.findall(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日|[0-9A-Za-z.%]{2,}|（[^）]{1,3}）", line)]


def test_every_column_is_wider_than_its_longest_word(converted):
    for kind in ("monthly", "plan", "notice", "progress"):
        _check_words(kind, *converted[kind])


def _check_words(kind, doc, pdf):
    lines = [squash(line) for page in pdf.pages for line in page_lines(page)]
    for table in doc.tables:
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                for word in _words(cell.text):
                    assert any(word in line for line in lines), f"{kind}: {word!r} is broken across lines"
                if kind == "monthly" and r > 0 and c == 0:
                    # a unit's name on one line, not wrapped (the "four lines")
                    assert any(squash(cell.text) in line for line in lines), f"{cell.text} wraps"


def test_page_count_is_within_bounds(converted):
    counts = {kind: len(pdf.pages) for kind, (_doc, pdf) in converted.items()}
    assert all(low <= counts[kind] <= high for kind, (low, high) in PAGE_BOUNDS.items()), counts


def test_the_monthly_form_is_on_turned_pages(converted):
    _doc, pdf = converted["monthly"]
    assert all(page.width > page.height for page in pdf.pages)


def test_the_pages_can_be_kept_as_images_for_a_reader(converted, tmp_path):
    """TUANJIE_PDF_PNG=<folder> keeps each PDF and its pages as PNG there (pdftoppm), to look at by eye."""
    import os
    import shutil
    import subprocess
    from pathlib import Path

    folder = os.environ.get("TUANJIE_PDF_PNG")
    if not folder or not shutil.which("pdftoppm"):
        pytest.skip("set TUANJIE_PDF_PNG and install poppler-utils to keep the pages as images")
    Path(folder).mkdir(parents=True, exist_ok=True)
    for kind, (_data, pdf) in _converted.items():
        target = Path(folder, f"{kind}.pdf")
        target.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(target), str(Path(folder, kind))], check=True)
