"""Tệp → Khôi phục…: the backups (lúc sao lưu dd/mm/yyyy HH:MM, lý do, dung lượng), newest first and
selected, `Khôi phục bản đã chọn`, `Chọn tệp khác…` (a backup copied to a USB stick), `Hủy`.
The presenter (app.backup_presenter) asks for the confirmation and restores."""

from __future__ import annotations

import tkinter.font as tkfont
from tkinter import filedialog

import ttkbootstrap as ttk

from cchc_desktop.app.infra import paths
from cchc_desktop.app.presenters.backup_presenter import COLUMNS
from cchc_desktop.ui.modal import Modal, button

WRAP = "15c"
HINT_FONT = ("TkDefaultFont", 9)
WIDTHS = {"made": 17, "reason": 16, "size": 10}  # at least, in digits of the default font (they follow the scaling)
FILE_TYPES = [("Bản sao lưu CCHC", "*.sqlite"), ("Mọi tệp", "*")]


class RestoreDialog(Modal):
    """`result`: the path of the chosen backup, None when cancelled."""

    def __init__(self, master, title: str, entries: list, folder):
        super().__init__(master, title)
        self.entries = list(entries)
        self.result: str | None = None
        frame = ttk.Frame(self, padding=(16, 14, 16, 14))
        frame.pack(fill="both", expand=True)
        intro = (
            "Chọn bản sao lưu để khôi phục. Số liệu đang có sẽ được sao lưu lại trước khi thay."
            if self.entries
            else "Chưa có bản sao lưu nào trong thư mục sao lưu. Có thể chọn một bản đã chép ra USB "
            "hoặc ổ đĩa khác bằng “Chọn tệp khác…”."
        )
        self.intro = ttk.Label(frame, text=intro, wraplength=WRAP, justify="left")
        self.intro.pack(side="top", anchor="w", fill="x")
        self.folder = ttk.Label(
            frame, text=f"Thư mục sao lưu: {folder}", wraplength=WRAP, justify="left", font=HINT_FONT,
            bootstyle="secondary",
        )  # fmt: skip
        self.folder.pack(side="top", anchor="w", fill="x", pady=(4, 0))
        footer = ttk.Frame(frame)
        footer.pack(side="bottom", fill="x", pady=(12, 0))
        self.restore_button = button(footer, "Khôi phục bản đã chọn", self._restore)
        self.other_button = button(footer, "Chọn tệp khác…", self._other, "secondary-outline")
        self.cancel_button = button(footer, "Hủy", self.cancel, "secondary")
        self.cancel_button.pack(side="right")
        self.restore_button.pack(side="right", padx=(0, 8))
        self.other_button.pack(side="left")
        self.error = ttk.Label(frame, text="", wraplength=WRAP, justify="left", bootstyle="danger")
        self.error.pack(side="bottom", anchor="w", fill="x", pady=(6, 0))
        self.table = ttk.Treeview(
            frame, columns=[key for key, _ in COLUMNS], show="headings", height=min(10, max(4, len(self.entries))),
            selectmode="browse",
        )  # fmt: skip
        for key, label in COLUMNS:
            self.table.heading(key, text=label, anchor="w")
        bar = ttk.Scrollbar(frame, orient="vertical", command=self.table.yview)
        self.table.configure(yscrollcommand=bar.set)
        bar.pack(side="right", fill="y", pady=(10, 0))
        self.table.pack(side="left", fill="both", expand=True, pady=(10, 0))
        for index, entry in enumerate(self.entries):
            self.table.insert("", "end", iid=str(index), values=entry.cells())
        self._size_columns()
        self.table.bind("<Double-1>", lambda _e: self._restore())
        self.table.bind("<Return>", lambda _e: (self._restore(), "break")[1])
        if self.entries:
            self.table.selection_set("0")
            self.table.focus("0")
            self.initial_focus = self.table
        else:
            self.restore_button.configure(state="disabled")
            self.initial_focus = self.other_button

    def _size_columns(self) -> None:
        """Each column as wide as its widest text in the font as scaled (dates and sizes never cut)."""
        font = tkfont.nametofont("TkDefaultFont")
        digit = font.measure("0")
        for index, (key, label) in enumerate(COLUMNS):
            widest = max(font.measure(text) for text in [label, *(entry.cells()[index] for entry in self.entries)])
            self.table.column(key, width=max(widest + 2 * digit, WIDTHS[key] * digit), stretch=key == "reason")

    def _restore(self) -> None:
        selected = self.table.selection()
        if not selected:
            self.error.configure(text="Hãy chọn một bản sao lưu trong danh sách, hoặc “Chọn tệp khác…”.")
            return
        self.result = str(self.entries[int(selected[0])].path)
        self.close()

    def _other(self) -> None:
        chosen = filedialog.askopenfilename(
            parent=self,
            title="Chọn bản sao lưu để khôi phục",
            initialdir=str(paths.documents_dir()),
            filetypes=FILE_TYPES,
        )
        if chosen:
            self.result = str(chosen)
            self.close()


def choose_backup(master, title: str, entries: list, folder) -> str | None:
    dialog = RestoreDialog(master, title, entries, folder)
    dialog.run()
    return dialog.result
