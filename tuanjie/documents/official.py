"""Official documents (公文) in the GB/T 9704-2012 layout, written with python-docx.

    doc = OfficialDocument(title="关于……的情况汇报", issuer="××县民族团结进步创建工作领导小组办公室")
    doc.paragraph("现将工作进展情况汇报如下：")
    doc.heading1("工作进展情况")          # → "一、工作进展情况", 黑体 3号
    doc.heading2("强化组织领导")          # → "（一）强化组织领导", 楷体 3号
    doc.paragraph("……")                   # 仿宋 3号, first line indented two characters
    doc.table(["单位", "活动"], [["甲", 3]])
    doc.image(png_bytes, width_mm=150)
    doc.signature(issuer, date)
    data = doc.to_bytes()

Layout (GB/T 9704-2012 §5): A4 (210 × 297 mm); top margin 37 mm, left 28 mm, text block 156 × 225 mm, so bottom
35 mm and right 26 mm; 22 lines of 28 characters per page (exact line spacing 28.95 pt and a w:docGrid of the same
pitch); title 2号 (22 pt) 小标宋 centred; body 3号 (16 pt) 仿宋; level-one headings 黑体, level-two 楷体; page numbers
4号 (14 pt) 宋体 as "— 1 —", odd pages on the right, even pages on the left, one character in from the edge.

Fonts: offices install the GB2312 font set ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312"). Each font is written in
w:rFonts for ascii, hAnsi, eastAsia and cs (so Word and WPS use it for Chinese and for digits alike) and listed in the
document's font table with an alternative name (w:altName) and the GB2312 character set, so a machine without the
GB2312 font falls back to the Windows standard font of the same kind (宋体, 仿宋, 楷体) instead of a Latin face.
"""
from __future__ import annotations

import io
import re
from datetime import date as date_type
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from tuanjie.core.dates import day_text

# ---- sizes (Chinese type sizes 字号 in points) -------------------------------------------------------------
SIZE_2HAO = Pt(22)   # 二号: title
SIZE_3HAO = Pt(16)   # 三号: body, headings
SIZE_4HAO = Pt(14)   # 四号: page numbers
SIZE_XIAO4 = Pt(12)  # 小四: table text
SIZE_RED_HEAD = Pt(36)  # issuing-authority mark (发文机关标志) when a doc number is given

# ---- page -------------------------------------------------------------------------------------------------
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_LEFT_MM = 28
TEXT_WIDTH_MM = 156
TEXT_HEIGHT_MM = 225
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_HEIGHT_MM   # 35
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TEXT_WIDTH_MM     # 26
LANDSCAPE_TEXT_WIDTH_MM = TEXT_HEIGHT_MM                             # 225: a turned page's text block
CELL_MARGIN_MM = 1.9          # Word's default left and right cell margin (0.19 cm), which LibreOffice also applies
# The page number's top edge sits 7 mm below the text block (GB/T 9704 §7.5); a 4号 line is about 5 mm high.
FOOTER_DISTANCE_MM = MARGIN_BOTTOM_MM - 7 - 5                        # 23
HEADER_DISTANCE_MM = 15
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = Pt(28.95)        # 225 mm / 22 lines, as offices set it ("固定值 28.95 磅")
LINE_PITCH_TWIPS = 579
# Character pitch 156 mm / 28 = 15.79 pt; w:charSpace is the difference from the 16 pt body size in 1/4096 pt.
CHAR_CONDENSE_TWIPS = -5       # −0.25 pt per character (w:spacing is in twentieths of a point)
CHAR_SPACE = round((TEXT_WIDTH_MM * 72 / 25.4 / CHARS_PER_LINE - 16) * 4096)   # -849

# ---- fonts ------------------------------------------------------------------------------------------------
FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING1 = "黑体"
FONT_HEADING2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"
# Font table entries: name → (alternative name, panose, family, pitch). charset 86 = GB2312.
FONT_FALLBACKS = {
    "方正小标宋简体": ("宋体", "02000000000000000000", "script"),
    "仿宋_GB2312": ("仿宋", "02010609030101010101", "modern"),
    "楷体_GB2312": ("楷体", "02010609030101010101", "modern"),
    "黑体": ("SimHei", "02010609060101010101", "modern"),
    "宋体": ("SimSun", "02010600030101010101", "auto"),
    "仿宋": ("FangSong", "02010609060101010101", "modern"),
    "楷体": ("KaiTi", "02010609060101010101", "modern"),
}

