"""Tệp → Khai báo đơn vị mới…: the unit dialog, saying under the form which new file the unit goes to."""

from __future__ import annotations

import ttkbootstrap as ttk

from cchc_desktop.ui.dialogs import HINT_FONT, UnitDialog


class NewUnitDialog(UnitDialog):
    """The unit dialog with a note above its buttons (where the data goes, what stays untouched)."""

    def __init__(self, master, title: str, note: str):
        super().__init__(master, title)
        self.note = ttk.Label(
            self, text=note, font=HINT_FONT, bootstyle="secondary", wraplength="24c", justify="left", padding=(14, 4)
        )
        self.note.pack(side="bottom", fill="x")
