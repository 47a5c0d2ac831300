"""Tệp → Nhập phụ lục của đơn vị cấp dưới: the verdict list of the chosen files, the choices of the
selected file below it, progress and Hủy while files are checked or imported, Nhập and Đóng."""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont
from tkinter import filedialog

import ttkbootstrap as ttk

from cchc_desktop.app import paths
from cchc_desktop.app.import_presenter import TITLE, ImportPresenter, ImportRow
from cchc_desktop.ui.dialogs import HINT_FONT, show_message
from cchc_desktop.ui.modal import Modal, button, dialog_position, usable_size
from cchc_desktop.ui.progress_strip import ProgressStrip

COLUMNS = (("file", "Tệp"), ("unit", "Đơn vị"), ("period", "Kỳ"), ("verdict", "Kết luận"), ("reason", "Lý do"))
# Widths in characters of the default font (they follow the scaling): at least, at most.
WIDTHS = {"file": (14, 44), "unit": (16, 32), "period": (12, 18), "verdict": (14, 36), "reason": (24, 80)}
TONES = {  # foreground, background of a row
    "done": ("#0f5132", "#d1e7dd"),
    "ready": ("#212529", "#ffffff"),
    "choice": ("#664d03", "#fff3cd"),
    "refused": ("#842029", "#f8d7da"),
}
CHANGED_COLUMNS = (("cell", "Ô đã bị sửa"), ("exported", "Số đã xuất"), ("shown", "Số đang hiển thị"))
XLSX_TYPES = [("Tệp phụ lục Excel", "*.xlsx"), ("Mọi tệp", "*")]


