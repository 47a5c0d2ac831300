"""An editable grid (tksheet) for a template table: rows (cấp, lĩnh vực), total rows computed."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import ttkbootstrap as ttk
from tksheet import Sheet

from cchc_desktop.app.layout import TableSpec

MARK_COLOURS = {"error": "#f8d7da", "warning": "#fff3cd"}
TOTAL_BG = "#e9ecef"
ROW_HEIGHT = 25
MAX_VISIBLE_ROWS = 14


class TableGrid(ttk.Frame):
    """Data rows that have values (or were added), a subtotal per cấp and a grand total."""

    def __init__(self, master, spec: TableSpec, on_commit_many: Callable[[dict[str, str]], bool]):
        super().__init__(master)
        self.spec = spec
        self.on_commit_many = on_commit_many
        self.values: dict[str, str] = {}
        self.added: set[tuple[str, str]] = set()
        self.layout: list[tuple[str, str | None, str | None]] = []
        self.editable = True
        self.cap_labels = dict(spec.caps)
        self.row_labels = dict(spec.rows)
        ttk.Label(self, text=spec.title, font=("TkDefaultFont", 11, "bold")).pack(anchor="w")
        self.sheet = Sheet(
            self,
            headers=[textwrap.fill(label, 11) for _, label, _ in spec.columns],
            height=ROW_HEIGHT * 4,
            show_x_scrollbar=False,
            row_index_width=262,
            default_column_width=92,
            default_header_height="4",
            align="e",
            index_align="w",
        )
        self.sheet.enable_bindings(
            "single_select",
            "drag_select",
            "arrowkeys",
            "edit_cell",
            "copy",
            "paste",
            "delete",
            "undo",
            "column_width_resize",
            "row_select",
        )
        self.sheet.bind("<<SheetModified>>", self._modified)
        self.sheet.pack(fill="x", pady=(4, 4))
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        ttk.Label(bar, text="Thêm dòng:").pack(side="left")
        self.cap_choice = ttk.Combobox(bar, state="readonly", width=12, values=[label for _, label in spec.caps])
        self.cap_choice.pack(side="left", padx=4)
        self.row_choice = ttk.Combobox(bar, state="readonly", width=34, values=[label for _, label in spec.rows])
        self.row_choice.pack(side="left", padx=4)
        self.add_button = ttk.Button(bar, text="Thêm", bootstyle="secondary", command=self._add_row)
        self.add_button.pack(side="left", padx=4)
        self.error = ttk.Label(self, text="", bootstyle="danger", wraplength=700, justify="left")
        self.error.pack(anchor="w")
        ttk.Label(
            self,
            text="Dán được khối số chép từ Excel (Ctrl+V). Dòng “Cộng” và “Tổng cộng” do chương trình tính.",
            bootstyle="secondary",
        ).pack(anchor="w")

    def owns(self, code: str) -> bool:
        return code.startswith(f"{self.spec.id}.") or code.startswith(f"sum.{self.spec.id}.")

    def _data_rows(self) -> list[tuple[str, str]]:
        present = set(self.added)
        for code, text in self.values.items():
            if "@" in code and text and code.startswith(f"{self.spec.id}."):
                cap, row = code.split("@", 1)[1].split("/", 1)
                present.add((cap, row))
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
                index_labels.append(f"{cap_label} — {self.row_labels[row]}")
                data.append([self.values.get(self.spec.cell(col, cap, row), "") for col in columns])
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
        visible = min(len(layout), MAX_VISIBLE_ROWS)
        self.sheet.height_and_width(height=ROW_HEIGHT * visible + 62)
        self.sheet.refresh()

    def _add_row(self) -> None:
        cap_index, row_index = self.cap_choice.current(), self.row_choice.current()
        if cap_index < 0 or row_index < 0:
            self.show_error("Hãy chọn cấp và lĩnh vực của dòng cần thêm.")
            return
        self.added.add((self.spec.caps[cap_index][0], self.spec.rows[row_index][0]))
        self.show_error("")
        self._rebuild()

    def _modified(self, event=None) -> None:
        changes: dict[str, str] = {}
        columns = [key for key, _, _ in self.spec.columns]
        for number, (kind, cap, row) in enumerate(self.layout):
            if kind != "cell":
                continue
            for col_number, column in enumerate(columns):
                code = self.spec.cell(column, cap, row)
                text = str(self.sheet.get_cell_data(number, col_number) or "").strip()
                if text != self.values.get(code, ""):
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
                importance = marks.get(self.spec.cell(column, cap, row), ("", ""))[0]
                if importance:
                    self.sheet.highlight_cells(number, col_number, bg=MARK_COLOURS[importance], redraw=False)
                else:
                    self.sheet.dehighlight_cells(number, col_number, redraw=False)
        self.sheet.refresh()

    def show_error(self, message: str) -> None:
        self.error.configure(text=message)

    def focus_code(self, code: str):
        columns = [key for key, _, _ in self.spec.columns]
        for number, (kind, cap, row) in enumerate(self.layout):
            if kind == "cell" and code.endswith(f"@{cap}/{row}"):
                column = code.split("@")[0].rsplit(".", 1)[1]
                if column in columns:
                    self.sheet.see(number, columns.index(column))
                    self.sheet.select_cell(number, columns.index(column))
                    self.sheet.focus_set()
                    return self.sheet
        return None
