"""The report's editable Word copy (issue 21, item 1), read back with python-docx: the same paragraphs as the
PDF (same figures, footnote marks, `…` for figures without a value), in named styles, the Nghị định 30 page,
real Word footnotes, the page number from page 2, the header and signature blocks, NFC text. On the demo as
printed (an error left open: the notice) and on a new ward with one figure typed (blank header fields, empty
sections printed "Không phát sinh.")."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from pypdf import PdfReader

from cchc_desktop.app import Workspace
from cchc_desktop.app.content.report_content import ReportBuilder
from exports.docx_report import render_report_docx
from exports.docx_styles import BLOCK_STYLES
from exports.footnotes import FootnoteNumbering
from exports.inline import bullet_runs, parse_inline, styled_runs
from exports.model import INCOMPLETE_NOTICE
from exports.pdf_report import render_report_pdf

PERIOD = "2023-Q3"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY_SIZE = 13.0
BODY_TOP = 842 - 20 / 25.4 * 72 + 1  # the PDF's y of the top margin, in points from the foot of the page
CREATED = datetime(2023, 10, 5, 8, 30, tzinfo=UTC)


def report_of(db):
    with Workspace.open(db) as ws:
        return ReportBuilder(ws, PERIOD).build()


def text_with_marks(element) -> str:
    """The text of a paragraph or a footnote, a footnote's mark written as its number."""
    out = []
    for node in element.iter():
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}footnoteReference":
            out.append(node.get(f"{W}id"))
    return "".join(out)


def expected(document):
    """Each block's text as printed (emphasis markers gone, footnote marks numbered) and the notes."""
    numbering = FootnoteNumbering()
    texts = []
    for block in document.blocks:
        runs = (bullet_runs if block.kind == "bullet" else styled_runs)(block.text, numbering)
        texts.append("".join(str(run) if isinstance(run, int) else run.text for run in runs))
    notes = ["".join(run.text for run in parse_inline(note.text)) for note in numbering.notes]
    return texts, notes


def body(word):
    return [p for p in word.paragraphs if p.style.name in BLOCK_STYLES.values()]


def footnotes(data: bytes) -> list[str]:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    return [text_with_marks(note).strip() for note in root if note.get(f"{W}type") is None]


