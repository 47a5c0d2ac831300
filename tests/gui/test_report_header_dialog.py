"""Issue 21, item 3, the window's door: Kỳ báo cáo → Thông tin văn bản báo cáo… opens the report period's
header fields; a bad date is refused in the dialog (nothing stored, the dialog stays as typed), corrected it
is stored with the rest, and the report prints it. At 100 % and 125 % on a 1366×768 screen, no window
manager."""

from __future__ import annotations

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.ui.dialogs import ReportHeaderDialog
from cchc_desktop.ui.menus import REPORT_HEADER_LABEL
from tests.gui.conftest import opened_window, pump
from tests.gui.dialog_driver import DialogDriver, assert_focus_in, assert_seen, press
from tests.gui.test_backup_window import keys

pytestmark = pytest.mark.gui


def _until_done(root, driver, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if not driver.steps or driver.errors:
            break
        pump(root, 0.05)


def test_the_report_header_is_set_from_the_period_menu(root, scaling, demo_db):
    seen: dict[str, object] = {}

    def refused(dialog):
        assert_seen(dialog)
        assert dialog.title() == "Thông tin văn bản báo cáo"
        fields = {key: widget for key, (_, widget) in dialog.widgets.items()}
        assert list(fields) == ["so", "ngay", "trich_yeu", "can_cu", "tham_quyen", "chuc_vu", "nguoi_ky", "noi_nhan"]
        assert_focus_in(dialog, fields["so"])
        assert fields["ngay"].get() == "…/9/2023"  # the demo's date as the reference prints it: no day yet
        keys(fields["so"], "31")
        fields["ngay"].delete(0, "end")
        keys(fields["ngay"], "31/2/2023")
        fields["nguoi_ky"].insert(0, "Trần Văn Bình")  # Vietnamese, as Unikey commits it
        fields["noi_nhan"].delete("1.0", "end")
        fields["noi_nhan"].insert("1.0", "UBND tỉnh Đồng Tháp (b/c);\nLưu: VT.")
        press(fields["ngay"], "<Return>")  # Enter in a field saves (Lưu)
        seen["error"] = dialog.error.cget("text")
        assert dialog.winfo_exists() and dialog.winfo_viewable()  # refused: still open, as typed
        assert fields["so"].get() == "31" and fields["nguoi_ky"].get() == "Trần Văn Bình"
        with Workspace.open(demo_db) as ws:
            seen["stored_after_refusal"] = ws.report_header.show("2023-Q3")
        fields["ngay"].delete(0, "end")
        keys(fields["ngay"], "05/10/2023")
        press(fields["ngay"], "<Return>")  # Enter saves

    with opened_window(root, demo_db, "2023-Q3") as window:
        with DialogDriver(root) as driver:
            driver.expect(ReportHeaderDialog, refused)
            window.period_menu.invoke(window.period_menu.index(REPORT_HEADER_LABEL))
            _until_done(root, driver)
        pump(root, 0.2)
        assert window.status.full_text.startswith("Đã lưu")
    assert "không phải ngày có thật" in str(seen["error"])
    assert seen["stored_after_refusal"]["so"] == ""  # nothing of the refused save was stored
    with Workspace.open(demo_db) as ws:
        shown = ws.report_header.show("2023-Q3")
    assert (shown["so"], shown["ngay"], shown["nguoi_ky"]) == ("31", "5/10/2023", "Trần Văn Bình")
    assert shown["noi_nhan"] == "UBND tỉnh Đồng Tháp (b/c)\nLưu: VT"
