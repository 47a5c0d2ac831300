"""“Chèn số liệu”: pick one of the section's figures (label and current value) to insert, live, in a text."""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont

import ttkbootstrap as ttk

from cchc_desktop.ui.modal import Modal, button


class FigureDialog(Modal):
    """A filterable list of figures; `result` is the placeholder chosen, or None."""

    def __init__(self, master, choices):
        super().__init__(master, "Chèn số liệu vào thuyết minh")
        self.choices = list(choices)
        self.result: str | None = None
        frame = ttk.Frame(self, padding=14)
        frame.pack(fill="both", expand=True)
        ttk.Label(
            frame,
            text="Chọn số liệu để chèn vào vị trí con trỏ. Khi in, chương trình điền giá trị của kỳ báo cáo.",
            wraplength=560,
            justify="left",
        ).pack(anchor="w")
        search_row = ttk.Frame(frame)
        search_row.pack(fill="x", pady=(8, 4))
        ttk.Label(search_row, text="Tìm:").pack(side="left")
        self.search = ttk.Entry(search_row)
        self.search.pack(side="left", fill="x", expand=True, padx=(6, 0))
        self.search.bind("<KeyRelease>", lambda _e: self._fill())
        self.search.bind("<Down>", lambda _e: self._first())
        self.search.bind("<Return>", lambda _e: self._first_accept())
        listing = ttk.Frame(frame)
        listing.pack(fill="both", expand=True)
        self.tree = ttk.Treeview(listing, columns=("value",), show="tree headings", height=12, selectmode="browse")
        self.tree.heading("#0", text="Số liệu")
        self.tree.heading("value", text="Giá trị hiện tại")
        heading = tkfont.nametofont("TkHeadingFont")
        body = tkfont.nametofont("TkDefaultFont")
        value_width = max(heading.measure("Giá trị hiện tại"), body.measure("999.999.999,999")) + 24
        self.tree.column("#0", width=body.measure("0" * 62), stretch=True)
        self.tree.column("value", width=value_width, anchor="e", stretch=False)
        bar = ttk.Scrollbar(listing, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=bar.set)
        bar.pack(side="right", fill="y")
        self.tree.pack(side="left", fill="both", expand=True)
        self.tree.bind("<Double-1>", lambda _e: self.accept())
        self.tree.bind("<Return>", lambda _e: self.accept())
        buttons = ttk.Frame(frame)
        buttons.pack(fill="x", pady=(10, 0))
        button(buttons, "Hủy", self.cancel, "secondary").pack(side="right")
        button(buttons, "Chèn", self.accept).pack(side="right", padx=(0, 8))
        self._fill()
        self.initial_focus = self.search

    def _fill(self) -> None:
        wanted = self.search.get().strip().lower()
        self.tree.delete(*self.tree.get_children())
        for index, choice in enumerate(self.choices):
            if wanted and wanted not in choice.label.lower():
                continue
            self.tree.insert("", "end", iid=str(index), text=choice.label, values=(choice.shown or "chưa có",))

    def _first(self) -> str:
        items = self.tree.get_children()
        if items:
            self.tree.selection_set(items[0])
            self.tree.focus(items[0])
            self.tree.focus_set()
        return "break"

    def _first_accept(self) -> str:
        items = self.tree.get_children()
        if items and not self.tree.selection():
            self.tree.selection_set(items[0])
        self.accept()
        return "break"

    def accept(self) -> None:
        selection = self.tree.selection()
        if not selection:
            return
        self.result = self.choices[int(selection[0])].placeholder
        self.close()


def choose_figure(master: tk.Misc, choices) -> str | None:
    dialog = FigureDialog(master, choices)
    dialog.run()
    return dialog.result
