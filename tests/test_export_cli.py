"""`cchc export pdf|xlsx|docx` on the demo period: read the files back; atomic and locked-target behaviour."""

from __future__ import annotations

import os

import openpyxl
import pytest
from pypdf import PdfReader

from cchc_desktop.app import Workspace
from exports.annex_reader import read_annex
from tests.formulas import summed


@pytest.fixture
def demo_cli(cchc, demo_db):
    return lambda *args: cchc(*args, db=demo_db)


def _pdf_text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_demo_pdf_reads_like_the_reference(demo_cli, tmp_path):
    target = tmp_path / "bao-cao.pdf"
    result = demo_cli("export", "pdf", "--period", "2023-Q3", "-o", str(target))
    assert result.code == 0, result
    assert "chưa hoàn chỉnh" in result.out
    pages = _pdf_text(target)
    first, everything = pages[0], "\n".join(pages)
    for line in (
        "UBND TỈNH ĐỒNG THÁP",
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ SA ĐÉC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Số liệu tính từ ngày 15/6/2023 đến ngày 14/9/2023",
        "SỐ LIỆU CHƯA HOÀN CHỈNH",
    ):
        assert line in first, line
    flat = " ".join(everything.split())
    for figure in (
        "33 văn bản",
        "1.138 hồ sơ",
        "301.953,3 triệu đồng",
        "76,40%",
        "92,53%",
        "5.238/5.661",
        "Cấp huyện:",
        "Cấp xã:",
        "Thông báo số 387/TB-ĐKTr",
        "Kế hoạch số 262/KH-UBND",
        "Nơi nhận:",
        "Nguyễn Văn Hon",
        "TM. ỦY BAN NHÂN DÂN",
    ):
        assert figure in flat, figure
    assert "2" in pages[1].splitlines()[0] and not first.splitlines()[0].strip().isdigit()


def test_explained_period_exports_a_complete_report(demo_cli, demo_db, tmp_path):
    with Workspace.open(demo_db) as ws:
        ws.checks.explain("2023-Q3", "tthc.hs.3", "Số trực tuyến gồm cả hồ sơ chuyển tiếp từ kỳ trước.")
    target = tmp_path / "bao-cao.pdf"
    assert demo_cli("export", "pdf", "--period", "2023-Q3", "-o", str(target)).code == 0
    assert "SỐ LIỆU CHƯA HOÀN CHỈNH" not in _pdf_text(target)[0]


def test_demo_xlsx_round_trips_and_agrees_with_the_app(demo_cli, demo_db, tmp_path):
    target = tmp_path / "phu-luc.xlsx"
    assert demo_cli("export", "xlsx", "--period", "2023-Q3", "-o", str(target)).code == 0
    content = read_annex(target)
    with Workspace.open(demo_db) as ws:
        expected = ws.entry.exchange_values("2023-Q3")
        grand = ws.entry.get_values("2023-Q3", consolidated=True)
    assert sorted(content.values) == sorted(expected)
    assert content.checksum_ok and content.header["unit_code"] == "TP-SADEC" and content.header["period"] == "2023-Q3"
    book = openpyxl.load_workbook(target)
    pl2 = book["PL2 Hồ sơ TTHC"]
    total_row = next(row for row in pl2.iter_rows() if row[0].value == "Tổng cộng" or row[1].value == "Tổng cộng")
    formula = next(cell.value for cell in total_row if isinstance(cell.value, str) and cell.value.startswith("="))
    assert summed(formula)
    values = openpyxl.load_workbook(target, data_only=True)["PL2 Hồ sơ TTHC"]
    cached = [c.value for c in values[total_row[0].row] if isinstance(c.value, int | float)]
    assert grand["tthc.hs.tiep_nhan"] in cached and grand["tthc.hs.da_giai_quyet"] in cached
    pl4 = book["PL4 Kiểm tra số liệu"]
    texts = [str(cell.value) for row in pl4.iter_rows() for cell in row if cell.value is not None]
    assert "Cải cách thủ tục hành chính" in texts and not any("tthc.hs" in text for text in texts)


def test_narrative_starting_with_equals_is_a_string(cchc, monthly_unit, tmp_path):
    monthly_unit("set", "--period", "2023-07", "cds.mt.tong=10", "cds.mt.mat_khau=12")
    monthly_unit("explain", "--period", "2023-Q3", "cds.mt", '=HYPERLINK("http://x")')
    target = tmp_path / "a.xlsx"
    assert monthly_unit("export", "xlsx", "--period", "2023-Q3", "-o", str(target)).code == 0
    cells = [c for row in openpyxl.load_workbook(target)["PL4 Kiểm tra số liệu"].iter_rows() for c in row]
    hit = next(c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert hit.data_type == "s"


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_locked_target_keeps_old_file(demo_cli, tmp_path, monkeypatch, kind):
    target = tmp_path / f"bao-cao.{kind}"
    target.write_bytes(b"old report")

    real_replace = os.replace

    def locked(src, dst):
        if os.fspath(dst) == os.fspath(target):
            raise PermissionError(13, "locked")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    result = demo_cli("export", kind, "--period", "2023-Q3", "-o", str(target))
    assert result.code == 2 and "đang được mở" in result.err
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_missing_folder_is_a_clear_message(demo_cli, tmp_path):
    result = demo_cli("export", "xlsx", "--period", "2023-Q3", "-o", str(tmp_path / "khong-co" / "a.xlsx"))
    assert result.code == 2 and "không tồn tại" in result.err
