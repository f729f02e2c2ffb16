"""No export writes a live formula. Every record of every business model gets text that a spreadsheet would run in
each of its free-text fields, and every list page's Excel export is opened again: no cell is a formula, and every
cell whose text starts with = + - @ is a text cell with the quote prefix (OWASP's CSV/formula injection advice)."""

import io
from pathlib import Path

from django.db import models
from openpyxl import load_workbook

from tests.access.routes import page_routes
from tests.factories import FACTORIES
from tuanjie.core.context import acting_as

PAYLOADS = ('=HYPERLINK("http://evil.example","点击")', "+1-2", "-3+4", "@SUM(A1)", "\t=1+1", "\r=1+1")
# Text columns that are keys (into the place tree, the countables registry, office-defined kinds), not free text.
KEYS = {"path", "code", "password", "username", "object_id", "request_id", "countable", "kind", "mime", "grain",
        "dedupe_key", "key", "file", "thumbnail", "state", "status", "source", "kind_key", "category", "field"}
ROOT = Path(__file__).resolve().parents[2] / "tuanjie"


def _poison(model, pks):
    fields = [f for f in model._meta.concrete_fields
              if isinstance(f, (models.CharField, models.TextField)) and not f.choices and not f.unique
              and f.name not in KEYS]
    for i, field in enumerate(fields):
        payload = PAYLOADS[i % len(PAYLOADS)]
        if field.max_length:
            payload = payload[:field.max_length]
        model._base_manager.filter(pk__in=pks).update(**{field.name: payload})


def test_no_list_export_writes_a_formula(tree, county_office, client_for):
    with acting_as(None, source="test"):
        made = [(make(tree.t1, tree)) for make in FACTORIES.values()]
    for record in made:
        _poison(type(record), [record.pk])
    client = client_for(county_office)
    exported, risky = 0, 0
    for routes in page_routes().values():
        for url in routes.lists:
            response = client.get(url, {"export": "xlsx"})
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("application/vnd"):
                continue
            exported += 1
            book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (url, cell.coordinate, cell.value)
                        if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r":
                            risky += 1
                            assert cell.quotePrefix, (url, cell.coordinate, cell.value)
    assert exported >= 10 and risky >= 10, (exported, risky)


def test_only_the_spreadsheet_module_writes_workbooks():
    """One writer, so one place neutralises formulas: nothing else builds an openpyxl workbook or a CSV."""
    writers = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
               if p.name != "spreadsheets.py" and ("openpyxl" in (t := p.read_text(encoding="utf-8"))
                                                  or "csv.writer" in t or "DictWriter" in t)]
    assert not writers, writers


def test_an_import_template_lists_an_office_defined_name_as_text_not_as_a_formula():
    from tuanjie.core.spreadsheets import template_response

    response = template_response("模板.xlsx", ["活动类型"], ["=1+1"], ["-说明"], {"活动类型": ["=cmd|' /C calc'!A0"]})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    risky = [c for c in cells if str(c.value)[:1] in "=+-@"]
    assert len(risky) == 3
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


def test_an_export_names_its_sheet_whatever_the_record_is_called():
    from tuanjie.core.spreadsheets import xlsx_response

    response = xlsx_response("x.xlsx", ["=表头"], [["a"]], "2026/03:[城关镇]*?")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.worksheets[0]["A1"].quotePrefix and book.worksheets[0]["A1"].data_type == "s"
