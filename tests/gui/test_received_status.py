"""Đơn vị → Tình hình nhận báo cáo… in the real window: the count on the top bar, the coloured table."""

from __future__ import annotations

import pytest

from cchc_desktop.ui.received_status import MENU_LABEL, STATE_COLOURS, ReceivedStatusDialog
from tests.gui.conftest import opened_window, pump
from tests.gui.dialog_driver import DialogDriver, assert_seen, press
from tests.test_import import import_files
from tests.test_import import parent as parent  # noqa: PLC0414 - the fixtures, shared
from tests.test_import_checks import files as files  # noqa: PLC0414
from tests.test_import_checks import sent as sent  # noqa: PLC0414

pytestmark = pytest.mark.gui


def test_the_table_of_who_has_reported_opens_from_the_menu_with_colours(root, parent, sent):
    import_files(parent, [sent["P1"], sent["AH"]])
    seen: dict[str, object] = {}
    from cchc_desktop.app import Workspace
    from forms.rules import distinct_violations

    with Workspace.open(parent) as ws:
        found = ws.checks.check("2023-Q3", "P1")
        seen["slips"] = [found[i] for i in distinct_violations(found) if not found[i].is_info]
    assert seen["slips"], "the test needs a unit with slips"

    def table(dialog):
        assert_seen(dialog)
        assert dialog.title_label.cget("text") == "Tình hình nhận báo cáo quý III năm 2023"
        rows = {iid: dialog.table.item(iid) for iid in dialog.table.get_children()}
        assert list(rows) == ["AH", "P1", "P2"]
        assert rows["P1"]["values"][0] == "UBND Phường 1" and rows["P1"]["values"][-2] == "Đúng hạn"
        assert rows["P1"]["tags"] == ["on_time"] and rows["AH"]["tags"] == ["late"]
        assert rows["P2"]["tags"] == ["missing"] and rows["P2"]["values"][-2] == "Chưa nhận — quá hạn"
        assert rows["P2"]["values"][-1] == ""  # nothing received, nothing checked
        slips = seen["slips"]  # the rules on P1's own figures, counted independently
        errors = sum(1 for v in slips if v.is_error)
        warnings = len(slips) - errors
        assert rows["P1"]["values"][-1] == f"{errors} lỗi" + (f", {warnings} cảnh báo" if warnings else "")
        for state in ("on_time", "late", "missing"):
            assert str(dialog.table.tag_configure(state, "foreground")) == STATE_COLOURS[state][0]
        assert dialog.summary.cget("text") == "Đã nhận 2/3 đơn vị (1 gửi trễ hạn), thiếu 1 (1 đã quá hạn)."
        assert dialog.focus_get() is dialog.table
        assert dialog.slips_text().startswith("Chọn một đơn vị")
        press(dialog.table, "<Down>")  # from the first row (AH) to P1, selected by the arrow key
        dialog.update()
        text = dialog.slips_text()
        assert text.startswith("UBND Phường 1:") and text.count("  • ") == len(slips)
        assert slips[0].message in text and "tthc." not in text
        seen["dialog"] = dialog
        press(dialog.table, "<Escape>")  # Esc closes

    with opened_window(root, parent, "2023-Q3") as window:
        assert window.cutoff.cget("text").endswith("Đã nhận 2/3 đơn vị (1 gửi trễ hạn), thiếu 1 (1 đã quá hạn)")
        with DialogDriver(window.root) as driver:
            driver.expect(ReceivedStatusDialog, table)
            window.unit_menu.invoke(window.unit_menu.index(MENU_LABEL))
        pump(window.root, 0.1)
        assert not seen["dialog"].winfo_exists()
