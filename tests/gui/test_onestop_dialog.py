"""Issue 21, item 5, the window's door: Tệp → Nhập số liệu từ Hệ thống Một cửa… on a new ward. The export is
chosen, its figures shown beside the stored ones (the changed ones marked), Lưu stores them and the window
shows them; a bad file is refused in the dialog with its reason, nothing stored. At 100 % and 125 % on a
1366×768 screen, no window manager."""

from __future__ import annotations

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.presenters.onestop_presenter import MENU_LABEL
from cchc_desktop.ui import onestop_dialog
from cchc_desktop.ui.dialogs import MessageDialog
from cchc_desktop.ui.onestop_dialog import OneStopDialog
from tests.gui.conftest import opened_window, pump
from tests.gui.dialog_driver import DialogDriver, assert_focus_in, assert_seen, press
from tests.gui.test_discard_ask import click
from tests.support import onestop_files as files

pytestmark = pytest.mark.gui
PERIOD = "2023-Q3"


@pytest.fixture
def ward(cchc, db_path):
    result = cchc("init", "--unit-code", "P-ANHOA", "--unit-name", "UBND phường An Hòa", "--frequency", "quarter")
    assert result.code == 0, result
    assert cchc("set", "--period", PERIOD, "tthc.hs.truc_tuyen=1.000").code == 0
    return db_path


def _choose(monkeypatch, path) -> None:
    monkeypatch.setattr(onestop_dialog.filedialog, "askopenfilename", lambda **options: str(path))


def _until_done(root, driver, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if not driver.steps or driver.errors:
            break
        pump(root, 0.05)


def _stored(db) -> dict[str, str]:
    with Workspace.open(db) as ws:
        return ws.entry.stored_texts(PERIOD)


def test_the_export_is_previewed_then_stored(root, scaling, ward, tmp_path, monkeypatch):
    _choose(monkeypatch, files.official(tmp_path / "Biểu II.06a quý III.xlsx"))
    seen: dict[str, object] = {}

    def preview(dialog):
        assert_seen(dialog)
        assert dialog.heading.cget("text") == "Tệp Biểu II.06a quý III.xlsx — số liệu hồ sơ TTHC quý III năm 2023"
        rows = [dialog.table.item(item) for item in dialog.table.get_children()]
        assert len(rows) == 11 and all(row["tags"] == ["change"] for row in rows)
        online = next(row["values"] for row in rows if str(row["values"][1]) == "(4)")
        assert [str(value) for value in online[3:]] == ["1.000", "135"]  # stored beside the file's
        assert "unit" not in dialog.table.cget("displaycolumns")  # a ward's own figures: no unit column
        assert "lấy từ dòng Tổng cộng (dòng 14)" in dialog.notes_text()
        assert_focus_in(dialog, dialog.store_button)
        seen["before"] = _stored(ward)
        click(dialog.store_button)

    def stored(dialog):
        assert_seen(dialog)
        seen["message"] = dialog.text.cget("text")
        press(dialog.ok, "<Return>")

    with opened_window(root, ward, PERIOD) as window:
        with DialogDriver(root) as driver:
            driver.expect(OneStopDialog, preview).expect(MessageDialog, stored)
            window.files_menu.invoke(window.files_menu.index(MENU_LABEL))
            _until_done(root, driver)
        pump(root, 0.2)
        assert window.status.full_text.startswith("Đã nhập số liệu Một cửa")
    assert seen["before"] == {"tthc.hs.truc_tuyen": "1000"}
    assert seen["message"] == "Đã lưu 11 số liệu quý III năm 2023 từ tệp Biểu II.06a quý III.xlsx."
    after = _stored(ward)
    assert after["tthc.hs.truc_tuyen"] == "135" and after["tthc.hs.tiep_nhan"] == "200" and len(after) == 11


def test_a_bad_file_is_refused_in_the_dialog_and_nothing_is_stored(root, scaling, ward, tmp_path, monkeypatch):
    _choose(monkeypatch, files.with_text_in_a_number(tmp_path / "chu.xlsx"))

    def refused(dialog):
        assert_seen(dialog)
        assert dialog.heading.cget("text") == "Không nhập được tệp"
        assert "ô E12: “tám” không phải là số." in dialog.notes_text()
        assert not dialog.store_button.winfo_ismapped() and dialog.cancel_button.cget("text") == "Đóng"
        assert_focus_in(dialog, dialog.cancel_button)
        press(dialog, "<Escape>")

    with opened_window(root, ward, PERIOD) as window:
        with DialogDriver(root) as driver:
            driver.expect(OneStopDialog, refused)
            window.files_menu.invoke(window.files_menu.index(MENU_LABEL))
            _until_done(root, driver)
        pump(root, 0.1)
    assert _stored(ward) == {"tthc.hs.truc_tuyen": "1000"}
