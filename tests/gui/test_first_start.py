"""The first start from an empty data folder, under Xvfb without a window manager, at 100% and 125%.

`gui_main.build` runs as `cchc-desktop` runs it (the main window still withdrawn); the dialogs are
driven by events from the event loop while build waits for them.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from cchc_desktop.gui_main import build
from cchc_desktop.ui.dialogs import FirstStartDialog, UnitDialog
from db.connection import close_database
from tests.gui.conftest import pump
from tests.gui.dialog_driver import (
    DialogDriver,
    assert_centred_on_screen,
    assert_focus_in,
    assert_on_screen,
    assert_seen,
    press,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def empty_folder(tmp_path):
    folder = tmp_path / "du-lieu"
    folder.mkdir()
    return folder


def close_window(root, built) -> None:
    ws = built[0]
    ws.close()
    for child in root.winfo_children():
        child.destroy()
    root.configure(menu="")


def test_first_start_dialog_and_unit_dialog_are_seen(root, scaling, empty_folder):
    db = empty_folder / "cchc.sqlite"
    seen = []

    def first_start(dialog):
        assert_seen(dialog)
        assert_centred_on_screen(dialog)
        assert str(dialog.wm_transient()) == "", "transient to the withdrawn main window: never shown"
        assert_focus_in(dialog, dialog.new_button)
        assert dialog.new_button.cget("text") == "Khai báo đơn vị mới"
        seen.append("first start")
        press(dialog.new_button, "<Return>")

    def unit(dialog):
        assert_seen(dialog)
        assert_centred_on_screen(dialog)
        for button in (dialog.save_button, dialog.cancel_button):
            assert button.winfo_viewable()
            assert_on_screen(button)
        assert (dialog.save_button.cget("text"), dialog.cancel_button.cget("text")) == ("Lưu", "Hủy")
        assert_focus_in(dialog, dialog.widgets["name"][1])
        seen.append("unit")
        press(dialog.widgets["name"][1], "<Escape>")

    with DialogDriver(root) as driver:
        driver.expect(FirstStartDialog, first_start).expect(UnitDialog, unit)
        assert build(root, db) is None
    assert seen == ["first start", "unit"]
    assert not db.exists(), "nothing typed, nothing saved: no database, the next start welcomes again"
    assert not (empty_folder / "backups").exists()


def test_quitting_the_first_start_dialog_creates_nothing(root, empty_folder):
    db = empty_folder / "cchc.sqlite"
    with DialogDriver(root) as driver:
        driver.expect(FirstStartDialog, lambda dialog: press(dialog.new_button, "<Escape>"))
        assert build(root, db) is None
    assert not db.exists()


def test_enter_saves_the_unit_and_tab_leaves_the_recipients(root, scaling, empty_folder):
    db = empty_folder / "cchc.sqlite"
    checked = []

    def unit(dialog):
        fields = {key: widget for key, (_, widget) in dialog.widgets.items()}
        name = fields["name"]
        press(name, "<Return>")
        assert "không được để trống" in dialog.error.cget("text")
        assert dialog.winfo_viewable(), "a refused value keeps the dialog open"
        dialog.update_idletasks()
        assert_on_screen(dialog.save_button)

        recipients = fields["recipients"]
        recipients.focus_force()
        press(recipients, "<Tab>")
        assert dialog.focus_get() is dialog.save_button
        assert "\t" not in recipients.get("1.0", "end")
        recipients.focus_force()
        press(recipients, "<Shift-Tab>")
        assert dialog.focus_get() is fields["authority_line"]
        recipients.focus_force()
        recipients.mark_set("insert", "end")
        press(recipients, "<Control-Tab>")
        assert recipients.get("1.0", "end-1c").endswith("\t")
        recipients.delete("1.0", "end")
        recipients.insert("1.0", "- UBND tỉnh Đồng Tháp (B/c);\n- Lưu: VT.")

        name.insert(0, "Ủy ban nhân dân phường An Hòa")
        fields["code"].insert(0, "P-ANHOA")
        place = fields["place"]
        place.focus_force()
        place.insert(0, "An Hòa")
        checked.append("unit")
        press(place, "<Return>")

    with DialogDriver(root) as driver:
        driver.expect(FirstStartDialog, lambda dialog: dialog.new_button.invoke()).expect(UnitDialog, unit)
        built = build(root, db, None)
    assert checked == ["unit"]
    assert built is not None, "Enter in a single-line field saves and opens the main window"
    try:
        pump(root)
        ws = built[0]
        unit = ws.units.self_unit()
        assert (unit.name, unit.code, unit.place) == ("Ủy ban nhân dân phường An Hòa", "P-ANHOA", "An Hòa")
        assert unit.recipients == ("UBND tỉnh Đồng Tháp (B/c)", "Lưu: VT")
        assert root.winfo_viewable()
    finally:
        close_window(root, built)
        close_database()


@pytest.mark.parametrize(
    ("today", "levels"),
    [
        (datetime(2026, 12, 6, 9, 5), ("Cấp xã", "Cấp tỉnh")),  # two levels since 1/7/2025 (template 2025.1)
        (datetime(2025, 3, 3, 9, 5), ("Cấp xã", "Cấp huyện", "Cấp tỉnh")),
    ],
)
def test_the_levels_offered_follow_the_day_the_unit_is_declared(root, empty_folder, today, levels):
    seen = {}

    def first_start(dialog):
        press(dialog.new_button, "<Return>")

    def unit(dialog):
        seen["levels"] = tuple(dialog.widgets["level"][1].cget("values"))
        press(dialog.widgets["name"][1], "<Escape>")

    with DialogDriver(root) as driver:
        driver.expect(FirstStartDialog, first_start).expect(UnitDialog, unit)
        assert build(root, empty_folder / "cchc.sqlite", clock=lambda: today) is None
    assert seen["levels"] == levels
