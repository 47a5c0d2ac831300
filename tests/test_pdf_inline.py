"""Inline emphasis (`*nghiêng*`, `**đậm**`, `***cả hai***`): the parser, and the PDF printing each run in its face."""

from __future__ import annotations

import io
import logging
import os
import re
import unicodedata
from pathlib import Path

import pytest
from fpdf import FPDF
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from exports import fonts
from exports.footnotes import FootnoteNumbering
from exports.inline import Run, bullet_runs, parse_inline, plain_text, styled_runs
from exports.model import Block
from exports.pdf_report import BODY_SIZE, FONT_SUBSET_LOGGER, render_report_pdf
from tests.test_pdf_report import FILLER, LEFT, MM, RIGHT, flat, sample_document

R, IT, B, BI = "", "I", "B", "BI"


def styles(text: str) -> list[tuple[str, str]]:
    return [(run.text, run.style) for run in parse_inline(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*nghiêng* và **đậm**", [("nghiêng", IT), (" và ", R), ("đậm", B)]),
        ("***cả hai*** thôi", [("cả hai", BI), (" thôi", R)]),
        ("(*Trong đó, cấp huyện: 01 BPMC*).", [("(", R), ("Trong đó, cấp huyện: 01 BPMC", IT), (").", R)]),
        ("Có **10/10** BPMC", [("Có ", R), ("10/10", B), (" BPMC", R)]),
        ("“*Đúng quy định*”", [("“", R), ("Đúng quy định", IT), ("”", R)]),
        ("**đậm *lồng nghiêng* vẫn đậm**", [("đậm ", B), ("lồng nghiêng", BI), (" vẫn đậm", B)]),
        ("***a* b**", [("a", BI), (" b", B)]),
        ("5 * 3 = 15", [("5 * 3 = 15", R)]),
        ("*", [("*", R)]),
        ("* không phải nghiêng *", [("* không phải nghiêng *", R)]),
        ("*chưa đóng", [("*chưa đóng", R)]),
        ("chưa mở*", [("chưa mở*", R)]),
        ("**a*", [("*", R), ("a", IT)]),
        ("****", [("****", R)]),
        (r"\*không nghiêng\*", [("*không nghiêng*", R)]),
        (r"2 \* 3 và *4*", [("2 * 3 và ", R), ("4", IT)]),
        ("a\\b", [("a\\b", R)]),
    ],
)
def test_parse_inline(text, expected):
    assert styles(text) == expected


def test_emphasis_spans_a_footnote_whose_text_has_its_own_emphasis():
    numbering = FootnoteNumbering()
    runs = styled_runs("Đã ban hành *kế hoạch^[Kế hoạch số *20*/KH-UBND]* năm 2023.", numbering)
    assert runs == (Run("Đã ban hành "), Run("kế hoạch", italic=True), 1, Run(" năm 2023."))
    assert [note.text for note in numbering.notes] == ["Kế hoạch số *20*/KH-UBND"]
    assert styles(numbering.notes[0].text) == [("Kế hoạch số ", R), ("20", IT), ("/KH-UBND", R)]
    assert plain_text("*xem^[ghi **chú** \\*]* tiếp") == "xem^[ghi chú *] tiếp"


def test_asterisks_inside_a_footnote_do_not_pair_with_those_outside():
    assert styles("a *b^[c*] d* e") == [("a ", R), ("b^[c*] d", IT), (" e", R)]


