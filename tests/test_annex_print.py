"""Issue 21, item 2: the annexes print. LibreOffice (the Calc of many offices, and what a test can run) prints
the demo city's annex with every column of each sheet on each page: no page holds only columns that spilled
off the right-hand side (50 pages before, 23 after, the closing note says how). Each page repeats the table's
header rows and names the unit."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.support.libreoffice import printed_pdf


@pytest.fixture
def printed(cchc, clean_demo_db, tmp_path):
    annex = tmp_path / "phu-luc.xlsx"
    assert cchc("export", "xlsx", "--period", "2023-Q3", "-o", str(annex), db=clean_demo_db).code == 0
    return PdfReader(printed_pdf(annex, tmp_path, "libreoffice-calc-nogui"))


def test_every_printed_page_holds_the_whole_width_of_its_table(printed):
    pages = [page.extract_text() for page in printed.pages]
    assert 4 <= len(pages) <= 30, len(pages)  # 50 when the right-hand columns spilled onto pages of their own
    for number, text in enumerate(pages, 1):
        assert "STT" in text, f"trang {number} chỉ có các cột bên phải: {text[:200]!r}"  # column A, every page
        assert f"Trang {text.split('Trang ')[-1].split('/')[0]}/" in text  # the footer's page number
    pl1 = [text for text in pages if "Chỉ tiêu" in text and "Đơn vị tính" in text]
    assert pl1 and all("Ghi chú" in text for text in pl1)  # PL1's last column on each of its pages
    assert all("Ủy ban nhân dân thành phố Sa Đéc" in text for text in pages)  # the unit named on every page
