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

    def table(dialog):
        assert_seen(dialog)
        assert dialog.title_label.cget("text") == "Tình hình nhận báo cáo quý III năm 2023"
        rows = {iid: dialog.table.item(iid) for iid in dialog.table.get_children()}
        assert list(rows) == ["AH", "P1", "P2"]
        assert rows["P1"]["values"][0] == "UBND Phường 1" and rows["P1"]["values"][-1] == "Đúng hạn"
        assert rows["P1"]["tags"] == ["on_time"] and rows["AH"]["tags"] == ["late"]
        assert rows["P2"]["tags"] == ["missing"] and rows["P2"]["values"][-1] == "Chưa nhận — quá hạn"
        for state in ("on_time", "late", "missing"):
            assert str(dialog.table.tag_configure(state, "foreground")) == STATE_COLOURS[state][0]
        assert dialog.summary.cget("text") == "Đã nhận 2/3 đơn vị (1 gửi trễ hạn), thiếu 1 (1 đã quá hạn)."
        assert dialog.focus_get() is dialog.table
        seen["dialog"] = dialog
        press(dialog.table, "<Escape>")  # Esc closes

    with opened_window(root, parent, "2023-Q3") as window:
        assert window.cutoff.cget("text").endswith("Đã nhận 2/3 đơn vị (1 gửi trễ hạn), thiếu 1 (1 đã quá hạn)")
        with DialogDriver(window.root) as driver:
            driver.expect(ReceivedStatusDialog, table)
            window.unit_menu.invoke(window.unit_menu.index(MENU_LABEL))
        pump(window.root, 0.1)
        assert not seen["dialog"].winfo_exists()
