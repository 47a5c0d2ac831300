"""Đơn vị → Đơn vị trực thuộc in the real window (no window manager): the list, the form, the rules."""

from __future__ import annotations

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.ui.child_units import MENU_LABEL, ChildUnitDialog, ChildUnitsDialog
from cchc_desktop.ui.merge_dialog import MergeDialog
from tests.gui.conftest import opened_window, pump
from tests.gui.dialog_driver import DialogDriver, assert_focus_in, assert_seen, press

pytestmark = pytest.mark.gui


@pytest.fixture
def city_db(tmp_path):
    """A city without child units yet."""
    from db.connection import close_database

    path = tmp_path / "city.sqlite"
    ws = Workspace.open(path, create=True)
    ws.units.init_unit(code="SADEC", name="UBND thành phố Sa Đéc", level="huyen")
    ws.close()
    close_database()
    return path


def _keys(entry, text: str) -> None:
    """Type ASCII text key by key into a focused entry."""
    entry.focus_force()
    for char in text:
        entry.event_generate("<KeyPress>", keysym=char, when="now")


def _open_from_menu(window) -> None:
    window.unit_menu.invoke(window.unit_menu.index(MENU_LABEL))


def _later(dialog, action) -> None:
    """Press a button from the event loop (it opens a nested dialog: not inside a driver step)."""
    dialog.after(10, action)


def test_add_and_edit_a_child_unit_from_the_menu(root, city_db):
    seen: dict[str, object] = {}

    def empty_list(dialog):
        assert_seen(dialog)
        assert dialog.table.get_children() == ()
        assert "Chưa có đơn vị trực thuộc" in dialog.empty.cget("text")
        assert str(dialog.edit_button.cget("state")) == "disabled"
        _later(dialog, dialog.add_button.invoke)

    def fill_in_new(dialog):
        assert_seen(dialog)
        name, code = dialog.widgets["name"][1], dialog.widgets["code"][1]
        assert_focus_in(dialog, name)
        name.insert(0, "UBND Phường 1")
        name.event_generate("<FocusOut>")
        _keys(code, "P1")
        assert code.get() == "P1"
        assert dialog.values()["level"] == "xa" and dialog.values()["frequency"] == "month"
        code.event_generate("<Return>")  # Enter saves

    def listed(dialog):
        assert dialog.winfo_viewable()
        assert dialog.table.get_children() == ("P1",)
        assert dialog.table.item("P1", "values") == ("P1", "UBND Phường 1", "Cấp xã", "Tháng", "")
        assert dialog.table.selection() == ("P1",)
        _later(dialog, dialog.edit_button.invoke)

    def rename(dialog):
        assert_seen(dialog)
        code, name = dialog.widgets["code"][1], dialog.widgets["name"][1]
        assert str(code.cget("state")) == "readonly" and code.get() == "P1"
        assert name.get() == "UBND Phường 1"
        name.delete(0, "end")
        name.insert(0, "UBND phường Sa Đéc")
        name.event_generate("<Return>")

    def renamed(dialog):
        assert dialog.table.item("P1", "values")[1] == "UBND phường Sa Đéc"
        seen["table"] = dialog.table
        press(dialog.table, "<Escape>")  # Esc closes

    with opened_window(root, city_db, "2023-07") as window:
        # a city may import before declaring children: an import declares them from the files (issue 9)
        assert str(window.import_button.cget("state")) == "normal"
        with DialogDriver(window.root) as driver:
            for kind, step in (
                (ChildUnitsDialog, empty_list),
                (ChildUnitDialog, fill_in_new),
                (ChildUnitsDialog, listed),
                (ChildUnitDialog, rename),
                (ChildUnitsDialog, renamed),
            ):
                driver.expect(kind, step)
            _open_from_menu(window)
        pump(window.root, 0.1)
        assert not seen["table"].winfo_exists()
        assert str(window.import_button.cget("state")) == "normal"
        menu = window.files_menu
        assert menu.entrycget(menu.index("Nhập phụ lục của đơn vị cấp dưới…"), "state") == "normal"
        children = window.presenter.ws.units.children()
    assert [(c.code, c.name, c.level, c.frequency, c.parent_code) for c in children] == [
        ("P1", "UBND phường Sa Đéc", "xa", "month", "SADEC")
    ]


