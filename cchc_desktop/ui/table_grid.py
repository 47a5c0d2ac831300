"""An editable grid (tksheet) for a template table: rows (cấp, lĩnh vực), total rows computed."""

from __future__ import annotations

import tkinter.font as tkfont
from collections.abc import Callable

import ttkbootstrap as ttk
from tksheet import Sheet

from cchc_desktop.app.errors import UserError
from cchc_desktop.app.layout import TableSpec, plan_paste, row_label

MARK_COLOURS = {"error": "#f8d7da", "warning": "#fff3cd"}
DERIVED_FG = "#6c757d"  # a value the program derived (not typed): grey
DERIVED_NOTE = "Số chữ xám: chưa nhập, chương trình suy ra từ các ô khác cùng dòng. Gõ số vào ô nếu muốn nhập."
TOTAL_BG = "#e9ecef"
MAX_VISIBLE_ROWS = 14
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
        self.editable = True
        self.cap_labels = dict(spec.caps)
        self.row_labels = dict(spec.rows)
        ttk.Label(self, text=spec.title, font=("TkDefaultFont", 11, "bold")).pack(anchor="w")
        self.sheet = Sheet(
            self,
            headers=[label for _, label, _ in spec.columns],
            height=100,
            show_x_scrollbar=True,
            align="e",
            index_align="w",
            header_wrap="w",
        )
        self._fit_columns()
        self.sheet.enable_bindings(
            "single_select",
            "drag_select",
            "arrowkeys",
            "edit_cell",
            "copy",
            "delete",
            "undo",
            "column_width_resize",
            "row_select",
        )
        self.sheet.bind("<<SheetModified>>", self._modified)
        for sequence in ("<Control-v>", "<Control-V>", "<<Paste>>"):
            self.sheet.MT.bind(sequence, self._paste)
        if on_focus is not None:
            self.sheet.MT.bind("<FocusIn>", lambda _e: on_focus(self), add="+")
        self.sheet.pack(fill="x", pady=(4, 4))
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

    def _fit_columns(self) -> None:
        """Row labels in full, columns as wide as their longest header word or a 7-digit number,
        measured with the grid's own fonts (so at any screen scaling)."""
        index_font = tkfont.Font(font=self.sheet.index_font())
        header_font = tkfont.Font(font=self.sheet.header_font())
        table_font = tkfont.Font(font=self.sheet.font())
        labels = [row_label(self.spec, cap, row) for cap, _ in self.spec.caps for row, _ in self.spec.rows]
        labels += [f"Cộng {label.lower()}" for _, label in self.spec.caps] + ["Tổng cộng"]
        self.sheet.set_index_width(max(index_font.measure(label) for label in labels) + 16, redraw=False)
        widths = []
        for _, label, _ in self.spec.columns:
            word = max(header_font.measure(w) for w in label.split())
            widths.append(max(word, table_font.measure("000.000")) + 20)
        self.sheet.set_column_widths(widths)
        lines = max(
            len(self._wrapped(label, width - 12, header_font))
            for (_, label, _), width in zip(self.spec.columns, widths, strict=True)
        )
        self.sheet.set_header_height_lines(lines, redraw=False)

    @staticmethod
    def _wrapped(label: str, width: int, font) -> list[str]:
        lines: list[str] = []
        for word in label.split():
            if lines and font.measure(f"{lines[-1]} {word}") <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines

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
        self.sheet.set_sheet_data(data, redraw=False)
        self.sheet.set_index_data(index_labels, redraw=False)
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
        visible = min(len(layout), MAX_VISIBLE_ROWS)
        row_height = self.sheet.MT.get_default_row_height()
        header = self.sheet.CH.current_height
        scrollbar = 20
        self.sheet.height_and_width(height=row_height * visible + header + scrollbar + 6)
        self.sheet.refresh()

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
            self.on_commit_many(changes)

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
            self.update_idletasks()
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
