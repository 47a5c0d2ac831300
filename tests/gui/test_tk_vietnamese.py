"""Tk's own dialogs speak Vietnamese; a status line elides within its padding."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_tk_dialog_strings_are_vietnamese(root):
    mc = lambda key, *args: root.tk.call("::msgcat::mc", key, *args)  # noqa: E731
    assert mc("&Save") == "&Lưu" and mc("&Cancel") == "&Hủy"
    assert mc("&Yes") == "&Có" and mc("&No") == "&Không"
    overwrite = mc('File "%1$s" already exists.\nDo you want to overwrite it?', "/tmp/bao-cao.pdf")
    assert overwrite == "Đã có tệp “/tmp/bao-cao.pdf”.\nGhi đè lên tệp đó?"


def test_a_padded_status_line_elides_within_its_padding(root):
    import tkinter.font as tkfont

    import ttkbootstrap as ttk

    from cchc_desktop.ui.fit_label import FitLabel
    from tests.gui.conftest import pump

    frame = ttk.Frame(root, width=300, height=40)
    frame.place(x=0, y=0, width=300, height=40)
    label = FitLabel(frame, text="", padding=(10, 3))
    label.pack(fill="x")
    label.set("Không lưu: Số “301.953,3” có quá nhiều chữ số thập phân: ô này chỉ nhận tối đa ba chữ số")
    pump(root, 0.2)
    shown = label.cget("text")
    assert shown.endswith("…")
    assert tkfont.nametofont("TkDefaultFont").measure(shown) <= label.winfo_width() - 20
    frame.destroy()