def test_nfd_in_nfc_out():
    nfd = unicodedata.normalize("NFD", "*Cải cách* **hành chính**")
    assert styles(nfd) == [("Cải cách", IT), (" ", R), ("hành chính", B)]
    assert plain_text(nfd) == "Cải cách hành chính"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("+ Cấp xã: số lượng hồ sơ đang giải quyết: 66 hồ sơ.", "Cấp xã:"),
        ("+ Cấp huyện:", "Cấp huyện:"),
        ("  + Cấp huyện:  ", "Cấp huyện:"),
        ("+ Cấp tỉnh: 12 hồ sơ", "Cấp tỉnh:"),
        ("+ cấp thành phố: 3", "cấp thành phố:"),
        ("+ **Cấp xã:** đã đánh dấu", "Cấp xã:"),
        ("+ Cấp huyện 991 / 1.138 hồ sơ: đạt 87,08%", None),
        ("- Cấp xã: gạch đầu dòng khác", None),
        ("+ Trên sóng phát thanh: 26 bài", None),
    ],
)
def test_level_label_of_a_bullet_is_bold(text, label):
    runs = [run for run in bullet_runs(text, FootnoteNumbering()) if isinstance(run, Run)]
    bold = [run.text for run in runs if run.bold]
    assert bold == ([label] if label else [])
    assert "".join(run.text for run in runs) == plain_text(text)


MARKUP = st.lists(
    st.sampled_from(["*", "*", "**", "\\", " ", "a", "ư", "\u0301", "^[", "[", "]", "\n", "5"]) | st.characters(),
    max_size=40,
).map("".join)


def _nfc_without(text: str, *patterns: str) -> str:
    for pattern in patterns:
        text = re.sub(pattern, "", text)
    return unicodedata.normalize("NFC", text)


@given(MARKUP)
def test_plain_text_never_loses_a_character_but_markers(text):
    result = plain_text(text)
    typed = unicodedata.normalize("NFC", text)
    assert _nfc_without(result, r"\*") == _nfc_without(typed, r"\\\*", r"\*")
    assert unicodedata.is_normalized("NFC", result)


@given(MARKUP)
def test_parsing_never_raises_and_runs_are_the_plain_text(text):
    runs = parse_inline(text)
    assert all(run.text and unicodedata.is_normalized("NFC", run.text) for run in runs)
    assert all((a.bold, a.italic) != (b.bold, b.italic) for a, b in zip(runs, runs[1:], strict=False))
    if "^[" not in text:
        assert unicodedata.normalize("NFC", "".join(run.text for run in runs)) == plain_text(text)
    numbering = FootnoteNumbering()
    bullet_runs("+ Cấp xã: " + text, numbering)
    for note in numbering.notes:
        parse_inline(note.text)


@given(st.text(alphabet=st.characters(blacklist_characters="*\\"), max_size=40))
def test_text_without_markers_is_one_plain_run(text):
    nfc = unicodedata.normalize("NFC", text)
    assert parse_inline(text) == ([Run(nfc)] if nfc else [])


# --- the PDF ---------------------------------------------------------------------------------------------


def face(font_dict) -> str:
    """ "", "B", "I" or "BI" from a PDF font's name (Times New Roman, Liberation Serif and DejaVu Serif alike)."""
    name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
    bold = "Bold" in name
    italic = "Italic" in name or "Oblique" in name
    return ("B" if bold else "") + ("I" if italic else "")


def styled_ops(page) -> list[tuple[str, str, float, float, float]]:
    """(text, face, x, y, size) of every text operation on a page, in points."""
    ops = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            ops.append((text, face(font_dict), x, y, font_size * abs(tm[3] or 1)))

    page.extract_text(visitor_text=visit)
    return ops


