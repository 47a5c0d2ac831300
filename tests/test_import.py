"""Importing the child units' annexes: real annexes exported from child databases, imported into a
parent; every refusal stores nothing; the command line end to end."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.infra.progress import Cancelled, Progress
from cchc_desktop.cli import main
from db import store
from db.connection import close_database
from db.models import Audit
from tests.hostile_annex import DATA_PART, PL1_PART, PL2_PART, resign, rewrite

CITY = ("SADEC", "UBND thành phố Sa Đéc")
# child code → (name, frequency, {period: {code: text}}): what each child typed, the truth to compare with
CHILDREN = {
    "P1": (
        "UBND Phường 1",
        "month",
        {
            "2023-07": {"tthc.hs.tiep_nhan": "120", "tthc.hs.truc_tuyen": "100", "tthc.hs.truc_tiep": "20"},
            "2023-08": {"tthc.hs.tiep_nhan": "130", "tthc.hs.ky_truoc": "0", "cd.van_ban_chi_dao": "4"},
            # a real slip: 60 + 20 + 5 resolved on time, early and late is not 90 resolved
            "2023-09": {
                "tthc.hs.tiep_nhan": "95",
                "tthc.hs.ky_truoc": "0",
                "tthc.hs.da_giai_quyet": "90",
                "tthc.hs.truoc_han": "60",
                "tthc.hs.dung_han": "20",
                "tthc.hs.qua_han": "5",
            },
        },
    ),
    "P2": (
        "UBND Phường 2",
        "month",
        {
            "2023-07": {"tthc.hs.tiep_nhan": "311", "tthc.hs.truc_tuyen": "298", "tthc.hs.truc_tiep": "13"},
            "2023-09": {"cd.van_ban_chi_dao": "2"},
        },
    ),
    "AH": (
        "UBND phường An Hòa",
        "quarter",
        {"2023-Q3": {"tthc.hs.tiep_nhan": "524", "tthc.hs.truc_tuyen": "463", "tthc.hs.truc_tiep": "61"}},
    ),
}


def run(db: Path, *args: str) -> int:
    code = main(["--db", str(db), *args])
    close_database()
    return code


def export_child(folder: Path, code: str, period: str) -> Path:
    """A child's own database with its figures, and its annex of `period` written by the real export."""
    name, frequency, figures = CHILDREN[code]
    db = folder / f"{code}.sqlite"
    if not db.exists():
        assert run(db, "init", "--unit-code", code, "--unit-name", name, "--frequency", frequency,
                   "--parent-code", CITY[0], "--parent-name", CITY[1]) == 0  # fmt: skip
        for entry, values in figures.items():
            assert run(db, "set", "--period", entry, *[f"{c}={v}" for c, v in values.items()]) == 0
    target = folder / f"{code}-{period}.xlsx"
    assert run(db, "export", "xlsx", "--period", period, "-o", str(target)) == 0
    return target


