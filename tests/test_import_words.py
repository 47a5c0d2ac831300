"""Import verdicts in words a clerk understands: what happened (“mã kiểm tra của tệp không khớp — tệp đã
bị sửa sau khi xuất”, “ô D12 của biểu Số liệu”), never the program's insides (SHA-256, `_cchc`, a
`Sheet!C10` address, a part of the zip); those go to the log, in English."""

from __future__ import annotations

import logging
import re

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.presenters.import_presenter import reason_text
from cchc_desktop.cli import main
from tests.hostile_annex import DATA_PART, PL1_PART, PL2_PART, build, resign, rewrite
from tests.test_import import CHILDREN, CITY, _edit_value, _edit_visible, _values_of, export_child, import_files, run

JARGON = re.compile(r"SHA|_cchc|checksum|hash|JSON|SQL|CRC|xl/|\.xml|[A-Za-zÀ-ỹ]![A-Z]{1,3}\d|Error|Exception")
TAMPERED = "mã kiểm tra của tệp không khớp — tệp đã bị sửa sau khi xuất"


@pytest.fixture(scope="module")
def annexes(tmp_path_factory) -> dict:
    """Phường 1's real annexes of quý III and of tháng 7, exported from its own database."""
    folder = tmp_path_factory.mktemp("children")
    return {"P1": export_child(folder, "P1", "2023-Q3"), "P1-07": export_child(folder, "P1", "2023-07")}


@pytest.fixture
def parent(tmp_path):
    """The city with Phường 1 declared as its child."""
    db = tmp_path / "city.sqlite"
    assert run(db, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen") == 0
    assert run(db, "units", "add", "--code", "P1", "--name", CHILDREN["P1"][0], "--level", "xa") == 0
    return db


def assert_plain(text: str) -> None:
    """No internal word, no sheet!cell address."""
    assert not JARGON.search(text), JARGON.search(text).group(0) + " in: " + text
    assert "!" not in text, text


def _tampered(annexes, tmp_path):
    edit = {DATA_PART: lambda xml: _edit_value(xml, "tthc.hs.tiep_nhan", "2023-07", "P1", "120", "999")}
    return rewrite(annexes["P1"], tmp_path / "Phụ lục P1.xlsx", edit)


def test_a_tampered_file_says_what_happened_and_logs_which_code(parent, annexes, tmp_path, caplog):
    tampered = _tampered(annexes, tmp_path)
    with caplog.at_level(logging.WARNING, logger="cchc_desktop.app.usecases.import_checks"):
        (verdict,) = import_files(parent, [tampered])
    assert verdict.status == "refused"
    assert verdict.message == (
        f"Tệp Phụ lục P1.xlsx: {TAMPERED} (số liệu, đơn vị, kỳ hoặc thời gian xuất không còn như lúc xuất). "
        "Hãy đề nghị đơn vị gửi lại tệp phụ lục gốc."
    )
    assert_plain(verdict.message)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "values SHA-256" in logged and "!= computed" in logged and "Phụ lục P1.xlsx" in logged
    assert reason_text(verdict).startswith("Mã kiểm tra của tệp không khớp — tệp đã bị sửa sau khi xuất")


def test_the_command_line_says_the_same_words(parent, annexes, tmp_path, capsys):
    tampered = _tampered(annexes, tmp_path)
    capsys.readouterr()
    code = main(["--db", str(parent), "import", str(tampered)])
    out, err = capsys.readouterr()
    assert code == 2 and err == ""
    assert out.startswith(f"TỪ CHỐI: Tệp Phụ lục P1.xlsx: {TAMPERED}")
    assert_plain(out)


def test_an_edited_number_is_named_by_its_cell_and_sheet_as_excel_shows_them(parent, annexes, tmp_path, capsys):
    edited = rewrite(
        annexes["P1-07"], tmp_path / "p1-07.xlsx", {PL1_PART: lambda xml: _edit_visible(xml, "120", "125")}
    )
    (verdict,) = import_files(parent, [edited])
    assert verdict.status == "needs_choice"
    ((label, exported, current),) = verdict.changed
    assert re.fullmatch(r"Ô D\d+ của biểu Số liệu, dòng “.*hồ sơ.*”", label, re.IGNORECASE), label
    assert (exported, current) == ("120", "125")
    assert f"{label}: xuất 120, nay 125" in verdict.message
    assert_plain(verdict.message)
    capsys.readouterr()
    assert main(["--db", str(parent), "import", str(edited)]) == 2
    out = capsys.readouterr().out
    assert f"    {label}: số đã xuất 120, số đang hiển thị 125" in out
    assert_plain(out)


def test_two_cells_edited_differently_are_both_named(parent, annexes, tmp_path):
    edits = {
        PL1_PART: lambda xml: _edit_visible(xml, "120", "125"),
        PL2_PART: lambda xml: _edit_visible(xml, "120", "126", column="C"),
    }
    edited = rewrite(annexes["P1-07"], tmp_path / "p1-07.xlsx", edits)
    (verdict,) = import_files(parent, [edited], accept_visible=True)
    assert verdict.status == "refused"
    assert re.search(r"ô D\d+ của biểu Số liệu, dòng “[^”]+” thành 125", verdict.message), verdict.message
    assert re.search(r"ô C\d+ của biểu Hồ sơ TTHC, dòng “UBND Phường 1” thành 126", verdict.message)
    assert_plain(verdict.message)


def test_a_resigned_data_sheet_is_named_the_hidden_data_sheet(parent, annexes, tmp_path):
    values = [
        (c, p, u, "999" if (c, p) == ("tthc.hs.tiep_nhan", "2023-07") else v)
        for c, p, u, v in _values_of(annexes["P1-07"])
    ]

    def edit(xml: str) -> str:
        return resign(_edit_value(xml, "tthc.hs.tiep_nhan", "2023-07", "P1", "120", "999"), values)

    (verdict,) = import_files(parent, [rewrite(annexes["P1-07"], tmp_path / "p1.xlsx", {DATA_PART: edit})])
    assert (
        verdict.status == "refused" and "trong trang dữ liệu ẩn (999) khác số đã in trên biểu (120)" in verdict.message
    )
    assert re.search(r"số tại ô [A-Z]+\d+ của biểu (Số liệu|Hồ sơ TTHC), dòng", verdict.message), verdict.message
    assert_plain(verdict.message)


@pytest.mark.parametrize("case", ["crc_error", "data_xfd1", "cell_map_far_away", "pl2_xfd1"])
def test_broken_or_forged_files_are_refused_in_plain_words(parent, annexes, tmp_path, case, caplog):
    forged = build(case, annexes["P1"], tmp_path)
    with caplog.at_level(logging.WARNING, logger="exports"):
        (verdict,) = import_files(parent, [forged])
    assert verdict.status == "refused"
    assert_plain(verdict.message)
    assert caplog.records, "the technical detail goes to the log"


def test_the_presenter_rows_and_workspace_checks_say_it_too(parent, annexes, tmp_path):
    with Workspace.open(parent) as ws:
        (verdict,) = ws.imports.check_files([_tampered(annexes, tmp_path)])
    assert TAMPERED in verdict.message
    assert_plain(reason_text(verdict))
