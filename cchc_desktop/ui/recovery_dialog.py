"""The window's recovery on a damaged database: the backups (date, kind, size, the newest value's time)
and `Khôi phục bản đã chọn`; the logic is in app.presenters.recovery_presenter.RecoveryPresenter."""

from __future__ import annotations

import tkinter.font as tkfont

import ttkbootstrap as ttk

from cchc_desktop.app.presenters.recovery_presenter import RecoveryPresenter
from cchc_desktop.app.usecases.recovery import COLUMNS, BackupRow, RecoveryOffer
from cchc_desktop.ui.modal import Modal, button

WRAP = "16c"
# Column widths in characters of the default font (they follow the scaling).
WIDTHS = {"made": 16, "kind": 12, "size": 8, "last_value": 18}  # at least


class RecoveryDialog(Modal):
    """Shown instead of the window when the database cannot be opened and backups exist."""

    def __init__(self, master, offer: RecoveryOffer):
        super().__init__(master, "Khôi phục cơ sở dữ liệu")
        self.presenter = RecoveryPresenter(offer, self)
        self.done_text: str | None = None
        frame = ttk.Frame(self, padding=(16, 14, 16, 14))
        frame.pack(fill="both", expand=True)
        self.problem = ttk.Label(frame, text="", wraplength=WRAP, justify="left")
        self.problem.pack(side="top", anchor="w", fill="x")
        footer = ttk.Frame(frame)
        footer.pack(side="bottom", fill="x", pady=(12, 0))
        self.error = ttk.Label(frame, text="", wraplength=WRAP, justify="left", bootstyle="danger")
        self.error.pack(side="bottom", anchor="w", fill="x", pady=(8, 0))
        self.close_button = button(footer, "Bỏ qua, bắt đầu mới" if offer.missing else "Đóng", self.close, "secondary")
        self.close_button.pack(side="right")
        self.restore_button = button(footer, "Khôi phục bản đã chọn", self._restore)
        self.restore_button.pack(side="right", padx=(0, 8))
        digit = tkfont.nametofont("TkDefaultFont").measure("0")
        self.table = ttk.Treeview(
            frame, columns=[key for key, _ in COLUMNS], show="headings", height=8, selectmode="browse"
        )
        for key, label in COLUMNS:
            self.table.heading(key, text=label, anchor="w")
            self.table.column(key, width=WIDTHS[key] * digit, stretch=key == "last_value")
        bar = ttk.Scrollbar(frame, orient="vertical", command=self.table.yview)
        self.table.configure(yscrollcommand=bar.set)
        bar.pack(side="right", fill="y", pady=(10, 0))
        self.table.pack(side="left", fill="both", expand=True, pady=(10, 0))
        self.table.bind("<Double-1>", lambda _e: self._restore())
        self.table.bind("<Return>", lambda _e: self._restore())
        self.presenter.start()

    # RecoveryView
    def show_backups(self, problem: str, rows: list[BackupRow]) -> None:
        self.problem.configure(text=problem)
        self.table.delete(*self.table.get_children())
        for index, row in enumerate(rows):
            self.table.insert("", "end", iid=str(index), values=row.cells())
        self._size_columns(rows)
        if rows:
            self.table.selection_set("0")
            self.table.focus("0")
        self.initial_focus = self.table if rows else self.close_button

    def _size_columns(self, rows: list[BackupRow]) -> None:
        """Each column at least as wide as its widest text, measured in the font as scaled."""
        font = tkfont.nametofont("TkDefaultFont")
        digit = font.measure("0")
        for index, (key, label) in enumerate(COLUMNS):
            widest = max(font.measure(text) for text in [label, *(row.cells()[index] for row in rows)])
            self.table.column(key, width=max(widest + 2 * digit, WIDTHS[key] * digit))

    def show_error(self, text: str) -> None:
        self.error.configure(text=text)

    def restored(self, text: str) -> None:
        self.done_text = text
        self.close()

    def _restore(self) -> None:
        selected = self.table.selection()
        self.presenter.restore(int(selected[0]) if selected else None)
