"""The check panel: every violation of the period; click to jump, explain errors from here."""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont
from collections.abc import Callable

import ttkbootstrap as ttk

from cchc_desktop.app.presenters.grid_fit import fit_lines
from cchc_desktop.app.presenters.main_presenter import ViolationItem
from cchc_desktop.ui.text_measure import measurer
from cchc_desktop.ui.tree_fit import CELL_PAD, use_row_lines

IMPORTANCE_LABEL = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}
SUMMARY_STYLES = {"error": "danger", "warning": "warning", "clean": "success"}
# A slip's text in the list: wrapped to the column in at most this many lines, ending with “…” when
# longer; the whole text is in the box under the list.
TEXT_LINES = 2
UNIT_FONT = ("TkDefaultFont", 10, "bold")


def summary_state(items: list[ViolationItem]) -> str:
    """Red only while an unexplained error stands; amber for warnings (or explained errors) only;
    information (a figure missing) is no slip, nor are a child unit's slips (they are the child's)."""
    slips = [item for item in items if item.importance != "info" and not item.unit]
    if any(item.importance == "error" and not item.explanation for item in slips):
        return "error"
    return "warning" if slips else "clean"


def summary_text(items: list[ViolationItem]) -> str:
    theirs = sum(1 for item in items if item.unit)
    own = [item for item in items if not item.unit]
    slips = [item for item in own if item.importance != "info"]
    notes = len(own) - len(slips)
    more = f"; {notes} mục chưa đủ số liệu để kiểm tra" if notes else ""
    more += f"; {theirs} sai sót của các đơn vị trực thuộc" if theirs else ""
    if not slips:
        return f"Kiểm tra số liệu: không có sai sót{more}"
    errors = [item for item in slips if item.importance == "error"]
    explained = sum(bool(item.explanation) for item in errors)
    text = f"Kiểm tra số liệu: {len(errors)} lỗi"
    if explained:
        text += f" ({explained} đã giải trình)"
    return f"{text}, {len(slips) - len(errors)} cảnh báo{more}"


