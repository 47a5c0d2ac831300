"""The Word copy as an office prints it (issue 21, item 1): LibreOffice Writer lays the .docx out and converts it
to PDF. It must take as many pages as the program's own PDF (±1), carry the footnotes at the foot of a page, and
number the pages from page 2. Required on Linux CI (scripts/setup-env.sh test installs LibreOffice Writer);
skipped where LibreOffice is missing (Windows)."""

from __future__ import annotations

from pypdf import PdfReader

from tests.support.libreoffice import printed_pdf

PERIOD = "2023-Q3"


def both(cchc, db, tmp_path) -> tuple[PdfReader, PdfReader]:
    for kind in ("docx", "pdf"):
        result = cchc("export", kind, "--period", PERIOD, "-o", str(tmp_path / f"bao-cao.{kind}"), db=db)
        assert result.code == 0, result
    word = printed_pdf(tmp_path / "bao-cao.docx", tmp_path, "libreoffice-writer-nogui")
    return PdfReader(word), PdfReader(tmp_path / "bao-cao.pdf")


def test_the_demo_in_word_prints_on_as_many_pages_as_its_pdf(cchc, demo_db, tmp_path):
    word, pdf = both(cchc, demo_db, tmp_path)
    assert len(pdf.pages) >= 10
    assert abs(len(word.pages) - len(pdf.pages)) <= 1, (len(word.pages), len(pdf.pages))
    pages = [" ".join(page.extract_text().split()) for page in word.pages]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0] and "Độc lập - Tự do - Hạnh phúc" in pages[0]
    assert not pages[0].startswith("1 ")  # page 1 carries no number
    for number, text in enumerate(pages[1:], 2):
        assert text.startswith(f"{number} "), text[:40]
    whole = " ".join(pages)
    assert "Thông báo số 387/TB-ĐKTr ngày 12/4/2023" in whole  # the first footnote, printed
    assert "TM. ỦY BAN NHÂN DÂN" in pages[-1] and "Nơi nhận:" in pages[-1]


def test_a_new_ward_in_word_prints_as_its_pdf(monthly_unit, cchc, db_path, tmp_path):
    assert monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=3").code == 0
    word, pdf = both(cchc, db_path, tmp_path)
    assert abs(len(word.pages) - len(pdf.pages)) <= 1, (len(word.pages), len(pdf.pages))
    text = " ".join(" ".join(page.extract_text() for page in word.pages).split())
    assert "Không phát sinh." in text and "03 văn bản chỉ đạo" in text
