"""The window and the program's version: a database written by a newer program is refused with a
message (nothing changed); the "Giới thiệu" dialog shows the versions and where the data lives."""

from __future__ import annotations

import sqlite3

import pytest

from cchc_desktop import __version__
from tests.gui.dialog_driver import DialogDriver, assert_centred_on_screen, assert_seen
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
