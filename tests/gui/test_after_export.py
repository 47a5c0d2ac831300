"""After an export ran on its worker, the window goes on (issue 18, item 3): Trợ giúp → Giới thiệu…
opens (it said "Lỗi hệ thống" when the worker closed what the window had open), a backup is made,
typing is stored, and a commune's annex is imported — on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from cchc_desktop.app.infra.paths import default_db_path
from cchc_desktop.ui.about_dialog import AboutDialog
from cchc_desktop.ui.import_dialog import ImportDialog
from cchc_desktop.ui.menus import IMPORT_LABEL
from tests.gui.conftest import opened_window, pump
from tests.gui.dialog_driver import DialogDriver, press
from tests.gui.test_import_dialog import press_key
from tests.test_worker_state import city_with_commune

pytestmark = pytest.mark.gui
PERIOD = "2023-Q3"


def wait_for(root, condition, rounds: int = 600) -> None:
    for _ in range(rounds):
        if condition():
            return
        pump(root, 0.05)
    raise AssertionError("the window never reached the expected state")


def test_about_backup_typing_and_import_after_an_export(root, engine_target, tmp_path, monkeypatch):
    annex = city_with_commune(engine_target, tmp_path)
    errors = []
    old_report = root.report_callback_exception
    root.report_callback_exception = lambda kind, exc, tb: errors.append(exc)
    try:
        with opened_window(root, default_db_path(engine_target), PERIOD) as window:
            shown = []
            window.show_message = lambda title, text, error=False: shown.append((title, text, error))
            window.ask_choice = lambda title, text, choices: shown.append((title, text, False))  # Mở tệp, thư mục
            window.ask_save_path = lambda title, name, kind: str(tmp_path / "bao-cao.pdf")
            window.files_menu.invoke(window.files_menu.index("Xuất báo cáo PDF…"))
            wait_for(root, lambda: shown)
            assert (tmp_path / "bao-cao.pdf").stat().st_size > 0, shown

            seen = []

            def about(dialog):
                seen.append(dialog.values["Thư mục sao lưu"].cget("text"))
                press(dialog, "<Escape>")

            with DialogDriver(root) as driver:
                driver.expect(AboutDialog, about)
                window.helps.invoke(window.helps.index("Giới thiệu…"))
            assert seen and not errors, errors

            ws = window.presenter.ws
            assert ws.maintenance.backup().exists()
            form = window.forms[window.presenter.section_key]
            code, entry = next(iter(form.entries.items()))
            entry.focus_force()
            pump(root, 0.05)
            for digit in "42":
                entry.event_generate("<KeyPress>", keysym=digit, when="now")
            entry.event_generate("<Tab>")
            pump(root)
            assert ws.entry.stored_texts(PERIOD).get(code) == "42"

            # A commune's annex through Tệp → Nhập phụ lục…, checked and imported on workers.
            done = []

            def scenario() -> None:
                dialog = None
                try:
                    wait_for(root, lambda: any(isinstance(w, ImportDialog) for w in root.winfo_children()))
                    dialog = next(w for w in root.winfo_children() if isinstance(w, ImportDialog))
                    wait_for(root, lambda: len(dialog.table.get_children()) == 1 and not dialog.busy_now)
                    press_key(dialog.import_button, "Return")
                    wait_for(root, lambda: not dialog.busy_now and "đã nhập" in dialog.summary.cget("text"))
                    done.append(dialog.summary.cget("text"))
                    press_key(dialog.close_button, "Return")
                except BaseException as exc:  # noqa: BLE001 - raised by the test once the dialog is closed
                    errors.append(exc)
                    if dialog is not None and dialog.winfo_exists():
                        dialog.destroy()

            monkeypatch.setattr(ImportDialog, "ask_open_paths", lambda self: [str(annex)])
            root.after(50, scenario)
            window.files_menu.invoke(window.files_menu.index(IMPORT_LABEL))  # returns once the dialog closes
            pump(root, 0.2)
            assert not errors, errors
            assert done == ["1 tệp: 1 đã nhập."]
            assert ws.entry.stored_texts("2023-07", unit_code="P2")["tthc.hs.tiep_nhan"] == "311"
            assert window.status.full_text.startswith("Đã nhập phụ lục lúc")
            assert not errors
    finally:
        root.report_callback_exception = old_report
