"""Đơn vị → Tình hình nhận báo cáo…: each child unit's annex for the report period, coloured by state."""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cchc_desktop.app.presenters.received_status_presenter import ReceivedStatusPresenter
from cchc_desktop.app.usecases.received_status import WINDOW_COLUMNS as COLUMNS
from cchc_desktop.app.usecases.received_status import StatusRow
from cchc_desktop.ui.dialogs import HINT_FONT
from cchc_desktop.ui.modal import Modal, button, usable_size
from cchc_desktop.ui.tree_fit import fit_columns, lines_needed, use_row_lines

MENU_LABEL = "Tình hình nhận báo cáo…"
# Text colours readable on white (contrast ≥ 4.5:1) and a light row background per state.
STATE_COLOURS = {
    "on_time": ("#146c43", "#e8f5ee"),
    "late": ("#7a4d00", "#fff4d6"),
    "missing": ("#b02a37", "#fbe9eb"),
    "waiting": ("#495057", "#ffffff"),
    "manual": ("#146c43", "#ffffff"),
    "partial": ("#7a4d00", "#fff4d6"),
}
LEGEND = (("on_time", "Đúng hạn"), ("late", "Trễ hạn"), ("missing", "Chưa nhận, đã quá hạn"))
# The widths in digits of the default font (they follow the scaling): at least, at most (a longer
# text wraps onto a second line; when the screen is narrower the widest columns give way first).
WIDTHS = {
    "name": (22, 32),
    "level": (7, 10),
    "file_time": (12, 20),
    "imported": (12, 20),
    "submitted": (10, 22),
    "deadline": (9, 11),
    "state": (10, 20),
    "checks": (10, 18),
}
NO_SLIPS = "Chọn một đơn vị để xem các sai sót trên số liệu của đơn vị đó."


class ReceivedStatusDialog(Modal):
    """The table of who has reported, a legend of the colours and the counts; Đóng closes it."""

    def __init__(self, master, workspace, period: str, today=None):
        super().__init__(master, "Tình hình nhận báo cáo")
        self.presenter = ReceivedStatusPresenter(
            workspace.consolidation, workspace.units, workspace.checks, self, today
        )
        frame = ttk.Frame(self, padding=(14, 12, 14, 12))
        frame.pack(fill="both", expand=True)
        self.title_label = ttk.Label(frame, text="", font=("TkDefaultFont", 13, "bold"))
        self.title_label.pack(side="top", anchor="w")
        ttk.Label(
            frame,
            text="Thời gian tệp: lúc đơn vị xuất phụ lục; nhận lúc: lúc nhập tệp vào máy này. "
            "Trễ hạn tính theo thời gian tệp.",
            font=HINT_FONT,
            bootstyle="secondary",
        ).pack(side="top", anchor="w", pady=(2, 6))
        legend = ttk.Frame(frame)
        legend.pack(side="top", anchor="w", pady=(0, 6))
        for state, text in LEGEND:
            fg, bg = STATE_COLOURS[state]
            ttk.Label(legend, text=f"  {text}  ", foreground=fg, background=bg).pack(side="left", padx=(0, 8))
        footer = ttk.Frame(frame)
        footer.pack(side="bottom", fill="x", pady=(10, 0))
        self.summary = ttk.Label(footer, text="", font=("TkDefaultFont", 10, "bold"))
        self.summary.pack(side="left")
        self.close_button = button(footer, "Đóng", self.close, "secondary")
        self.close_button.pack(side="right")
        slips = ttk.Frame(frame)
        slips.pack(side="bottom", fill="x", pady=(8, 0))
        self.detail = tk.Text(slips, height=5, wrap="word", relief="flat", font="TkDefaultFont", takefocus=False)
        slips_bar = ttk.Scrollbar(slips, orient="vertical", command=self.detail.yview)
        self.detail.configure(yscrollcommand=slips_bar.set)
        slips_bar.pack(side="right", fill="y")
        self.detail.pack(side="left", fill="x", expand=True)
        self._set_detail(NO_SLIPS)
        self.rows: dict[str, StatusRow] = {}
        self.table = ttk.Treeview(
            frame, columns=[key for key, _ in COLUMNS], show="headings", height=12, selectmode="browse"
        )
        for key, label in COLUMNS:
            self.table.heading(key, text=label, anchor="w")
            self.table.column(key, stretch=key == "name")
        for state, (fg, bg) in STATE_COLOURS.items():
            self.table.tag_configure(state, foreground=fg, background=bg)
        bar = ttk.Scrollbar(frame, orient="vertical", command=self.table.yview)
        self.bar = bar
        self.table.configure(yscrollcommand=bar.set)
        bar.pack(side="right", fill="y")
        self.table.pack(side="left", fill="both", expand=True)
        self.table.bind("<<TreeviewSelect>>", lambda _e: self._show_slips())
        for key in ("<Escape>",):
            self.bind(key, lambda _e: self.close())
        self.presenter.start(period)

    # ReceivedStatusView
    def show_status(self, title: str, rows: list[StatusRow], summary: str) -> None:
        self.title_label.configure(text=title)
        self.table.delete(*self.table.get_children())
        self.rows = {row.code: row for row in rows}
        one_level = len({row.level for row in rows}) <= 1  # then the title says it; room for the others
        shown = [(key, label) for key, label in COLUMNS if not (one_level and key == "level")]
        cells = [row.cells(COLUMNS) for row in rows]
        places = [[key for key, _ in COLUMNS].index(key) for key, _ in shown]
        kept = [tuple(row[i] for i in places) for row in cells]
        wrapped = fit_columns(self.table, shown, kept, WIDTHS, self._room(), most_lines=3)  # a long name whole
        use_row_lines(self.table, "Status.Treeview", lines_needed(wrapped))
        for row, texts, fitted in zip(rows, cells, wrapped, strict=True):
            values = list(texts)
            for place, text in zip(places, fitted, strict=True):
                values[place] = text
            self.table.insert("", "end", iid=row.code, values=values, tags=(row.state,))
        self.summary.configure(text=summary)
        self.table.configure(displaycolumns=[key for key, _ in shown])
        if rows:  # the arrow keys start at the first row; no selection hides its colour
            self.table.focus(rows[0].code)
        self.initial_focus = self.table if rows else self.close_button

    def _room(self) -> int:
        """The table's widest width: the screen's usable width less the dialog's margins and the bar."""
        self.update_idletasks()
        return usable_size(self)[0] - 2 * 14 - self.bar.winfo_reqwidth() - 6

    def _show_slips(self) -> None:
        """The selected unit's slips under the table (its name first), or what there is to know."""
        selected = self.table.selection()
        row = self.rows.get(selected[0]) if selected else None
        if row is None:
            text = NO_SLIPS
        elif row.slips:
            text = "\n".join([f"{row.name}:", *(f"  • {slip}" for slip in row.slips)])
        elif row.checks:
            text = f"{row.name}: không có sai sót trên số liệu đã nhận."
        else:
            text = f"{row.name}: chưa nhận số liệu."
        self._set_detail(text)

    def _set_detail(self, text: str) -> None:
        self.detail.configure(state="normal")
        self.detail.delete("1.0", "end")
        self.detail.insert("1.0", text)
        self.detail.configure(state="disabled")

    def slips_text(self) -> str:
        return self.detail.get("1.0", "end-1c")


def open_received_status(master, workspace, period: str) -> None:
    """Show who has reported for the report period."""
    ReceivedStatusDialog(master, workspace, period).run()
