"""Issue 17, case 4: a unit code is one code at every door. `XA-001` followed by a zero-width space (or
any invisible character, or in another Unicode form) is XA-001 — never a second child counted twice in
the consolidated total — and a name with a right-to-left override is refused: `cchc init`, `units add`,
`units edit`, `units merge`, the import of an annex whose header carries such a code or name, and the
window's unit dialogs (through their presenters), on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.presenters.child_units_presenter import ChildUnitPresenter
from cchc_desktop.app.presenters.setup_presenter import SetupPresenter
from cchc_desktop.cli import main
from db import store
from db.connection import close_database
from forms.errors import ValueInputError
from forms.safe_text import clean_code, clean_name, normal_code

ZWSP, RLO = "\u200b", "\u202e"
HIDDEN_CODE = "XA-001" + ZWSP
CITY = ("SADEC", "UBND thành phố Sa Đéc")


@pytest.fixture
def run(capsys):
    """`cchc --db TARGET …` in-process, on the engine of the test: (exit status, stdout, stderr)."""

    def call(target: str, *args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--db", target, *args])
        close_database()
        out = capsys.readouterr()
        return code, out.out, out.err

    return call


@pytest.fixture
def city(engine_target, run) -> str:
    code, _, err = run(engine_target, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen")
    assert code == 0, err
    code, _, err = run(engine_target, "units", "add", "--code", "XA-001", "--name", "UBND xã Một")
    assert code == 0, err
    return engine_target


def _codes(target: str) -> list[str]:
    with Workspace.open(target) as ws:
        return sorted(unit.code for unit in ws.units.all())


# ----- the pure function -------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed",
    [HIDDEN_CODE, "\ufeffXA-001", "XA-\u2060001", " XA-001\u200d ", "XA-001\u00ad"],
    ids=["zwsp", "bom", "word-joiner", "zwj-spaces", "soft-hyphen"],
)
def test_invisible_characters_are_not_part_of_a_code(typed):
    assert normal_code(typed) == clean_code(typed) == "XA-001"


@pytest.mark.parametrize("typed", ["XA 001", "XÃ-001", "XA-001" + RLO, "XA/001", "-XA", "X" * 51])
def test_a_new_code_outside_the_alphabet_is_refused(typed):
    with pytest.raises(ValueInputError, match="Mã đơn vị"):
        clean_code(typed)


def test_a_name_keeps_its_letters_and_loses_invisible_characters_but_refuses_bidi_overrides():
    assert clean_name("UBND xa\u0303 Mo\u0323\u0302t" + ZWSP, "Tên đơn vị") == "UBND xã Một"  # NFD typed: NFC stored
    for control in ("\u202e", "\u202d", "\u2066", "\u200f"):
        with pytest.raises(ValueInputError, match=f"đổi chiều chữ U\\+{ord(control):04X}"):
            clean_name(f"UBND {control}xã Một", "Tên đơn vị")


# ----- the command line ----------------------------------------------------------------------
def test_init_stores_the_normalised_code(engine_target, run):
    code, out, err = run(engine_target, "init", "--unit-code", HIDDEN_CODE, "--unit-name", "UBND xã Một")
    assert code == 0, err
    assert "mã XA-001)" in out and ZWSP not in out
    assert _codes(engine_target) == ["XA-001"]
    code, _, err = run(engine_target, "set", "--period", "2023-07", "--unit", "XA-001", "tthc.hs.tiep_nhan=5")
    assert code == 0, err


def test_init_refuses_a_name_with_a_right_to_left_override(engine_target, run):
    code, out, err = run(engine_target, "init", "--unit-code", "XA-001", "--unit-name", f"UBND {RLO}xã Một")
    assert code == 2 and "U+202E" in err and RLO not in err + out


def test_units_add_with_a_hidden_space_is_the_same_code_and_refused(city, run):
    code, _, err = run(city, "units", "add", "--code", HIDDEN_CODE, "--name", "UBND xã Một (lần hai)")
    assert code == 2 and 'Mã đơn vị "XA-001" đã có' in err, err
    assert _codes(city) == ["SADEC", "XA-001"]


def test_units_add_refuses_bidi_overrides_in_names_and_codes(city, run):
    for args in (["--code", "XA-002", "--name", f"UBND {RLO}xã Hai"], ["--code", "XA-002" + RLO, "--name", "Hai"]):
        code, out, err = run(city, "units", "add", *args)
        assert code == 2 and "U+202E" in err and RLO not in out + err, err
    assert _codes(city) == ["SADEC", "XA-001"]


def test_units_edit_finds_the_code_through_the_hidden_space(city, run):
    code, out, err = run(city, "units", "edit", HIDDEN_CODE, "--name", "UBND xã Một mới")
    assert code == 0, err
    assert "XA-001\tUBND xã Một mới" in out
    code, _, err = run(city, "units", "edit", "XA-001", "--name", f"UBND {RLO}xã")
    assert code == 2 and "U+202E" in err


def test_units_merge_names_codes_through_hidden_characters(city, run):
    assert run(city, "units", "add", "--code", "XA-002", "--name", "UBND xã Hai")[0] == 0
    assert run(city, "units", "add", "--code", "XA-NEW", "--name", "UBND xã Mới")[0] == 0
    into, sources = "XA-NEW" + ZWSP, f"{HIDDEN_CODE},XA-002"
    code, _, err = run(city, "units", "merge", "--into", into, "--from", sources, "--from-date", "2025-07-01")
    assert code == 0, err
    with Workspace.open(city) as ws:
        assert {unit.code: unit.replaced_by for unit in ws.units.children()} == {
            "XA-001": "XA-NEW",
            "XA-002": "XA-NEW",
            "XA-NEW": "",
        }


# ----- the import ----------------------------------------------------------------------------
def _child_annex(folder: Path, code: str, name: str, run) -> Path:
    """An annex exported by a child whose database holds `code`/`name` as an older release let them in
    (written past the doors, straight into the store)."""
    db = str(folder / "child.sqlite")
    with Workspace.open(db, create=True) as ws:
        store.save_unit(
            {"code": code, "name": name, "level": "xa", "frequency": "month", "parent_code": CITY[0]}, is_self=True
        )
        ws.entry.set_values("2023-07", {"tthc.hs.tiep_nhan": "120"})
    target = folder / "child-2023-07.xlsx"
    code, _, err = run(db, "export", "xlsx", "--period", "2023-07", "-o", str(target))
    assert code == 0, err
    return target


def _consolidated(target: str) -> int:
    with Workspace.open(target) as ws:
        return ws.entry.get_values("2023-07", consolidated=True)["tthc.hs.tiep_nhan"]


def test_import_of_a_header_with_a_hidden_space_reaches_the_declared_child(city, run, tmp_path):
    clean = _child_annex(tmp_path / "a", "XA-001", "UBND xã Một", run)
    hidden = _child_annex(tmp_path / "b", HIDDEN_CODE, "UBND xã Một", run)
    assert run(city, "import", str(clean))[0] == 0
    assert _consolidated(city) == 120
    code, out, err = run(city, "import", "--yes", str(hidden))
    assert code == 0, out + err
    assert "ĐÃ THAY" in out and ZWSP not in out
    assert _codes(city) == ["SADEC", "XA-001"]  # no second child
    assert _consolidated(city) == 120  # counted once


def test_import_declares_the_normalised_code_and_refuses_an_overridden_name(engine_target, run, tmp_path):
    assert run(engine_target, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen")[0] == 0
    reversed_name = _child_annex(tmp_path / "a", "XA-002", f"UBND {RLO}xã Hai", run)
    code, out, err = run(engine_target, "import", "--yes", str(reversed_name))
    assert code == 2 and "U+202E" in out and RLO not in out + err
    assert _codes(engine_target) == ["SADEC"]
    hidden = _child_annex(tmp_path / "b", HIDDEN_CODE, "UBND xã Một", run)
    code, out, err = run(engine_target, "import", "--yes", str(hidden))
    assert code == 0, out + err
    assert _codes(engine_target) == ["SADEC", "XA-001"]
    assert _consolidated(engine_target) == 120


# ----- the window's unit dialogs ---------------------------------------------------------------
class FormView:
    def __init__(self):
        self.errors: list[str] = []
        self.closed = False

    def show_form(self, fields, values, first_time) -> None:
        self.values = values

    def show_error(self, message: str) -> None:
        self.errors.append(message)

    def close(self) -> None:
        self.closed = True


def test_the_child_unit_dialog_refuses_the_same_code_with_a_hidden_space(city):
    with Workspace.open(city) as ws:
        view = FormView()
        presenter = ChildUnitPresenter(ws, view)
        presenter.start()
        values = {"code": HIDDEN_CODE, "name": "UBND xã Một (lần hai)", "level": "xa", "frequency": "month"}
        assert not presenter.save(values)
        assert 'Mã đơn vị "XA-001" đã có' in view.errors[-1]
        assert not presenter.save({**values, "code": "XA-002", "name": f"UBND {RLO}xã Hai"})
        assert "U+202E" in view.errors[-1]
        assert sorted(unit.code for unit in ws.units.all()) == ["SADEC", "XA-001"]
        editing = ChildUnitPresenter(ws, FormView(), HIDDEN_CODE)  # the list's code, whatever its spelling
        editing.start()
        assert editing.save({"name": "UBND xã Một mới", "level": "xa", "frequency": "month"})
        assert ws.units.unit("XA-001").name == "UBND xã Một mới"


def test_the_setup_dialog_stores_the_normalised_code_and_refuses_an_override(engine_target):
    with Workspace.open(engine_target, create=True) as ws:
        view = FormView()
        presenter = SetupPresenter(ws, view)
        presenter.start()
        values = {**view.values, "code": HIDDEN_CODE, "name": f"UBND {RLO}xã Một"}
        assert not presenter.save(values)
        assert "U+202E" in view.errors[-1] and not ws.units.has_unit()
        assert presenter.save({**values, "name": "UBND xã Một"})
        assert ws.units.self_unit().code == "XA-001"
