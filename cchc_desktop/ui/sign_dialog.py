"""Tệp → Ký số báo cáo…: which files, where the key is (token or .p12), the PIN, then Ký. The checks, the
signing and the words are the presenter's; the PIN field is emptied after every attempt."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path
from tkinter import filedialog

import ttkbootstrap as ttk

from cchc_desktop.app.presenters.sign_presenter import (
    HINT,
    KEY_TYPES,
    KINDS,
    PATH_LABELS,
    PDF_TYPES,
    SECRET_LABELS,
    TITLE,
    XLSX_TYPES,
    SignPresenter,
)
from cchc_desktop.ui.dialogs import HINT_FONT
from cchc_desktop.ui.modal import Modal, button
from cchc_desktop.ui.progress_strip import ProgressStrip

PROBLEM = "#b02a37"
NOTE = "#664d03"
DONE = "#0f5132"
ENTRY_WIDTH = 52


class SignDialog(Modal):
    """Implements SignView."""

    def __init__(self, master):
        super().__init__(master, TITLE)
        self.presenter: SignPresenter | None = None
        self.signed = False
        frame = ttk.Frame(self, padding=(14, 12, 14, 12))
        frame.pack(fill="both", expand=True)
        files = ttk.Labelframe(frame, text="Tệp cần ký", padding=(10, 6))
        files.pack(side="top", fill="x")
        self.report = self._path_row(files, 0, "Báo cáo PDF:", lambda: self._choose(self.report, PDF_TYPES))
        self.annex = self._path_row(
            files, 1, "Phụ lục Excel (nếu ký kèm):", lambda: self._choose(self.annex, XLSX_TYPES)
        )
        key = ttk.Labelframe(frame, text="Chứng thư số của đơn vị", padding=(10, 6))
        key.pack(side="top", fill="x", pady=(8, 0))
        self.kind = tk.StringVar(value="pkcs11")
        self.shown_kind = "pkcs11"
        kinds = ttk.Frame(key)
        kinds.grid(row=0, column=0, columnspan=3, sticky="w")
        self.kind_buttons = {}
        for value, label in KINDS:
            choice = ttk.Radiobutton(kinds, text=label, value=value, variable=self.kind, command=self._kind_clicked)
            choice.pack(side="left", padx=(0, 16))
            self.kind_buttons[value] = choice
        self.key_label = ttk.Label(key, text=PATH_LABELS["pkcs11"])
        self.key_label.grid(row=1, column=0, sticky="w", pady=(6, 0))
        self.key_path = ttk.Combobox(key, width=ENTRY_WIDTH)
        self.key_path.grid(row=1, column=1, sticky="ew", padx=(6, 6), pady=(6, 0))
        button(key, "Chọn…", self._choose_key, "secondary-outline").grid(row=1, column=2, pady=(6, 0))
        self.secret_label = ttk.Label(key, text=SECRET_LABELS["pkcs11"])
        self.secret_label.grid(row=2, column=0, sticky="w", pady=(6, 0))
        self.secret = ttk.Entry(key, show="•", width=24)
        self.secret.grid(row=2, column=1, sticky="w", padx=(6, 6), pady=(6, 0))
        self.secret.bind("<Return>", lambda _event: self._sign())
        self.secret.bind("<Key>", self._typing, add="+")
        key.columnconfigure(1, weight=1)
        self.hint = ttk.Label(frame, text=HINT, font=HINT_FONT, bootstyle="secondary", justify="left")
        self.hint.pack(side="top", fill="x", pady=(8, 0))
        footer = ttk.Frame(frame)
        footer.pack(side="bottom", fill="x", pady=(10, 0))
        self.close_button = button(footer, "Đóng", self.close, "secondary")
        self.close_button.pack(side="right")
        self.sign_button = button(footer, "Ký", self._sign, "primary")
        self.sign_button.pack(side="right", padx=(0, 8))
        self.sign_button.lower(self.close_button)  # Tab from the PIN reaches Ký before Đóng
        self.message = ttk.Label(frame, text="", justify="left")
        self.message.pack(side="bottom", fill="x", pady=(8, 0))
        self.files_frame = files
        self.busy = ProgressStrip(frame, before=self.message)
        self.initial_focus = self.secret

    def _path_row(self, parent, row: int, label: str, choose) -> ttk.Entry:
        ttk.Label(parent, text=label).grid(row=row, column=0, sticky="w", pady=2)
        entry = ttk.Entry(parent, width=ENTRY_WIDTH)
        entry.grid(row=row, column=1, sticky="ew", padx=(6, 6), pady=2)
        button(parent, "Chọn…", choose, "secondary-outline").grid(row=row, column=2, pady=2)
        parent.columnconfigure(1, weight=1)
        return entry

    # SignView
    def show_choices(self, report: str, annex: str, kind: str, key_path: str, libraries: list[str], note: str) -> None:
        self.message.configure(text=note, foreground=NOTE)
        _set(self.report, report)
        _set(self.annex, annex)
        self.libraries = libraries
        self.kind.set(kind)
        self._kind_changed(key_path)
        self._wrap()

    def run_job(self, progress, work, on_done, on_failed) -> None:
        self.sign_button.configure(state="disabled")
        self.message.configure(text="")
        self.busy.run(progress, work, on_done, on_failed)

    def show_problem(self, text: str) -> None:
        self.secret.delete(0, "end")
        self.sign_button.configure(state="normal")
        self.message.configure(text=text, foreground=PROBLEM)
        if self.winfo_viewable():
            self.secret.focus_set()

    def show_signed(self, lines: list[str]) -> None:
        self.signed = True
        self.secret.delete(0, "end")
        self.message.configure(text="\n".join(lines), foreground=DONE)
        self.sign_button.pack_forget()
        self.close_button.configure(bootstyle="primary")
        self.close_button.focus_set()

    def message_text(self) -> str:
        return str(self.message.cget("text"))

    # the controls
    def _wrap(self) -> None:
        """The hint and the message wrap at the width of the fields above them (it follows the scaling)."""
        self.files_frame.update_idletasks()  # once, when the dialog opens
        width = max(self.files_frame.winfo_reqwidth(), 300)
        for label in (self.hint, self.message):
            label.configure(wraplength=width)

    def _typing(self, event) -> None:
        """A new attempt: the last problem's words go once the PIN is being typed again."""
        if event.keysym not in ("Return", "KP_Enter", "Tab") and str(self.message.cget("foreground")) == PROBLEM:
            self.message.configure(text="")

    def _kind_clicked(self) -> None:
        """A click on the kind already chosen keeps its path."""
        if self.kind.get() != self.shown_kind:
            self._kind_changed()

    def _kind_changed(self, key_path: str | None = None) -> None:
        kind = self.shown_kind = self.kind.get()
        if key_path is None and str(self.message.cget("foreground")) == NOTE:
            self.message.configure(text="")  # the note was about the other kind of key
        self.key_label.configure(text=PATH_LABELS[kind])
        self.secret_label.configure(text=SECRET_LABELS[kind])
        self.key_path.configure(values=getattr(self, "libraries", []) if kind == "pkcs11" else [])
        self.key_path.set(key_path or "")
        self.key_path.xview_moveto(1.0)

    def _choose(self, entry: ttk.Entry, types) -> None:
        current = entry.get().strip()
        folder = str(Path(current).parent) if current else None
        path = filedialog.askopenfilename(parent=self, title=TITLE, initialdir=folder, filetypes=types)
        if path:
            _set(entry, path)

    def _choose_key(self) -> None:
        kind = self.kind.get()
        path = filedialog.askopenfilename(parent=self, title=PATH_LABELS[kind].rstrip(":"), filetypes=KEY_TYPES[kind])
        if path:
            self.key_path.set(path)
            self.key_path.xview_moveto(1.0)

    def _sign(self) -> None:
        if self.presenter is None or str(self.sign_button.cget("state")) == "disabled":
            return
        secret = self.secret.get()
        self.secret.delete(0, "end")
        self.presenter.sign(self.report.get(), self.annex.get(), self.kind.get(), self.key_path.get(), secret)


def _set(entry: ttk.Entry, text: str) -> None:
    """The path, its end in view (the file's name matters more than its folder)."""
    entry.delete(0, "end")
    entry.insert(0, text)
    entry.xview_moveto(1.0)


def open_sign(master, signatures, report: Path | None, annex: Path | None) -> bool:
    """The dialog over the window; True when files were signed."""
    dialog = SignDialog(master)
    dialog.presenter = SignPresenter(signatures, dialog, report, annex)
    dialog.presenter.start()
    dialog.run()
    return dialog.signed
