"""The window on a damaged database, under Xvfb without a window manager, at 100% and 125%: the
recovery dialog lists the backups, one is restored by keyboard events, then the main window opens."""

from __future__ import annotations

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.gui_main import build, open_or_recover
from cchc_desktop.ui.dialogs import FirstStartDialog, MessageDialog
from cchc_desktop.ui.recovery_dialog import RecoveryDialog
from tests.gui.dialog_driver import DialogDriver, assert_focus_in, assert_seen, press
from tests.gui.test_first_start import close_window

pytestmark = pytest.mark.gui


def test_a_damaged_database_offers_its_backups_and_restores_one(root, scaling, monthly_unit, db_path):
    assert monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=5").code == 0
    assert monthly_unit("backup").code == 0
    damaged = b"\x00" * 5000
    db_path.write_bytes(damaged)
    seen = {}

    def recovery(dialog):
        assert_seen(dialog)
        rows = dialog.table.get_children()
        assert len(rows) == 2 and dialog.table.selection() == ("0",)
        assert dialog.table.item("0")["values"][1] == "Sao lưu tay"
        assert "bị hỏng" in dialog.problem.cget("text")
        assert_focus_in(dialog, dialog.table)
        for widget in (dialog.restore_button, dialog.close_button, dialog.table):  # nothing cut off
            assert widget.winfo_rootx() + widget.winfo_width() <= dialog.winfo_rootx() + dialog.winfo_width()
            assert widget.winfo_rooty() + widget.winfo_height() <= dialog.winfo_rooty() + dialog.winfo_height()
        press(dialog.table, "<Return>")  # restore the selected (newest) backup

    def done(dialog):
        assert_seen(dialog)
        seen["text"] = dialog.text.cget("text")
        press(dialog.ok, "<Return>")

    with DialogDriver(root) as driver:
        driver.expect(RecoveryDialog, recovery).expect(MessageDialog, done)
        built = open_or_recover(root, db_path, "2023-07")
    try:
        assert built is not None
        assert "Đã khôi phục" in seen["text"] and "Tệp hỏng" in seen["text"]
        assert built[0].entry.get_values("2023-07")["cd.van_ban_chi_dao"] == 5
    finally:
        close_window(root, built)
    kept = [p for p in db_path.parent.glob("cchc.sqlite.hong-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    with Workspace.open(db_path) as ws:
        assert ws.entry.get_values("2023-07")["cd.van_ban_chi_dao"] == 5


def test_a_failed_daily_backup_is_said_once_and_the_window_opens(root, monthly_unit, db_path):
    assert monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=5").code == 0
    folder = db_path.parent / "backups"
    for old in folder.iterdir():
        old.unlink()
    folder.rmdir()
    folder.write_text("một tệp chiếm chỗ thư mục sao lưu", encoding="utf-8")
    seen = []

    def warning(dialog):
        assert_seen(dialog)
        seen.append(dialog.text.cget("text"))
        press(dialog.ok, "<Return>")

    with DialogDriver(root) as driver:
        driver.expect(MessageDialog, warning)
        built = build(root, db_path, "2023-07")
    try:
        assert len(seen) == 1 and "Chưa sao lưu hằng ngày" in seen[0]
        assert built[0].entry.get_values("2023-07")["cd.van_ban_chi_dao"] == 5
    finally:
        close_window(root, built)


def test_a_missing_database_with_backups_offers_them_before_starting_afresh(root, monthly_unit, db_path):
    assert monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=5").code == 0
    db_path.unlink()
    seen = []

    def recovery(dialog):
        assert_seen(dialog)
        assert dialog.problem.cget("text").startswith(f"Không tìm thấy cơ sở dữ liệu {db_path}.")
        assert dialog.close_button.cget("text") == "Bỏ qua, bắt đầu mới"
        seen.append(len(dialog.table.get_children()))
        press(dialog.table, "<Escape>")  # not now: the first start follows, as without backups

    def first_start(dialog):
        seen.append("first start")
        press(dialog, "<Escape>")

    with DialogDriver(root) as driver:
        driver.expect(RecoveryDialog, recovery).expect(FirstStartDialog, first_start)
        assert open_or_recover(root, db_path, "2023-07") is None
    assert seen == [1, "first start"] and not db_path.exists()