def squashed(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def pdf_body_text(data: bytes) -> str:
    """The PDF's body text, all spaces and line ends taken out: the runs set in the body's size below the top
    margin (not the page numbers above it, the footnotes or their marks, which are smaller)."""
    pieces: list[str] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and abs(size * tm[0] - BODY_SIZE) < 0.01 and tm[5] < BODY_TOP:
            pieces.append(text)

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return squashed("".join(pieces))


def check_same_as_pdf(document) -> tuple[object, list[str]]:
    data = render_report_docx(document, CREATED)
    word = Document(io.BytesIO(data))
    texts, notes = expected(document)
    paragraphs = body(word)
    assert [p.style.name for p in paragraphs] == [BLOCK_STYLES[block.kind] for block in document.blocks]
    assert [text_with_marks(p._p) for p in paragraphs] == texts
    assert footnotes(data) == notes
    running = pdf_body_text(render_report_pdf(document))
    position = 0
    numbering = FootnoteNumbering()
    for block in document.blocks:  # each paragraph in the PDF, in order (without the footnote marks there)
        runs = (bullet_runs if block.kind == "bullet" else styled_runs)(block.text, numbering)
        text = "".join(run.text for run in runs if not isinstance(run, int))
        found = running.find(squashed(text), position)
        assert found >= 0, f"không thấy trong PDF: {text[:120]!r}"
        position = found + len(squashed(text))
    return word, texts


def test_the_demo_in_word_reads_as_the_pdf(demo_db):
    document = report_of(demo_db)
    word, texts = check_same_as_pdf(document)
    assert any("1.138" in text for text in texts)  # a figure of the reference, filled in
    assert len(footnotes(render_report_docx(document, CREATED))) >= 1
    notice = [p.text for p in word.paragraphs if p.style.name == "Cảnh báo số liệu"]
    assert notice[0] == INCOMPLETE_NOTICE and len(notice) == 1 + len(document.incomplete)


def test_a_new_ward_with_one_figure_reads_as_its_pdf(monthly_unit, db_path):
    assert monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=3", "tthc.hs.truc_tuyen=12").code == 0
    document = report_of(db_path)
    word, texts = check_same_as_pdf(document)
    assert texts.count("Không phát sinh.") == 8  # II.1, II.3, II.4, II.5, II.6, III, IV, V: empty sections
    assert any("03 văn bản chỉ đạo" in text for text in texts) and any("trực tuyến: 12 hồ sơ" in text for text in texts)
    header = [cell.text for row in word.tables[0].rows for cell in row.cells]
    assert "Số:        /BC-UBND" in header  # the number left for the Văn thư
    assert "Sa Đéc, ngày …… tháng …… năm ……" in header  # never the export's date


def test_the_page_styles_and_blocks_of_the_nghi_dinh_30_layout(demo_db):
    data = render_report_docx(report_of(demo_db), CREATED)
    word = Document(io.BytesIO(data))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4, in twips
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(margin.mm, 1) for margin in margins] == [20, 20, 30, 15]
    normal = word.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(13))
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(normal.paragraph_format.first_line_indent.mm, 1) == 10
    assert word.styles["Heading 1"].font.bold and word.styles["Heading 1"].font.name == "Times New Roman"
    assert word.styles["Heading 3"].font.italic
    assert word.styles["Chữ ký"].font.size == Pt(14) and word.styles["Chữ ký"].font.bold
    # page 1 has no number; the others a PAGE field, centred
    assert section.different_first_page_header_footer
    assert 'w:instr=" PAGE "' in section.header._element.xml
    assert not section.first_page_header.paragraphs or not section.first_page_header.paragraphs[0].text
    left, right = word.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["UBND TỈNH ĐỒNG THÁP", "ỦY BAN NHÂN DÂN", "THÀNH PHỐ SA ĐÉC"]
    nation = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert [p.text for p in right.paragraphs if p.text] == nation
    rules = [p for p in word.tables[0].rows[0].cells[1].paragraphs if p.style.name == "Đường kẻ"]
    assert len(rules) == 1 and "w:bottom" in rules[0]._p.xml
    titles = [p.text for p in word.paragraphs if p.style.name in ("Tên loại văn bản", "Trích yếu")]
    assert titles == ["BÁO CÁO", "Cải cách hành chính quý III năm 2023"]  # the reference's trích yếu
    recipients, signer = word.tables[-1].rows[0].cells
    assert recipients.paragraphs[0].text == "Nơi nhận:" and recipients.paragraphs[-1].text.endswith(".")
    assert all(p.text.startswith("- ") for p in recipients.paragraphs[1:])
    assert [p.text for p in signer.paragraphs] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hon"]
    properties = word.core_properties
    assert properties.language == "vi-VN" and properties.author == "Ủy ban nhân dân thành phố Sa Đéc"
    assert properties.created == CREATED


def test_every_text_is_nfc_and_the_styles_have_ascii_ids(demo_db):
    data = render_report_docx(report_of(demo_db), CREATED)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in ("word/document.xml", "word/footnotes.xml", "word/styles.xml"):
            xml = archive.read(name).decode("utf-8")
            assert unicodedata.normalize("NFC", xml) == xml, name
        styles = archive.read("word/styles.xml").decode("utf-8")
        assert 'w:styleId="NoiNhan"' in styles and 'w:styleId="FootnoteText"' in styles
        assert "docProps/thumbnail.jpeg" not in archive.read("_rels/.rels").decode("utf-8")


@pytest.mark.parametrize("name", ["", "Trần Thị B"])
def test_an_unset_signer_keeps_an_empty_line_for_the_name(demo_db, name):
    import dataclasses

    document = dataclasses.replace(report_of(demo_db), signer_name=name, recipients=[])
    word = Document(io.BytesIO(render_report_docx(document, CREATED)))
    recipients, signer = word.tables[-1].rows[0].cells
    assert [p.text for p in signer.paragraphs] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", name]
    assert [p.text for p in recipients.paragraphs] == [""]  # no Nơi nhận: an empty cell, as Word needs one


def test_the_annexes_keep_their_letters_now_that_lxml_is_installed(demo_db, cchc, tmp_path):
    """python-docx brings lxml; openpyxl must go on writing the annexes as before (exports/__init__.py), not
    every letter with a diacritic as a character reference, which the forged-annex checks and the size rely on."""
    import openpyxl.xml

    target = tmp_path / "phu-luc.xlsx"
    assert cchc("export", "xlsx", "--period", PERIOD, "-o", str(target), db=demo_db).code == 0
    with zipfile.ZipFile(target) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert openpyxl.xml.LXML is False
    assert "Phụ lục I" in sheet and "&#7909;" not in sheet
