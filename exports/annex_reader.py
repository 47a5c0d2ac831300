"""Read an annex workbook back: the `_cchc` data, its checksum, and the numbers now in the visible sheets."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.checksum import checksum
from exports.errors import ExportError
from exports.xlsx_annex import CELLS_HEADER, FORMAT, FORMAT_VERSION, SHEET_DATA, VALUES_HEADER
from exports.xlsx_style import unescape_text

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_MEMBERS = 2000
LABEL_COLUMN = "B"

Number = Decimal | str | None


@dataclass(frozen=True)
class VisibleCell:
    """A numeric cell of a visible sheet: what was exported there and what it holds now."""

    sheet: str
    cell: str  # address at export
    label: str  # the row's label at export
    column: str  # PL1: value / last_year / year_to_date; PL2: column code; PL3: column key
    code: str  # the value's code when the exporting app knew it, else ""
    period: str
    unit_code: str
    exported: Decimal | None
    current: Number  # a number, None for an empty cell, text if someone typed text
    read_from: str  # address read now: differs from cell when rows were inserted above it

    @property
    def ref(self) -> str:
        """The address at export, e.g. "PL2 Hồ sơ TTHC!C9"."""
        return f"{self.sheet}!{self.cell}"

    @property
    def changed(self) -> bool:
        """True when the visible cell no longer holds the exported number."""
        return self.current != self.exported


@dataclass
class AnnexContent:
    """What an annex file holds."""

    header: dict[str, str]
    values: list[tuple[str, str, str, str]]
    visible: dict[str, Number]  # VisibleCell.ref → what the cell holds now
    cells: list[VisibleCell]
    checksum_ok: bool

    @property
    def changed(self) -> list[VisibleCell]:
        """Visible numbers edited after export."""
        return [cell for cell in self.cells if cell.changed]


def read_annex(path: str | os.PathLike) -> AnnexContent:
    """Read an annex written by write_annex_xlsx; a file that is not one raises ExportError in Vietnamese."""
    path = Path(path)
    name = path.name
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ExportError(f"Không mở được tệp {name}: {exc.strerror or exc}.") from None
    with handle:
        _check_archive(handle, name)
        handle.seek(0)
        try:
            workbook = load_workbook(handle, read_only=False, data_only=False)
        except Exception:
            raise ExportError(
                f"Không đọc được tệp {name}: tệp Excel bị hỏng hoặc không đúng định dạng .xlsx."
            ) from None
    if SHEET_DATA not in workbook.sheetnames:
        raise ExportError(
            f"Tệp {name} không có trang dữ liệu “{SHEET_DATA}”: đây không phải là tệp phụ lục do phần mềm CCHC "
            "xuất ra, hoặc trang dữ liệu đã bị xóa. Hãy đề nghị đơn vị gửi lại tệp phụ lục gốc."
        )
    header, values, mapped = _data(workbook[SHEET_DATA])
    if header.get("format") != FORMAT:
        raise ExportError(f"Tệp {name} không phải là tệp phụ lục của phần mềm CCHC.")
    if header.get("format_version") != FORMAT_VERSION:
        raise ExportError(
            f"Tệp {name} được tạo theo định dạng phụ lục phiên bản {header.get('format_version') or '?'}, "
            "phần mềm này chưa đọc được; hãy cập nhật phần mềm rồi nhập lại."
        )
    cells = [_visible(workbook, row) for row in mapped]
    ok = header.get("checksum") == checksum(values) and header.get("value_count") == str(len(values))
    return AnnexContent(header, values, {cell.ref: cell.current for cell in cells}, cells, ok)


def _check_archive(handle, name: str) -> None:
    if not zipfile.is_zipfile(handle):
        raise ExportError(f"Tệp {name} không phải là tệp Excel (.xlsx); hãy chọn tệp phụ lục do phần mềm CCHC xuất ra.")
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ExportError(f"Tệp {name} bị hỏng, không mở được như một tệp Excel (.xlsx).") from None
    if len(members) > MAX_MEMBERS:
        raise ExportError(
            f"Tệp {name} có quá nhiều thành phần ({format(len(members), ',').replace(',', '.')}). "
            "Đây không phải là tệp phụ lục CCHC; phần mềm không mở tệp này."
        )
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED:
        raise ExportError(
            f"Tệp {name} khi giải nén lớn hơn 50 MB. Đây không phải là tệp phụ lục CCHC (tệp phụ lục chỉ vài "
            "trăm KB); phần mềm không mở tệp này."
        )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_text(str(value))


def _data(ws: Worksheet) -> tuple[dict[str, str], list[tuple[str, str, str, str]], list[tuple[str, ...]]]:
    header: dict[str, str] = {}
    values: list[tuple[str, str, str, str]] = []
    mapped: list[tuple[str, ...]] = []
    section = "header"
    for raw in ws.iter_rows(values_only=True):
        row = [_text(value) for value in raw]
        if not any(row):
            section = "" if section == "header" else section
            continue
        if tuple(row[: len(VALUES_HEADER)]) == VALUES_HEADER:
            section = "values"
        elif tuple(row[: len(CELLS_HEADER)]) == CELLS_HEADER:
            section = "cells"
        elif section == "header":
            header[row[0]] = "".join(row[1:])
        elif section == "values":
            row += [""] * (4 - len(row))
            values.append((row[0], row[1], row[2], "".join(row[3:])))
        elif section == "cells":
            row += [""] * (len(CELLS_HEADER) - len(row))
            mapped.append((*row[: len(CELLS_HEADER) - 1], "".join(row[len(CELLS_HEADER) - 1 :])))
    return header, values, mapped


def _number(value: object) -> Number:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            return Decimal(repr(value) if isinstance(value, float) else str(value))
        except InvalidOperation:
            return str(value)
    return _text(value)


def _visible(workbook, mapped: tuple[str, ...]) -> VisibleCell:
    sheet, cell, label, column, code, period, unit_code, exported = mapped
    read_from, current = cell, None
    if sheet in workbook.sheetnames:
        ws = workbook[sheet]
        read_from = _locate(ws, cell, label)
        current = _number(ws[read_from].value)
    try:
        before = Decimal(exported) if exported else None
    except InvalidOperation:
        before = None
    return VisibleCell(sheet, cell, label, column, code, period, unit_code, before, current, read_from)


def _locate(ws: Worksheet, cell: str, label: str) -> str:
    """The cell's address now: the same, or moved down/up with its row when rows were inserted or deleted."""
    column = cell.rstrip("0123456789")
    row = int(cell[len(column) :])
    if not label or _text(ws[f"{LABEL_COLUMN}{row}"].value) == label:
        return cell
    matches = [c.row for c in ws[LABEL_COLUMN] if _text(c.value) == label]
    return f"{column}{matches[0]}" if len(matches) == 1 else cell