EMPHASIS_BLOCKS = [
    Block("heading1", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
    Block("heading2", "1. Cải cách *thủ tục* hành chính"),
    Block(
        "paragraph",
        "Triển khai thực hiện công tác CCHC đảm bảo phương châm ba đúng “*Đúng quy định, đúng thẩm quyền*”, "
        "có **10/10** BPMC sử dụng bộ nhận diện thương hiệu, cam kết ***vượt chỉ tiêu*** năm 2023; "
        "tổng số 5 * 3 = 15 hồ sơ mẫu.",
    ),
    Block(
        "paragraph",
        "Đã ban hành *Kế hoạch nhân rộng mô hình^[Kế hoạch số 20/KH-UBND, *ước thực hiện* đến hết quý III.]* "
        "trong năm. " + FILLER,
    ),
    Block("bullet", "+ Cấp xã: số lượng hồ sơ đang giải quyết: 66 hồ sơ (*Trong đó, trong hạn: 66 hồ sơ*)."),
    Block("paragraph", "Trên đây là báo cáo./."),
]


@pytest.fixture(scope="module")
def emphasis_pages() -> list:
    reader = PdfReader(io.BytesIO(render_report_pdf(sample_document(blocks=EMPHASIS_BLOCKS))))
    return reader.pages


def faces_of(ops, word: str, size: float = BODY_SIZE) -> set[str]:
    found = {op_face for text, op_face, _x, _y, op_size in ops if text.strip() == word and abs(op_size - size) < 0.5}
    assert found, word
    return found


def test_markup_is_not_printed_and_words_are_in_their_faces(emphasis_pages):
    ops = [op for page in emphasis_pages for op in styled_ops(page)]
    text = flat(" ".join(page.extract_text() for page in emphasis_pages))
    assert "“Đúng quy định, đúng thẩm quyền”" in text
    assert "có 10/10 BPMC" in text
    assert "5 * 3 = 15" in text
    assert text.count("*") == 1
    assert "+ Cấp xã: số lượng" in text
    assert faces_of(ops, "quy") == {"I"}
    assert faces_of(ops, "Đúng") == {"I"} and faces_of(ops, "“") == {""}
    assert faces_of(ops, "10/10") == {"B"}
    assert faces_of(ops, "BPMC") == {""}
    assert faces_of(ops, "vượt") == {"BI"}
    assert faces_of(ops, "*") == {""}
    assert faces_of(ops, "thủ") == {"BI"}  # italic inside a bold heading
    assert faces_of(ops, "Cải") == {"B"}
    assert faces_of(ops, "Cấp") == {"B"} and faces_of(ops, "xã:") == {"B"}
    assert faces_of(ops, "+") == {""}
    assert faces_of(ops, "hạn:") == {"I"}
    assert faces_of(ops, "nhân") == {"I"}


def test_footnote_mark_inside_emphasis_and_emphasis_inside_the_note(emphasis_pages):
    page = emphasis_pages[0]
    ops = styled_ops(page)
    marks = [(x, y) for text, _f, x, y, size in ops if text.strip() == "1" and size < 10]
    assert len(marks) == 2
    note_y = min(y for _x, y in marks)
    note_ops = [
        (text.strip(), op_face) for text, op_face, _x, y, size in ops if size == pytest.approx(12) and y <= note_y + 1
    ]
    assert ("ước", "I") in note_ops and ("hiện", "I") in note_ops
    assert ("Kế", "") in note_ops and ("quý", "") in note_ops
    assert "mô hình1" in flat(page.extract_text()) or "mô hình 1" in flat(page.extract_text())


def _widths():
    pdf = FPDF(unit="pt")
    for style, path in fonts.find_serif_fonts().items():
        pdf.add_font("F", style, str(path))

    def width(text: str, style: str, size: float) -> float:
        pdf.set_font("F", style, size)
        return pdf.get_string_width(text)

    return width


def test_justified_lines_with_mixed_faces_end_at_the_right_margin():
    sentence = (
        "**Cấp xã:** đã *tiếp nhận và giải quyết* ***đúng hạn*** 4.044 hồ sơ, đạt **89,40%** (*cấp huyện 87,08%*); "
    )
    reader = PdfReader(io.BytesIO(render_report_pdf(sample_document(blocks=[Block("paragraph", sentence * 8)]))))
    width = _widths()
    lines: dict[float, list] = {}
    for text, op_face, x, y, size in styled_ops(reader.pages[0]):
        if size == pytest.approx(BODY_SIZE):
            lines.setdefault(round(y, 1), []).append((x, text.strip(), op_face))
    body = [sorted(ops) for _y, ops in sorted(lines.items(), reverse=True) if len(ops) >= 5]
    assert len(body) >= 5
    assert {op_face for line in body for _x, _t, op_face in line} == {"", "B", "I", "BI"}
    assert body[0][0][0] == pytest.approx(LEFT + 10 * MM, abs=0.1)
    for line in body[:-1]:
        x, text, op_face = line[-1]
        assert x + width(text, op_face, BODY_SIZE) == pytest.approx(RIGHT, abs=0.05), line
    x, text, op_face = body[-1][-1]
    assert x + width(text, op_face, BODY_SIZE) < RIGHT - 5


def test_font_subsetting_does_not_flood_the_log(caplog, monkeypatch):
    logger = logging.getLogger(FONT_SUBSET_LOGGER)
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    caplog.set_level(logging.INFO)
    render_report_pdf(sample_document(blocks=EMPHASIS_BLOCKS))
    assert [r for r in caplog.records if r.name.startswith("fontTools")] == []
    assert logger.getEffectiveLevel() == logging.WARNING
    assert logging.getLogger().getEffectiveLevel() == logging.INFO


def test_a_level_set_on_purpose_is_kept(monkeypatch):
    logger = logging.getLogger(FONT_SUBSET_LOGGER)
    monkeypatch.setattr(logger, "level", logging.DEBUG)
    render_report_pdf(sample_document(blocks=EMPHASIS_BLOCKS[:2]))
    assert logger.level == logging.DEBUG


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


REGULAR, BOLD, ITALIC, BOLD_ITALIC = (
    "DejaVuSerif.ttf",
    "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic.ttf",
    "DejaVuSerif-BoldItalic.ttf",
)


@pytest.mark.parametrize(
    ("installed", "expected", "missing"),
    [
        ([REGULAR, BOLD, ITALIC], (REGULAR, BOLD, ITALIC, BOLD), ["Bold Italic"]),
        ([REGULAR, BOLD_ITALIC], (REGULAR, BOLD_ITALIC, BOLD_ITALIC, BOLD_ITALIC), ["Bold", "Italic"]),
        ([REGULAR], (REGULAR,) * 4, ["Bold", "Italic", "Bold Italic"]),
    ],
)
def test_a_missing_face_is_printed_with_the_closest_one(tmp_path, monkeypatch, caplog, installed, expected, missing):
    if not all((DEJAVU / name).exists() for name in installed):
        pytest.skip("DejaVu Serif is not installed")
    only = tmp_path / "fonts"
    only.mkdir()
    for name in installed:
        os.symlink(DEJAVU / name, only / name)
    monkeypatch.setenv("CCHC_FONT_DIR", str(only))
    monkeypatch.setattr(fonts, "SHIPPED_DIR", tmp_path / "no-shipped-fonts")  # a damaged install
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [only])
    monkeypatch.setattr(fonts, "_fontconfig_file", lambda *args: None)
    fonts.clear_font_cache()
    caplog.set_level(logging.WARNING)
    try:
        found = fonts.find_serif_fonts()
        data = render_report_pdf(sample_document(blocks=EMPHASIS_BLOCKS))
    finally:
        fonts.clear_font_cache()
    assert tuple(found[style].name for style in ("", "B", "I", "BI")) == expected
    warned = [r.getMessage() for r in caplog.records if r.name == "exports.fonts"]
    assert sorted(message.split(" has no ")[1].split(" face")[0] for message in warned) == sorted(missing)
    assert "có 10/10 BPMC" in flat(PdfReader(io.BytesIO(data)).pages[0].extract_text())


def test_a_complete_family_is_preferred_to_a_partial_one_in_the_font_folder(tmp_path, monkeypatch):
    system = fonts.find_serif_fonts()
    only = tmp_path / "fonts"
    only.mkdir()
    if not (DEJAVU / REGULAR).exists():
        pytest.skip("DejaVu Serif is not installed")
    os.symlink(DEJAVU / REGULAR, only / REGULAR)
    monkeypatch.setenv("CCHC_FONT_DIR", str(only))
    fonts.clear_font_cache()
    try:
        assert fonts.find_serif_fonts() == system
    finally:
        fonts.clear_font_cache()