RED = RGBColor(0xFF, 0x00, 0x00)
BLACK = RGBColor(0, 0, 0)

CN_DIGITS = "零一二三四五六七八九"
HEADING1_PREFIX = re.compile(r"^[一二三四五六七八九十百零]+、")
HEADING2_PREFIX = re.compile(r"^（[一二三四五六七八九十百零]+）")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (for heading numbers)."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = CN_DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + CN_DIGITS[rest]
        tail = chinese_number(rest)
        return head + ("一" + tail if tail.startswith("十") else tail)
    return str(n)


def chinese_date(d: date_type) -> str:
    """GB/T 9704-2012 §7.3.5.3: arabic numerals, year in full, no leading zeros: 2026年11月3日."""
    return day_text(d)


# ---- low-level XML helpers --------------------------------------------------------------------------------

# Schema order of the elements we add by hand (CT_RPr / CT_PPr successors), so Word does not call the file damaged.
_RPR_AFTER_SZCS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                   "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_PPR_AFTER_SNAP = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                   "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                   "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_PPR_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                   "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                   "w:snapToGrid") + _PPR_AFTER_SNAP


def _child(parent, tag: str, successors: tuple[str, ...]):
    """The child `tag` of `parent`, created in schema order if missing."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.insert_element_before(element, *successors)
    return element


def _set_fonts(element, name: str) -> None:
    """Set w:rFonts ascii/hAnsi/eastAsia/cs on a run or a style, dropping theme fonts that would override it."""
    rPr = element.get_or_add_rPr()
    rFonts = rPr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rFonts.get(qn(attr)) is not None:
            del rFonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rFonts.set(qn(attr), name)
    rFonts.set(qn("w:hint"), "eastAsia")


def _style_font(style, name: str, size, bold=False, color=BLACK) -> None:
    style.font.name = name
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = color
    _set_fonts(style.element, name)
    rPr = style.element.get_or_add_rPr()
    # complex-script size too, so WPS does not fall back to the template's size
    style.font.cs_bold = bold
    szCs = _child(rPr, "w:szCs", _RPR_AFTER_SZCS)
    szCs.set(qn("w:val"), str(int(size.pt * 2)))


def _remove(parent, tag: str) -> None:
    if parent is None:
        return
    for child in parent.findall(qn(tag)):
        parent.remove(child)


def _exact_lines(paragraph_format, pitch=LINE_PITCH) -> None:
    paragraph_format.line_spacing = pitch
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


def _indent_chars(paragraph_format, first_line_chars: int = 2, size=SIZE_3HAO) -> None:
    """First-line indent in characters (w:firstLineChars, which Word and WPS prefer) plus the length equivalent."""
    paragraph_format.first_line_indent = Pt(size.pt * first_line_chars)
    pPr = paragraph_format.element.get_or_add_pPr()
    ind = pPr.find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))


def _add_field(paragraph, instruction: str, placeholder: str = "1"):
    """A complex field (e.g. PAGE) as fldChar begin / instrText / separate / result / end runs."""
    runs = []

    def run_with(child):
        run = paragraph.add_run()
        run._r.append(child)
        runs.append(run)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    runs.append(paragraph.add_run(placeholder))
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)
    return runs


def _register_fonts(document) -> None:
    """List the official fonts in word/fontTable.xml with GB2312 charset and an alternative name."""
    font_table = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            font_table = rel.target_part
            break
    if font_table is None:
        return
    from lxml import etree

    root = etree.fromstring(font_table.blob)
    existing = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, (alt, panose, family) in FONT_FALLBACKS.items():
        if name in existing:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alt), ("w:panose1", panose), ("w:charset", "86"),
                           ("w:family", family), ("w:pitch", "variable")):
            child = etree.SubElement(font, qn(tag))
            child.set(qn("w:val"), value)
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _width(text: str) -> float:
    """Width in body characters: Chinese characters count one, digits and Latin letters half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


TITLE_CHARS_PER_LINE = 20          # 2号 (22 pt) characters on the 156 mm line (a full line may still wrap)
TITLE_ENDINGS = ("民族团结进步创建工作实施方案", "创建工作实施方案", "工作实施方案", "实施方案", "工作进展情况汇报",
                 "进展情况汇报", "情况汇报", "工作总结", "情况的通报", "通报", "工作月报表", "月报表",
                 "结对帮扶“一人一档”", "“一人一档”")


