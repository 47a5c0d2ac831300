"""Modal dialogs: a multi-line text question, the unit setup form, the first-start choice."""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cchc_desktop.app.setup_presenter import UnitField


class _Modal(ttk.Toplevel):
    def __init__(self, master, title: str):
        super().__init__(title=title)
        self.transient(master)
        self.resizable(True, True)
        self.protocol("WM_DELETE_WINDOW", self.cancel)
        self.bind("<Escape>", lambda _e: self.cancel())

    def run(self):
        self.update_idletasks()
        self.grab_set()
        self.wait_window(self)

    def cancel(self) -> None:
        self.destroy()


class TextDialog(_Modal):
    """Ask for a (possibly multi-line) text; `result` is None when cancelled."""

    def __init__(self, master, title: str, prompt: str, initial: str = ""):
        super().__init__(master, title)
        self.result: str | None = None
        frame = ttk.Frame(self, padding=12)
        frame.pack(fill="both", expand=True)
        ttk.Label(frame, text=prompt, wraplength=520, justify="left").pack(anchor="w")
        self.text = tk.Text(frame, height=6, width=64, wrap="word", font=("TkDefaultFont", 11))
        self.text.pack(fill="both", expand=True, pady=8)
        self.text.insert("1.0", initial)
        self.text.focus_set()
        buttons = ttk.Frame(frame)
        buttons.pack(fill="x")
        ttk.Button(buttons, text="Hủy", bootstyle="secondary", command=self.cancel).pack(side="right")
        ttk.Button(buttons, text="Đồng ý", bootstyle="primary", command=self.accept).pack(side="right", padx=6)
        self.bind("<Control-Return>", lambda _e: self.accept())

    def accept(self) -> None:
        self.result = self.text.get("1.0", "end-1c")
        self.destroy()


class UnitDialog(_Modal):
    """The unit's setup/settings form; the presenter validates and stores."""

    def __init__(self, master, title: str):
        super().__init__(master, title)
        self.presenter = None
        self.widgets: dict[str, object] = {}
        self.frame = ttk.Frame(self, padding=14)
        self.frame.pack(fill="both", expand=True)
        self.error = ttk.Label(self.frame, text="", bootstyle="danger", wraplength=560, justify="left")

    # SetupView
    def show_form(self, fields: tuple[UnitField, ...], values: dict[str, str], first_time: bool) -> None:
        heading = "Khai báo đơn vị báo cáo" if first_time else "Thông tin đơn vị"
        ttk.Label(self.frame, text=heading, font=("TkDefaultFont", 13, "bold")).grid(
            row=0, column=0, columnspan=2, sticky="w", pady=(0, 8)
        )
        row = 1
        for field in fields:
            ttk.Label(self.frame, text=field.label).grid(row=row, column=0, sticky="nw", padx=(0, 10), pady=3)
            if field.choices:
                widget = ttk.Combobox(
                    self.frame, state="readonly", width=40, values=[label for _, label in field.choices]
                )
                keys = [key for key, _ in field.choices]
                current = values.get(field.key, keys[0])
                widget.current(keys.index(current) if current in keys else 0)
                if field.key == "frequency" and not first_time:
                    widget.configure(state="disabled")
            elif field.multiline:
                widget = tk.Text(self.frame, height=6, width=48, wrap="word", font=("TkDefaultFont", 10))
                widget.insert("1.0", values.get(field.key, ""))
            else:
                widget = ttk.Entry(self.frame, width=48)
                widget.insert(0, values.get(field.key, ""))
                if field.fixed_after_setup and not first_time:
                    widget.configure(state="readonly")
            widget.grid(row=row, column=1, sticky="ew", pady=3)
            self.widgets[field.key] = (field, widget)
            row += 1
            if field.hint:
                ttk.Label(self.frame, text=field.hint, bootstyle="secondary").grid(row=row, column=1, sticky="w")
                row += 1
        self.error.grid(row=row, column=0, columnspan=2, sticky="w", pady=(6, 0))
        buttons = ttk.Frame(self.frame)
        buttons.grid(row=row + 1, column=0, columnspan=2, sticky="e", pady=(10, 0))
        ttk.Button(buttons, text="Hủy", bootstyle="secondary", command=self.cancel).pack(side="right")
        ttk.Button(buttons, text="Lưu", bootstyle="primary", command=self._save).pack(side="right", padx=6)
        first = next(iter(self.widgets.values()))[1]
        first.focus_set()

    def show_error(self, message: str) -> None:
        self.error.configure(text=message)

    def close(self) -> None:
        self.destroy()

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

    def _save(self) -> None:
        self.presenter.save(self.values())


class FirstStartDialog(_Modal):
    """No database yet: create a new unit, or open the demo data."""

    def __init__(self, master, db_path: str):
        super().__init__(master, "CCHC Desktop — bắt đầu")
        self.choice: str | None = None
        frame = ttk.Frame(self, padding=18)
        frame.pack(fill="both", expand=True)
        ttk.Label(frame, text="Chào mừng đến với CCHC Desktop", font=("TkDefaultFont", 14, "bold")).pack(anchor="w")
        ttk.Label(
            frame,
            text=f"Chưa có cơ sở dữ liệu tại:\n{db_path}\n\nBạn muốn khai báo đơn vị của mình để bắt đầu nhập "
            "số liệu, hay mở dữ liệu mẫu (UBND thành phố Sa Đéc, quý III/2023) để xem thử?",
            wraplength=520,
            justify="left",
        ).pack(anchor="w", pady=10)
        buttons = ttk.Frame(frame)
        buttons.pack(fill="x")
        ttk.Button(buttons, text="Khai báo đơn vị mới", bootstyle="primary", command=lambda: self._pick("new")).pack(
            side="left"
        )
        ttk.Button(buttons, text="Mở dữ liệu mẫu", bootstyle="secondary", command=lambda: self._pick("demo")).pack(
            side="left", padx=8
        )
        ttk.Button(buttons, text="Thoát", bootstyle="link", command=self.cancel).pack(side="right")

    def _pick(self, choice: str) -> None:
        self.choice = choice
        self.destroy()
