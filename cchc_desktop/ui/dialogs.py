"""Modal dialogs, all in Vietnamese: a message, a yes/no question, a multi-line text, the unit form, the first start."""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cchc_desktop.app.presenters.setup_presenter import UnitField
from cchc_desktop.ui.modal import Modal, ScrollBody, button, text_field

WRAP = "13c"
HINT_FONT = ("TkDefaultFont", 9)
# The unit form in three columns (it fits 1366×768 at 125% without scrolling): the unit, the
# document's header, the signature and recipients.
COLUMN_STARTS = ("body", "signer_name")
FIELD_WIDTH = 32


class _Notice(Modal):
    """A short text beside a coloured bar, with buttons at the bottom right."""

    def __init__(self, master, title: str, text: str, style: str):
        super().__init__(master, title)
        self.resizable(False, False)
        outer = ttk.Frame(self, padding=(0, 0, 16, 14))
        outer.pack(fill="both", expand=True)
        ttk.Frame(outer, bootstyle=style, width=6).pack(side="left", fill="y", padx=(0, 14))
        self.text = ttk.Label(outer, text=text, wraplength=WRAP, justify="left", padding=(0, 16, 0, 14))
        self.text.pack(side="top", anchor="w", fill="x")
        self.buttons = ttk.Frame(outer)
        self.buttons.pack(side="bottom", fill="x")


class MessageDialog(_Notice):
    """A message with one button, `Đồng ý`; errors have a red bar."""

    def __init__(self, master, title: str, text: str, error: bool = False):
        super().__init__(master, title, text, "danger" if error else "info")
        self.ok = button(self.buttons, "Đồng ý", self.close)
        self.ok.pack(side="right")
        self.initial_focus = self.ok


class QuestionDialog(_Notice):
    """A yes/no question: `Có` / `Không`; Esc and closing the window answer no. The focus (what Enter
    answers) and the coloured button are `Có`, or `Không` with default_no."""

    def __init__(self, master, title: str, text: str, yes: str = "Có", no: str = "Không", default_no: bool = False):
        super().__init__(master, title, text, "primary")
        self.answer = False
        self.yes = button(self.buttons, yes, self._yes, "secondary" if default_no else "primary")
        self.no = button(self.buttons, no, self.cancel, "primary" if default_no else "secondary")
        self.no.pack(side="right")
        self.yes.pack(side="right", padx=(0, 8))
        self.initial_focus = self.no if default_no else self.yes

    def _yes(self) -> None:
        self.answer = True
        self.close()


def show_message(master, title: str, text: str, error: bool = False) -> None:
    MessageDialog(master, title, text, error).run()


def ask_yes_no(master, title: str, text: str) -> bool:
    dialog = QuestionDialog(master, title, text)
    dialog.run()
    return dialog.answer


class TextDialog(Modal):
    """Ask for a (possibly multi-line) text; `result` is None when cancelled."""

    def __init__(self, master, title: str, prompt: str, initial: str = ""):
        super().__init__(master, title)
        self.result: str | None = None
        frame = ttk.Frame(self, padding=14)
        frame.pack(fill="both", expand=True)
        footer = ttk.Frame(frame)
        footer.pack(side="bottom", fill="x", pady=(8, 0))
        ttk.Label(frame, text=prompt, wraplength=WRAP, justify="left").pack(side="top", anchor="w")
        self.text = text_field(frame, 7, 60, initial)
        self.text.pack(side="top", fill="both", expand=True, pady=(8, 0))
        ttk.Label(
            footer, text="Enter: xuống dòng · Ctrl+Enter: đồng ý · Esc: hủy", font=HINT_FONT, bootstyle="secondary"
        ).pack(side="left")
        self.ok = button(footer, "Đồng ý", self.accept)
        self.cancel_button = button(footer, "Hủy", self.cancel, "secondary")
        self.cancel_button.pack(side="right")
        self.ok.pack(side="right", padx=(0, 8))
        for key in ("<Control-Return>", "<Control-KP_Enter>"):
            self.text.bind(key, lambda _e: (self.accept(), "break")[1])
        self.initial_focus = self.text

    def content(self) -> dict[str, object]:
        return {"text": self.text.get("1.0", "end-1c")}

    def accept(self) -> None:
        self.result = self.text.get("1.0", "end-1c")
        self.close()


