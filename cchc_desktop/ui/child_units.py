"""Đơn vị → Đơn vị trực thuộc: the list of child units (Thêm…, Sửa…, Sáp nhập…, Đóng) and the form of one."""

from __future__ import annotations

import tkinter.font as tkfont

import ttkbootstrap as ttk

from cchc_desktop.app.presenters.child_units_presenter import (
    ChildRow,
    ChildUnitPresenter,
    ChildUnitsPresenter,
    MergePresenter,
)
from cchc_desktop.ui.dialogs import HINT_FONT, UnitDialog
from cchc_desktop.ui.merge_dialog import MergeDialog
from cchc_desktop.ui.modal import Modal, button

MENU_LABEL = "Đơn vị trực thuộc…"
COLUMNS = (
    ("code", "Mã"),
    ("name", "Tên đơn vị"),
    ("level", "Cấp"),
    ("frequency", "Nhập theo"),
    ("validity", "Hoạt động"),
)
# The widths in characters of the default font (they follow the scaling, 100% or 125%): at least, at most.
WIDTHS = {"code": (8, 22), "name": (30, 40), "level": (9, 12), "frequency": (8, 10), "validity": (10, 36)}


class ChildUnitDialog(UnitDialog):
    """The form of one child unit; its frequency may change (the application refuses what would lose figures).

    Two columns (the unit; how it is named and reports), so that at 125 % on 1366×768 it needs no
    scrolling, and each hint wraps to the width its column really has."""

    headings = ("Thêm đơn vị trực thuộc", "Sửa đơn vị trực thuộc")
    frequency_fixed = False
    column_starts = ("short_name",)

    def __init__(self, master, title: str):
        super().__init__(master, title)
        self.error.configure(wraplength="10c")  # beside the buttons: the reason wraps there

    def show_form(self, fields, values: dict[str, str], first_time: bool) -> None:
        super().show_form(fields, values, first_time)
        for column in self.frame.grid_slaves(row=1):
            hints = [
                w
                for w in column.winfo_children()
                if isinstance(w, ttk.Label) and str(w.cget("wraplength")) not in ("", "0")
            ]
            column.bind("<Configure>", lambda e, hints=hints: self._rewrap(e.width, hints), add="+")

    @staticmethod
    def _rewrap(width: int, hints) -> None:
        for label in hints:
            label.configure(wraplength=max(width - 4, 80))


class ChildUnitsDialog(Modal):
    """The child units in a table; Thêm… and Sửa… open the form, Enter or a double click edits a row."""

    def __init__(self, master, workspace):
        super().__init__(master, "Đơn vị trực thuộc")
        self.workspace = workspace
        self.presenter = ChildUnitsPresenter(workspace, self)
        frame = ttk.Frame(self, padding=(14, 12, 14, 12))
        frame.pack(fill="both", expand=True)
        ttk.Label(frame, text="Đơn vị trực thuộc", font=("TkDefaultFont", 13, "bold")).pack(side="top", anchor="w")
        ttk.Label(
            frame,
            text="Các đơn vị gửi phụ lục cho đơn vị này để tổng hợp. Mã đơn vị không đổi được sau khi thêm.",
            font=HINT_FONT,
            bootstyle="secondary",
        ).pack(side="top", anchor="w", pady=(2, 8))
        footer = ttk.Frame(frame)
        footer.pack(side="bottom", fill="x", pady=(10, 0))
        self.add_button = button(footer, "Thêm…", self.presenter.add)
        self.edit_button = button(footer, "Sửa…", self._edit, "secondary")
        self.merge_button = button(footer, "Sáp nhập…", self.presenter.merge, "secondary")
        self.close_button = button(footer, "Đóng", self.close, "secondary")
        self.add_button.pack(side="left")
        self.edit_button.pack(side="left", padx=8)
        self.merge_button.pack(side="left")
        self.close_button.pack(side="right")
        self.empty = ttk.Label(frame, text="", bootstyle="secondary")
        self.empty.pack(side="bottom", anchor="w")
        self.table = ttk.Treeview(
            frame, columns=[key for key, _ in COLUMNS], show="headings", height=12, selectmode="browse"
        )
        for key, label in COLUMNS:
            self.table.heading(key, text=label, anchor="w")
            self.table.column(key, stretch=key == "name")
        bar = ttk.Scrollbar(frame, orient="vertical", command=self.table.yview)
        self.table.configure(yscrollcommand=bar.set)
        bar.pack(side="right", fill="y")
        self.table.pack(side="left", fill="both", expand=True)
        self.table.bind("<Double-1>", lambda _e: self._edit())
        for key in ("<Return>", "<KP_Enter>"):
            self.table.bind(key, lambda _e: (self._edit(), "break")[1])
        self.presenter.start()

    def selected(self) -> str | None:
        selection = self.table.selection()
        return selection[0] if selection else None

    def _edit(self) -> None:
        self.presenter.edit(self.selected())

    # ChildUnitsView
    def show_children(self, rows: list[ChildRow], selected: str | None) -> None:
        self.table.delete(*self.table.get_children())
        for row in rows:
            self.table.insert("", "end", iid=row.code, values=_cells(row))
        self._size_columns(rows)
        self.empty.configure(text="" if rows else "Chưa có đơn vị trực thuộc nào. Bấm Thêm… để khai báo.")
        self.edit_button.configure(state="normal" if rows else "disabled")
        self.merge_button.configure(state="normal" if len(rows) >= 2 else "disabled")
        target = selected if selected in self.table.get_children() else (rows[0].code if rows else None)
        if target is not None:
            self.table.selection_set(target)
            self.table.focus(target)
            self.table.see(target)
        self.initial_focus = self.table if rows else self.add_button
        if self.winfo_viewable():  # a merger lengthens the texts: the dialog grows with its columns
            self.fit()

    def _size_columns(self, rows: list[ChildRow]) -> None:
        """Each column as wide as its widest text (within bounds), measured in the font as scaled."""
        font = tkfont.nametofont("TkDefaultFont")
        digit = font.measure("0")
        for index, (key, label) in enumerate(COLUMNS):
            texts = [label] + [_cells(row)[index] for row in rows]
            least, most = WIDTHS[key]
            widest = max(font.measure(text) for text in texts) + digit * 2
            self.table.column(key, width=min(max(widest, least * digit), most * digit), minwidth=least * digit)
        self.table.configure(displaycolumns="#all")  # the table asks for its new width (Tk recomputes it then)

    def open_child_form(self, code: str | None) -> bool:
        dialog = ChildUnitDialog(self.master, "Thêm đơn vị trực thuộc" if code is None else "Sửa đơn vị trực thuộc")
        presenter = ChildUnitPresenter(self.workspace, dialog, code)
        dialog.presenter = presenter
        presenter.start()
        dialog.run()
        if self.winfo_exists():  # modal again, the focus back in the list
            self._grab()
            self._take_focus()
        return presenter.saved

    def open_merge_form(self) -> bool:
        dialog = MergeDialog(self.master)
        presenter = MergePresenter(self.workspace, dialog)
        dialog.presenter = presenter
        presenter.start()
        dialog.run()
        if self.winfo_exists():
            self._grab()
            self._take_focus()
        return presenter.saved


def _cells(row: ChildRow) -> tuple[str, ...]:
    return (row.code, row.name, row.level, row.frequency, row.validity)


def open_child_units(master, workspace) -> bool:
    """Show the list of child units; True if one was added or changed."""
    dialog = ChildUnitsDialog(master, workspace)
    dialog.run()
    return dialog.presenter.changed