def title_lines(title: str) -> list[str]:
    """The title's lines: as written when it has line breaks; else a title too long for one line breaks before
    its ending ("……创建工作\n实施方案") rather than leaving one or two characters on the second line."""
    if "\n" in title or _width(title) < TITLE_CHARS_PER_LINE:
        return title.split("\n")
    for ending in sorted(TITLE_ENDINGS, key=len):
        head = title[: -len(ending)]
        if title.endswith(ending) and head and _width(head) <= TITLE_CHARS_PER_LINE and _width(ending) >= 3:
            return [head, ending]
    return [title]


def _set_width(text: str) -> float:
    """`_width` as Word and LibreOffice set a line: they put a quarter of a character between Chinese and
    digits or Latin letters (autoSpaceDE/DN)."""
    changes = sum(1 for a, b in zip(text, text[1:], strict=False) if (ord(a) < 0x2E80) != (ord(b) < 0x2E80) and
                  a.strip() and b.strip())
    return _width(text) + 0.25 * changes


def _longest_word(text: str) -> float:
    """Width (in characters of the cell's size) of the longest piece a line may not break: a run of digits,
    Latin letters and signs ("2026", "100%", "12.5"), a date ("2026年5月30日", "7月15日"), a bracketed unit
    ("（次）"), or a single Chinese character."""
    widest = 0.0
    for line in text.split("\n"):
        for piece in re.findall(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日|[0-9A-Za-z.%\-+/:]+|（[^）]{0,3}）|\([^)]{0,3}\)|.", line):
            widest = max(widest, _set_width(piece))
    return widest


def column_widths(headers: list[str], rows: list[list[str]], total_mm: float, size_pt: float,
                  given: list[float] | None = None) -> list[float]:
    """Column widths in mm that add up to `total_mm`. Each column gets at least its longest unbreakable word and
    at most its longest line; room left over goes to the columns whose lines are longest (the names), so a unit's
    name stays on one line whenever the page allows. `given` widths are scaled to the total and raised to those
    minimums."""
    # 10 % and 1 mm to spare: digits in the stand-in fonts are wider than half a character
    char_mm = size_pt * 25.4 / 72 * 1.1
    columns = list(zip(headers, *rows, strict=True)) if rows else [(h,) for h in headers]
    least = [max(_longest_word(t) for t in col) * char_mm + 2 * CELL_MARGIN_MM + 1 for col in columns]
    # A header its author broke with a newline ("截至6月底\n完成") says where it may break: its lines stay whole
    # rather than stacking a character or two per line under a wide neighbour.
    least = [max(m, max(_set_width(line) for line in h.split("\n")) * char_mm + 2 * CELL_MARGIN_MM + 1)
             if "\n" in h else m for m, h in zip(least, headers, strict=True)]
    natural = [max(max(_set_width(line) for line in t.split("\n")) for t in col) * char_mm + 2 * CELL_MARGIN_MM + 1
               for col in columns]
    if given:
        scale = total_mm / sum(given)
        widths = [max(w * scale, m) for w, m in zip(given, least, strict=True)]
    elif sum(natural) <= total_mm:
        spare = total_mm - sum(natural)
        widths = [n + spare * n / sum(natural) for n in natural]
    else:
        widths = list(least)
        # give the room above the minimums to the columns in proportion to how much more their lines need
        want = [n - m for n, m in zip(natural, least, strict=True)]
        room = total_mm - sum(least)
        if room > 0 and sum(want) > 0:
            widths = [m + room * w / sum(want) for m, w in zip(least, want, strict=True)]
    excess = sum(widths) - total_mm
    if excess > 0.01:     # raised minimums: take the excess from the columns that have room above theirs
        slack = [w - m for w, m in zip(widths, least, strict=True)]
        if sum(slack) > 0:
            widths = [w - excess * sl / sum(slack) for w, sl in zip(widths, slack, strict=True)]
    return [round(w, 2) for w in widths]


