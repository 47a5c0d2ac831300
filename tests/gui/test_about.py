"""The window and the program's version: a database written by a newer program is refused with a
message (nothing changed); the "Giới thiệu" dialog shows the versions and where the data lives."""

from __future__ import annotations

import sqlite3

import pytest

from cchc_desktop import __version__
from tests.gui.dialog_driver import DialogDriver, assert_centred_on_screen, assert_seen, press, rect
from tests.test_program_version import snapshot, stamp

pytestmark = pytest.mark.gui


def test_the_window_refuses_a_database_written_by_a_newer_program(root, monthly_unit, db_path):
    from cchc_desktop.app import UserError
    from cchc_desktop.gui_main import open_or_recover, startup_error
    from cchc_desktop.ui.dialogs import MessageDialog

    stamp(db_path, "3.1.4")
    before = snapshot(db_path)
    with pytest.raises(UserError) as caught:  # what main() shows with startup_error, as below
        open_or_recover(root, db_path)
    shown = []

    def check(dialog):
        assert_seen(dialog)
        assert_centred_on_screen(dialog)
        shown.append(dialog.text.cget("text"))
        dialog.ok.event_generate("<Return>")

    with DialogDriver(root) as driver:
        driver.expect(MessageDialog, check)
        startup_error(root, "Không mở được cơ sở dữ liệu", str(caught.value))
    root.deiconify()
    [text] = shown
    assert "phiên bản 3.1.4" in text and f"({__version__})" in text and "Hãy cài CCHC Desktop" in text
    assert snapshot(db_path) == before
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT value FROM setting WHERE key = 'app.last_version'").fetchone() == ("3.1.4",)
    con.close()


def test_the_about_dialog_opens_from_the_help_menu_and_copies_its_text(root, scaling, monthly_unit, db_path):
    import os

    from PIL import ImageGrab

    from cchc_desktop.app.usecases.templates import list_versions
    from cchc_desktop.ui.about_dialog import AboutDialog
    from cchc_desktop.ui.modal import TASKBAR
    from tests.gui.conftest import opened_window

    seen = {}

    def check(dialog):
        assert_seen(dialog)
        x, y, width, height = rect(dialog)
        assert y + height <= dialog.winfo_screenheight() - TASKBAR and x >= 0 and x + width <= 1366
        assert dialog.heading.cget("text") == f"CCHC Desktop — phiên bản {__version__}"
        for info in list_versions()[0]:
            assert info.validity in dialog.values[f"Phiên bản {info.version}"].cget("text")
        assert dialog.values["Tệp cơ sở dữ liệu"].cget("text") == str(db_path)
        assert dialog.values["Thư mục sao lưu"].cget("text") == str(db_path.parent / "backups")
        assert dialog.values["Nhật ký"].cget("text").endswith("cchc.log")
        shot = os.environ.get("CCHC_SHOTS")
        if shot:
            dialog.update()  # drawn before the grab
            ImageGrab.grab(xdisplay=os.environ["DISPLAY"]).save(f"{shot}/about-{int(scaling * 100)}.png")
        dialog.copy_button.focus_force()
        press(dialog.copy_button, "<Return>")
        seen["status"] = dialog.status.cget("text")
        seen["clipboard"] = dialog.clipboard_get()
        press(dialog, "<Escape>")

    with opened_window(root, db_path, "2023-Q3") as window:
        with DialogDriver(root) as driver:
            driver.expect(AboutDialog, check)
            window.helps.invoke(window.helps.index("Giới thiệu…"))
    assert seen["clipboard"].startswith(f"CCHC Desktop — phiên bản {__version__}\n")
    assert f"Tệp cơ sở dữ liệu: {db_path}" in seen["clipboard"]
    assert seen["status"].startswith("Đã chép thông tin")
