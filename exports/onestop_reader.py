"""Read the one-stop system's export of Biểu II.06a "Tình hình, kết quả giải quyết TTHC" (an .xlsx from each
province's hệ thống thông tin giải quyết TTHC): its title lines, and each row's figures by the form's column
numbers, the total row told apart. What the figures mean and where they go is the app's business.

An untrusted file: opened through exports.xlsx_guard (archive checks before unpacking, sheets streamed within
bounds, no DTD or entity), so a hostile file is refused in bounded time and memory as an annex is.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from exports.errors import ExportError
from exports.onestop_header import TOTALS, VALUE_COLUMNS, Layout, Row, find_layout, fold
from exports.xlsx_guard import (
    OLE_MAGIC,
    Bounds,
    OutOfBounds,
    Unreadable,
    check_archive,
    column_letters,
    read_guarded,
    shared_strings,
    stream_rows,
    workbook_sheets,
)

log = logging.getLogger(__name__)
MAX_ROWS = 5000  # a province's fields or units, with room: a sheet past it is not a II.06a export
MAX_COLUMNS = 60
ROMAN = re.compile(r"^(i|ii|iii|iv|v|vi|vii|viii|ix|x|a|b|c|d)$")
OLE_HINT = (
    "là tệp Excel cũ (.xls) hoặc tệp đặt mật khẩu mở. Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) kiểu "
    "Sổ làm việc Excel (.xlsx), không đặt mật khẩu, rồi chọn lại tệp .xlsx đó."
)
TOTAL_WORDS = ("tong cong", "tong so", "tong", "cong", "toan tinh", "toan huyen")


@dataclass(frozen=True)
class SheetRow:
    """A row of the table: a field or unit ("item"), the total ("total") or a group's subtotal ("group")."""

    number: int  # the sheet's row number
    stt: str
    label: str
    values: dict[int, int | None]  # form column (3 … 13) → its figure; None: the cell is empty
    kind: str = "item"


@dataclass
class OneStopSheet:
    name: str  # the file's name, as messages say it
    sheet: str
    title: list[str]  # the lines above the table: "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC", "Quý III năm 2023"…
    layout: Layout
    rows: list[SheetRow]
    problems: list[str] = field(default_factory=list)  # text in a number cell…: the file is refused

    @property
    def total(self) -> SheetRow | None:
        return next((row for row in self.rows if row.kind == "total"), None)

    @property
    def items(self) -> list[SheetRow]:
        return [row for row in self.rows if row.kind == "item"]

    def cell(self, row: SheetRow, number: int) -> str:
        """The sheet's address of a form column's figure in a row: "E12"."""
        return f"{column_letters(self.layout.columns[number])}{row.number}"


def read_onestop(path: str | os.PathLike) -> OneStopSheet:
    """The table of a one-stop export; a file that is not one is refused with ExportError in Vietnamese."""
    path = Path(path)
    name = path.name
    return read_guarded(path, name, lambda handle: _read(handle, name))


def _read(handle, name: str) -> OneStopSheet:
    if handle.read(8) == OLE_MAGIC:
        raise ExportError(f"Tệp {name} {OLE_HINT}")
    handle.seek(0)
    with check_archive(handle, name) as archive:
        sheets = [info for info in workbook_sheets(archive, name).values() if info.state == "visible"]
        strings = shared_strings(archive, name)
        for info in sheets:
            rows = _rows(archive, info.path, strings, name, info.title)
            layout = find_layout(rows)
            if layout is not None:
                return _table(name, info.title, rows, layout)
    raise ExportError(
        f"Không tìm thấy bảng Biểu II.06a trong tệp {name}: không có dòng tiêu đề với các cột “Số hồ sơ tiếp "
        "nhận”, “Số hồ sơ đã giải quyết”, “Số hồ sơ đang giải quyết” (hoặc dòng đánh số (1) … (13)). Hãy xuất "
        "lại báo cáo “Tình hình, kết quả giải quyết TTHC” từ Hệ thống Một cửa."
    )


def _rows(archive, part: str, strings: list[str], name: str, title: str) -> list[Row]:
    bounds = Bounds(MAX_ROWS, MAX_COLUMNS)
    try:
        return list(stream_rows(archive, part, strings, bounds, cached=True))
    except OutOfBounds as exc:
        where = f"ô {column_letters(exc.column)}{exc.row}"
        raise ExportError(
            f"Tệp {name}, trang “{title}”: {where} nằm ngoài vùng một biểu II.06a có thể dùng ({MAX_ROWS} dòng, "
            f"{MAX_COLUMNS} cột). Đây không phải là biểu xuất từ Hệ thống Một cửa; phần mềm không đọc tiếp."
        ) from None
    except Unreadable as exc:
        log.warning("one-stop export %s: %s unreadable: %r", name, exc.part, exc.__cause__)
        raise ExportError(f"Tệp {name} bị hỏng: không đọc được trang “{title}”.") from None


def _table(name: str, sheet: str, rows: list[Row], layout: Layout) -> OneStopSheet:
    title = [
        " ".join(" ".join(str(value) for value in cells.values()).split())
        for number, cells in rows
        if number < layout.header_first
    ]
    table = OneStopSheet(name, sheet, [line for line in title if line], layout, [])
    missing = [number for number in VALUE_COLUMNS if number not in layout.columns and number not in TOTALS]
    if missing:
        columns = ", ".join(f"({number})" for number in missing)
        raise ExportError(
            f"Tệp {name}: bảng Biểu II.06a thiếu cột {columns} (tìm theo tên cột). Hãy xuất đủ các cột của biểu từ "
            "Hệ thống Một cửa."
        )
    for number, cells in rows:
        if number <= layout.header_last:
            continue
        row = _row(table, number, cells)
        if row is not None:
            table.rows.append(row)
    return table


def _row(table: OneStopSheet, number: int, cells: dict[int, object]) -> SheetRow | None:
    layout = table.layout
    label = " ".join(str(cells.get(layout.label_column, "")).split())
    stt = " ".join(str(cells.get(layout.stt_column, "")).split()) if layout.stt_column else ""
    raw = {column_number: cells.get(column) for column_number, column in layout.columns.items()}
    if not any(_is_number(value) for value in raw.values()):
        return None  # a heading, a blank line, the signature's lines: no figure (their words are not figures)
    values = {
        column_number: _figure(table, value, f"{column_letters(layout.columns[column_number])}{number}")
        for column_number, value in raw.items()
    }
    words = fold(label or stt)
    if any(words == word or words.startswith(word + " ") for word in TOTAL_WORDS):
        kind = "total"
    elif ROMAN.match(fold(stt)) or words.startswith("cap "):
        kind = "group"
    else:
        kind = "item"
    return SheetRow(number, stt, label, values, kind)


def _digits(text: str) -> str:
    """A count as written in a text cell, its thousands marks ("1.138", "1,138", "1 138") taken out."""
    return text.strip().replace(".", "").replace(",", "").replace(" ", "")


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and _digits(value).isdigit()


def _figure(table: OneStopSheet, value: object, cell: str) -> int | None:
    """A cell's count of dossiers; text, a fraction or a negative number is noted as a problem."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if value < 0 or value != int(value):
            table.problems.append(f"ô {cell}: {value} không phải là số hồ sơ (số nguyên không âm).")
            return None
        return int(value)
    text = str(value).strip()
    if text in ("", "-", "–", "—"):
        return None
    if text.startswith("="):
        return None  # a formula the file never calculated: no figure
    digits = _digits(text)
    if digits.isdigit():
        return int(digits)
    table.problems.append(f"ô {cell}: “{text[:40]}” không phải là số.")
    return None
