"""Tk's own file dialog (Linux) and its overwrite question speak Vietnamese."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_tk_dialog_strings_are_vietnamese(root):
    mc = lambda key, *args: root.tk.call("::msgcat::mc", key, *args)  # noqa: E731
    assert mc("&Save") == "&Lưu" and mc("&Cancel") == "&Hủy"
    assert mc("&Yes") == "&Có" and mc("&No") == "&Không"
    overwrite = mc('File "%1$s" already exists.\nDo you want to overwrite it?', "/tmp/bao-cao.pdf")
    assert overwrite == "Đã có tệp “/tmp/bao-cao.pdf”.\nGhi đè lên tệp đó?"