class UnitDialog(Modal):
    """The unit's setup/settings form in two columns; the presenter validates and stores."""

    headings = ("Khai báo đơn vị báo cáo", "Thông tin đơn vị")  # a new unit, an existing one
    frequency_fixed = True  # an existing unit's frequency is shown, not changed here
    column_starts = COLUMN_STARTS  # the fields that start a new column

    def __init__(self, master, title: str):
        super().__init__(master, title)
        self.presenter = None
        self.widgets: dict[str, tuple[UnitField, tk.Misc]] = {}
        self.footer = ttk.Frame(self, padding=(14, 8, 14, 12))
        self.footer.pack(side="bottom", fill="x")
        ttk.Separator(self).pack(side="bottom", fill="x")
        self.body = ScrollBody(self)
        self.body.pack(side="top", fill="both", expand=True)
        self.frame = ttk.Frame(self.body.inner, padding=(14, 12, 14, 4))
        self.frame.pack(fill="both", expand=True)
        self.error = ttk.Label(self.footer, text="", bootstyle="danger", wraplength="16c", justify="left")
        self.error.pack(side="left", fill="x", expand=True)
        self.save_button = button(self.footer, "Lưu", self._save)
        self.cancel_button = button(self.footer, "Hủy", self.cancel, "secondary")
        self.cancel_button.pack(side="right")
        self.save_button.pack(side="right", padx=(12, 8))
        self.bind("<KeyRelease>", self._typing, add="+")

    def _typing(self, event) -> None:
        """Once the clerk corrects a field, the old reason goes (a new one comes with the next save)."""
        if event.keysym not in ("Return", "KP_Enter", "Escape", "Tab", "ISO_Left_Tab") and self.error.cget("text"):
            self.error.configure(text="")

    # SetupView
    def show_form(self, fields: tuple[UnitField, ...], values: dict[str, str], first_time: bool) -> None:
        heading = self.headings[0] if first_time else self.headings[1]
        ttk.Label(self.frame, text=heading, font=("TkDefaultFont", 13, "bold")).grid(
            row=0, column=0, columnspan=len(COLUMN_STARTS) + 1, sticky="w", pady=(0, 2)
        )
        column = None
        for field in fields:
            if column is None or field.key in self.column_starts:
                column = ttk.Frame(self.frame)
                index = len(self.frame.grid_slaves(row=1))
                column.grid(row=1, column=index, sticky="nsew", padx=(0 if index == 0 else 18, 0))
                column.columnconfigure(0, weight=1)
                self.frame.columnconfigure(index, weight=1, uniform="column")
            widget = self._field(column, field, values, first_time)
            row = len(self.widgets) * 3
            ttk.Label(column, text=field.label).grid(row=row, column=0, sticky="w", pady=(8, 1))
            widget.grid(row=row + 1, column=0, sticky="ew")
            if field.hint:
                ttk.Label(
                    column,
                    text=field.hint,
                    font=HINT_FONT,
                    bootstyle="secondary",
                    wraplength=widget.winfo_reqwidth(),
                    justify="left",
                ).grid(row=row + 2, column=0, sticky="w")
            self.widgets[field.key] = (field, widget)
            self.body.watch(widget)
        self.initial_focus = next(iter(self.widgets.values()))[1]

    def _field(self, parent, field: UnitField, values: dict[str, str], first_time: bool) -> tk.Misc:
        if field.choices:
            widget = ttk.Combobox(
                parent, state="readonly", width=FIELD_WIDTH, values=[label for _, label in field.choices]
            )
            keys = [key for key, _ in field.choices]
            current = values.get(field.key, keys[0])
            widget.current(keys.index(current) if current in keys else 0)
            if field.key == "frequency" and not first_time and self.frequency_fixed:
                widget.configure(state="disabled")
        elif field.multiline:
            return text_field(parent, 4, FIELD_WIDTH, values.get(field.key, ""))
        else:
            widget = ttk.Entry(parent, width=FIELD_WIDTH)
            widget.insert(0, values.get(field.key, ""))
            if field.fixed_after_setup and not first_time:
                widget.configure(state="readonly")
        for key in ("<Return>", "<KP_Enter>"):
            widget.bind(key, lambda _e: (self._save(), "break")[1])
        return widget

    def show_error(self, message: str) -> None:
        self.error.configure(text=message)
        if self.winfo_viewable():
            self.fit()

    def values(self) -> dict[str, str]:
        result = {}
        for key, (field, widget) in self.widgets.items():
            if field.choices:
                result[key] = field.choices[max(widget.current(), 0)][0]
            elif field.multiline:
                result[key] = widget.get("1.0", "end-1c")
            else:
                result[key] = widget.get()
        return result

    def content(self) -> dict[str, object]:
        return dict(self.values())

    def _save(self) -> None:
        self.presenter.save(self.values())


class ReportHeaderDialog(UnitDialog):
    """Thông tin văn bản báo cáo: the unit form's dialog with the report period's header fields."""

    column_starts = ("tham_quyen",)


class FirstStartDialog(Modal):
    """No database yet: create a new unit, or open the demo data."""

    def __init__(self, master, db_path: str):
        super().__init__(master, "CCHC Desktop — bắt đầu")
        self.choice: str | None = None
        frame = ttk.Frame(self, padding=18)
        frame.pack(fill="both", expand=True)
        ttk.Label(frame, text="Chào mừng đến với CCHC Desktop", font=("TkDefaultFont", 14, "bold")).pack(anchor="w")
        ttk.Label(
            frame,
            text="Bạn muốn khai báo đơn vị của mình để bắt đầu nhập số liệu, hay mở dữ liệu mẫu "
            "(UBND thành phố Sa Đéc, quý III/2023) để xem thử?",
            wraplength=WRAP,
            justify="left",
        ).pack(anchor="w", pady=(10, 6))
        ttk.Label(
            frame,
            text=f"Dữ liệu sẽ được lưu tại: {db_path}",
            wraplength=WRAP,
            justify="left",
            font=HINT_FONT,
            bootstyle="secondary",
        ).pack(anchor="w", pady=(0, 14))
        buttons = ttk.Frame(frame)
        buttons.pack(fill="x")
        self.new_button = button(buttons, "Khai báo đơn vị mới", lambda: self._pick("new"))
        self.new_button.pack(side="left")
        self.demo_button = button(buttons, "Mở dữ liệu mẫu", lambda: self._pick("demo"), "secondary")
        self.demo_button.pack(side="left", padx=8)
        button(buttons, "Thoát", self.cancel, "link").pack(side="right")
        self.initial_focus = self.new_button

    def _pick(self, choice: str) -> None:
        self.choice = choice
        self.close()