def test_a_refusal_is_shown_in_the_form_and_nothing_typed_is_lost(root, city_db):
    ws = Workspace.open(city_db)
    ws.units.add_child(code="P1", name="UBND Phường 1")
    ws.close()
    shown = {}

    def open_form(dialog):
        _later(dialog, dialog.add_button.invoke)

    def duplicate(dialog):
        name, code = dialog.widgets["name"][1], dialog.widgets["code"][1]
        name.insert(0, "UBND Phường 2")
        _keys(code, "P1")
        code.event_generate("<Return>")
        assert dialog.winfo_exists() and dialog.winfo_viewable()  # the form stays
        shown["error"] = dialog.error.cget("text")
        assert (name.get(), code.get()) == ("UBND Phường 2", "P1")  # nothing typed is lost
        code.event_generate("<KeyPress>", keysym="BackSpace", when="now")
        code.event_generate("<KeyRelease>", keysym="BackSpace", when="now")
        assert dialog.error.cget("text") == ""  # a correction clears the old reason
        _keys(code, "2")
        assert code.get() == "P2"
        dialog.save_button.invoke()

    def listed(dialog):
        assert dialog.table.get_children() == ("P1", "P2")
        dialog.close_button.invoke()

    with opened_window(root, city_db, "2023-07") as window:
        with DialogDriver(window.root) as driver:
            driver.expect(ChildUnitsDialog, open_form).expect(ChildUnitDialog, duplicate)
            driver.expect(ChildUnitsDialog, listed)
            _open_from_menu(window)
        codes = [unit.code for unit in window.presenter.ws.units.children()]
    assert 'Mã đơn vị "P1" đã có (UBND Phường 1)' in shown["error"]
    assert codes == ["P1", "P2"]


def test_merge_from_the_list_by_events(root, city_db):
    ws = Workspace.open(city_db)
    for code, name in (
        ("P1", "UBND Phường 1"),
        ("P2", "UBND Phường 2"),
        ("P3", "UBND Phường 3"),
        ("SD", "UBND Sa Đéc"),
    ):
        ws.units.add_child(code=code, name=name)
    ws.close()
    seen: dict[str, object] = {}

    def open_merge(dialog):
        assert str(dialog.merge_button.cget("state")) == "normal"
        _later(dialog, dialog.merge_button.invoke)

    def fill_in(dialog):
        assert_seen(dialog)
        assert_focus_in(dialog, dialog.into)
        assert list(dialog.boxes) == ["P1", "P2", "P3", "SD"]
        dialog.into.current(3)  # the new unit: UBND Sa Đéc (SD)
        dialog.into.event_generate("<<ComboboxSelected>>")
        assert str(dialog.boxes["SD"].cget("state")) == "disabled"
        for code in ("P1", "P3"):
            dialog.boxes[code].focus_force()
            dialog.boxes[code].event_generate("<KeyPress-space>", when="now")
            dialog.boxes[code].event_generate("<KeyRelease-space>", when="now")
        assert dialog.chosen_sources() == ["P1", "P3"]
        dialog.date.focus_force()
        dialog.date.insert(0, "1/7/25")
        dialog.date.event_generate("<Return>")  # Enter records … refused: the form stays with the reason
        assert dialog.winfo_exists() and dialog.winfo_viewable()
        seen["error"] = dialog.error.cget("text")
        assert dialog.chosen_sources() == ["P1", "P3"] and dialog.date.get() == "1/7/25"  # nothing lost
        assert_seen(dialog)
        dialog.date.delete(0, "end")
        dialog.date.insert(0, "01/07/2025")  # dd/mm/yyyy as the clerk writes it (yyyy-mm-dd is taken too)
        dialog.date.event_generate("<Return>")

    def listed(dialog):
        seen["selected"] = dialog.table.selection()
        seen["rows"] = {code: dialog.table.item(code, "values")[4] for code in dialog.table.get_children()}
        press(dialog.table, "<Escape>")

    with opened_window(root, city_db, "2025-07") as window:
        with DialogDriver(window.root) as driver:
            driver.expect(ChildUnitsDialog, open_merge).expect(MergeDialog, fill_in).expect(ChildUnitsDialog, listed)
            _open_from_menu(window)
        pump(window.root, 0.1)
        children = {unit.code: unit for unit in window.presenter.ws.units.children()}
    assert "Ngày sáp nhập “1/7/25” không hợp lệ" in seen["error"]
    assert seen["selected"] == ("SD",)
    assert seen["rows"] == {
        "P1": "Sáp nhập vào SD từ 01/07/2025",
        "P2": "",
        "P3": "Sáp nhập vào SD từ 01/07/2025",
        "SD": "Từ 01/07/2025, thay cho 2 đơn vị",
    }
    assert (children["P1"].replaced_by, children["P1"].valid_to) == ("SD", "2025-06-30")
    assert (children["SD"].valid_from, children["P2"].replaced_by) == ("2025-07-01", "")
