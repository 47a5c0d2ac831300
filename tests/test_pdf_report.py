"""The PDF report: content, page furniture, margins, embedded fonts, footnotes, atomic write, missing fonts."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from exports import atomic, fonts
from exports.errors import ExportError
from exports.footnotes import FootnoteNumbering, split_footnotes
from exports.model import INCOMPLETE_NOTICE, Block, ReportDocument
from exports.pdf_report import BODY_SIZE, render_report_pdf, write_report_pdf

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 595.28, 841.89
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, PAGE_WIDTH - 15 * MM, PAGE_HEIGHT - 20 * MM, 20 * MM

LONG_NOTE = (
    "Cấp huyện: 27/82 TTHC, đạt tỷ lệ 32,92%. Lĩnh vực Thông tin và Truyền thông 04 TTHC: kiến nghị đơn giản hóa "
    "02/04 TTHC, đạt tỷ lệ 50%; kiến nghị giữ nguyên 02/04 TTHC đạt tỷ lệ 50%. Lĩnh vực Công thương: kiến nghị đơn "
    "giản hóa 04/13 TTHC, đạt tỷ lệ 30,76%; kiến nghị giữ nguyên 09/13 TTHC đạt tỷ lệ 69,23%. Lĩnh vực Nông nghiệp "
    "và Phát triển nông thôn: kiến nghị đơn giản hóa 03/15 TTHC, đạt tỷ lệ 20%; kiến nghị bãi bỏ 02/15 TTHC, đạt tỷ "
    "lệ 13,33%; kiến nghị giữ nguyên 10/15 TTHC đạt tỷ lệ 66,66%. Lĩnh vực Tư pháp: kiến nghị đơn giản hóa 12/41 "
    "TTHC [theo Quyết định số 1390/QĐ-UBND-HC], đạt tỷ lệ 29,26%; kiến nghị bãi bỏ 01/41 TTHC, đạt tỷ lệ 2,43%."
)
NOTES = [
    "Thông báo số 387/TB-ĐKTr ngày 12/4/2023 của Đoàn Kiểm tra CCHC Thành phố.",
    "Kế hoạch số 20/KH-UBND ngày 06/02/2023 của UBND Thành phố.",
    LONG_NOTE,
    "Quyết định số 02/QĐ-UBND-HC ngày 10/01/2023.",
]
RECIPIENTS = [
    "Sở Nội vụ tỉnh Đồng Tháp (B/c)",
    "TT. Thành ủy",
    "TT. HĐND Thành phố",
    "CT và PCT. UBND Thành phố",
    "Các ban, ngành Thành phố",
    "UB Mặt trận Tổ quốc và các Đoàn thể Thành phố",
    "UBND các xã, phường",
    "Lưu: VT, Phòng Nội vụ Thành phố",
]
FILLER = (
    "UBND phường tiếp tục chỉ đạo các bộ phận chuyên môn rà soát, phân tích các mặt hạn chế để nhận định, đánh giá "
    "đúng thực trạng kết quả công tác cải cách hành chính; kịp thời chấn chỉnh, khắc phục sự nể nang, mạnh dạn trong "
    "công tác phê bình và tự phê bình, đề xuất nhiều giải pháp, cách làm hay góp phần nâng cao chất lượng phục vụ "
    "người dân và doanh nghiệp trên địa bàn."
)


def sample_document(**changes) -> ReportDocument:
    """A quarterly report of a ward with three sections, bullets and four footnotes (one long)."""
    blocks = [
        Block("heading1", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
        Block(
            "paragraph",
            "Trong quý III năm 2023, UBND phường đã ban hành 33 văn bản chỉ đạo, hướng dẫn triển khai CCHC. " + FILLER,
        ),
        Block(
            "paragraph",
            "Về công tác kiểm tra CCHC, phường đã hoàn thành kiểm tra công tác CCHC tại 06 bộ phận "
            f"chuyên môn và 09 khóm, ấp trên địa bàn^[{NOTES[0]}], đạt chỉ tiêu Kế hoạch đề ra. " + FILLER,
        ),
        Block(
            "paragraph",
            "Về công tác thông tin, tuyên truyền về CCHC cũng được đẩy mạnh, đề ra 10 nội dung chủ yếu "
            f"và 06 hình thức trọng tâm^[{NOTES[1]}]. " + FILLER,
        ),
        Block("heading1", "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"),
        Block("heading2", "1. Cải cách thủ tục hành chính"),
        Block(
            "paragraph",
            "Ủy ban nhân dân phường đã tổ chức rà soát tổng số 50/152 TTHC, đạt tỷ lệ 32,89% thuộc "
            f"thẩm quyền giải quyết của Ủy ban nhân dân cấp huyện và cấp xã^[{NOTES[2]}]. " + FILLER,
        ),
        Block(
            "paragraph",
            "Tổng số hồ sơ thủ tục hành chính đã tiếp nhận trong kỳ báo cáo: 1.138 hồ sơ. Trong đó, số "
            "mới tiếp nhận trong kỳ: 1.039 hồ sơ (trực tuyến: 929 hồ sơ, trực tiếp và qua dịch vụ bưu chính: 110 hồ "
            "sơ); số từ kỳ trước chuyển qua: 99 hồ sơ. Số hồ sơ giải quyết trước và đúng hạn đạt tỷ lệ 92,53%.",
        ),
        Block(
            "bullet",
            "- Số lượng hồ sơ đã giải quyết: 969 hồ sơ (trong đó, giải quyết trước hạn: 914 hồ sơ, đúng "
            "hạn: 55 hồ sơ, trễ hạn: 00 hồ sơ).",
        ),
        Block(
            "bullet",
            "+ Cấp xã: số lượng hồ sơ đang giải quyết: 66 hồ sơ (trong đó, trong hạn: 66 hồ sơ, 00 hồ sơ quá hạn).",
        ),
        Block("heading3", "a. Tình hình tổ chức và hoạt động của Bộ phận Một cửa"),
        Block("paragraph", FILLER + " " + FILLER),
        Block("heading2", "2. Cải cách tài chính công"),
        Block(
            "bullet",
            "- Tiến độ, kết quả thực hiện thu ngân sách nhà nước (đến 31/8/2023) tổng thu NSNN trên địa "
            "bàn là 301.953,3 triệu đồng đạt 62,46% dự toán giao.",
        ),
        Block("paragraph", FILLER + " " + FILLER + " " + FILLER),
        Block("paragraph", f"Đã ban hành Kế hoạch nhân rộng các mô hình cải cách hành chính^[{NOTES[3]}]. " + FILLER),
        Block("heading1", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"),
        Block("paragraph", FILLER + " " + FILLER),
        Block("paragraph", FILLER),
        Block("paragraph", "Trên đây là kết quả thực hiện CCHC quý III năm 2023 của UBND phường An Hòa./."),
    ]
    document = ReportDocument(
        parent_body="UBND thành phố Sa Đéc",
        issuing_body=["Ủy ban nhân dân", "Phường An Hòa"],
        number="Số:      /BC-UBND",
        place_date="An Hòa, ngày      tháng 9 năm 2023",
        title="BÁO CÁO",
        subject="Kết quả thực hiện công tác cải cách hành chính quý III năm 2023",
        cutoff="(Số liệu tính từ ngày 15/6/2023 đến ngày 14/9/2023)",
        blocks=blocks,
        authority_line="TM. Ủy ban nhân dân",
        signer_title="Chủ tịch",
        signer_name="Nguyễn Văn Hon",
        recipients=list(RECIPIENTS),
        metadata={"title": "Báo cáo CCHC quý III năm 2023", "author": "UBND phường An Hòa", "subject": "CCHC"},
    )
    return dataclasses.replace(document, **changes)


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def note_continues_on_next_page(note: str, pages: list[str]) -> bool:
    """Whether the note starts at the foot of one page and its rest ends the next page (its foot)."""
    words = flat(note).split()
    for page, following in zip(pages, pages[1:], strict=False):
        for cut in range(3, len(words) - 2):
            if page.endswith(" ".join(words[:cut])) and following.endswith(" ".join(words[cut:])):
                return True
    return False


def text_ops(page) -> list[tuple[str, float, float, float]]:
    """(text, x, y, font size) of every text operation on a page, in points."""
    ops: list[tuple[str, float, float, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            ops.append((text, x, y, font_size * abs(tm[3] or 1)))

    page.extract_text(visitor_text=visit)
    return ops


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, PdfReader]:
    target = tmp_path_factory.mktemp("pdf") / "bao-cao.pdf"
    assert write_report_pdf(sample_document(), target) == target
    return target, PdfReader(target)


def test_text_has_header_title_figures_notes_and_recipients(report):
    _, reader = report
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND THÀNH PHỐ SA ĐÉC",
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG AN HÒA",
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính quý III năm 2023",
        "(Số liệu tính từ ngày 15/6/2023 đến ngày 14/9/2023)",
        "1.138 hồ sơ",
        "301.953,3 triệu đồng",
        "92,53%",
        "Nơi nhận:",
        "- Sở Nội vụ tỉnh Đồng Tháp (B/c);",
        "- Lưu: VT, Phòng Nội vụ Thành phố.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Văn Hon",
    ]:
        assert flat(expected) in text, expected
    pages = [flat(page.extract_text()) for page in reader.pages]
    for note in NOTES:
        assert flat(note) in text or note_continues_on_next_page(note, pages), note
    assert INCOMPLETE_NOTICE not in text
    assert "^[" not in text


def test_the_signature_block_is_14_point(report):
    """OUTPUTS.md: the authority line (TM. ỦY BAN NHÂN DÂN) 14 bold; its title and the name with it."""
    _, reader = report
    sizes = {text.strip(): size for page in reader.pages for text, _x, _y, size in text_ops(page)}
    for line in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hon"):
        assert sizes[line] == pytest.approx(14.0), line
    assert sizes["Nơi nhận:"] == pytest.approx(12.0)


def test_metadata_and_a4(report):
    _, reader = report
    assert reader.metadata.title == "Báo cáo CCHC quý III năm 2023"
    assert reader.metadata.author == "UBND phường An Hòa"
    assert reader.metadata.creator == "CCHC Desktop"
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - PAGE_WIDTH) < 0.5
        assert abs(float(page.mediabox.height) - PAGE_HEIGHT) < 0.5


def test_page_numbers_from_page_two_in_the_top_margin(report):
    _, reader = report
    assert len(reader.pages) >= 3
    first_page_top = [op for op in text_ops(reader.pages[0]) if op[2] > TOP]
    assert first_page_top == []
    for number, page in enumerate(reader.pages[1:], start=2):
        in_margin = [op for op in text_ops(page) if op[2] > TOP]
        assert [op[0].strip() for op in in_margin] == [str(number)]
        text, x, y, size = in_margin[0]
        assert abs(x - (LEFT + RIGHT) / 2) < 10 and y < PAGE_HEIGHT - 5 * MM and size == pytest.approx(BODY_SIZE)


def test_every_text_is_inside_the_margins(report):
    _, reader = report
    for number, page in enumerate(reader.pages, start=1):
        ops = text_ops(page)
        assert ops
        for text, x, y, _size in ops:
            assert LEFT - 0.5 <= x <= RIGHT, (number, text, x)
            if number > 1 and y > TOP and text.strip() == str(number):
                continue
            assert BOTTOM <= y <= TOP, (number, text, y)


def test_text_lines_do_not_run_past_the_right_margin(report):
    path, _ = report
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(path)
    for page in reader.pages:
        for text, x, _y, size in text_ops(page):
            if len(text) > 3:
                assert x + 0.3 * size <= RIGHT, text


def test_fonts_are_embedded(report):
    _, reader = report
    seen = 0
    for page in reader.pages:
        fonts_dict = page["/Resources"]["/Font"]
        for ref in fonts_dict.values():
            font = ref.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font.get("/FontDescriptor")
            )
            assert descriptor is not None, font
            assert "/FontFile2" in descriptor.get_object(), font
            seen += 1
    assert seen >= 3


def test_footnote_is_on_the_page_of_its_mark(report):
    _, reader = report
    pages = [(flat(page.extract_text()), text_ops(page)) for page in reader.pages]
    for number, note in enumerate(NOTES, start=1):
        start = f"{number} " + " ".join(flat(note).split()[:8])
        where = [index for index, (text, _) in enumerate(pages) if start in text]
        assert len(where) == 1, (number, where)
        ops = pages[where[0]][1]
        superscripts = sorted(y for text, _x, y, size in ops if text.strip() == str(number) and size < 10)
        assert len(superscripts) == 2, (number, superscripts)
        note_y, mark_y = superscripts
        assert note_y < BOTTOM + 60 * MM and mark_y > note_y + 10, (number, superscripts)


def test_long_note_and_marks_keep_continuous_numbers():
    numbering = FootnoteNumbering()
    first = numbering.annotate("Một^[ghi chú [có ngoặc] lồng] hai ^[thứ hai].")
    second = numbering.annotate("Ba^[thứ ba] và ^[] không có ghi chú; ^[chưa đóng")
    assert first.runs == ("Một", 1, " hai", 2, ".")
    assert [n.text for n in first.notes] == ["ghi chú [có ngoặc] lồng", "thứ hai"]
    assert second.runs[:2] == ("Ba", 3)
    assert second.runs[-1].endswith("^[chưa đóng")
    assert [n.number for n in numbering.notes] == [1, 2, 3]
    assert split_footnotes("không có") == (["không có"], [])


def test_incomplete_notice_on_page_one(tmp_path):
    document = sample_document(
        incomplete=["Chỉ tiêu 2.1: số hồ sơ giải quyết lớn hơn số hồ sơ tiếp nhận.", "Chưa nhập số liệu tháng 9."]
    )
    reader = PdfReader(write_report_pdf(document, tmp_path / "chua-du.pdf"))
    first = flat(reader.pages[0].extract_text())
    assert INCOMPLETE_NOTICE in first
    assert "Chưa nhập số liệu tháng 9." in first
    assert first.index("(Số liệu tính từ") < first.index(INCOMPLETE_NOTICE)
    assert all(INCOMPLETE_NOTICE not in flat(page.extract_text()) for page in reader.pages[1:])


def test_nfd_input_is_normalized():
    document = sample_document(subject=unicodedata.normalize("NFD", "Kết quả cải cách hành chính quý III năm 2023"))
    reader = PdfReader(io.BytesIO(render_report_pdf(document)))
    assert "Kết quả cải cách hành chính quý III năm 2023" in flat(reader.pages[0].extract_text())


def test_failed_replace_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "bao-cao.pdf"
    target.write_bytes(b"old report, open in a PDF reader")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(ExportError) as error:
        write_report_pdf(sample_document(), target)
    assert "đang được mở" in str(error.value)
    assert target.read_bytes() == b"old report, open in a PDF reader"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.pdf"]


def test_missing_fonts_raise_a_clear_error(tmp_path, monkeypatch):
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    monkeypatch.setenv("CCHC_FONT_DIR", str(empty))
    monkeypatch.setattr(fonts, "SHIPPED_DIR", empty)  # the program's own font files removed
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [empty])
    monkeypatch.setattr(fonts, "_fontconfig_file", lambda *args: None)
    fonts.clear_font_cache()
    try:
        with pytest.raises(ExportError) as error:
            write_report_pdf(sample_document(), tmp_path / "bao-cao.pdf")
    finally:
        fonts.clear_font_cache()
    assert "fonts-liberation2" in str(error.value)
    assert "Times New Roman" in str(error.value)
    assert "cài lại chương trình" in str(error.value)
    assert not (tmp_path / "bao-cao.pdf").exists()


def test_font_dir_is_searched_first_and_needs_all_four_styles(tmp_path, monkeypatch):
    system = fonts.find_serif_fonts()
    own = tmp_path / "fonts"
    own.mkdir()
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not (dejavu / "DejaVuSerif-BoldItalic.ttf").exists():
        pytest.skip("DejaVu Serif is not installed")
    for name in ["DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"]:
        os.symlink(dejavu / name, own / name)
    monkeypatch.setenv("CCHC_FONT_DIR", str(own))
    fonts.clear_font_cache()
    try:
        assert fonts.find_serif_fonts() == system
        os.symlink(dejavu / "DejaVuSerif-BoldItalic.ttf", own / "DejaVuSerif-BoldItalic.ttf")
        fonts.clear_font_cache()
        found = fonts.find_serif_fonts()
    finally:
        fonts.clear_font_cache()
    assert {style: path.name for style, path in found.items()} == {
        "": "DejaVuSerif.ttf",
        "B": "DejaVuSerif-Bold.ttf",
        "I": "DejaVuSerif-Italic.ttf",
        "BI": "DejaVuSerif-BoldItalic.ttf",
    }
    assert re.search(r"Liberation|Times|DejaVu", str(system[""]))


def test_very_long_note_starts_with_its_mark_and_continues_on_the_next_page():
    huge = " ".join([LONG_NOTE] * 8) + " Hết phần ghi chú rất dài."
    blocks = [Block("paragraph", FILLER)] * 4 + [Block("paragraph", f"Kết quả rà soát^[{huge}] cuối kỳ. " + FILLER)]
    reader = PdfReader(io.BytesIO(render_report_pdf(sample_document(blocks=blocks + [blocks[0]] * 3))))
    pages = [flat(page.extract_text()) for page in reader.pages]
    words = flat(huge).split()
    first = [index for index, text in enumerate(pages) if "1 " + " ".join(words[:10]) in text]
    assert len(first) == 1
    assert "rà soát1" in pages[first[0]] or "rà soát 1" in pages[first[0]]
    assert "Hết phần ghi chú rất dài." not in pages[first[0]]
    assert any("Hết phần ghi chú rất dài." in text for text in pages[first[0] + 1 :])
    for page in reader.pages:
        for _text, x, y, _size in text_ops(page):
            assert LEFT - 0.5 <= x <= RIGHT and y >= BOTTOM


def test_word_longer_than_a_line_is_cut_inside_the_margins():
    link = "https://dichvucong.dongthap.gov.vn/" + "thu-tuc-hanh-chinh-" * 12
    reader = PdfReader(io.BytesIO(render_report_pdf(sample_document(blocks=[Block("paragraph", link)]))))
    assert flat(link) in flat(reader.pages[0].extract_text()).replace(" ", "")
    for _text, x, _y, _size in text_ops(reader.pages[0]):
        assert LEFT - 0.5 <= x <= RIGHT
