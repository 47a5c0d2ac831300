"""Per-file import choices (numbers edited in Excel, replacing, declaring an unknown unit from the
file's header), compared on the whole database before and after; the command line's --yes and --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.usecases.import_choices import ImportOptions
from cchc_desktop.cli import main
from db import store
from db.connection import close_database
from forms.errors import UserError
from tests.hostile_annex import PL1_PART, rewrite
from tests.test_import import (  # noqa: F401 - fixtures
    CHILDREN,
    CITY,
    _edit_visible,
    annexes,
    dump,
    import_files,
    parent,
    run,
    stored,
)


@pytest.fixture
def lonely(tmp_path) -> Path:
    """A city that has declared no child unit yet."""
    db = tmp_path / "lonely.sqlite"
    assert run(db, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen") == 0
    return db


@pytest.fixture
def edited(annexes, tmp_path) -> Path:  # noqa: F811
    """P1's July annex whose “hồ sơ tiếp nhận” was changed in Excel from 120 to 125 after export."""
    return rewrite(annexes["P1-07"], tmp_path / "p1-07.xlsx", {PL1_PART: lambda xml: _edit_visible(xml, "120", "125")})


def children(db: Path) -> dict[str, tuple[str, str, str]]:
    with Workspace.open(db) as ws:
        return {unit.code: (unit.name, unit.level, unit.frequency) for unit in ws.units.children()}


def test_options_must_name_a_known_choice():
    with pytest.raises(ValueError):
        ImportOptions(visible="both")


def test_visible_choice_per_file_keep_exported_or_take_visible(parent, edited):  # noqa: F811
    before = dump(parent)
    (asked,) = import_files(parent, [edited], options={edited: ImportOptions()})
    assert asked.status == "needs_choice" and asked.changed[0][1:] == ("120", "125")
    assert dump(parent) == before
    (kept,) = import_files(parent, [edited], options={edited: ImportOptions(visible="exported")})
    assert kept.status == "imported", kept.message
    assert stored(parent, "P1") == {"2023-07": CHILDREN["P1"][2]["2023-07"]}
    (taken,) = import_files(parent, [edited], options={edited: ImportOptions(visible="visible", replace=True)})
    assert taken.status == "replaced", taken.message
    assert stored(parent, "P1")["2023-07"] == dict(CHILDREN["P1"][2]["2023-07"], **{"tthc.hs.tiep_nhan": "125"})


def test_options_per_file_override_the_defaults_for_that_file_only(parent, annexes, edited):  # noqa: F811
    assert [v.status for v in import_files(parent, [annexes["P2"], annexes["AH"]])] == ["imported", "imported"]
    before = dump(parent)
    verdicts = import_files(
        parent,
        [annexes["P2"], annexes["AH"], edited],
        accept_visible=True,  # the default of files without options
        options={annexes["P2"]: ImportOptions(replace=True)},
    )
    assert [v.status for v in verdicts] == ["replaced", "refused", "imported"], [v.message for v in verdicts]
    assert verdicts[1].holding and "đã có số liệu" in verdicts[1].message
    assert verdicts[0].holding and not verdicts[2].holding
    assert stored(parent, "P1")["2023-07"]["tthc.hs.tiep_nhan"] == "125"
    assert dump(parent) != before


def test_check_files_gives_the_batch_verdicts_and_stores_nothing(parent, annexes, tmp_path):  # noqa: F811
    copy = tmp_path / "P1-copy.xlsx"
    copy.write_bytes(annexes["P1"].read_bytes())
    before = dump(parent)
    with Workspace.open(parent) as ws:
        verdicts = ws.imports.check_files([annexes["P1"], copy, annexes["AH"]])
    assert [v.status for v in verdicts] == ["imported", "refused", "imported"]
    assert "Có thể nhập" in verdicts[0].message and "UBND Phường 1" in verdicts[1].message
    assert dump(parent) == before


def test_unknown_unit_declared_from_the_header_only_when_confirmed(lonely, annexes):  # noqa: F811
    before = dump(lonely)
    with Workspace.open(lonely) as ws:
        (checked,) = ws.imports.check_files([annexes["P1"]])
    assert checked.status == "unknown_unit" and checked.new_unit
    assert "UBND Phường 1 (mã P1, cấp xã)" in checked.message and "theo tháng" in checked.message
    (refused,) = import_files(lonely, [annexes["P1"]])
    assert refused.status == "unknown_unit" and dump(lonely) == before
    verdicts = import_files(
        lonely,
        [annexes["P1"], annexes["AH"]],
        options={annexes["P1"]: ImportOptions(declare=True), annexes["AH"]: ImportOptions(declare=True)},
    )
    assert [v.status for v in verdicts] == ["imported", "imported"], [v.message for v in verdicts]
    assert all(v.new_unit for v in verdicts) and "đã thêm đơn vị trực thuộc UBND Phường 1" in verdicts[0].message
    assert children(lonely) == {"P1": ("UBND Phường 1", "xa", "month"), "AH": ("UBND phường An Hòa", "xa", "quarter")}
    assert stored(lonely, "P1") == CHILDREN["P1"][2] and stored(lonely, "AH") == CHILDREN["AH"][2]


