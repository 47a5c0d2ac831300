"""The unit setup dialog under Xvfb: typed into, saved through its presenter."""

from __future__ import annotations

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.setup_presenter import SetupPresenter
from tests.gui.conftest import pump

pytestmark = pytest.mark.gui


def test_first_start_setup_dialog_declares_the_unit(root, db_path):
    from cchc_desktop.ui.dialogs import UnitDialog

    ws = Workspace.open(db_path, create=True)
    try:
        dialog = UnitDialog(root, "Khai báo đơn vị")
        presenter = SetupPresenter(ws, dialog)
        dialog.presenter = presenter
        presenter.start()
        pump(root)
        name = dialog.widgets["name"][1]
        code = dialog.widgets["code"][1]
        recipients = dialog.widgets["recipients"][1]
        dialog._save()
        pump(root)
        assert "không được để trống" in dialog.error.cget("text") and not ws.has_unit()
        name.insert(0, "Ủy ban nhân dân phường An Hòa")
        code.insert(0, "P-ANHOA")
        recipients.delete("1.0", "end")
        recipients.insert("1.0", "- UBND tỉnh Đồng Tháp (B/c);\n- Lưu: VT.")
        dialog._save()
        pump(root)
        assert presenter.saved and not dialog.winfo_exists()
        unit = ws.self_unit()
        assert unit.name == "Ủy ban nhân dân phường An Hòa" and unit.code == "P-ANHOA"
        assert unit.recipients == ("UBND tỉnh Đồng Tháp (B/c)", "Lưu: VT")
    finally:
        ws.close()
