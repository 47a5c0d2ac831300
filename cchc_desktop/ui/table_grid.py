"""An editable grid (tksheet) for a template table: rows (cấp, lĩnh vực), total rows computed.

Every column is in view at any scaling (app.grid_fit: the row labels wrap, no sideways scroll);
the keys go only to typed cells (ui.grid_keys); a period change shows the grid from its top left.
"""

from __future__ import annotations

from collections.abc import Callable

import ttkbootstrap as ttk
from tksheet import Sheet

from cchc_desktop.app.errors import UserError
from cchc_desktop.app.grid_fit import share_width, wrap_words
from cchc_desktop.app.grid_moves import editable_rows
from cchc_desktop.app.layout import TableSpec, plan_paste, row_label
from cchc_desktop.ui.grid_keys import GridKeys
from cchc_desktop.ui.text_measure import measurer

MARK_COLOURS = {"error": "#f8d7da", "warning": "#fff3cd"}
DERIVED_FG = "#6c757d"  # a value the program derived (not typed): grey
DERIVED_NOTE = "Số chữ xám: chưa nhập, chương trình suy ra từ các ô khác cùng dòng. Gõ số vào ô nếu muốn nhập."
TOTAL_BG = "#e9ecef"
MAX_VISIBLE_ROWS = 14
CELL_PAD = 14  # a cell's text inset, both sides together (tksheet draws 2–5 px from each edge)
WIDEST_NUMBER = "000.000"  # a number column is never narrower than this (its values widen it further)
PASTE_HINT = (
    "Dán được khối ô chép từ Excel (Ctrl+V), kể cả khi bảng chưa có dòng: chép kèm cột tên lĩnh vực "
    "thì chương trình tự thêm dòng. Dòng “Cộng” và “Tổng cộng” do chương trình tính."
)