def _fix_table_widths(table, widths_mm: list[float]) -> None:
    """Fixed layout with the grid (w:gridCol) and the table width written to agree with the cells' widths:
    LibreOffice lays a table out from its grid, Word and WPS from the cells; when they disagree one of them
    shows equal columns."""
    tbl = table._tbl
    tblPr = tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(round(Mm(w).twips) for w in widths_mm)))
    width.set(qn("w:type"), "dxa")
    old = tblPr.find(qn("w:tblW"))
    if old is not None:
        tblPr.remove(old)
    tblPr.insert_element_before(width, "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                                "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
    layout = tblPr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tblPr.insert_element_before(layout, "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
    layout.set(qn("w:type"), "fixed")
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for w in widths_mm:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(round(Mm(w).twips)))
        grid.append(col)


class OfficialDocument:
    """A Word document laid out as a Chinese official document (GB/T 9704-2012)."""

    def __init__(self, *, title: str, issuer: str, doc_number: str = "", date: date_type | None = None,
                 red_head: bool | None = None, landscape: bool = False):
        self.landscape = landscape
        self.title = title
        self.issuer = issuer
        self.doc_number = doc_number
        self.date = date
        self._h1 = 0
        self._h2 = 0
        self.document = Document()
        self._setup_page()
        self._setup_styles()
        self._setup_footers()
        _register_fonts(self.document)
        props = self.document.core_properties
        props.title = title
        props.author = issuer
        props.language = "zh-CN"
        # python-docx's template carries a fixed creation time; the generation stamp is set by `stamp()` only, so a
        # document drafted twice from the same data is the same file apart from that stamp.
        props.created = props.modified = datetime(2000, 1, 1)
        props.revision = 1
        # remove the template's empty first paragraph
        body = self.document.element.body
        for p in list(body.findall(qn("w:p"))):
            if not p.xpath("string(.)"):
                body.remove(p)
        if red_head if red_head is not None else bool(doc_number):
            self._red_head()
        elif doc_number:
            self._line(doc_number, align=WD_ALIGN_PARAGRAPH.CENTER)
            self.blank()
        self._title()

    # ---- setup --------------------------------------------------------------------------------------------
    @property
    def text_width_mm(self) -> float:
        return LANDSCAPE_TEXT_WIDTH_MM if self.landscape else TEXT_WIDTH_MM

    def _setup_page(self) -> None:
        section = self.document.sections[0]
        if self.landscape:
            # A wide form (the monthly report) on A4 turned: the same margins turned with the page, so the text
            # block is 225 × 156 mm and the binding edge stays on the left of the printed sheet's top.
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width = Mm(PAGE_HEIGHT_MM)
            section.page_height = Mm(PAGE_WIDTH_MM)
            section.top_margin = Mm(MARGIN_LEFT_MM)
            section.bottom_margin = Mm(MARGIN_RIGHT_MM)
            section.left_margin = Mm(MARGIN_TOP_MM)
            section.right_margin = Mm(MARGIN_BOTTOM_MM)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width = Mm(PAGE_WIDTH_MM)
            section.page_height = Mm(PAGE_HEIGHT_MM)
            section.top_margin = Mm(MARGIN_TOP_MM)
            section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
            section.left_margin = Mm(MARGIN_LEFT_MM)
            section.right_margin = Mm(MARGIN_RIGHT_MM)
        section.header_distance = Mm(HEADER_DISTANCE_MM)
        section.footer_distance = Mm(FOOTER_DISTANCE_MM)
        section.gutter = Mm(0)
        sectPr = section._sectPr
        grid = sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sectPr.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        grid.set(qn("w:charSpace"), str(CHAR_SPACE))

    def _setup_styles(self) -> None:
        styles = self.document.styles
        # document defaults: body font, size, Chinese language
        rPrDefault = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        rPr = rPrDefault.find(qn("w:rPr"))
        rFonts = rPr.find(qn("w:rFonts"))
        if rFonts is None:
            rFonts = OxmlElement("w:rFonts")
            rPr.insert(0, rFonts)
        for attr in list(rFonts.attrib):
            del rFonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rFonts.set(qn(attr), FONT_BODY)
        _child(rPr, "w:sz", ("w:szCs",) + _RPR_AFTER_SZCS).set(qn("w:val"), "32")
        _child(rPr, "w:szCs", _RPR_AFTER_SZCS).set(qn("w:val"), "32")
        lang = _child(rPr, "w:lang", _RPR_AFTER_LANG)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        lang.set(qn("w:bidi"), "ar-SA")

        normal = styles["Normal"]
        _style_font(normal, FONT_BODY, SIZE_3HAO)
        _exact_lines(normal.paragraph_format)
        normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        normal.paragraph_format.widow_control = False
        # 28 characters a line without relying on the character grid: LibreOffice (our PDF path) snaps each
        # 16 pt glyph to two 15.79 pt grid cells, doubling the spacing. So body text does not snap to the grid;
        # the exact 28.95 pt line spacing keeps 22 lines, and condensing each character by 0.25 pt keeps 28 per
        # line (156 mm = 442.2 pt; 28 × 15.75 pt = 441 pt) in Word, WPS and LibreOffice alike.
        _child(normal.element.get_or_add_pPr(), "w:snapToGrid", _PPR_AFTER_SNAP).set(qn("w:val"), "0")
        normal_rpr = normal.element.get_or_add_rPr()
        _child(normal_rpr, "w:spacing", ("w:w", "w:kern", "w:position", "w:sz", "w:szCs") + _RPR_AFTER_SZCS
               ).set(qn("w:val"), str(CHAR_CONDENSE_TWIPS))

        title = styles["Title"]
        _style_font(title, FONT_TITLE, SIZE_2HAO)
        _remove(title.element.pPr, "w:pBdr")
        _remove(title.element.pPr, "w:contextualSpacing")
        _exact_lines(title.paragraph_format, Pt(35))
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.first_line_indent = Pt(0)
        _remove(title.element.rPr, "w:spacing")
        _remove(title.element.rPr, "w:kern")

        for style_name, font in (("Heading 1", FONT_HEADING1), ("Heading 2", FONT_HEADING2)):
            style = styles[style_name]
            _style_font(style, font, SIZE_3HAO)
            _exact_lines(style.paragraph_format)
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _indent_chars(style.paragraph_format)

        footer = styles["Footer"]
        _style_font(footer, FONT_PAGE_NUMBER, SIZE_4HAO)
        footer.paragraph_format.line_spacing = 1.0
        footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        footer.paragraph_format.first_line_indent = Pt(0)
        _remove(footer.element.pPr, "w:tabs")

        table_style = styles["Table Grid"]
        _style_font(table_style, FONT_BODY, SIZE_XIAO4)

    def _setup_footers(self) -> None:
        self.document.settings.odd_and_even_pages_header_footer = True
        section = self.document.sections[0]
        self._page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
        self._page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    def _page_number(self, footer, alignment) -> None:
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.style = self.document.styles["Footer"]
        paragraph.alignment = alignment
        # one character (4号) in from the edge: right for odd pages, left for even pages
        if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = SIZE_4HAO
        else:
            paragraph.paragraph_format.left_indent = SIZE_4HAO
        runs = [paragraph.add_run("— ")]
        runs += _add_field(paragraph, "PAGE")
        runs.append(paragraph.add_run(" —"))
        for run in runs:
            self._font(run, FONT_PAGE_NUMBER, SIZE_4HAO)

    # ---- helpers --------------------------------------------------------------------------------------------
    @staticmethod
    def _font(run, name: str, size, bold: bool = False, color=None) -> None:
        run.font.name = name
        run.font.size = size
        run.font.bold = bold
        if color is not None:
            run.font.color.rgb = color
        _set_fonts(run._r, name)

    def _line(self, text: str, *, align=WD_ALIGN_PARAGRAPH.LEFT, font=FONT_BODY, size=SIZE_3HAO, bold=False):
        paragraph = self.document.add_paragraph()
        paragraph.alignment = align
        if text:
            self._font(paragraph.add_run(text), font, size, bold)
        return paragraph

    def _red_head(self) -> None:
        """版头: the issuing authority's mark in red, the doc number, and the red separator line."""
        text = f"{self.issuer}文件"
        # as large as 36 pt, smaller for a long name so that it stays on one line of the 156 mm text block
        size = Pt(max(16, min(SIZE_RED_HEAD.pt, int(TEXT_WIDTH_MM * 72 / 25.4 * 0.96 / max(_width(text), 1)))))
        mark = self._line(text, align=WD_ALIGN_PARAGRAPH.CENTER, font=FONT_TITLE, size=size)
        _exact_lines(mark.paragraph_format, Pt(size.pt * 1.4))
        for run in mark.runs:
            run.font.color.rgb = RED
        self.blank()
        number = self._line(self.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER)
        pPr = number._p.get_or_add_pPr()
        borders = _child(pPr, "w:pBdr", _PPR_AFTER_PBDR)
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "8"), ("w:color", "FF0000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        self.blank()

    def _title(self) -> None:
        paragraph = self.document.add_paragraph(style="Title")
        for i, line in enumerate(title_lines(self.title)):
            if i:
                paragraph.add_run().add_break()
            self._font(paragraph.add_run(line), FONT_TITLE, SIZE_2HAO)
        self.blank()

    # ---- public API -----------------------------------------------------------------------------------------
    def blank(self):
        """An empty body line (空一行)."""
        return self.document.add_paragraph()

    def heading1(self, text: str):
        """Level-one heading "一、……" in 黑体 3号; the number is added unless the text already has one."""
        self._h1 += 1
        self._h2 = 0
        if not HEADING1_PREFIX.match(text):
            text = f"{chinese_number(self._h1)}、{text}"
        paragraph = self.document.add_paragraph(style="Heading 1")
        self._font(paragraph.add_run(text), FONT_HEADING1, SIZE_3HAO)
        return paragraph

    def heading2(self, text: str):
        """Level-two heading "（一）……" in 楷体 3号; the number is added unless the text already has one."""
        self._h2 += 1
        if not HEADING2_PREFIX.match(text):
            text = f"（{chinese_number(self._h2)}）{text}"
        paragraph = self.document.add_paragraph(style="Heading 2")
        self._font(paragraph.add_run(text), FONT_HEADING2, SIZE_3HAO)
        return paragraph

    def paragraph(self, text: str, *, lead: str = "", indent: bool = True, align=None):
        """Body text in 仿宋 3号, first line indented two characters. `lead` starts the paragraph in 楷体 (for
        "一是……" style run-in headings)."""
        paragraph = self.document.add_paragraph(style="Normal")
        if indent:
            _indent_chars(paragraph.paragraph_format)
        if align is not None:
            paragraph.alignment = align
        if lead:
            self._font(paragraph.add_run(lead), FONT_HEADING2, SIZE_3HAO)
        self._font(paragraph.add_run(text), FONT_BODY, SIZE_3HAO)
        return paragraph

    def table(self, headers, rows, *, size=SIZE_XIAO4, widths_mm=None, caption: str = "", total_row: bool = False,
              ends_document: bool = False):
        """A ruled table as wide as the text block; header row in 黑体, repeated on every page; no row split
        across pages. Column widths are fixed and written both in the grid (w:tblGrid) and in every cell (w:tcW)
        with a fixed layout, so Word, WPS and LibreOffice all honour them; each column is at least as wide as its
        longest unbreakable word. A header may break where it has a newline ("报送信息\n（条）"). With
        `total_row`, the last row (合计) is kept on the page of the rows above it. A `caption` above it is kept
        with the table. A table that `ends_document` is followed by a 1 pt paragraph (Word needs a paragraph
        after a table) instead of a blank line, which could make a page of its own."""
        headers = [str(h) for h in headers]
        texts = [["" if v is None else str(v) for v in row] for row in rows]
        widths_mm = column_widths(headers, texts, self.text_width_mm, size.pt, given=widths_mm)
        if caption:
            title = self._line(caption, align=WD_ALIGN_PARAGRAPH.CENTER, font=FONT_HEADING1)
            _exact_lines(title.paragraph_format)
            title.paragraph_format.keep_with_next = True
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _fix_table_widths(table, widths_mm)
        header_row = table.rows[0]
        trPr = header_row._tr.get_or_add_trPr()
        for tag in ("w:cantSplit", "w:tblHeader"):
            flag = OxmlElement(tag)
            flag.set(qn("w:val"), "true")
            trPr.append(flag)
        for cell, text in zip(header_row.cells, headers, strict=True):
            self._cell(cell, text, FONT_HEADING1, size, WD_ALIGN_PARAGRAPH.CENTER, keep=True)
        last = len(rows) - 1
        for r, (row, values) in enumerate(zip(rows, texts, strict=True)):
            new = table.add_row()
            flag = OxmlElement("w:cantSplit")
            flag.set(qn("w:val"), "true")
            new._tr.get_or_add_trPr().append(flag)
            # keep-with-next on the rows just above the total keeps 合计 with at least two of them
            keep = total_row and last - 2 <= r < last
            for i, (cell, value, text) in enumerate(zip(new.cells, row, values, strict=True)):
                numeric = isinstance(value, int | float) and not isinstance(value, bool)
                align = WD_ALIGN_PARAGRAPH.CENTER if numeric or i > 0 else WD_ALIGN_PARAGRAPH.LEFT
                self._cell(cell, text, FONT_BODY, size, align, keep=keep)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
        if ends_document:
            tail = self.blank()
            tail.paragraph_format.line_spacing = Pt(1)
            tail.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            tail.paragraph_format.space_before = tail.paragraph_format.space_after = Pt(0)
            _child(tail._p.get_or_add_pPr(), "w:snapToGrid", _PPR_AFTER_SNAP).set(qn("w:val"), "0")
        else:
            # a table is followed by an empty line so the next paragraph does not touch it
            self.blank()
        return table

    def _cell(self, cell, text, font, size, align, keep: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.keep_with_next = keep
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing = 1.0
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.space_before = Pt(2)
        fmt.space_after = Pt(2)
        pPr = paragraph._p.get_or_add_pPr()
        _child(pPr, "w:snapToGrid", _PPR_AFTER_SNAP).set(qn("w:val"), "0")
        for i, line in enumerate(text.split("\n")):
            run = paragraph.add_run(line)
            if i:
                run._r.insert(0, OxmlElement("w:br"))
            self._font(run, font, size)

    def image(self, png_bytes: bytes, width_mm: float = 150, caption: str = ""):
        """A picture (e.g. a chart) centred on its own line; exact line spacing would clip it, so single here."""
        width_mm = min(width_mm, TEXT_WIDTH_MM)
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing = 1.0
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.add_run().add_picture(io.BytesIO(png_bytes), width=Mm(width_mm))
        if caption:
            self._line(caption, align=WD_ALIGN_PARAGRAPH.CENTER, size=SIZE_4HAO)
        return paragraph

    def signature(self, issuer: str | None = None, date: date_type | None = None):
        """发文机关署名 and 成文日期 for a document without a seal (GB/T 9704 §7.3.5.2): one blank line below the
        text; the issuer two characters in from the right, the date on the next line starting two characters to the
        right of the issuer's first character; a date longer than that is set two in from the right and the issuer
        moved left to match."""
        issuer = issuer or self.issuer
        date = date or self.date or date_type.today()
        date_text = chinese_date(date)
        issuer_width, date_width = _width(issuer), _width(date_text)
        issuer_right, date_right = 2.0, issuer_width - 2 - date_width
        if date_right < 2:
            date_right = 2.0
            issuer_right = date_width + 4 - issuer_width
        self._keep_text_with_signature()
        self.blank().paragraph_format.keep_with_next = True
        name = self._line(issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
        name.paragraph_format.right_indent = Pt(SIZE_3HAO.pt * max(issuer_right, 0))
        name.paragraph_format.keep_with_next = True
        when = self._line(date_text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        when.paragraph_format.right_indent = Pt(SIZE_3HAO.pt * date_right)
        return when

    def _keep_text_with_signature(self) -> None:
        """The 附件 note, the blank lines and the last paragraph of text go with the signature, so neither the
        signature nor the 附件 note is ever alone on a page (GB/T 9704 §7.3.5.2: a page break there moves text
        with it)."""
        body = self.document.element.body
        elements = [e for e in body if e.tag in (qn("w:p"), qn("w:tbl"))]
        n = 0
        for element in reversed(elements):
            n += 1
            text = element.xpath("string(.)").strip() if element.tag == qn("w:p") else "表"
            if text and not text.startswith("附件：") and not re.match(r"^\d+\. ", text):
                break
        self.keep_last_with_next(n)

    def keep_last_with_next(self, n: int = 1) -> None:
        """Keep the last `n` body paragraphs with what follows (the signature never stands alone on a page); a
        table among them keeps its last row with what follows, and the run stops there (its rows carry their
        own keeps)."""
        body = self.document.element.body
        for element in reversed([e for e in body if e.tag in (qn("w:p"), qn("w:tbl"))][-n:]):
            if element.tag == qn("w:tbl"):
                for p in element.findall(qn("w:tr"))[-1].iter(qn("w:p")):
                    Paragraph(p, self.document._body).paragraph_format.keep_with_next = True
                break
            Paragraph(element, self.document._body).paragraph_format.keep_with_next = True

    def form_line(self, left: str, right: str):
        """A form's 填报单位 (left) and 填报日期 (right) on one line above its table, kept with it."""
        paragraph = self._line("")
        fmt = paragraph.paragraph_format
        fmt.keep_with_next = True
        fmt.first_line_indent = Pt(0)
        fmt.tab_stops.add_tab_stop(Mm(self.text_width_mm), WD_TAB_ALIGNMENT.RIGHT)
        self._font(paragraph.add_run(f"{left}\t{right}"), FONT_BODY, SIZE_3HAO)
        return paragraph

    def addressee(self, text: str):
        """主送机关: flush left below the title, ending in a full-width colon (GB/T 9704 §7.3.2)."""
        text = text.rstrip("：:") + "："
        paragraph = self.paragraph(text, indent=False)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def attachment_note(self, titles: list[str]):
        """附件说明 below the text: "附件：1. ……" two characters in, in 仿宋 (§7.3.4)."""
        if not titles:
            return None
        if len(titles) == 1:
            return self.paragraph(f"附件：{titles[0]}")
        first = self.paragraph(f"附件：1. {titles[0]}")
        for i, title in enumerate(titles[1:], start=2):
            line = self.paragraph(f"{i}. {title}")
            line.paragraph_format.first_line_indent = Pt(SIZE_3HAO.pt * 5)
        return first

    def attachment(self, title: str, number: int | None = None):
        """An attachment on a new page: the label "附件" (or "附件2") flush left in 黑体 3号, then its title
        centred in 小标宋 2号 (GB/T 9704 §8)."""
        self.page_break()
        label = self._line("附件" + (str(number) if number else ""), font=FONT_HEADING1)
        _exact_lines(label.paragraph_format)
        label.paragraph_format.keep_with_next = True
        heading = self._line(title, align=WD_ALIGN_PARAGRAPH.CENTER, font=FONT_TITLE, size=SIZE_2HAO)
        _exact_lines(heading.paragraph_format, Pt(35))
        heading.paragraph_format.keep_with_next = True
        self.blank().paragraph_format.keep_with_next = True
        return heading

    def imprint(self, *, copy_to: str, printer: str, printed_on: date_type):
        """版记 on the last lines of the last page: 抄送 and 印发机关/印发日期 in 仿宋 4号 between rules (the first
        and last thick, the one between thin), one character in from each side (GB/T 9704 §7.4)."""
        table = self.document.add_table(rows=2 if copy_to else 1, cols=1)
        _fix_table_widths(table, [self.text_width_mm])
        borders = OxmlElement("w:tblBorders")
        for edge, size in (("top", "8"), ("bottom", "8"), ("insideH", "4"), ("left", None), ("right", None),
                           ("insideV", None)):
            element = OxmlElement(f"w:{edge}")
            element.set(qn("w:val"), "single" if size else "nil")
            if size:
                element.set(qn("w:sz"), size)
                element.set(qn("w:color"), "000000")
            borders.append(element)
        table._tbl.tblPr.append(borders)
        cells = [row.cells[0] for row in table.rows]
        if copy_to:
            self._imprint_line(cells.pop(0), f"抄送：{copy_to.rstrip('。')}。", "")
        self._imprint_line(cells[0], printer, f"{chinese_date(printed_on)}印发")
        for row in table.rows:
            flag = OxmlElement("w:cantSplit")
            flag.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(flag)
            row.cells[0].width = Mm(self.text_width_mm)
        return table

    def _imprint_line(self, cell, left: str, right: str) -> None:
        paragraph = cell.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Pt(0)
        fmt.left_indent = SIZE_4HAO
        fmt.right_indent = SIZE_4HAO
        fmt.keep_with_next = True
        _exact_lines(fmt)
        if right:
            # measured from the cell's text edge; a stop past the line's end would be ignored
            fmt.tab_stops.add_tab_stop(Mm(self.text_width_mm - 2 * CELL_MARGIN_MM - 4) - 2 * SIZE_4HAO,
                                       WD_TAB_ALIGNMENT.RIGHT)
        self._font(paragraph.add_run(left + ("\t" + right if right else "")), FONT_BODY, SIZE_4HAO)

    def stamp(self, when: datetime) -> None:
        """The generation stamp: the file's creation time (document properties), nothing in the text."""
        props = self.document.core_properties
        props.created = props.modified = when.replace(tzinfo=None, microsecond=0)

    def page_break(self) -> None:
        self.document.add_page_break()

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
