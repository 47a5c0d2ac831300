"""The window on a shared PostgreSQL database works as on a file: first start, the demo, typing."""

from __future__ import annotations

import pytest

from cchc_desktop.app import paths
from cchc_desktop.gui_main import build
from cchc_desktop.ui.dialogs import FirstStartDialog, MessageDialog
from db.connection import close_database
from tests.gui.conftest import pump
from tests.gui.dialog_driver import DialogDriver, assert_seen
from tests.gui.test_journey import open_section, type_and_enter

pytestmark = [pytest.mark.gui, pytest.mark.postgresql]


def test_the_window_opens_the_demo_on_a_server_database_and_stores_what_is_typed(root, pg_url):
    target = paths.default_db_path(pg_url)
    assert paths.is_server(target) and not paths.database_exists(target)
    advice = []

    def backup_advice(dialog):  # said once: a server database is backed up on the server, not copied here daily
        assert_seen(dialog)
        advice.append(dialog.text.cget("text"))
        dialog.ok.event_generate("<Return>")

    with DialogDriver(root) as driver:
        driver.expect(FirstStartDialog, lambda dialog: (assert_seen(dialog), dialog.demo_button.invoke()))
        driver.expect(MessageDialog, backup_advice)
        built = build(root, target, "2023-Q3")
    [said] = advice
    assert "pg_dump" in said and "cchc backup" in said
    assert built is not None
    ws, presenter, window = built
    try:
        root.deiconify()
        pump(root, 0.3)
        assert "Sa Đéc" in ws.units.self_unit().name
        assert str(presenter.period) == "2023-Q3"
        form = open_section(window, "cd")  # the demo city enters its figures by quarter
        type_and_enter(root, form.entries["cd.van_ban_chi_dao"], "9")
        assert ws.entry.stored_texts("2023-Q3")["cd.van_ban_chi_dao"] == "9"
        assert paths.lock_path(target).parent == paths.data_dir() / "locks"
    finally:
        ws.close()
        for child in root.winfo_children():
            child.destroy()
        root.configure(menu="")
        close_database()
    assert paths.database_exists(target)