def test_a_declared_unit_is_not_left_behind_when_its_file_fails_to_store(lonely, annexes, monkeypatch):  # noqa: F811
    before = dump(lonely)

    def failing(*_args, **_kwargs):
        raise UserError("Ổ đĩa đầy.")

    monkeypatch.setattr(store, "import_unit_periods", failing)
    (verdict,) = import_files(lonely, [annexes["P1"]], declare=True)
    assert verdict.status == "refused" and "Ổ đĩa đầy" in verdict.message
    assert dump(lonely) == before


def test_a_sum_edited_in_excel_refuses_the_file_and_declares_nothing(lonely, annexes, tmp_path):  # noqa: F811
    edited = rewrite(annexes["P1"], tmp_path / "p1.xlsx", {PL1_PART: lambda xml: _edit_visible(xml, "345", "346")})
    before = dump(lonely)
    (asked,) = import_files(lonely, [edited], declare=True)
    assert asked.status == "needs_choice" and not asked.takeable and "--accept-visible" not in asked.message
    assert "chỉ có thể giữ số đã xuất" in asked.message and asked.to_json()["visible_takeable"] is False
    (verdict,) = import_files(lonely, [edited], options={edited: ImportOptions(visible="visible", declare=True)})
    assert verdict.status == "refused" and "tổng hợp" in verdict.message
    assert dump(lonely) == before


def test_a_known_unit_that_is_not_a_child_becomes_one(parent, annexes):  # noqa: F811
    with Workspace.open(parent) as ws:
        ws.units.edit_child("P2", parent_code="OTHER", parent_name="UBND huyện khác")
    assert "P2" not in children(parent)
    (verdict,) = import_files(parent, [annexes["P2"]])
    assert verdict.status == "unknown_unit" and "có trong danh sách đơn vị nhưng chưa là" in verdict.message
    (verdict,) = import_files(parent, [annexes["P2"]], declare=True)
    assert verdict.status == "imported", verdict.message
    assert children(parent)["P2"] == ("UBND Phường 2", "xa", "month")
    assert stored(parent, "P2") == CHILDREN["P2"][2]


def test_an_annex_of_this_very_unit_is_refused(tmp_path, annexes):  # noqa: F811
    db = tmp_path / "p1-again.sqlite"
    assert run(db, "init", "--unit-code", "P1", "--unit-name", "UBND Phường 1") == 0
    before = dump(db)
    (verdict,) = import_files(db, [annexes["P1"]], declare=True)
    assert verdict.status == "refused" and "chính đơn vị này" in verdict.message
    assert dump(db) == before


def test_cli_yes_declares_unknown_units_json_names_the_status(lonely, annexes, capsys):  # noqa: F811
    capsys.readouterr()
    before = dump(lonely)
    code = main(["--db", str(lonely), "import", str(annexes["AH"])])
    close_database()
    out = capsys.readouterr().out
    assert code == 2 and "CHƯA KHAI BÁO" in out and "UBND phường An Hòa" in out and "--yes" in out
    code = main(["--db", str(lonely), "import", "--json", str(annexes["AH"])])
    close_database()
    (item,) = json.loads(capsys.readouterr().out)
    assert code == 2 and item["status"] == "unknown_unit" and item["new_unit"] is True and item["unit_code"] == "AH"
    assert dump(lonely) == before
    code = main(["--db", str(lonely), "import", "--yes", str(annexes["AH"])])
    close_database()
    out = capsys.readouterr().out
    assert code == 0 and "ĐÃ NHẬP" in out and "đã thêm đơn vị trực thuộc UBND phường An Hòa" in out
    assert children(lonely) == {"AH": ("UBND phường An Hòa", "xa", "quarter")}
    assert stored(lonely, "AH") == CHILDREN["AH"][2]


def test_cli_help_says_yes_declares_units(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "đơn vị chưa khai báo thì thêm làm đơn vị trực thuộc" in out and "--json" in out


def test_a_unit_reporting_to_another_office_is_never_declared(lonely, tmp_path):
    db = tmp_path / "other.sqlite"
    assert run(db, "init", "--unit-code", "AG1", "--unit-name", "UBND xã Mỹ Hòa", "--frequency", "quarter",
               "--parent-code", "TINH-AG", "--parent-name", "UBND tỉnh An Giang") == 0  # fmt: skip
    assert run(db, "set", "--period", "2023-Q3", "tthc.hs.tiep_nhan=12") == 0
    annex = tmp_path / "ag1.xlsx"
    assert run(db, "export", "xlsx", "--period", "2023-Q3", "-o", str(annex)) == 0
    before = dump(lonely)
    (verdict,) = import_files(lonely, [annex], declare=True, replace=True)  # what --yes asks
    assert verdict.status == "refused"
    assert "mã TINH-AG" in verdict.message and "đơn vị không được thêm" in verdict.message
    assert dump(lonely) == before
