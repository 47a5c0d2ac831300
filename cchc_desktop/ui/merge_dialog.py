"""Đơn vị trực thuộc → Sáp nhập…: the new unit, the old units (check boxes) and the date."""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cchc_desktop.app.presenters.child_units_presenter import MergeChoice
from cchc_desktop.ui.dialogs import FIELD_WIDTH, HINT_FONT
from cchc_desktop.ui.modal import Modal, ScrollBody, button

TITLE = "Sáp nhập đơn vị trực thuộc"
SOURCE_ROWS = 9  # check boxes shown before the list scrolls


class MergeDialog(Modal):
    """One form: the new unit (a list), the old units (check boxes, scrolling when many), the date."""

    def __init__(self, master):
        super().__init__(master, TITLE)
        self.presenter = None
        self.units: list[MergeChoice] = []
        self.checks: dict[str, tk.BooleanVar] = {}
        self.boxes: dict[str, ttk.Checkbutton] = {}
        footer = ttk.Frame(self, padding=(14, 8, 14, 12))
        footer.pack(side="bottom", fill="x")
        ttk.Separator(self).pack(side="bottom", fill="x")
        self.error = ttk.Label(footer, text="", bootstyle="danger", wraplength="12c", justify="left")
        self.error.pack(side="left", fill="x", expand=True)
        self.save_button = button(footer, "Ghi nhận sáp nhập", self._save)
        self.cancel_button = button(footer, "Hủy", self.cancel, "secondary")
        self.cancel_button.pack(side="right")
        self.save_button.pack(side="right", padx=(12, 8))
        self.frame = ttk.Frame(self, padding=(14, 12, 14, 4))
        self.frame.pack(side="top", fill="both", expand=True)
        self.bind("<KeyRelease>", self._typing, add="+")

    def _typing(self, event) -> None:
        if event.keysym not in ("Return", "KP_Enter", "Escape", "Tab", "ISO_Left_Tab") and self.error.cget("text"):
            self.error.configure(text="")

    # MergeView
    def show_merge_form(self, units: list[MergeChoice], values: dict[str, object]) -> None:
        self.units = units
        frame = self.frame
        ttk.Label(frame, text=TITLE, font=("TkDefaultFont", 13, "bold")).pack(side="top", anchor="w")
        ttk.Label(
            frame,
            text="Đơn vị mới thay cho các đơn vị cũ từ ngày sáp nhập: các kỳ trước ngày đó vẫn tính theo các đơn vị "
            "cũ; cùng kỳ năm trước của đơn vị mới là tổng của các đơn vị cũ. Đơn vị mới phải được thêm trước.",
            font=HINT_FONT,
            bootstyle="secondary",
            wraplength="15c",
            justify="left",
        ).pack(side="top", anchor="w", pady=(2, 8))
        ttk.Label(frame, text="Đơn vị mới").pack(side="top", anchor="w")
        self.into = ttk.Combobox(frame, state="readonly", width=FIELD_WIDTH + 12, values=[u.label for u in units])
        self.into.pack(side="top", anchor="w", fill="x")
        self.into.bind("<<ComboboxSelected>>", lambda _e: self._new_chosen())
        codes = [unit.code for unit in units]
        if values.get("into") in codes:
            self.into.current(codes.index(values["into"]))
        # The date at the bottom, packed before the list: when the screen is short, only the list shrinks.
        ttk.Label(frame, text="Ngày/tháng/năm, ví dụ 01/07/2025", font=HINT_FONT, bootstyle="secondary").pack(
            side="bottom", anchor="w"
        )
        self.date = ttk.Entry(frame, width=14)
        self.date.insert(0, str(values.get("from_date") or ""))
        self.date.pack(side="bottom", anchor="w")
        ttk.Label(frame, text="Từ ngày").pack(side="bottom", anchor="w", pady=(10, 1))
        ttk.Label(frame, text="Các đơn vị cũ được sáp nhập (đánh dấu)").pack(side="top", anchor="w", pady=(10, 1))
        self.sources_body = ScrollBody(frame)
        self.sources_body.pack(side="top", fill="both", expand=True)
        self.sources_body.inner.bind("<Configure>", lambda _e: self._cap_sources(), add="+")
        chosen = set(values.get("sources") or [])
        for unit in units:
            var = tk.BooleanVar(value=unit.code in chosen)
            box = ttk.Checkbutton(self.sources_body.inner, text=unit.label, variable=var)
            box.pack(side="top", anchor="w", pady=1)
            self.sources_body.watch(box)
            self.checks[unit.code], self.boxes[unit.code] = var, box
        # Tab order as seen: the new unit, the boxes, the date (the date was packed first).
        for widget in (self.into, self.sources_body, self.date):
            widget.lift()
        for widget in (self.into, self.date):
            for key in ("<Return>", "<KP_Enter>"):
                widget.bind(key, lambda _e: (self._save(), "break")[1])
        self.initial_focus = self.into

    def _cap_sources(self) -> None:
        """At most SOURCE_ROWS check boxes tall: a province's hundred communes scroll."""
        if not self.boxes:
            return
        row = next(iter(self.boxes.values())).winfo_reqheight() + 2
        wanted = min(self.sources_body.inner.winfo_reqheight(), SOURCE_ROWS * row)
        if int(self.sources_body.canvas.cget("height")) != wanted:
            self.sources_body.canvas.configure(height=wanted)

    def _new_chosen(self) -> None:
        """The new unit is not one of the old ones: its box is unchecked and disabled."""
        into = self.chosen_into()
        for code, box in self.boxes.items():
            if code == into:
                self.checks[code].set(False)
                box.configure(state="disabled")
            else:
                box.configure(state="normal")
        if self.error.cget("text"):
            self.error.configure(text="")

    def chosen_into(self) -> str:
        index = self.into.current()
        return self.units[index].code if 0 <= index < len(self.units) else ""

    def chosen_sources(self) -> list[str]:
        return [code for code, var in self.checks.items() if var.get()]

    def content(self) -> dict[str, object]:
        if not self.units:
            return {}
        return {"into": self.chosen_into(), "sources": self.chosen_sources(), "from_date": self.date.get()}

    def show_error(self, message: str) -> None:
        self.error.configure(text=message)
        if self.winfo_viewable():
            self.fit()

    def _save(self) -> None:
        self.presenter.save(self.chosen_into(), self.chosen_sources(), self.date.get())
