"""Where Tab, Shift+Tab and Enter go in a table grid: only ever to a cell the clerk may type in.

A grid's rows are data rows (typed) and total rows (computed: “Cộng cấp xã”, “Tổng cộng”); every
column of a data row is typed. Tab runs along the row, then to the first column of the next data
row; Enter goes down the column to the next data row. Past the last typed cell there is no cell:
the caller leaves the grid (None), never lands on a total row.
"""

from __future__ import annotations

Cell = tuple[int, int]

READ_ONLY_NOTE = (
    "Ô này do chương trình tự tính (cộng các dòng trên), không nhập được: hãy chọn một ô của dòng lĩnh vực."
)
LOCKED_NOTE = "Kỳ này chỉ xem, không nhập được số liệu vào bảng."
NO_CELL_NOTE = "Chưa chọn ô nào: hãy bấm chuột vào một ô của dòng lĩnh vực rồi gõ số."
NO_ROW_NOTE = "Bảng chưa có dòng để nhập: hãy chọn cấp và lĩnh vực ở “Thêm dòng” rồi bấm Thêm."


def editable_rows(kinds: list[str], editable: bool = True) -> list[bool]:
    """For each row kind ("cell", "subtotal", "total"): may the clerk type in it?"""
    return [editable and kind == "cell" for kind in kinds]


def next_cell(rows: list[bool], columns: int, cell: Cell, key: str) -> Cell | None:
    """The cell after `cell` for `key` ("Tab", "Shift-Tab", "Return"); None past the last typed cell."""
    row, column = cell
    if key == "Return":
        return next(((r, column) for r in range(row + 1, len(rows)) if rows[r]), None)
    if key == "Tab":
        if 0 <= row < len(rows) and rows[row] and column + 1 < columns:
            return row, column + 1
        return next(((r, 0) for r in range(row + 1, len(rows)) if rows[r]), None)
    if key == "Shift-Tab":
        if 0 <= row < len(rows) and rows[row] and column > 0:
            return row, column - 1
        return next(((r, columns - 1) for r in range(min(row, len(rows)) - 1, -1, -1) if rows[r]), None)
    raise ValueError(f"unknown key {key!r}")


def first_cell(rows: list[bool]) -> Cell | None:
    """The first typed cell of the grid (where the keyboard enters it), None when it has none."""
    return next(((r, 0) for r, ok in enumerate(rows) if ok), None)


def refusal(rows: list[bool], row: int | None, editable: bool) -> str:
    """Why a key typed on `row` cannot go in: said under the grid instead of swallowing the key."""
    if not editable:
        return LOCKED_NOTE
    if not any(rows):
        return NO_ROW_NOTE
    if row is None:
        return NO_CELL_NOTE
    if not (0 <= row < len(rows)) or not rows[row]:
        return READ_ONLY_NOTE
    return ""