class TableGrid(ttk.Frame):
    """Data rows that have values (or were added), a subtotal per cấp and a grand total."""

    def __init__(
        self,
        master,
        spec: TableSpec,
        on_commit_many: Callable[[dict[str, str]], bool],
        level: str | None = None,
        on_focus: Callable | None = None,
    ):
        super().__init__(master)
        self.spec = spec
        self.on_commit_many = on_commit_many
        self.on_focus = on_focus or (lambda _widget: None)
        self.values: dict[str, str] = {}
        self.hints: dict[str, str] = {}  # derived values shown greyed in their empty cells
        self.added: set[tuple[str, str]] = set()
        self.layout: list[tuple[str, str | None, str | None]] = []
        self._index_labels: list[str] = []
        self._note = ""  # what say() last put in the message line
        self.editable = True
        self.cap_labels = dict(spec.caps)
        self.row_labels = dict(spec.rows)
        ttk.Label(self, text=spec.title, font=("TkDefaultFont", 11, "bold")).pack(anchor="w")
        self.sheet = Sheet(
            self,
            headers=[label for _, label, _ in spec.columns],
            height=100,
            show_x_scrollbar=False,  # every column fits (_fit): nothing to scroll sideways to
            align="e",
            index_align="w",
            header_wrap="",  # the texts are wrapped here, to the widths given, with "\n"
            index_wrap="",
            edit_cell_tab="",  # Tab and Enter move where GridKeys says (typed cells only)
            edit_cell_return="",
            cell_auto_resize_enabled=False,  # a long value must not widen its column past the window
            startup_focus=False,  # a form built in the background must not take the focus from the clerk
        )
        self.last_commit_ok = True
        self._fitted_width = 0
        self.sheet.enable_bindings(
            "single_select",
            "drag_select",
            "arrowkeys",
            "edit_cell",
            "copy",
            "delete",
            "undo",
            "row_select",
        )
        self.keys = GridKeys(self)
        self.sheet.bind("<<SheetModified>>", self._modified)
        for sequence in ("<Control-v>", "<Control-V>", "<<Paste>>"):
            self.sheet.MT.bind(sequence, self._paste)
        if on_focus is not None:
            self.sheet.MT.bind("<FocusIn>", lambda _e: on_focus(self), add="+")
        self.sheet.pack(fill="x", pady=(4, 4))
        self.sheet.bind("<Configure>", lambda _e: self._fit(), add="+")
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        ttk.Label(bar, text="Thêm dòng:").grid(row=0, column=0, sticky="w")
        cap_width = max(len(label) for _, label in spec.caps) + 2
        self.cap_choice = ttk.Combobox(bar, state="readonly", width=cap_width, values=[label for _, label in spec.caps])
        self.cap_choice.grid(row=0, column=1, padx=4, sticky="w")
        caps = [cap for cap, _ in spec.caps]
        self.cap_choice.current(caps.index(level) if level in caps else len(caps) - 1)
        self.row_choice = ttk.Combobox(bar, state="readonly", width=20, values=[label for _, label in spec.rows])
        self.row_choice.grid(row=0, column=2, padx=4, sticky="ew")
        self.add_button = ttk.Button(bar, text="Thêm", bootstyle="secondary", command=self._add_row)
        self.add_button.grid(row=0, column=3, padx=(4, 0), sticky="e")
        for widget in (self.cap_choice, self.row_choice, self.add_button):  # Tab reaches them: seen
            widget.bind("<FocusIn>", lambda e: self.on_focus(e.widget), add="+")
        bar.columnconfigure(2, weight=1)
        self.error = ttk.Label(self, text="", bootstyle="danger", justify="left")
        self.error.pack(anchor="w", fill="x")
        self.derived_note = ttk.Label(self, text=DERIVED_NOTE, bootstyle="secondary", justify="left")
        self.hint = ttk.Label(self, text=PASTE_HINT, bootstyle="secondary", justify="left")
        self.hint.pack(anchor="w", fill="x")
        self.bind("<Configure>", self._rewrap, add="+")

    def _rewrap(self, event) -> None:
        for label in (self.error, self.derived_note, self.hint):
            label.configure(wraplength=max(event.width - 8, 200))

    # ----- every column in view --------------------------------------------------------------
    def _fit(self, force: bool = False) -> None:
        """Share the sheet's width (app.grid_fit) between the row labels and the number columns, wrap
        the labels and headers to it, and size the rows and the sheet's height to the wrapped text."""
        width = self.sheet.winfo_width()
        if width <= 1 or (width == self._fitted_width and not force):
            return
        self._fitted_width = width
        table_measure = measurer(self, self.sheet.font())  # widths remembered per font and text
        index_measure = measurer(self, self.sheet.index_font())
        header_measure = measurer(self, self.sheet.header_font())
        labels = self._index_labels
        columns = self.sheet.get_sheet_data()
        least = []
        for number, (_, label, _) in enumerate(self.spec.columns):
            texts = [str(row[number]) for row in columns if number < len(row) and row[number] not in (None, "")]
            widest = max([table_measure(WIDEST_NUMBER)] + [table_measure(t) for t in texts])
            least.append(max(widest, max(header_measure(w) for w in label.split())) + CELL_PAD)
        bar = self.sheet.yscroll.winfo_reqwidth() if self.sheet.yscroll.winfo_manager() else 0
        room = width - bar - 4
        words = [index_measure(word) for label in labels for word in label.split()] or [0]
        natural = max([index_measure(label) for label in labels] or [0]) + CELL_PAD
        widths = share_width(room, natural, max(words) + CELL_PAD, least)
        wrapped = [wrap_words(label, widths.index - CELL_PAD, index_measure) for label in labels]
        headers = [
            wrap_words(label, column - CELL_PAD, header_measure)
            for (_, label, _), column in zip(self.spec.columns, widths.columns, strict=True)
        ]
        self.sheet.set_index_width(widths.index, redraw=False)
        self.sheet.set_column_widths(list(widths.columns))
        self.sheet.headers(["\n".join(lines) for lines in headers], redraw=False)
        self.sheet.set_header_height_lines(max(len(lines) for lines in headers), redraw=False)
        self.sheet.set_index_data(["\n".join(lines) for lines in wrapped], redraw=False)
        one_line = self.sheet.MT.get_default_row_height()
        heights = [
            max(one_line, self.sheet.MT.get_lines_cell_height(len(lines), font=self.sheet.index_font()))
            for lines in wrapped
        ]
        self.sheet.set_row_heights(heights)
        shown = sum(heights[:MAX_VISIBLE_ROWS])
        self.sheet.height_and_width(height=shown + self.sheet.CH.current_height + 6)
        self.sheet.refresh()

    def row_states(self) -> list[bool]:
        """May the clerk type in each row? (GridKeys)"""
        return editable_rows([kind for kind, _, _ in self.layout], self.editable)

    def column_count(self) -> int:
        return len(self.spec.columns)

    def say(self, note: str) -> None:
        """A key that cannot go in says why in the grid's message line (and the status line)."""
        if not note and str(self.error.cget("text")) != self._note:
            return  # a refused value's reason stays until the value is corrected
        self._note = note
        self.error.configure(text=note)
        if note:
            self.on_focus(self.error)

    def leave(self) -> None:
        """Tab past the last typed cell: on to the “Thêm dòng” bar, as Tab leaves any field."""
        self.cap_choice.focus_set()

    def reset_view(self) -> None:
        """Another period: nothing selected, scrolled to the top left, no editor left open."""
        self.keys.typed_text()
        self.sheet.deselect("all", redraw=False)
        self.sheet.set_xview(0.0)
        self.sheet.set_yview(0.0)
        self.say("")

    def flush(self) -> bool:
        """Store what is typed in a cell whose editor is still open (the period or section changes,
        the window closes); False when it was refused."""
        typed = self.keys.typed_text()
        return True if typed is None else self._store_typed(*typed)

    def typed_as_shown(self, row: int, column: int, text: str) -> None:
        """A figure typed equal to the grey derived one tksheet saw no change in: it is typed now."""
        self._store_typed(row, column, text)

    def _store_typed(self, row: int, column: int, text: str) -> bool:
        if row >= len(self.layout) or self.layout[row][0] != "cell" or not self.editable:
            return True
        _, cap, slug = self.layout[row]
        code = self.spec.cell(self.spec.columns[column][0], cap, slug)
        if text.strip() == self.values.get(code, ""):
            return True
        self.last_commit_ok = self.on_commit_many({code: text.strip()})
        return self.last_commit_ok

    def owns(self, code: str) -> bool:
        return self.spec.owns(code)

    def _data_rows(self) -> list[tuple[str, str]]:
        present = set(self.added)
        for code, text in self.values.items():
            place = self.spec.place_of(code) if text else None
            if place:
                present.add(place[1:])
        caps = [cap for cap, _ in self.spec.caps]
        rows = [row for row, _ in self.spec.rows]
        return sorted(present, key=lambda item: (caps.index(item[0]), rows.index(item[1])))

    def _rebuild(self) -> None:
        layout: list[tuple[str, str | None, str | None]] = []
        index_labels, data = [], []
        columns = [key for key, _, _ in self.spec.columns]
        rows = self._data_rows()
        for cap, cap_label in self.spec.caps:
            cap_rows = [item for item in rows if item[0] == cap]
            if not cap_rows:
                continue
            for _, row in cap_rows:
                layout.append(("cell", cap, row))
                index_labels.append(row_label(self.spec, cap, row))
                data.append([self._shown(self.spec.cell(col, cap, row)) for col in columns])
            layout.append(("subtotal", cap, None))
            index_labels.append(f"Cộng {cap_label.lower()}")
            data.append([self.values.get(self.spec.total(col, cap), "") for col in columns])
        layout.append(("total", None, None))
        index_labels.append("Tổng cộng")
        data.append([self.values.get(self.spec.total(col), "") for col in columns])
        self.layout = layout
        self._index_labels = index_labels
        self.sheet.set_sheet_data(data, reset_col_positions=False, redraw=False)
        self.sheet.dehighlight_all(redraw=False)
        for number, (kind, _, _) in enumerate(layout):
            read_only = kind != "cell" or not self.editable
            self.sheet.readonly_rows(number, readonly=read_only)
            if kind != "cell":
                self.sheet.highlight_rows(number, bg=TOTAL_BG, redraw=False)
            else:
                for col_number, column in enumerate(columns):
                    if self.spec.cell(column, layout[number][1], layout[number][2]) in self.hints:
                        self.sheet.highlight_cells(number, col_number, fg=DERIVED_FG, redraw=False)
        self._fit(force=True)

    def _shown(self, code: str) -> str:
        """A cell's text: what was typed, else the value the program derived (greyed)."""
        return self.values.get(code) or self.hints.get(code, "")

    def show_hints(self, hints: dict[str, str], notes: dict[str, str]) -> None:
        """Derived cells greyed with their value; the note of each in the line under the grid."""
        mine = {code: text for code, text in hints.items() if self.owns(code)}
        if mine and not self.derived_note.winfo_manager():
            self.derived_note.pack(anchor="w", fill="x", before=self.hint)
        elif not mine:
            self.derived_note.pack_forget()
        if mine != self.hints:
            self.hints = mine
            self._rebuild()

    def _add_row(self) -> None:
        cap_index, row_index = self.cap_choice.current(), self.row_choice.current()
        if cap_index < 0 or row_index < 0:
            self.show_error("Hãy chọn cấp và lĩnh vực của dòng cần thêm.")
            return
        self.added.add((self.spec.caps[cap_index][0], self.spec.rows[row_index][0]))
        self.show_error("")
        self._rebuild()

    def _data_positions(self) -> list[tuple[str, str]]:
        return [(cap, row) for kind, cap, row in self.layout if kind == "cell"]

    def paste_text(self, text: str) -> bool:
        """Store a block copied from Excel at the selected cell, adding the rows it needs."""
        if not self.editable:
            return False
        rows = self._data_positions()
        selected = self.sheet.get_currently_selected()
        start, column = None, 0
        if selected and selected.row is not None and selected.row < len(self.layout):
            kind, cap, row = self.layout[selected.row]
            if kind == "cell":
                start, column = rows.index((cap, row)), selected.column or 0
        cap_index, row_index = self.cap_choice.current(), self.row_choice.current()
        cap = self.spec.caps[cap_index][0] if cap_index >= 0 else None
        first = (cap, self.spec.rows[row_index][0]) if cap and row_index >= 0 else None
        try:
            plan = plan_paste(self.spec, text, rows, start, column, cap, first)
        except UserError as exc:
            self.show_error(str(exc))
            return False
        if not self.on_commit_many(plan.changes):
            return False
        self.added.update(plan.rows)
        self.show_error("")
        self._rebuild()
        return True

    def _paste(self, _event=None) -> str:
        try:
            text = self.clipboard_get()
        except Exception:  # noqa: BLE001 - an empty or non-text clipboard
            text = ""
        self.paste_text(text)
        return "break"

    def _modified(self, event=None) -> None:
        changes: dict[str, str] = {}
        columns = [key for key, _, _ in self.spec.columns]
        for number, (kind, cap, row) in enumerate(self.layout):
            if kind != "cell":
                continue
            for col_number, column in enumerate(columns):
                code = self.spec.cell(column, cap, row)
                text = str(self.sheet.get_cell_data(number, col_number) or "").strip()
                if text != self._shown(code):  # a derived value left as shown is not typed
                    changes[code] = text
        if changes:
            self.last_commit_ok = self.on_commit_many(changes)

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        state = "normal" if editable else "disabled"
        for widget in (self.add_button,):
            widget.configure(state=state)
        self._rebuild()

    def set_values(self, texts: dict[str, str], replace: bool) -> None:
        mine = {code: text for code, text in texts.items() if self.owns(code)}
        if replace:
            self.values = mine
        else:
            self.values.update(mine)
        self._rebuild()

    def mark(self, marks: dict[str, tuple[str, str]]) -> None:
        columns = [key for key, _, _ in self.spec.columns]
        for number, (kind, cap, row) in enumerate(self.layout):
            if kind != "cell":
                continue
            for col_number, column in enumerate(columns):
                code = self.spec.cell(column, cap, row)
                importance = marks.get(code, ("", ""))[0]
                foreground = DERIVED_FG if code in self.hints else None
                if importance:
                    self.sheet.highlight_cells(
                        number, col_number, bg=MARK_COLOURS[importance], fg=foreground, redraw=False
                    )
                else:
                    self.sheet.dehighlight_cells(number, col_number, redraw=False)
                    if foreground:
                        self.sheet.highlight_cells(number, col_number, fg=foreground, redraw=False)
        self.sheet.refresh()

    def show_error(self, message: str) -> None:
        self.error.configure(text=message)
        if message:  # the reason sits under the grid: bring it into view, and say it in the status line
            self.on_focus(self.error)
            self.event_generate("<<GridRefused>>", when="tail")

    def focus_code(self, code: str):
        columns = [key for key, _, _ in self.spec.columns]
        place = self.spec.place_of(code)
        for number, (kind, cap, row) in enumerate(self.layout):
            if kind == "cell" and place and place[1:] == (cap, row):
                column = place[0]
                if column in columns:
                    self.sheet.see(number, columns.index(column))
                    self.sheet.select_cell(number, columns.index(column))
                    self.sheet.focus_set()
                    return self.sheet
        return None
