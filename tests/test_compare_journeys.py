"""scripts/compare_journeys.py, the judge of the Wine lane's step 1: the same journey on Linux and under Wine is
the same modulo the folders' spelling, and every real difference is named (step, file, cell)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import openpyxl
import pytest

from exports.model import Block
from exports.pdf_report import render_report_pdf
from tests.test_pdf_report import sample_document

pytestmark = pytest.mark.posix_only(reason="the comparer runs on the Linux side of the Wine lane (poppler's pdftotext)")

ROOT = Path(__file__).resolve().parents[1]
LINUX_PATHS = {
    "docs": "/tmp/x/home/Nguyễn Văn A/Documents/Báo cáo CCHC",
    "data": "/tmp/x/home/Nguyễn Văn A/.local/share/CCHC Desktop",
}
WINDOWS_PATHS = {
    "docs": r"C:\users\Nguyễn Văn A\Documents\Báo cáo CCHC",
    "data": r"C:\users\Nguyễn Văn A\AppData\Local\CCHC Desktop",
}
FIGURES = {"XA-P1": {"tthc.hs.tiep_nhan": "1.524", "tcc.thu.thuc_hien": "301.953,3"}}
CONSOLIDATED = {"tthc.hs.tiep_nhan": 2662, "rate.tthc.hs.truc_tuyen": 92.52}


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("compare_journeys", ROOT / "scripts" / "compare_journeys.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return render_report_pdf(sample_document())


def make_side(folder: Path, paths: dict[str, str], sep: str, report_pdf: bytes, exported_at: str) -> Path:
    """One side's journey folder as scripts/windows-check.sh leaves it, spelled the way that side spells paths."""
    (folder / "files").mkdir(parents=True)
    (folder / "paths.json").write_text(json.dumps(paths), encoding="utf-8")
    (folder / "expect.json").write_text(json.dumps(FIGURES), encoding="utf-8")
    stamp = "2026-12-07_025635_183342" if sep == "\\" else "2026-12-07_025601_004211"
    outputs = {
        "02-demo": f"Đã tạo cơ sở dữ liệu mẫu tại: {paths['data']}{sep}cchc.sqlite\n",
        "03-check": json.dumps([{"rule": "tthc.hs.bal", "message": "Tổng số hồ sơ (1.138)\nnên bằng 1.035"}]),
        "21-get-XA-P1": json.dumps({"tthc.hs.tiep_nhan": 1524, "tcc.thu.thuc_hien": 301953.3}),
        "22-consolidated": json.dumps(CONSOLIDATED),
        "32-restore": f"Đã khôi phục từ {paths['docs']}{sep}Sao lưu{sep}cchc sao lưu.sqlite. Cơ sở dữ liệu cũ được "
        f"sao lưu tại {paths['data']}{sep}backups{sep}cchc-{stamp}-truoc-khoi-phuc.sqlite.\n",
        "33-consolidated-restored": json.dumps(CONSOLIDATED),
    }
    for name, text in outputs.items():
        newline = "\r\n" if sep == "\\" else "\n"
        (folder / f"{name}.txt").write_bytes(text.replace("\n", newline).encode("utf-8"))
    (folder / "steps.tsv").write_text("".join(f"{name}\t0\n" for name in outputs), encoding="utf-8")
    (folder / "files" / "Báo cáo quý III.pdf").write_bytes(report_pdf)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "PL1 Số liệu"
    sheet["A1"], sheet["B2"], sheet["C3"] = "Chỉ tiêu", 1138, 92.52
    hidden = workbook.create_sheet("_cchc")
    for row in (("format", "cchc-annex"), ("exported_at", exported_at), ("header_checksum", exported_at[-2:] * 8)):
        hidden.append(row)
    workbook.save(folder / "files" / "Phụ lục quý III.xlsx")
    (folder / "files" / "cchc.log").write_text(
        f"2026-12-07 02:56:35,189 INFO db.backup: backup written: {paths['data']}{sep}backups\n", encoding="utf-8"
    )
    return folder


@pytest.fixture
def sides(tmp_path, report_pdf) -> tuple[Path, Path]:
    linux = make_side(tmp_path / "out-linux", LINUX_PATHS, "/", report_pdf, "2026-12-07T02:56:01")
    windows = make_side(tmp_path / "out-windows", WINDOWS_PATHS, "\\", report_pdf, "2026-12-07T02:56:35")
    return linux, windows


def test_the_same_journey_spelled_the_windows_way_is_the_same(script, sides, capsys):
    assert script.compare(*sides) == []
    assert script.main([str(side) for side in sides]) == 0
    assert capsys.readouterr().out.startswith("Giống nhau: 6 bước")


