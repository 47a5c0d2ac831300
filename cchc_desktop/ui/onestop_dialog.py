"""Tệp → Nhập số liệu từ Hệ thống Một cửa…: choose the export (.xlsx), see what it would store beside what is
stored, then Lưu or Hủy. The reading, the verdicts and the store are the presenter's (and the use case's)."""

from __future__ import annotations

import tkinter as tk
from tkinter import filedialog

import ttkbootstrap as ttk

from cchc_desktop.app.infra import paths
from cchc_desktop.app.presenters.onestop_presenter import COLUMNS, FILE_TYPES, TITLE, OneStopPresenter
from cchc_desktop.ui.dialogs import HINT_FONT
from cchc_desktop.ui.modal import Modal, button, usable_size
from cchc_desktop.ui.tree_fit import fit_columns, lines_needed, use_row_lines

WIDTHS = {"unit": (14, 24), "number": (4, 5), "label": (24, 48), "current": (8, 12), "new": (8, 18)}
CHANGED = ("#0a3069", "#e7f1ff")  # a figure the file changes: dark blue on light blue
REFUSED = "#b02a37"


class OneStopDialog(Modal):
    def __init__(self, master):
        super().__init__(master, TITLE)
        self.presenter: OneStopPresenter | None = None
        frame = ttk.Frame(self, padding=(14, 12, 14, 12))
        frame.pack(fill="both", expand=True)
        self.heading = ttk.Label(frame, text="", font=("TkDefaultFont", 12, "bold"))
        self.heading.pack(side="top", anchor="w")
        self.hint = ttk.Label(
            frame,
            text="Các số có nền xanh sẽ thay số đang lưu. Bấm Lưu để lưu tất cả trong một lần; Hủy để không lưu gì.",
            font=HINT_FONT,
            bootstyle="secondary",
        )
        self.hint.pack(side="top", anchor="w", pady=(2, 6))
        footer = ttk.Frame(frame)
        footer.pack(side="bottom", fill="x", pady=(10, 0))
        self.cancel_button = button(footer, "Hủy", self.close, "secondary")
        self.cancel_button.pack(side="right")
        self.store_button = button(footer, "Lưu", self._store, "primary")
        self.store_button.pack(side="right", padx=(0, 8))
        self.notes = tk.Text(frame, height=4, wrap="word", relief="flat", font="TkDefaultFont", takefocus=False)
        self.notes.pack(side="bottom", fill="x", pady=(8, 0))
        self.table = ttk.Treeview(frame, columns=[key for key, _ in COLUMNS], show="headings", height=11)
        for key, label in COLUMNS:
            self.table.heading(key, text=label, anchor="w")
            self.table.column(key, stretch=key == "label")
        self.table.tag_configure("change", foreground=CHANGED[0], background=CHANGED[1])
        self.bar = ttk.Scrollbar(frame, orient="vertical", command=self.table.yview)
        self.table.configure(yscrollcommand=self.bar.set)
        self.bar.pack(side="right", fill="y")
        self.table.pack(side="left", fill="both", expand=True)

    # OneStopView
    def show_plan(self, heading: str, rows: list[tuple[str, ...]], notes: list[str], can_store: bool) -> None:
        self.heading.configure(text=heading)
        by_unit = any(row[0] for row in rows)
        shown = [(key, label) for key, label in COLUMNS if by_unit or key != "unit"]
        places = [[key for key, _ in COLUMNS].index(key) for key, _ in shown]
        kept = [tuple(row[i] for i in places) for row in rows]
        self.update_idletasks()
        room = usable_size(self)[0] - 2 * 14 - self.bar.winfo_reqwidth() - 6
        wrapped = fit_columns(self.table, shown, kept, WIDTHS, room, most_lines=2)
        use_row_lines(self.table, "OneStop.Treeview", lines_needed(wrapped))
        self.table.delete(*self.table.get_children())
        for row, fitted in zip(rows, wrapped, strict=True):
            values = list(row[: len(COLUMNS)])
            for place, text in zip(places, fitted, strict=True):
                values[place] = text
            self.table.insert("", "end", values=values, tags=("change",) if row[-1] else ())
        self.table.configure(displaycolumns=[key for key, _ in shown])
        self._set_notes("\n".join(f"• {note}" for note in notes))
        if not can_store:
            self.store_button.pack_forget()
            self.cancel_button.configure(text="Đóng")
        self.initial_focus = self.store_button if can_store else self.cancel_button

    def show_refusal(self, text: str) -> None:
        self.heading.configure(text="Không nhập được tệp", foreground=REFUSED)
        self.hint.pack_forget()
        self.table.pack_forget()
        self.bar.pack_forget()
        self._set_notes(text)
        self.store_button.pack_forget()
        self.cancel_button.configure(text="Đóng")
        self.initial_focus = self.cancel_button
        if self.winfo_viewable():
            self.cancel_button.focus_set()

    def show_stored(self, text: str) -> None:
        self.close()
        from cchc_desktop.ui.dialogs import show_message

        show_message(self.parent, TITLE, text)

    def notes_text(self) -> str:
        return self.notes.get("1.0", "end-1c")

    def _set_notes(self, text: str) -> None:
        self.notes.configure(state="normal")
        self.notes.delete("1.0", "end")
        self.notes.insert("1.0", text)
        self.notes.configure(height=min(max(text.count("\n") + 1, 2), 12), state="disabled")

    def _store(self) -> None:
        if self.presenter is not None:
            self.presenter.store()


def open_onestop(master, workspace, period: str) -> bool:
    """Choose the export, preview it, store on Lưu: True when figures were stored."""
    path = filedialog.askopenfilename(
        parent=master, title=TITLE, initialdir=str(paths.documents_dir()), filetypes=FILE_TYPES
    )
    if not path:
        return False
    dialog = OneStopDialog(master)
    dialog.presenter = OneStopPresenter(workspace.onestop, dialog, period, path)
    dialog.presenter.start()
    dialog.run()
    return dialog.presenter.stored
