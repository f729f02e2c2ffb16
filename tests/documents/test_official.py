"""The GB/T 9704-2012 engine: open the .docx with python-docx and read the layout back."""
import io
from datetime import date

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from tuanjie.documents.official import OfficialDocument, chinese_date, chinese_number


def build(**kwargs):
    doc = OfficialDocument(title="关于民族团结进步创建工作进展情况的汇报", issuer="示范县创建办", date=date(2026, 6, 30),
                           **kwargs)
    doc.paragraph("现将工作进展情况汇报如下：")
    doc.heading1("工作进展情况")
    doc.heading2("强化组织领导")
    doc.paragraph("成立了创建工作领导小组。")
    doc.heading2("（二）强化宣传引导")
    doc.heading1("存在的困难和问题")
    doc.table(["单位", "活动"], [["甲单位", 3], ["乙单位", 0]])
    doc.signature()
    return Document(io.BytesIO(doc.to_bytes()))


def mm(length):
    return round(length / 36000, 1)


def east_asia(element):
    return element.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_page_is_a4_with_the_official_margins_and_text_block():
    section = build().sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    assert (mm(section.top_margin), mm(section.left_margin)) == (37.0, 28.0)
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156.0
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225.0


def test_page_has_a_grid_of_22_lines_of_28_characters():
    document = build()
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert 22 * line_pitch_pt == pytest.approx(225 * 72 / 25.4, abs=2)
    char_pitch_pt = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert 28 * char_pitch_pt == pytest.approx(156 * 72 / 25.4, abs=1)
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.line_spacing.pt == pytest.approx(28.95, abs=0.05)


def test_styles_carry_the_official_fonts_and_sizes_with_east_asian_names():
    styles = build().styles
    expected = {"Normal": ("仿宋_GB2312", 16), "Title": ("方正小标宋简体", 22), "Heading 1": ("黑体", 16),
                "Heading 2": ("楷体_GB2312", 16), "Footer": ("宋体", 14)}
    for name, (font, size) in expected.items():
        style = styles[name]
        assert style.font.name == font, name
        assert east_asia(style.element) == font, name
        assert style.font.size == Pt(size), name
        assert not style.font.bold, name


def test_title_is_centred_and_headings_are_numbered_in_chinese():
    document = build()
    paragraphs = [p for p in document.paragraphs if p.text]
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    headings = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", "一、工作进展情况"), ("Heading 2", "（一）强化组织领导"),
                        ("Heading 2", "（二）强化宣传引导"), ("Heading 1", "二、存在的困难和问题")]


def test_runs_name_their_east_asian_font_so_wps_renders_them():
    document = build()
    body = [p for p in document.paragraphs if p.text == "成立了创建工作领导小组。"][0]
    assert east_asia(body.runs[0]._r) == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent == Pt(32)
    heading = [p for p in document.paragraphs if p.text == "一、工作进展情况"][0]
    assert east_asia(heading.runs[0]._r) == "黑体"