class CheckPanel(ttk.Frame):
    """A list of violations with 'Đi tới' and 'Giải trình…' actions."""

    def __init__(self, master, on_activate: Callable[[int], None], on_explain: Callable[[int], None]):
        super().__init__(master, padding=(6, 6))
        self.on_activate = on_activate
        self.on_explain = on_explain
        self.items: list[ViolationItem] = []
        self.summary = ttk.Label(self, text="Kiểm tra số liệu", font=("TkDefaultFont", 11, "bold"))
        self.summary.pack(anchor="w")
        self.tree = ttk.Treeview(self, columns=("level", "text"), show="headings", selectmode="browse", height=9)
        use_row_lines(self.tree, "Checks.Treeview", TEXT_LINES)
        self.texts: list[tuple[str, str, bool]] = []  # (iid, whole text, a unit's heading) as listed
        self._wrapped_to = 0
        self._fitted: dict[tuple, str] = {}  # (text, width, font) → its lines: a recheck lists mostly the same slips
        self.tree.heading("level", text="Mức")
        self.tree.heading("text", text="Nội dung")
        level_width = tkfont.nametofont("TkDefaultFont").measure("Cảnh báo ✓") + 18
        self.tree.column("level", width=level_width, stretch=False)
        self.tree.column("text", width=tkfont.nametofont("TkDefaultFont").measure("0" * 20), stretch=True)
        self.tree.tag_configure("error", foreground="#b02a37")
        self.tree.tag_configure("warning", foreground="#997404")
        self.tree.tag_configure("explained", foreground="#6c757d")
        self.tree.tag_configure("info", foreground="#0b5e8a")
        self.tree.tag_configure("unit", font=UNIT_FONT)
        # The buttons and the detail are packed from the bottom first, so a long message never
        # pushes the buttons out of the window (1366×768 at 125%); the detail scrolls instead.
        buttons = ttk.Frame(self)
        buttons.pack(side="bottom", fill="x", pady=(4, 0))
        self.goto_button = ttk.Button(buttons, text="Đi tới ô", bootstyle="primary", command=self._activate)
        self.goto_button.pack(side="left")
        self.explain_button = ttk.Button(buttons, text="Giải trình…", bootstyle="secondary", command=self._explain)
        self.explain_button.pack(side="left", padx=6)
        box = ttk.Frame(self)
        box.pack(side="bottom", fill="x")
        box.columnconfigure(0, weight=1)
        colors = ttk.Style().colors
        self.detail = tk.Text(
            box,
            height=6,
            width=20,
            wrap="word",
            relief="flat",
            borderwidth=0,
            highlightthickness=0,
            font="TkDefaultFont",
            background=colors.bg,
            foreground=colors.fg,
            takefocus=0,
            cursor="arrow",
        )
        bar = ttk.Scrollbar(box, orient="vertical", command=self.detail.yview)
        self.detail.configure(yscrollcommand=bar.set, state="disabled")
        self.detail.grid(row=0, column=0, sticky="ew")
        bar.grid(row=0, column=1, sticky="ns")
        self.tree.pack(fill="both", expand=True, pady=(4, 4))
        self.tree.bind("<Double-1>", lambda _e: self._activate())
        self.tree.bind("<Return>", lambda _e: self._activate())
        self.tree.bind("<<TreeviewSelect>>", lambda _e: self._show_detail())
        self.tree.bind("<Configure>", lambda _e: self._wrap(), add="+")
        self.bind("<Configure>", self._rewrap, add="+")
        self.summary.configure(wraplength=300, justify="left")

    def detail_text(self) -> str:
        return self.detail.get("1.0", "end-1c")

    def _set_detail(self, text: str) -> None:
        self.detail.configure(state="normal")
        self.detail.delete("1.0", "end")
        self.detail.insert("1.0", text)
        self.detail.configure(state="disabled")

    def show(self, items: list[ViolationItem]) -> None:
        self.items = items
        self.tree.delete(*self.tree.get_children())
        self.texts = []
        unit = ""
        for item in items:
            if item.unit and item.unit != unit:  # a child's slips under its name, as `cchc check` lists them
                unit = item.unit
                iid = f"unit:{item.index}"
                self.tree.insert("", "end", iid=iid, values=("", ""), tags=("unit",))
                self.texts.append((iid, f"Sai sót của {unit}", True))
            tag = "explained" if item.explanation else item.importance
            level = IMPORTANCE_LABEL[item.importance] + (" ✓" if item.explanation else "")
            self.tree.insert("", "end", iid=str(item.index), values=(level, ""), tags=(tag,))
            self.texts.append((str(item.index), item.text, False))
        self._wrap(force=True)
        self.summary.configure(text=summary_text(items), bootstyle=SUMMARY_STYLES[summary_state(items)])
        self._set_detail("")
        if items:
            self.tree.selection_set(str(items[0].index))

    def _wrap(self, force: bool = False) -> None:
        """Each text wrapped to the “Nội dung” column as wide as it is now (it follows the panel)."""
        width = int(self.tree.column("text", "width"))
        if width == self._wrapped_to and not force:
            return
        self._wrapped_to = width
        fonts = {False: _described("TkDefaultFont"), True: _described(UNIT_FONT)}
        measures = {heading: measurer(self.tree, font) for heading, font in fonts.items()}
        if len(self._fitted) > 4000:
            self._fitted.clear()
        for iid, text, heading in self.texts:
            key = (text, width, fonts[heading])
            lines = self._fitted.get(key)
            if lines is None:
                lines = "\n".join(fit_lines(text, width - CELL_PAD, TEXT_LINES, measures[heading]))
                self._fitted[key] = lines
            self.tree.set(iid, "text", lines)

    def _rewrap(self, event) -> None:
        if event.widget is self:
            for label in (self.summary,):
                label.configure(wraplength=max(event.width - 16, 160))

    def _selected(self) -> ViolationItem | None:
        selection = self.tree.selection()
        if not selection or not selection[0].isdigit():  # nothing, or a unit's heading line
            return None
        index = int(selection[0])
        return next((item for item in self.items if item.index == index), None)

    def _show_detail(self) -> None:
        item = self._selected()
        if item is None:
            return
        text = f"{item.unit}: {item.text}" if item.unit else item.text
        if item.explanation:
            text += f"\nGiải trình: {item.explanation}"
        self._set_detail(text)
        self.explain_button.configure(state="disabled" if item.importance == "info" else "normal")
        self.goto_button.configure(state="disabled" if item.unit else "normal")  # a unit's figure has no field here

    def _activate(self) -> None:
        item = self._selected()
        if item is not None:
            self.on_activate(item.index)

    def _explain(self) -> None:
        item = self._selected()
        if item is not None:
            self.on_explain(item.index)

    def select(self, index: int) -> None:
        self.tree.selection_set(str(index))
        self.tree.see(str(index))


def _described(font) -> tuple:
    """A font as Tk has it now (family, size, weight, slant): what its texts' widths depend on, also when
    a named font is changed (the scaling of the window)."""
    actual = tkfont.Font(font=font).actual()
    return (actual["family"], actual["size"], actual["weight"], actual["slant"])
