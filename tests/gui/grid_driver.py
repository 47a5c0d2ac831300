"""Drive a table grid as a clerk does: mouse clicks on cells, keys typed with real gaps, and measure it."""

from __future__ import annotations

import time
import tkinter.font as tkfont

from tests.gui.conftest import pump

KEYSYMS = {"\t": "Tab", "\r": "Return", "\b": "ISO_Left_Tab", ".": "period", ",": "comma", "-": "minus"}


def keysym(char: str) -> str:
    return KEYSYMS.get(char, char)


def type_keys(root, keys: str, gap_ms: int = 5) -> None:
    """Type `keys` one key every `gap_ms` ms, as the keyboard sends them: each key is queued for the
    window that has the focus when it is handled (Tk routes key events to the focus), on a timer, while
    the event loop runs; a key handler slower than the gap finds the next key already waiting.
    `\\t` is Tab, `\\r` Enter, `\\b` Shift+Tab."""
    pending = list(keys)

    def next_key() -> None:
        if not pending:
            return
        root.event_generate("<KeyPress>", keysym=keysym(pending.pop(0)), when="tail")
        if pending:
            root.after(gap_ms, next_key)

    root.after(gap_ms, next_key)
    end = time.time() + 5 + len(keys) * 0.2
    while pending and time.time() < end:
        root.update()
        time.sleep(0.001)
    assert not pending, "the keys were not all typed"
    pump(root, 0.15)


def burst(root, keys: str) -> None:
    """Keys that all arrive before the window handles the first (a fast typist on a busy PC)."""
    for char in keys:
        root.event_generate("<KeyPress>", keysym=keysym(char), when="tail")
    pump(root, 0.15)


def cell_point(grid, row: int, column: int) -> tuple[int, int]:
    """Where a cell is drawn in the table's canvas (its own coordinates, as a click reports them)."""
    table = grid.sheet.MT
    x0, x1 = table.col_positions[column], table.col_positions[column + 1]
    y0, y1 = table.row_positions[row], table.row_positions[row + 1]
    return int((x0 + x1) / 2 - table.canvasx(0)), int((y0 + y1) / 2 - table.canvasy(0))


def click_cell(window, grid, row: int, column: int) -> None:
    """Scroll the cell into view (the form and the grid), then press and release the mouse on it."""
    grid.sheet.see(row, column)
    grid.sheet.MT.focus_force()  # the table taking the focus brings it into the form's view, as a click would
    pump(window.root, 0.05)
    table = grid.sheet.MT
    x, y = cell_point(grid, row, column)
    assert 0 <= x < table.winfo_width() and 0 <= y < table.winfo_height(), "the cell is not in view"
    table.event_generate("<Motion>", x=x, y=y)
    table.event_generate("<ButtonPress-1>", x=x, y=y, button=1)
    table.event_generate("<ButtonRelease-1>", x=x, y=y, button=1)
    pump(window.root, 0.05)
    selected = grid.sheet.get_currently_selected()
    assert (selected.row, selected.column) == (row, column), selected


def add_row(window, grid, cap_label: str, row_label: str) -> None:
    """Thêm dòng: pick the cấp and the lĩnh vực, press Thêm."""
    grid.cap_choice.set(cap_label)
    grid.cap_choice.event_generate("<<ComboboxSelected>>")
    grid.row_choice.set(row_label)
    grid.row_choice.event_generate("<<ComboboxSelected>>")
    grid.add_button.invoke()
    pump(window.root, 0.05)


def data_row(grid, cap: str, slug: str) -> int:
    return next(n for n, (kind, c, s) in enumerate(grid.layout) if kind == "cell" and (c, s) == (cap, slug))


def selected_cell(grid) -> tuple[int, int] | None:
    selected = grid.sheet.get_currently_selected()
    return (selected.row, selected.column) if selected else None


def fit_problems(grid) -> list[str]:
    """What of the grid is not fully in view: a column past the table's visible width, a header, row
    label or value wider than its cell (measured with the grid's own fonts)."""
    sheet = grid.sheet
    table = sheet.MT
    problems = []
    visible = table.winfo_width()
    if table.col_positions[-1] > visible:
        problems.append(f"columns end at {table.col_positions[-1]} px, the table shows {visible} px")
    if sheet.RI.current_width + table.col_positions[-1] > sheet.winfo_width():
        problems.append("labels and columns wider than the sheet")
    if table.canvasx(0) != 0:
        problems.append("scrolled sideways")
    header_font = tkfont.Font(font=sheet.header_font())
    index_font = tkfont.Font(font=sheet.index_font())
    table_font = tkfont.Font(font=sheet.font())
    for column in range(len(grid.spec.columns)):
        width = table.col_positions[column + 1] - table.col_positions[column]
        header = str(sheet.headers()[column])
        lines = header.split("\n")
        if " ".join(lines).split() != grid.spec.columns[column][1].split():
            problems.append(f"header {header!r} is not the column's label")
        if len(lines) * header_font.metrics("linespace") > sheet.CH.current_height:
            problems.append(f"header {header!r} taller than the header row")
        problems += [
            f"header line {line!r} wider than {width}" for line in lines if header_font.measure(line) > width - 4
        ]
        for row in range(len(grid.layout)):
            text = str(sheet.get_cell_data(row, column) or "")
            if table_font.measure(text) > width - 4:
                problems.append(f"value {text!r} wider than {width}")
    for row in range(len(grid.layout)):
        label = str(sheet.get_index_data(row))
        height = table.row_positions[row + 1] - table.row_positions[row]
        lines = label.split("\n")
        if len(lines) * index_font.metrics("linespace") > height:
            problems.append(f"label {label!r} taller than its row ({height} px)")
        wide = [line for line in lines if index_font.measure(line) > sheet.RI.current_width - 4]
        problems += [f"label line {line!r} wider than {sheet.RI.current_width}" for line in wide]
    return problems