def test_page_numbers_are_dashed_page_fields_right_on_odd_and_left_on_even_pages():
    document = build()
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                              (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        instructions = [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.runs[0].font.size == Pt(14)
        assert east_asia(paragraph.runs[0]._r) == "宋体"


def test_signature_ends_with_issuer_and_chinese_date():
    texts = [p.text for p in build().paragraphs if p.text]
    assert texts[-2:] == ["示范县创建办", "2026年6月30日"]


def test_table_has_header_row_and_values():
    table = build().tables[0]
    assert [c.text for c in table.rows[0].cells] == ["单位", "活动"]
    assert [c.text for c in table.rows[1].cells] == ["甲单位", "3"]


def test_doc_number_puts_a_red_head_above_the_title():
    texts = [p.text for p in build(doc_number="示创办〔2026〕3号").paragraphs if p.text]
    assert texts[:3] == ["示范县创建办文件", "示创办〔2026〕3号", "关于民族团结进步创建工作进展情况的汇报"]


def test_image_is_embedded_as_a_picture():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PNG")
    doc = OfficialDocument(title="图", issuer="办")
    doc.image(buffer.getvalue(), width_mm=100)
    document = Document(io.BytesIO(doc.to_bytes()))
    assert len(document.inline_shapes) == 1
    assert round(document.inline_shapes[0].width.mm) == 100


def test_chinese_numbers_and_dates():
    assert [chinese_number(n) for n in (1, 10, 12, 20, 35, 100, 105, 110)] == [
        "一", "十", "十二", "二十", "三十五", "一百", "一百零五", "一百一十"]
    assert chinese_date(date(2026, 1, 5)) == "2026年1月5日"


def test_body_text_keeps_28_characters_a_line_without_snapping_to_the_character_grid():
    """LibreOffice (the PDF path) doubles the spacing of glyphs snapped to a grid narrower than the font;
    the body style instead condenses characters by 0.25 pt and does not snap."""
    from docx.oxml.ns import qn

    from tuanjie.documents.official import CHAR_CONDENSE_TWIPS, TEXT_WIDTH_MM, OfficialDocument

    doc = OfficialDocument(title="测试", issuer="团结县创建办")
    normal = doc.document.styles["Normal"].element
    assert normal.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    condense = int(normal.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert condense == CHAR_CONDENSE_TWIPS / 20
    pitch = 16 + condense
    assert int(TEXT_WIDTH_MM * 72 / 25.4 // pitch) == 28


# ---- layouts that survive Word, WPS and LibreOffice ------------------------------------------------------------
def wide_table_document(**kwargs):
    doc = OfficialDocument(title="月报表", issuer="示范县创建办", date=date(2026, 6, 30), **kwargs)
    rows = [[f"团结县第{i}单位文化广电体育和旅游局", i, 0] for i in range(5)] + [["合计", 10, 0]]
    doc.table(["地区/单位", "开展活动\n（次）", "报送信息\n（条）"], rows, total_row=True)
    doc.signature()
    return Document(io.BytesIO(doc.to_bytes()))


def test_table_grid_widths_equal_the_cell_widths_with_a_fixed_layout():
    table = wide_table_document().tables[0]._tbl
    grid = [int(col.get(qn("w:w"))) for col in table.tblGrid.findall(qn("w:gridCol"))]
    for tr in table.findall(qn("w:tr")):
        cells = [int(tc.find(qn("w:tcPr")).find(qn("w:tcW")).get(qn("w:w"))) for tc in tr.findall(qn("w:tc"))]
        assert cells == grid
    assert table.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert abs(int(table.tblPr.find(qn("w:tblW")).get(qn("w:w"))) - sum(grid)) <= 1
    assert abs(sum(grid) - 156 * 56.69) < 20                         # the 156 mm text block, in twips


def test_rows_never_split_the_header_repeats_and_the_total_keeps_with_the_rows_above():
    rows = wide_table_document().tables[0]._tbl.findall(qn("w:tr"))
    assert all(tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for tr in rows)
    assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    kept = [all(p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None for p in tr.iter(qn("w:p"))) for tr in rows]
    assert kept[-3:-1] == [True, True]                               # the two rows above 合计 go with it


def test_a_unit_name_column_is_as_wide_as_the_name_and_figures_at_least_their_longest_word():
    from tuanjie.documents.official import column_widths

    widths = column_widths(["地区/单位", "开展活动\n（次）"], [["团结县文化广电体育和旅游局", "12"]], 156, 12)
    assert sum(widths) == pytest.approx(156, abs=0.05)
    assert widths[0] >= 13 * 4.23 + 3.8                               # 13 characters of 12 pt plus the margins
    narrow = column_widths(["序号", "整改时限"], [["1", "2026年5月30日"]], 40, 12)
    assert narrow[1] >= 6.5 * 4.23 + 3.8                              # a date is not broken


def test_a_header_broken_by_its_author_keeps_each_line_whole_beside_a_long_title_column():
    from tuanjie.documents.official import column_widths

    title = "开展“石榴籽”民族团结进步宣讲进机关、进学校、进社区"            # 27 characters: wants the whole row
    widths = column_widths(["重点任务", "量化目标", "截至6月底\n完成", "完成率"], [[title, "60场", "4场", "7%"]], 156, 12)
    assert widths[2] >= 5 * 4.23 + 3.8                                # "截至6月底": 4 characters and a digit


def test_the_monthly_form_is_set_on_a_turned_page():
    section = wide_table_document(landscape=True).sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (297.0, 210.0)
    assert section.orientation == 1


def test_headings_and_the_text_before_the_signature_keep_with_what_follows():
    document = build()
    for p in document.paragraphs:
        if p.style.name.startswith("Heading"):
            assert p.style.paragraph_format.keep_with_next or p.paragraph_format.keep_with_next
    body = [p for p in build_with_text_then_signature().paragraphs if p.text or True]
    texts = [p.text for p in body]
    last_text = texts.index("这是最后一段正文。")
    assert all(p.paragraph_format.keep_with_next for p in body[last_text:-1])


def build_with_text_then_signature():
    doc = OfficialDocument(title="方案", issuer="示范县创建办", date=date(2026, 6, 30))
    doc.paragraph("这是最后一段正文。")
    doc.blank()
    doc.attachment_note(["重要活动安排表"])
    doc.signature()
    return Document(io.BytesIO(doc.to_bytes()))


@pytest.mark.parametrize(("title", "lines"), [
    ("团结县2026年民族团结进步创建工作实施方案", ["团结县2026年民族团结进步创建工作", "实施方案"]),
    ("团结县民族团结进步创建工作进展情况汇报", ["团结县民族团结进步创建工作进展情况汇报"]),   # fits on one line
    ("创建办工作人员团结县2026年结对帮扶“一人一档”", ["创建办工作人员团结县2026年结对帮扶", "“一人一档”"]),
    ("月报表\n（2026年6月）", ["月报表", "（2026年6月）"]),
])
def test_a_long_title_breaks_before_its_ending(title, lines):
    from tuanjie.documents.official import title_lines

    assert title_lines(title) == lines


def test_the_generation_stamp_is_the_files_time_and_nothing_else():
    import zipfile
    from datetime import datetime

    one, two = (OfficialDocument(title="汇报", issuer="办", date=date(2026, 6, 30)) for _ in range(2))
    one.stamp(datetime(2026, 6, 30, 9, 0))
    two.stamp(datetime(2026, 12, 1, 9, 0))
    a, b = (zipfile.ZipFile(io.BytesIO(d.to_bytes())) for d in (one, two))
    assert [n for n in a.namelist() if a.read(n) != b.read(n)] == ["docProps/core.xml"]
