"""A corpus of hostile and awkward files, made at test time (no binaries committed): what an attacker, a broken phone
or a careless export sends. Each entry is (id, file name, bytes, what must happen), where the last is one of
    "refused"  — refused with a Chinese message
    "safe"     — accepted, and what is kept is checked by the test (no metadata, right extension…)
Uploads (attachments) and imports (spreadsheets) have a corpus each."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image, PngImagePlugin

SECRET = "户主张三电话13800001111住幸福村3组"     # what metadata must never carry into the stored file


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes that declare a width × height greyscale picture (a decompression bomb's header)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024, 9)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def gif_declaring(width: int, height: int) -> bytes:
    tiny = io.BytesIO()
    Image.new("P", (1, 1)).save(tiny, format="GIF")
    data = bytearray(tiny.getvalue())
    data[6:10] = struct.pack("<HH", width, height)           # logical screen
    at = data.index(b"\x2c")                                 # image descriptor
    data[at + 5:at + 9] = struct.pack("<HH", width, height)
    return bytes(data)


def jpeg(size=(64, 48), colour="red", **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG", **save)
    return out.getvalue()


def jpeg_declaring(width: int, height: int) -> bytes:
    data = bytearray(jpeg())
    at = data.index(b"\xff\xc0")
    data[at + 5:at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def jpeg_with_metadata() -> bytes:
    img = Image.new("RGB", (64, 48), "blue")
    exif = img.getexif()
    exif[0x010E] = SECRET                     # ImageDescription
    exif[0x013B] = "张三"                     # Artist
    gps = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}
    exif[0x8825] = gps
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:description>{SECRET}</dc:description></x:xmpmeta>'.encode()
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif, comment=SECRET.encode(), xmp=xmp, icc_profile=SECRET.encode() * 4)
    return out.getvalue()


def png_with_text(alpha=False) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)
    info.add_itxt("Description", SECRET, lang="zh")
    info.add_text("Author", SECRET, zip=True)
    out = io.BytesIO()
    Image.new("RGBA" if alpha else "RGB", (40, 30), (10, 20, 30, 128) if alpha else "green").save(
        out, format="PNG", pnginfo=info)
    return out.getvalue()


def gif_animated_with_comment() -> bytes:
    frames = [Image.new("P", (20, 20), i) for i in range(3)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], comment=SECRET.encode(), loop=0)
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 30), "yellow").save(out, format="WEBP")
    return out.getvalue()


def pdf(js: str | None = None, encrypt: bool = False, attach: bool = False, launch: bool = False,
        padding: bytes = b"") -> bytes:
    """A one-page PDF that parses; `padding` goes into its page's content stream (to make a large file)."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, StreamObject, TextStringObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    if padding:
        stream = StreamObject()
        stream.set_data(b"%" + padding + b"\n")
        page[NameObject("/Contents")] = writer._add_object(stream)
    if js:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(js)})
    if attach:
        writer.add_attachment("payload.exe", b"MZ\x90\x00")
    if launch:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})
    if encrypt:
        writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx() -> bytes:
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("工作总结")
    document.save(out)
    return out.getvalue()