@pytest.fixture(scope="module")
def annexes(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("children")
    files = {code: export_child(folder, code, "2023-Q3") for code in CHILDREN}
    files["P1-07"] = export_child(folder, "P1", "2023-07")
    return files


@pytest.fixture
def parent(tmp_path) -> Path:
    db = tmp_path / "city.sqlite"
    assert run(db, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen") == 0
    for code, (name, frequency, _) in CHILDREN.items():
        assert run(db, "units", "add", "--code", code, "--name", name, "--level", "xa") == 0
        if frequency != "month":
            assert run(db, "units", "edit", code, "--frequency", frequency) == 0
    return db


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


def stored(db: Path, code: str) -> dict[str, dict[str, str]]:
    with Workspace.open(db):
        unit = store.unit_by_code(code)
        periods = sorted(store.periods_with_values(unit))
        return {p: values for p, values in store.stored_values(unit, periods).items() if values}


IMPORT_MOMENT = datetime(2023, 10, 2, 14, 30, 5)  # when the test imports happen (an injected clock)


def import_files(db: Path, files, **options):
    with Workspace.open(db, clock=lambda: IMPORT_MOMENT) as ws:
        return ws.imports.import_files(files, **options)


def _edit_value(xml: str, code: str, period: str, unit: str, old: str, new: str) -> str:
    pattern = (
        rf'(<t>{re.escape(code)}</t></is></c><c r="B\d+" t="inlineStr"><is><t>{period}</t></is></c>'
        rf'<c r="C\d+" t="inlineStr"><is><t>{unit}</t></is></c><c r="D\d+" t="inlineStr"><is><t>){old}(</t>)'
    )
    edited, count = re.subn(pattern, rf"\g<1>{new}\g<2>", xml)
    assert count == 1
    return edited


def _values_of(path: Path) -> list[tuple[str, str, str, str]]:
    from exports.annex_reader import read_annex

    return read_annex(path).values


def _edit_visible(xml: str, old: str, new: str, column: str = "D") -> str:
    pattern = rf'(<c r="{column}\d+" s="\d+" t="n"><v>){old}(</v>)'
    edited, count = re.subn(pattern, rf"\g<1>{new}\g<2>", xml, count=1)
    assert count == 1
    return edited


# ----- a whole batch ------------------------------------------------------------------------
def test_every_value_of_several_children_arrives(parent, annexes):
    files = [annexes["P1"], annexes["P2"], annexes["AH"]]
    verdicts = import_files(parent, files)
    assert [v.status for v in verdicts] == ["imported"] * 3, [v.message for v in verdicts]
    for verdict, code in zip(verdicts, ("P1", "P2", "AH"), strict=True):
        name, _, figures = CHILDREN[code]
        assert (verdict.unit_code, verdict.unit_name, verdict.period) == (code, name, "2023-Q3")
        assert verdict.value_count == sum(len(v) for v in figures.values())
        assert stored(parent, code) == figures
        assert "Đã nhập" in verdict.message and name in verdict.message
    with Workspace.open(parent):
        rows = list(Audit.select().where(Audit.action == "nhap_tep").order_by(Audit.id))
        assert {row.unit_code for row in rows} == {"P1", "P2", "AH"}
        assert all(row.new and ".xlsx" in row.new and "modified" in row.new for row in rows)
        imported = Audit.select().where((Audit.action == "nhap_phu_luc") & (Audit.unit_code == "P1")).count()
        assert imported == sum(len(v) for v in CHILDREN["P1"][2].values())


def test_check_file_stores_nothing(parent, annexes):
    before = dump(parent)
    with Workspace.open(parent) as ws:
        verdict = ws.imports.check_file(annexes["P2"])
    assert verdict.status == "imported" and verdict.unit_code == "P2"
    assert dump(parent) == before


# ----- refusals: each changes nothing -------------------------------------------------------
def _refused_and_nothing_stored(parent: Path, files, **options):
    before = dump(parent)
    verdicts = import_files(parent, files, **options)
    assert dump(parent) == before
    return verdicts


def test_unknown_child_is_not_imported_without_confirmation_naming_it(tmp_path, annexes):
    db = tmp_path / "other.sqlite"
    assert run(db, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen") == 0
    (verdict,) = _refused_and_nothing_stored(db, [annexes["P1"]])
    assert verdict.status == "unknown_unit" and verdict.new_unit  # was "refused" before a unit could be declared
    assert "UBND Phường 1" in verdict.message and "mã P1" in verdict.message and "cấp xã" in verdict.message


def test_edited_data_sheet_fails_the_checksum(parent, annexes, tmp_path):
    edit = {DATA_PART: lambda xml: _edit_value(xml, "tthc.hs.tiep_nhan", "2023-07", "P1", "120", "999")}
    tampered = rewrite(annexes["P1"], tmp_path / "p1.xlsx", edit)
    (verdict,) = _refused_and_nothing_stored(parent, [tampered])
    assert (
        verdict.status == "refused" and "mã kiểm tra của tệp không khớp — tệp đã bị sửa sau khi xuất" in verdict.message
    )
    assert "SHA" not in verdict.message and "_cchc" not in verdict.message


def test_edited_data_sheet_with_recomputed_checksum_is_caught_by_the_cell_map(parent, annexes, tmp_path):
    values = [
        (c, p, u, "999" if (c, p) == ("tthc.hs.tiep_nhan", "2023-07") else v)
        for c, p, u, v in _values_of(annexes["P1-07"])
    ]

    def edit(xml: str) -> str:
        xml = _edit_value(xml, "tthc.hs.tiep_nhan", "2023-07", "P1", "120", "999")
        return resign(xml, values)

    tampered = rewrite(annexes["P1-07"], tmp_path / "p1.xlsx", {DATA_PART: edit})
    (verdict,) = _refused_and_nothing_stored(parent, [tampered])
    assert verdict.status == "refused" and "999" in verdict.message and "120" in verdict.message


def test_unknown_template_version_is_refused_by_name(parent, annexes, tmp_path):
    values = _values_of(annexes["P1"])  # a future release's file, signed by it
    edit = {DATA_PART: lambda xml: resign(xml.replace("<t>2023.1</t>", "<t>2031.7</t>", 1), values)}
    (verdict,) = _refused_and_nothing_stored(parent, [rewrite(annexes["P1"], tmp_path / "p1.xlsx", edit)])
    assert verdict.status == "refused" and "2031.7" in verdict.message


def test_not_an_annex_is_refused(parent, tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip at all")
    (verdict,) = _refused_and_nothing_stored(parent, [junk])
    assert verdict.status == "refused" and "junk.xlsx" in verdict.message


def test_changed_visible_number_needs_a_choice_then_accepted(parent, annexes, tmp_path):
    edited = rewrite(
        annexes["P1-07"], tmp_path / "p1-07.xlsx", {PL1_PART: lambda xml: _edit_visible(xml, "120", "125")}
    )
    (verdict,) = _refused_and_nothing_stored(parent, [edited])
    assert verdict.status == "needs_choice"
    assert len(verdict.changed) == 1
    label, exported, current = verdict.changed[0]
    assert (exported, current) == ("120", "125") and "hồ sơ" in label.lower()
    (verdict,) = import_files(parent, [edited], accept_visible=True)
    assert verdict.status == "imported", verdict.message
    assert stored(parent, "P1")["2023-07"]["tthc.hs.tiep_nhan"] == "125"


def test_one_value_edited_differently_in_two_sheets_cannot_be_accepted(parent, annexes, tmp_path):
    edits = {
        PL1_PART: lambda xml: _edit_visible(xml, "120", "125"),
        PL2_PART: lambda xml: _edit_visible(xml, "120", "126", column="C"),
    }
    edited = rewrite(annexes["P1-07"], tmp_path / "p1-07.xlsx", edits)
    (verdict,) = _refused_and_nothing_stored(parent, [edited])
    assert verdict.status == "needs_choice" and {c[2] for c in verdict.changed} == {"125", "126"}
    (verdict,) = _refused_and_nothing_stored(parent, [edited], accept_visible=True)
    assert verdict.status == "refused" and "125" in verdict.message and "126" in verdict.message


def test_changed_sum_of_months_cannot_be_accepted(parent, annexes, tmp_path):
    # the quarter's PL1 shows the sum of the months (345); it stands for no single stored value
    edited = rewrite(annexes["P1"], tmp_path / "p1.xlsx", {PL1_PART: lambda xml: _edit_visible(xml, "345", "346")})
    (verdict,) = _refused_and_nothing_stored(parent, [edited], accept_visible=True)
    assert verdict.status == "refused" and "tổng hợp" in verdict.message


def test_duplicate_unit_and_period_in_one_batch(parent, annexes, tmp_path):
    copy = tmp_path / "P1-copy.xlsx"
    copy.write_bytes(annexes["P1"].read_bytes())
    first, second = import_files(parent, [annexes["P1"], copy])
    assert first.status == "imported"
    assert second.status == "refused" and "UBND Phường 1" in second.message
    assert f"chỉ xét tệp {annexes['P1'].name}, tệp này không được nhập" in second.message  # which one went in
    assert stored(parent, "P1") == CHILDREN["P1"][2]


def test_a_month_and_its_quarter_in_one_batch_overlap(parent, annexes):
    quarter, month = import_files(parent, [annexes["P1"], annexes["P1-07"]])
    assert quarter.status == "imported" and month.status == "refused"
    assert stored(parent, "P1") == CHILDREN["P1"][2]


def test_figures_of_another_frequency_than_declared_are_refused(parent, annexes):
    assert run(parent, "units", "edit", "AH", "--frequency", "month") == 0
    (verdict,) = _refused_and_nothing_stored(parent, [annexes["AH"]])
    assert verdict.status == "refused" and "cchc units edit AH --frequency" in verdict.message


def test_already_imported_refused_without_yes_replaced_with_it(parent, annexes, tmp_path):
    (first,) = import_files(parent, [annexes["P2"]])
    assert first.status == "imported"
    (again,) = _refused_and_nothing_stored(parent, [annexes["P2"]])
    assert again.status == "refused" and "--yes" in again.message and "đã có số liệu" in again.message
    # P2 sends a corrected file: its July changes, its September text value goes away
    db = tmp_path / "P2.sqlite"
    for source in (annexes["P2"].parent / "P2.sqlite",):
        db.write_bytes(source.read_bytes())
    assert run(db, "set", "--period", "2023-07", "tthc.hs.tiep_nhan=312", "tthc.hs.truc_tiep=14") == 0
    assert run(db, "set", "--period", "2023-09", "cd.van_ban_chi_dao=") == 0
    corrected = tmp_path / "P2-fixed.xlsx"
    assert run(db, "export", "xlsx", "--period", "2023-Q3", "-o", str(corrected)) == 0
    (replaced,) = import_files(parent, [corrected], replace=True)
    assert replaced.status == "replaced", replaced.message
    july = dict(CHILDREN["P2"][2]["2023-07"], **{"tthc.hs.tiep_nhan": "312", "tthc.hs.truc_tiep": "14"})
    assert stored(parent, "P2") == {"2023-07": july}
    with Workspace.open(parent):
        old = {(row.code, row.old, row.new) for row in Audit.select().where(Audit.action == "nhap_phu_luc")}
    assert ("tthc.hs.tiep_nhan", "311", "312") in old and ("cd.van_ban_chi_dao", "2", None) in old


# ----- progress -----------------------------------------------------------------------------
def test_progress_names_each_file_and_cancel_stops_between_files(parent, annexes):
    progress = Progress()
    seen: list[str] = []
    original = progress.report

    def report(fraction, text=None):
        original(fraction, text)
        if text:
            seen.append(text)

    progress.report = report
    import_files(parent, [annexes["P1"], annexes["P2"]], progress=progress)
    assert seen[:2] == [f"Đang nhập tệp 1/2: {annexes['P1'].name}…", f"Đang nhập tệp 2/2: {annexes['P2'].name}…"]

    cancelled = Progress()
    cancelled.cancel()
    before = dump(parent)
    with pytest.raises(Cancelled):
        import_files(parent, [annexes["AH"]], progress=cancelled)
    assert dump(parent) == before


# ----- the command line ---------------------------------------------------------------------
def test_cli_one_line_per_file_exit_2_when_any_refused(parent, annexes, capsys, tmp_path):
    capsys.readouterr()
    code = main(["--db", str(parent), "import", str(annexes["P1"]), str(annexes["AH"])])
    out = capsys.readouterr().out
    assert code == 0
    assert out.count("ĐÃ NHẬP") == 2 and "UBND phường An Hòa" in out
    assert "Đã nhập: " not in out  # the verdict's word is not said twice (ĐÃ NHẬP …: Đã nhập: …)
    lines = [line for line in out.splitlines() if line.startswith("ĐÃ NHẬP")]
    assert all(": UBND " in line and "giá trị" in line for line in lines), lines
    code = main(["--db", str(parent), "import", str(annexes["P1"]), str(annexes["P2"])])
    out = capsys.readouterr().out
    assert code == 2
    assert "TỪ CHỐI" in out and "--yes" in out and "ĐÃ NHẬP" in out and "Đã nhập 1/2 tệp." in out
    code = main(["--db", str(parent), "import", "--yes", str(annexes["P1"])])
    assert code == 0 and "ĐÃ THAY" in capsys.readouterr().out
    edited = rewrite(
        annexes["P1-07"], tmp_path / "p1-07.xlsx", {PL1_PART: lambda xml: _edit_visible(xml, "120", "125")}
    )
    code = main(["--db", str(parent), "import", "--yes", str(edited)])
    out = capsys.readouterr().out
    assert code == 2 and "CẦN CHỌN" in out and "số đã xuất 120, số đang hiển thị 125" in out
    code = main(["--db", str(parent), "import", "--yes", "--accept-visible", str(edited)])
    assert code == 0, capsys.readouterr()
    close_database()
    assert stored(parent, "P1")["2023-07"]["tthc.hs.tiep_nhan"] == "125"