def test_a_path_is_compared_with_its_folders_named_and_its_separators_alike(script):
    linux = script.normalize_text(f"Đã xuất {LINUX_PATHS['docs']}/Phụ lục nhận/P1.xlsx.", LINUX_PATHS)
    windows = script.normalize_text(f"Đã xuất {WINDOWS_PATHS['docs']}\\Phụ lục nhận\\P1.xlsx.", WINDOWS_PATHS)
    assert linux == windows == "Đã xuất <DOCS>/Phụ lục nhận/P1.xlsx."


def test_a_different_cell_of_an_annex_is_named_with_both_values(script, sides, capsys):
    linux, windows = sides
    path = windows / "files" / "Phụ lục quý III.xlsx"
    workbook = openpyxl.load_workbook(path)
    workbook["PL1 Số liệu"]["B2"] = 1139
    workbook.save(path)
    assert script.compare(linux, windows) == [
        "giá trị trong Phụ lục quý III.xlsx khác nhau (1 ô):\n  PL1 Số liệu!B2: 1138 / 1139"
    ]
    assert script.main([str(linux), str(windows)]) == 1
    assert "KHÁC: giá trị trong Phụ lục quý III.xlsx" in capsys.readouterr().out


def test_a_different_exit_status_is_said_before_anything_else(script, sides):
    linux, windows = sides
    steps = windows / "steps.tsv"
    steps.write_text(steps.read_text(encoding="utf-8").replace("03-check\t0", "03-check\t1"), encoding="utf-8")
    (problem,) = script.compare(linux, windows)
    assert problem.startswith("các bước hoặc mã thoát khác nhau") and "+03-check\t1" in problem


def test_a_different_message_of_check_is_named_by_its_step(script, sides):
    linux, windows = sides
    (windows / "03-check.txt").write_text(json.dumps([{"rule": "tthc.hs.bal", "message": "Tổng số"}]), encoding="utf-8")
    (problem,) = script.compare(linux, windows)
    assert problem.startswith("đầu ra 03-check khác nhau") and '"message": "Tổng số"' in problem


def test_a_different_report_text_is_found(script, sides):
    linux, windows = sides
    blocks = list(sample_document().blocks)
    blocks[1] = Block("paragraph", blocks[1].text.replace("ban hành 33 văn bản", "ban hành 34 văn bản"))
    (windows / "files" / "Báo cáo quý III.pdf").write_bytes(render_report_pdf(sample_document(blocks=blocks)))
    (problem,) = script.compare(linux, windows)
    assert problem.startswith("chữ của Báo cáo quý III.pdf khác nhau")
    assert "\n-Trong quý III năm 2023, UBND phường đã ban hành 33 văn bản" in problem
    assert "\n+Trong quý III năm 2023, UBND phường đã ban hành 34 văn bản" in problem


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("backup written: C:\\users\\Văn\\backups\n".encode("cp1258"), "cchc.log không phải UTF-8"),  # Vietnamese ANSI
        (b"", "cchc.log không có dòng nào mang tên"),
    ],
    ids=["ansi-code-page", "line-dropped"],
)
def test_a_log_not_written_in_utf8_is_a_difference(script, sides, content, said):
    linux, windows = sides
    (windows / "files" / "cchc.log").write_bytes(content)
    (problem,) = script.compare(linux, windows)
    assert problem.startswith(f"Windows: {said}")


def test_figures_not_imported_are_found_even_when_both_sides_agree(script, sides):
    for side in sides:
        (side / "21-get-XA-P1.txt").write_text(json.dumps({"tthc.hs.tiep_nhan": 1524}), encoding="utf-8")
    assert script.compare(*sides) == [
        "Linux: XA-P1 tcc.thu.thuc_hien = None sau khi nhập, chờ 301.953,3",
        "Windows: XA-P1 tcc.thu.thuc_hien = None sau khi nhập, chờ 301.953,3",
    ]


def test_a_restore_that_did_not_undo_the_change_is_found(script, sides):
    linux, windows = sides
    (windows / "33-consolidated-restored.txt").write_text(
        json.dumps({**CONSOLIDATED, "tthc.hs.tiep_nhan": 1}), encoding="utf-8"
    )
    problems = script.compare(linux, windows)
    assert problems[0].startswith("Windows: số liệu sau khi khôi phục khác lúc sao lưu")
    assert problems[1].startswith("đầu ra 33-consolidated-restored khác nhau")