def xlsx(rows=(("a", "b"), (1, 2))) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zipped(parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def with_macro(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"Attribute VB_Name" * 10
    return zipped(parts)


def corrupted_crc(data: bytes) -> bytes:
    """The archive of `data` stored uncompressed, with one byte of the main part changed (its checksum now lies)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    stored = bytearray(zipped(parts, zipfile.ZIP_STORED))
    at = stored.index(b"<w:body>") if b"<w:body>" in stored else len(stored) // 2
    stored[at + 1] ^= 0x20
    return bytes(stored)


CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 b'officedocument.wordprocessingml.document.main+xml"/></Types>')


def upload_corpus() -> list[tuple[str, str, bytes, str]]:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return [
        ("png bomb 30000x30000", "bomb.png", png_declaring(30000, 30000), "refused"),
        ("png 9000x9000 above the cap", "big.png", png_declaring(9000, 9000), "refused"),
        ("png 65535 wide strip", "strip.png", png_declaring(65535, 2000), "refused"),
        ("gif bomb 65535x65535", "bomb.gif", gif_declaring(65535, 65535), "refused"),
        ("jpeg declaring 65000x65000", "bomb.jpg", jpeg_declaring(65000, 65000), "refused"),
        ("bmp declaring a huge picture", "bomb.bmp", _bmp_declaring(40000, 40000), "refused"),
        ("truncated jpeg", "cut.jpg", jpeg(size=(400, 300))[:600], "refused"),
        ("jpeg with exif gps comment xmp icc", "photo.jpg", jpeg_with_metadata(), "safe"),
        ("png with text chunks", "scan.png", png_with_text(), "safe"),
        ("transparent png with text chunks", "logo.png", png_with_text(alpha=True), "safe"),
        ("animated gif with comment", "anim.gif", gif_animated_with_comment(), "safe"),
        ("webp", "pic.webp", webp(), "safe"),
        ("jpeg named .pdf", "report.pdf", jpeg(), "safe"),
        ("long file name", "活动照片" * 80 + ".jpg", jpeg(), "safe"),
        ("path in the name", "../../../etc/passwd.jpg", jpeg(), "safe"),
        ("control characters in the name", "a\x00b\r\n<script>.jpg", jpeg(), "safe"),
        ("pdf named .html", "notice.html", pdf(), "safe"),
        ("pdf named .svg", "chart.svg", pdf(), "safe"),
        ("real pdf", "plan.pdf", pdf(), "safe"),
        ("pdf signature only", "fake.pdf", b"%PDF-1.4\n%%EOF", "refused"),
        ("pdf signature then html", "fake.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>", "refused"),
        ("pdf with javascript", "js.pdf", pdf(js="app.alert('x');"), "refused"),
        ("pdf launching a program", "launch.pdf", pdf(launch=True), "refused"),
        ("pdf with an embedded file", "attach.pdf", pdf(attach=True), "refused"),
        ("encrypted pdf", "locked.pdf", pdf(encrypt=True), "refused"),
        ("real docx", "summary.docx", docx(), "safe"),
        ("docx named .exe", "summary.exe", docx(), "safe"),
        ("real xlsx named .pdf", "table.pdf", xlsx(), "safe"),
        ("fake docx: content types and a word folder", "fake.docx",
         zipped({"[Content_Types].xml": b"<Types/>", "word/x.txt": b"hello"}), "refused"),
        ("fake docx: main part missing", "fake.docx",
         zipped({"[Content_Types].xml": CONTENT_TYPES, "word/other.xml": b"<a/>"}), "refused"),
        ("fake docx: plain zip", "fake.docx", zipped({"readme.txt": b"hello"}), "refused"),
        ("docx with a macro", "macro.docx", with_macro(docx()), "refused"),
        ("docx zip bomb", "bomb.docx", zipped({"[Content_Types].xml": CONTENT_TYPES,
                                               "word/document.xml": b"<" + b" " * 60_000_000}), "refused"),
        ("docx with a corrupted part", "broken.docx", corrupted_crc(docx()), "refused"),
        ("zip signature only", "x.docx", b"PK\x03\x04" + b"\x00" * 100, "refused"),
        ("legacy office with a VBA project", "macro.doc", ole + "_VBA_PROJECT".encode("utf-16-le"), "refused"),
        ("legacy office named .exe", "tool.exe", ole, "refused"),
        ("html named .jpg", "x.jpg", b"<html><script>alert(document.cookie)</script></html>", "refused"),
        ("svg with script named .png", "x.png",
         b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "refused"),
        ("windows program named .pdf", "x.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "refused"),
        ("empty file", "empty.jpg", b"", "refused"),
        ("gif header then javascript", "x.gif", b"GIF89a/*\x00\x00*/=alert(1);", "refused"),
    ]


def _bmp_declaring(width: int, height: int) -> bytes:
    header = b"BM" + struct.pack("<IHHI", 62, 0, 0, 62)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 1, 0, 0, 2835, 2835, 2, 0)
    return header + info + b"\x00\x00\x00\x00\xff\xff\xff\x00"


def sheet_zip(sheet_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .xlsx whose first sheet is `sheet_xml`."""
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               b'content-types"><Default Extension="xml" ContentType="application/xml"/><Override '
                               b'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
                               b'.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                               b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet'
                               b'+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                       b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                           b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                           b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                                      b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                                      b'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                                      b'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
        **(extra or {}),
    }
    return zipped(parts)


def _sheet(rows_xml: bytes) -> bytes:
    return (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheetData>" + rows_xml + b"</sheetData></worksheet>")


def import_corpus(headers: list[str], good_row: list, formula_row: list) -> list[tuple[str, str, object, str]]:
    """Files offered to an import whose template has `headers`; `good_row` is one valid row of values (a date in it
    written as the number 20260305), `formula_row` the same with text that a spreadsheet would run. The large ones
    come as functions, made only when their test runs."""
    import csv

    def book(*rows, title_rows=()):
        from openpyxl import Workbook

        wb = Workbook()
        for row in (*title_rows, headers, *rows):
            wb.active.append(list(row))
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    def csv_bytes(rows, encoding="utf-8-sig"):
        out = io.StringIO()
        csv.writer(out).writerows([headers, *rows])
        return out.getvalue().encode(encoding)

    def many_rows():
        return _sheet(b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
                               for i in range(1, 250_001)))
    wide = _sheet(b'<row r="1">' + b"".join(b'<c t="inlineStr"><is><t>h%d</t></is></c>' % i for i in range(600))
                  + b"</row>")
    formula = _sheet(b'<row r="1"><c r="A1"><f>HYPERLINK("http://evil.example","x")</f><v>0</v></c></row>')
    return [
        ("250 000 rows in a small file", "rows.xlsx", lambda: sheet_zip(many_rows()), "refused"),
        ("600 columns", "wide.xlsx", sheet_zip(wide), "refused"),
        ("unpacks to 210 MB", "bomb.xlsx",
         lambda: sheet_zip(_sheet(b""), {"xl/sharedStrings.xml": b" " * 210_000_000}), "refused"),
        ("a formula cell", "formula.xlsx", sheet_zip(formula), "refused"),
        ("a macro inside", "macro.xlsx", sheet_zip(_sheet(b""), {"xl/vbaProject.bin": b"\x00" * 64}), "refused"),
        ("named .xlsm", "macro.xlsm", book(good_row), "refused"),
        ("sheet xml broken", "broken.xlsx", sheet_zip(b"<worksheet><sheetData><row><c"), "refused"),
        ("no sheet in the workbook", "nosheet.xlsx", zipped({"[Content_Types].xml": b"<Types/>"}), "refused"),
        ("a word document named .xlsx", "doc.xlsx", docx(), "refused"),
        ("a pdf named .xlsx", "x.xlsx", pdf(), "refused"),
        ("html saved as .xls", "export.xls", b"<html><table><tr><td>1</td></tr></table></html>", "refused"),
        ("binary named .csv", "x.csv", b"\x00\x01\x02\x03" * 100, "refused"),
        ("empty csv", "empty.csv", b"", "refused"),
        ("headers missing", "other.xlsx", xlsx((("甲", "乙"), (1, 2))), "refused"),
        ("a date as the number 20260305 and a title row", "dates.xlsx",
         book(good_row, title_rows=[["2026年活动台账"], ["填报单位：城关镇"]]), "safe"),
        ("csv in gbk", "gbk.csv", csv_bytes([good_row], "gb18030"), "safe"),
        ("text that looks like a formula", "formula.csv", csv_bytes([formula_row]), "safe"),
    ]
