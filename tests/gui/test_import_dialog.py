"""Tệp → Nhập phụ lục của đơn vị cấp dưới in the real window (no window manager): the files checked off
the Tk thread, one verdict list, a choice per file made by events, the import, the window refreshed."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.ui.dialogs import MessageDialog
from cchc_desktop.ui.import_dialog import ImportDialog
from cchc_desktop.ui.menus import IMPORT_LABEL
from db import store
from db.connection import close_database
from tests.gui.conftest import opened_window, pump
from tests.gui.dialog_driver import assert_seen
from tests.hostile_annex import PL1_PART, rewrite
from tests.test_import import CHILDREN, CITY, _edit_visible, annexes  # noqa: F401 - fixture

pytestmark = pytest.mark.gui


@pytest.fixture
def city(tmp_path) -> Path:
    """A city that has declared P1 and P2 (not An Hòa) as its child units."""
    path = tmp_path / "city.sqlite"
    ws = Workspace.open(path, create=True)
    ws.units.init_unit(code=CITY[0], name=CITY[1], level="huyen")
    for code in ("P1", "P2"):
        ws.units.add_child(code=code, name=CHILDREN[code][0], level="xa")
    ws.close()
    close_database()
    return path


def wait_for(root, condition, seconds: float = 60.0) -> None:
    end = time.time() + seconds
    while time.time() < end:
        if condition():
            return
        pump(root, 0.05)
    raise AssertionError("the import dialog never reached the expected state")


def click_row(table, key: str) -> None:
    table.see(key)
    table.update_idletasks()
    x, y, _, height = table.bbox(key, "#1")
    table.event_generate("<ButtonPress-1>", x=x + 4, y=y + height // 2)
    table.event_generate("<ButtonRelease-1>", x=x + 4, y=y + height // 2)


def press_key(widget, keysym: str) -> None:
    """A key pressed on a focused widget: space ticks a check or radio button, Enter presses a button."""
    widget.focus_force()
    widget.update()
    widget.event_generate("<KeyPress>", keysym=keysym)
    if widget.winfo_exists():  # Đóng closed the dialog
        widget.event_generate("<KeyRelease>", keysym=keysym)


def test_import_from_the_menu_check_choose_import(root, city, annexes, tmp_path, monkeypatch):  # noqa: F811
    junk = tmp_path / "bang-tinh-khac.xlsx"
    junk.write_bytes(b"PK this is no workbook")
    edited = rewrite(
        annexes["P1-07"], tmp_path / "p1-thang-7.xlsx", {PL1_PART: lambda xml: _edit_visible(xml, "120", "125")}
    )
    files = [annexes["P2"], edited, junk, annexes["AH"]]
    monkeypatch.setattr(ImportDialog, "ask_open_paths", lambda self: [str(path) for path in files])
    seen: dict[str, object] = {}
    errors: list[BaseException] = []

    def scenario() -> None:
        dialog = None
        try:
            wait_for(root, lambda: any(isinstance(w, ImportDialog) for w in root.winfo_children()))
            dialog = next(w for w in root.winfo_children() if isinstance(w, ImportDialog))
            wait_for(root, lambda: len(dialog.table.get_children()) == 4 and not dialog.busy_now)
            assert_seen(dialog)
            table = dialog.table
            tags = [table.item(key, "tags")[0] for key in table.get_children()]
            assert tags == ["ready", "choice", "refused", "choice"]  # the files in the order chosen
            assert table.set(str(junk), "verdict") == "Từ chối"
            assert str(dialog.agree_button.cget("state")) == "normal"  # An Hòa asks to be added
            # the number edited in Excel: both values shown, the visible one taken
            click_row(table, str(edited))
            pump(root, 0.1)
            assert dialog.changed_frame.winfo_ismapped()
            (cell,) = dialog.changed.get_children()
            assert dialog.changed.item(cell, "values")[1:] == ("120", "125")
            press_key(dialog.take_radio, "space")
            pump(root, 0.1)
            assert table.set(str(edited), "verdict") == "Sẵn sàng nhập (đã chọn)"
            # the commune not declared yet: added once confirmed
            click_row(table, str(files[3]))
            pump(root, 0.1)
            assert dialog.declare_check.winfo_ismapped() and not dialog.changed_frame.winfo_ismapped()
            assert "UBND phường An Hòa (AH)" in dialog.declare_check.cget("text")
            press_key(dialog.declare_check, "space")
            pump(root, 0.1)
            assert str(dialog.agree_button.cget("state")) == "disabled"  # nothing left to agree to
            press_key(dialog.import_button, "Return")
            wait_for(root, lambda: not dialog.busy_now and "đã nhập" in dialog.summary.cget("text"))
            seen["verdicts"] = {Path(key).name: table.set(key, "verdict") for key in table.get_children()}
            seen["summary"] = dialog.summary.cget("text")
            press_key(dialog.close_button, "Return")
        except BaseException as exc:  # noqa: BLE001 - raised by the test once the dialog is closed
            errors.append(exc)
            if dialog is not None and dialog.winfo_exists():
                dialog.destroy()

    with opened_window(root, city, "2023-Q3") as window:
        assert str(window.import_button.cget("state")) == "normal"
        root.after(50, scenario)
        window.files_menu.invoke(window.files_menu.index(IMPORT_LABEL))
        pump(root, 0.2)
        if errors:
            raise errors[0]
        assert seen["verdicts"] == {
            files[0].name: "Đã nhập",
            edited.name: "Đã nhập",
            junk.name: "Từ chối",
            files[3].name: "Đã nhập, thêm đơn vị",
        }
        assert seen["summary"] == "4 tệp: 3 đã nhập, 1 bị từ chối."
        assert window.status.full_text.startswith("Đã nhập phụ lục lúc")
        ws = window.presenter.ws
        assert [(u.code, u.level, u.frequency) for u in ws.units.children()] == [
            ("AH", "xa", "quarter"),
            ("P1", "xa", "month"),
            ("P2", "xa", "month"),
        ]
        p1 = store.stored_values(store.unit_by_code("P1"), ["2023-07"])["2023-07"]
        assert p1 == dict(CHILDREN["P1"][2]["2023-07"], **{"tthc.hs.tiep_nhan": "125"})
        ah = store.unit_by_code("AH")
        assert store.stored_values(ah, ["2023-Q3"]) == CHILDREN["AH"][2]


def click(widget) -> None:
    widget.update_idletasks()
    x, y = widget.winfo_width() // 2, widget.winfo_height() // 2
    widget.event_generate("<Enter>", x=x, y=y)
    widget.event_generate("<ButtonPress-1>", x=x, y=y)
    widget.event_generate("<ButtonRelease-1>", x=x, y=y)


def test_hu_stops_the_import_between_files_and_the_list_says_what_went_in(root, city, annexes, monkeypatch):  # noqa: F811
    files = [annexes["P2"], annexes["P1"]]
    monkeypatch.setattr(ImportDialog, "ask_open_paths", lambda self: [str(path) for path in files])
    entered, release = threading.Event(), threading.Event()
    original = store.import_unit_periods

    def gated(*args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            entered.set()
            release.wait(30)
        return original(*args, **kwargs)

    monkeypatch.setattr(store, "import_unit_periods", gated)
    seen: dict[str, object] = {}
    errors: list[BaseException] = []

    def scenario() -> None:
        dialog = None
        try:
            wait_for(root, lambda: any(isinstance(w, ImportDialog) for w in root.winfo_children()))
            dialog = next(w for w in root.winfo_children() if isinstance(w, ImportDialog))
            wait_for(root, lambda: len(dialog.table.get_children()) == 2 and not dialog.busy_now)
            press_key(dialog.import_button, "Return")
            wait_for(root, entered.is_set)
            pump(root, 0.2)
            strip = dialog.busy
            assert strip.winfo_ismapped() and strip.text.full_text == f"Đang nhập tệp 1/2: {files[0].name}…"
            assert str(dialog.import_button.cget("state")) == "disabled"
            click(strip.cancel_button)
            pump(root, 0.1)
            assert strip.text.full_text.startswith("Đang hủy")

            def answer_message() -> None:  # from the message's own event loop (the job's outcome waits on it)
                shown = [w for w in dialog.winfo_children() if isinstance(w, MessageDialog) and w.winfo_viewable()]
                if not shown:
                    root.after(20, answer_message)
                    return
                seen["message"] = shown[0].text.cget("text")
                press_key(shown[0].ok, "Return")

            root.after(20, answer_message)
            release.set()
            wait_for(root, lambda: "message" in seen)
            pump(root, 0.1)
            seen["verdicts"] = [dialog.table.set(key, "verdict") for key in dialog.table.get_children()]
            seen["strip"] = strip.winfo_ismapped()
            press_key(dialog.close_button, "Return")
        except BaseException as exc:  # noqa: BLE001 - raised by the test once the dialog is closed
            errors.append(exc)
            release.set()
            if dialog is not None and dialog.winfo_exists():
                dialog.destroy()

    with opened_window(root, city, "2023-Q3") as window:
        root.after(50, scenario)
        window.files_menu.invoke(window.files_menu.index(IMPORT_LABEL))
        pump(root, 0.2)
        if errors:
            raise errors[0]
        assert "Đã dừng giữa chừng: đã nhập 1 tệp; 1/2 tệp còn lại chưa được xử lý." == seen["message"]
        assert seen["verdicts"] == ["Đã nhập", "Sẵn sàng nhập"] and not seen["strip"]
        assert window.status.full_text.startswith("Đã nhập phụ lục lúc")
        assert store.periods_with_values(store.unit_by_code("P2"))
        assert not store.periods_with_values(store.unit_by_code("P1"))