class ImportDialog(Modal):
    """Implements ImportView: the table of files, the detail of the selected one, the buttons."""

    def __init__(self, master, workspace):
        super().__init__(master, TITLE)
        self.presenter = ImportPresenter(workspace, self)
        self.rows: dict[str, ImportRow] = {}
        self.shown_key: str | None = None
        self.busy_now = False
        self.take_allowed = True  # the shown file's edited numbers may be taken as shown
        frame = ttk.Frame(self, padding=(14, 12, 14, 12))
        frame.pack(fill="both", expand=True)
        self._header(frame)
        footer = ttk.Frame(frame)
        footer.pack(side="bottom", fill="x", pady=(8, 0))
        self.summary = ttk.Label(footer, text="", bootstyle="secondary")
        self.summary.pack(side="left")
        self.close_button = button(footer, "Đóng", self.cancel, "secondary")
        self.close_button.pack(side="right")
        self.import_button = button(footer, "Nhập", self.presenter.import_files)
        self.import_button.pack(side="right", padx=(0, 8))
        self.detail = ttk.Labelframe(frame, text="Tệp đang chọn", padding=(10, 6))
        self.detail.pack(side="bottom", fill="x", pady=(8, 0))
        self._detail_widgets()
        self.table_frame = ttk.Frame(frame)
        self.table_frame.pack(side="top", fill="both", expand=True)
        self._table()
        self.busy = ProgressStrip(frame, before=self.detail)
        self.initial_focus = self.table
        self.presenter.start()
        self._size()

    # ----- layout ------------------------------------------------------------------------------
    def _header(self, frame) -> None:
        ttk.Label(frame, text=TITLE, font=("TkDefaultFont", 13, "bold")).pack(side="top", anchor="w")
        ttk.Label(
            frame,
            text="Chọn các tệp phụ lục (.xlsx) đơn vị cấp dưới gửi lên. Mỗi tệp được kiểm tra trước; tệp bị từ "
            "chối không thay đổi gì. Chọn một dòng để xem lý do và chọn cách xử lý, rồi bấm Nhập.",
            font=HINT_FONT,
            bootstyle="secondary",
            wraplength="24c",
            justify="left",
        ).pack(side="top", anchor="w", pady=(2, 6))
        choose = ttk.Frame(frame)
        choose.pack(side="top", fill="x", pady=(0, 6))
        self.files_button = button(choose, "Chọn tệp…", self.presenter.add_files, "primary-outline")
        self.folder_button = button(choose, "Chọn thư mục…", self.presenter.add_folder, "primary-outline")
        self.agree_button = button(choose, "Đồng ý tất cả", self.presenter.agree_all, "secondary-outline")
        self.files_button.pack(side="left")
        self.folder_button.pack(side="left", padx=8)
        self.agree_button.pack(side="right")
        ttk.ToolTip(
            self.agree_button,
            text="Thêm mọi đơn vị chưa khai báo làm đơn vị trực thuộc và thay số đã nhập trước đó cho mọi tệp "
            "đang hỏi (như --yes ở dòng lệnh); số bị sửa trong Excel vẫn phải chọn từng tệp.",
            wraplength=360,
        )

    def _table(self) -> None:
        self.table = ttk.Treeview(
            self.table_frame, columns=[key for key, _ in COLUMNS], show="headings", height=8, selectmode="browse"
        )
        for key, label in COLUMNS:
            self.table.heading(key, text=label, anchor="w")
            self.table.column(key, stretch=key == "reason")
        for tone, (foreground, background) in TONES.items():
            self.table.tag_configure(tone, foreground=foreground, background=background)
        bar = ttk.Scrollbar(self.table_frame, orient="vertical", command=self.table.yview)
        self.table.configure(yscrollcommand=bar.set)
        bar.pack(side="right", fill="y")
        self.table.pack(side="left", fill="both", expand=True)
        self.table.bind("<<TreeviewSelect>>", lambda _e: self._selected())

    def _detail_widgets(self) -> None:
        self.reason = ttk.Label(self.detail, text="", justify="left", wraplength=600)
        self.reason.pack(side="top", anchor="w", fill="x")
        self.detail.bind("<Configure>", lambda e: self.reason.configure(wraplength=max(e.width - 30, 200)))
        self.declare_var = tk.BooleanVar(self, False)
        self.declare_check = ttk.Checkbutton(
            self.detail, variable=self.declare_var, command=lambda: self._choose(declare=self.declare_var.get())
        )
        self.replace_var = tk.BooleanVar(self, False)
        self.replace_check = ttk.Checkbutton(
            self.detail,
            text="Thay số liệu đã nhập trước đó bằng số liệu của tệp này (số cũ vẫn giữ trong nhật ký thay đổi)",
            variable=self.replace_var,
            command=lambda: self._choose(replace=self.replace_var.get()),
        )
        self.changed_frame = ttk.Frame(self.detail)
        self.changed = ttk.Treeview(
            self.changed_frame, columns=[key for key, _ in CHANGED_COLUMNS], show="headings", height=3
        )
        for key, label in CHANGED_COLUMNS:
            self.changed.heading(key, text=label, anchor="w" if key == "cell" else "e")
            self.changed.column(key, anchor="w" if key == "cell" else "e", stretch=key == "cell")
        changed_bar = ttk.Scrollbar(self.changed_frame, orient="vertical", command=self.changed.yview)
        self.changed.configure(yscrollcommand=changed_bar.set)
        choice = ttk.Frame(self.changed_frame)
        choice.pack(side="bottom", fill="x", pady=(4, 0))
        self.visible_var = tk.StringVar(self, "ask")
        ttk.Label(choice, text="Số nào đúng?").pack(side="left")
        self.keep_radio = ttk.Radiobutton(
            choice, text="Giữ số đã xuất", value="exported", variable=self.visible_var, command=self._visible_chosen
        )
        self.take_radio = ttk.Radiobutton(
            choice,
            text="Nhận số đang hiển thị",
            value="visible",
            variable=self.visible_var,
            command=self._visible_chosen,
        )
        self.keep_radio.pack(side="left", padx=(10, 0))
        self.take_radio.pack(side="left", padx=(10, 0))
        changed_bar.pack(side="right", fill="y")
        self.changed.pack(side="left", fill="x", expand=True)

    def fit(self) -> None:
        """Wide enough for the table, as tall as the screen allows (the choices of a file appear under
        the list without shrinking it), within the screen at 100% and 125%. Its layout is not forced
        here (that stalled the window up to 390 ms): wider content widens it once laid out."""
        max_w, max_h = usable_size(self)
        digit = tkfont.nametofont("TkDefaultFont").measure("0")
        width = min(170 * digit, max_w)
        x, y = dialog_position(self, self.parent, width, max_h)
        self.geometry(f"{width}x{max_h}+{x}+{y}")
        self.after_idle(self._widen, max_w, max_h)

    def _widen(self, max_w: int, max_h: int) -> None:
        if not self.winfo_exists():
            return
        wanted = min(self.winfo_reqwidth(), max_w)
        if wanted > self.winfo_width() > 1:
            x, y = dialog_position(self, self.parent, wanted, max_h)
            self.geometry(f"{wanted}x{max_h}+{x}+{y}")

    def _size(self) -> None:
        digit = tkfont.nametofont("TkDefaultFont").measure("0")
        self.changed.column("cell", width=60 * digit)
        for key in ("exported", "shown"):
            self.changed.column(key, width=16 * digit)

    # ----- ImportView ----------------------------------------------------------------------------
    def ask_open_paths(self) -> list[str]:
        chosen = filedialog.askopenfilenames(
            parent=self, title="Chọn tệp phụ lục", initialdir=str(paths.documents_dir()), filetypes=XLSX_TYPES
        )
        return list(chosen or ())

    def ask_folder(self) -> str | None:
        return filedialog.askdirectory(parent=self, title="Chọn thư mục chứa các tệp phụ lục", mustexist=True) or None

    def show_rows(self, rows: list[ImportRow], selected: str | None) -> None:
        keep = selected or self.shown_key
        self.rows = {row.key: row for row in rows}
        self.table.delete(*self.table.get_children())
        for row in rows:
            values = (row.file, row.unit, row.period, row.verdict, row.reason.replace("\n", " "))
            self.table.insert("", "end", iid=row.key, values=values, tags=(row.tone,))
        self._size_columns(rows)
        target = keep if keep in self.rows else (rows[0].key if rows else None)
        if target is not None:
            self.table.selection_set(target)
            self.table.focus(target)
            self.table.see(target)
        self._show_detail(target)

    def show_summary(self, text: str, can_import: bool) -> None:
        self.summary.configure(text=text)
        self.can_import = can_import
        self._states()

    def set_busy(self, busy: bool) -> None:
        self.busy_now = busy
        self._states()

    def show_message(self, title: str, text: str, error: bool = False) -> None:
        show_message(self, title, text, error)
        if self.winfo_exists():  # modal again
            self._grab()

    def run_job(self, progress, work, on_done, on_failed) -> None:
        self.busy.run(progress, work, on_done, on_failed)

    # ----- the selected file ---------------------------------------------------------------------
    def _selected(self) -> None:
        selection = self.table.selection()
        if selection and selection[0] != self.shown_key:
            self._show_detail(selection[0])

    def _show_detail(self, key: str | None) -> None:
        self.shown_key = key
        row = self.rows.get(key) if key else None
        for widget in (self.declare_check, self.replace_check, self.changed_frame):
            widget.pack_forget()
        if row is None:
            self.detail.configure(text="Tệp đang chọn")
            self.reason.configure(text="Chưa có tệp nào.")
            return
        self.detail.configure(text=f"{row.file} — {row.verdict}")
        self.reason.configure(text=row.reason)
        if row.ask_declare:
            self.declare_var.set(row.options.declare)
            self.declare_check.configure(
                text=f"Thêm {row.unit} làm đơn vị trực thuộc (theo mã, tên, cấp ghi trong tệp)"
            )
            self.declare_check.pack(side="top", anchor="w", pady=(6, 0))
        if row.ask_replace:
            self.replace_var.set(row.options.replace)
            self.replace_check.pack(side="top", anchor="w", pady=(6, 0))
        if row.ask_visible:
            self.changed.delete(*self.changed.get_children())
            for cell, exported, shown in row.changed:
                self.changed.insert("", "end", values=(cell, exported, shown))
            self.changed.configure(height=min(max(len(row.changed), 1), 3))
            self.visible_var.set(row.options.visible)
            self.take_allowed = row.can_take
            self.changed_frame.pack(side="top", fill="x", pady=(6, 0))
        self._states()

    def _choose(self, **choice) -> None:
        if self.shown_key is not None and not self.busy_now:
            self.presenter.choose(self.shown_key, **choice)

    def _visible_chosen(self) -> None:
        self._choose(visible=self.visible_var.get())

    def _states(self) -> None:
        busy = self.busy_now
        can_import = getattr(self, "can_import", False)
        for widget in (self.files_button, self.folder_button):
            widget.configure(state="disabled" if busy else "normal")
        self.import_button.configure(state="normal" if can_import and not busy else "disabled")
        for widget in (self.declare_check, self.replace_check, self.keep_radio):
            widget.configure(state="disabled" if busy else "normal")
        self.take_radio.configure(state="disabled" if busy or not self.take_allowed else "normal")
        asking = not busy and self.presenter.open_questions() > 0
        self.agree_button.configure(state="normal" if asking else "disabled")

    def _size_columns(self, rows: list[ImportRow]) -> None:
        """Each column as wide as its widest text (within bounds), measured in the font as scaled."""
        font = tkfont.nametofont("TkDefaultFont")
        digit = font.measure("0")
        for key, label in COLUMNS:
            texts = [label] + [getattr(row, key) for row in rows]
            least, most = WIDTHS[key]
            widest = max(font.measure(text) for text in texts) + digit * 2
            self.table.column(key, width=min(max(widest, least * digit), most * digit), minwidth=least * digit)

    # ----- closing -------------------------------------------------------------------------------
    def cancel(self) -> None:
        """Đóng, Esc: work still running is stopped at its next safe point (between two files) first."""
        self.busy.stop_job()
        self.close()


def open_import(master, workspace) -> bool:
    """The import dialog, the file picker opened at once; True if anything was stored (the window refreshes)."""
    dialog = ImportDialog(master, workspace)
    dialog.after(50, dialog.presenter.add_files)
    dialog.run()
    return dialog.presenter.changed
