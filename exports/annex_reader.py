"""Read an annex workbook back: the `_cchc` data, its checksum, and the numbers now in the visible sheets."""

from __future__ import annotations

import logging
import os
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from exports.annex_format import (
    CELLS_HEADER,
    EXPLANATIONS_HEADER,
    FORMAT,
    FORMAT_VERSION,
    SHEET_DATA,
    SIGNATURE_HEADER,
    VALUES_HEADER,
)
from exports.checksum import checksum, header_checksum
from exports.errors import ExportError
from exports.xlsx_guard import (
    Bounds,
    OutOfBounds,
    Unreadable,
    check_archive,
    column_index,
    column_letters,
    read_guarded,
    shared_strings,
    stream_rows,
    workbook_sheets,
)
from exports.xlsx_text import unescape_text
from forms.safe_text import quoted

log = logging.getLogger(__name__)

LABEL_INDEX = 2  # column B holds each row's label
DATA_MAX_ROWS = 500_000  # before the header says how many rows follow
DATA_MAX_COLUMNS = 72  # 8 columns, then a long text goes on 32,000 characters a cell (about 2 MB)
DATA_ROW_MARGIN = 20
VISIBLE_ROW_MARGIN = 1000  # rows a person may insert above or below the mapped cells
VISIBLE_COLUMN_MARGIN = 26
VISIBLE_MAX_ROWS = 50_000  # a national PL2 has one row per commune (3,321) with subtotals
VISIBLE_MAX_COLUMNS = 100

Number = Decimal | str | None
DATA_WORDS = "trang dữ liệu ẩn"  # the `_cchc` sheet as a clerk is told of it: never by its internal name
_ANNEX_SHEET = re.compile(r"^PL\d+ ")


def sheet_words(sheet: str) -> str:
    """A sheet as a message names it: `biểu Hồ sơ TTHC` for `PL2 Hồ sơ TTHC`, the hidden data sheet by
    what it is, any other sheet by its name in quotes."""
    if sheet == SHEET_DATA:
        return DATA_WORDS
    if _ANNEX_SHEET.match(sheet):
        return f"biểu {_ANNEX_SHEET.sub('', sheet)}"
    return f"trang “{quoted(sheet, 40)}”"


def cell_words(sheet: str, cell: str) -> str:
    """`ô C10 của biểu Hồ sơ TTHC`: a cell as a clerk finds it in Excel (never `PL2 Hồ sơ TTHC!C10`)."""
    return f"ô {quoted(cell, 20)} của {sheet_words(sheet)}"


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
    def place(self) -> str:
        """The address at export as a message says it: `ô C9 của biểu Hồ sơ TTHC`."""
        return cell_words(self.sheet, self.cell)

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
    explanations: list[tuple[str, str, str, str]] = field(default_factory=list)  # (rule, period, unit, text)
    checksum_problems: list[str] = field(default_factory=list)  # what did not match, for the log (English)
    signature: tuple[str, str] | None = None  # (kind, base64 of the CMS) when the unit signed the annex

    @property
    def changed(self) -> list[VisibleCell]:
        """Visible numbers edited after export."""
        return [cell for cell in self.cells if cell.changed]


def read_annex(path: str | os.PathLike) -> AnnexContent:
    """Read an annex written by write_annex_xlsx; a file that is not one raises ExportError in Vietnamese.

    Hostile or broken files are refused before unpacking (see exports.xlsx_guard) or at the first cell
    outside the bounds an exported annex can reach, in bounded time and memory. A bug of the reader itself
    is not the file's fault: its traceback goes to the log and the ProgramError says so (not “bị hỏng”).
    """
    path = Path(path)
    name = file_name(path)
    return read_guarded(path, name, lambda handle: _read(handle, name))


def _read(handle, name: str) -> AnnexContent:
    with check_archive(handle, name) as archive:
        sheets = workbook_sheets(archive, name)
        if SHEET_DATA not in sheets:
            log.warning("annex %s has no %s sheet; sheets: %s", name, SHEET_DATA, list(sheets)[:20])
            raise ExportError(
                f"Tệp {name} không phải là tệp phụ lục do CCHC Desktop xuất: không có {DATA_WORDS} chứa số liệu "
                "(tệp của chương trình khác, hoặc trang dữ liệu đã bị xóa). Hãy đề nghị đơn vị gửi lại tệp phụ lục gốc."
            )
        strings = shared_strings(archive, name)
        header, values, mapped, explanations, signature = _data(archive, sheets[SHEET_DATA].path, strings, name)
        cells = _visible_cells(archive, sheets, strings, mapped, name)
    problems = checksum_problems(header, values, explanations)
    return AnnexContent(
        header,
        values,
        {cell.ref: cell.current for cell in cells},
        cells,
        not problems,
        explanations,
        problems,
        signature,
    )


def checksum_problems(header: dict[str, str], values: list, explanations: list) -> list[str]:
    """Which of the file's check codes do not match what it holds (for the log, in English): the values'
    SHA-256 and count, the header's SHA-256 (files of earlier releases have none), the giải trình's."""
    problems = []
    found = checksum(values)
    if header.get("checksum") != found:
        problems.append(f"values SHA-256 {header.get('checksum')!r} != computed {found}")
    if header.get("value_count") != str(len(values)):
        problems.append(f"value_count {header.get('value_count')!r} != {len(values)} rows")
    signed = header.get("header_checksum")
    if signed is not None and signed != header_checksum(header):
        problems.append(f"header SHA-256 {signed!r} != computed {header_checksum(header)}")
    noted = header.get("explanations_checksum")
    if noted is None and explanations:
        problems.append(f"{len(explanations)} explanations without explanations_checksum")
    elif noted is not None and checksum(explanations) != noted:
        problems.append(f"explanations SHA-256 {noted!r} != computed {checksum(explanations)}")
    return problems


def file_name(path: Path) -> str:
    """A file's name as a message quotes it (a name may hold control characters too)."""
    return quoted(path.name, 120)


def _check_format(header: dict[str, str], name: str) -> None:
    if header.get("format") != FORMAT:
        log.warning("annex %s: format %r is not %r", name, header.get("format"), FORMAT)
        raise ExportError(
            f"Tệp {name} không phải là tệp phụ lục do CCHC Desktop xuất ({DATA_WORDS} không mang dấu định dạng "
            "phụ lục)."
        )
    if header.get("format_version") != FORMAT_VERSION:
        raise ExportError(
            f"Tệp {name} được tạo theo định dạng phụ lục phiên bản {quoted(header.get('format_version') or '?', 20)}, "
            "phần mềm này chưa đọc được; hãy cập nhật phần mềm rồi nhập lại."
        )


def _out_of_bounds(name: str, sheet: str, bounds: Bounds, error: OutOfBounds) -> ExportError:
    where = f"khai báo vùng dữ liệu đến ô {error.ref}" if error.declared else f"có dữ liệu ở ô {error.ref}"
    limit = f"{format(bounds.rows, ',').replace(',', '.')} dòng, {bounds.columns} cột"
    log.warning(
        "annex %s: sheet %r %s %s, beyond %s", name, sheet, "declares" if error.declared else "has", error.ref, bounds
    )
    return ExportError(
        f"Tệp {name}: {sheet_words(sheet)} {where}, vượt xa vùng của một phụ lục (tối đa {limit}). Trang "
        "này đã bị sửa hoặc tệp bị làm giả; phần mềm không đọc tiếp. Hãy đề nghị đơn vị gửi lại tệp phụ lục gốc."
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_text(str(value))


def _data(
    archive: zipfile.ZipFile, part: str, strings: list[str], name: str
) -> tuple[
    dict[str, str],
    list[tuple[str, str, str, str]],
    list[tuple[str, ...]],
    list[tuple[str, str, str, str]],
    tuple[str, str] | None,
]:
    header: dict[str, str] = {}
    signature: tuple[str, str] | None = None
    values: list[tuple[str, str, str, str]] = []
    mapped: list[tuple[str, ...]] = []
    explanations: list[tuple[str, str, str, str]] = []
    section = "header"
    bounds = Bounds(DATA_MAX_ROWS, DATA_MAX_COLUMNS)
    previous = 0

    def header_done(blank_row: int) -> None:
        _check_format(header, name)
        counts = [count for key in ("value_count", "cell_count") if (count := _count(header.get(key))) is not None]
        noted = _count(header.get("explanation_count", "0"))
        if len(counts) == 2 and noted is not None:  # header, blank, values (with its header), blank,
            # cells (with its header), blank, explanations (with its header)
            bounds.rows = min(bounds.rows, blank_row + 5 + sum(counts) + noted + DATA_ROW_MARGIN)
        if bounds.declared and bounds.declared[0] > bounds.rows:
            raise OutOfBounds(bounds.declared[0], bounds.declared[1], True)

    try:
        for number, found in stream_rows(archive, part, strings, bounds):
            if number > previous + 1 and section == "header":
                section = ""
                header_done(previous + 1)
            previous = number
            row = [_text(found.get(column)) for column in range(1, max(found) + 1)]
            if not any(row):
                if section == "header":
                    section = ""
                    header_done(number)
                continue
            if tuple(row[: len(VALUES_HEADER)]) == VALUES_HEADER:
                section = "values"
            elif tuple(row[: len(CELLS_HEADER)]) == CELLS_HEADER:
                section = "cells"
            elif tuple(row[: len(EXPLANATIONS_HEADER)]) == EXPLANATIONS_HEADER:
                section = "explanations"
            elif tuple(row[: len(SIGNATURE_HEADER)]) == SIGNATURE_HEADER:
                section = "signature"
            elif section == "signature":
                signature = (row[0], "".join(row[1:]))
            elif section == "header":
                header[row[0]] = "".join(row[1:])
            elif section == "values":
                row += [""] * (4 - len(row))
                values.append((row[0], row[1], row[2], "".join(row[3:])))
            elif section == "cells":
                row += [""] * (len(CELLS_HEADER) - len(row))
                mapped.append((*row[: len(CELLS_HEADER) - 1], "".join(row[len(CELLS_HEADER) - 1 :])))
            elif section == "explanations":
                row += [""] * (4 - len(row))
                explanations.append((row[0], row[1], row[2], "".join(row[3:])))
    except OutOfBounds as error:
        raise _out_of_bounds(name, SHEET_DATA, bounds, error) from None
    except Unreadable as exc:
        log.warning("annex %s: sheet %s unreadable: %r", name, SHEET_DATA, exc.__cause__)
        raise ExportError(f"Tệp {name} bị hỏng: không đọc được {DATA_WORDS}.") from None
    _check_format(header, name)
    return header, values, mapped, explanations, signature


def _count(text: str | None) -> int | None:
    try:
        count = int(text or "")
    except ValueError:
        return None
    return count if 0 <= count <= DATA_MAX_ROWS else None


def _number(value: object) -> Number:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            number = Decimal(repr(value) if isinstance(value, float) else str(value))
        except InvalidOperation:
            return str(value)
        return number if number.is_finite() else str(value)  # `inf`, `nan` in a cell: text, not a number
    return _text(value)


@dataclass
class _Grid:
    """A visible sheet read once: (row, column) → value of the mapped columns, and the rows of each label."""

    values: dict[tuple[int, int], object]
    labels: dict[str, list[int]]


def _visible_cells(
    archive: zipfile.ZipFile, sheets: dict, strings: list[str], mapped: list[tuple[str, ...]], name: str
) -> list[VisibleCell]:
    """Every mapped cell with what its sheet holds now: one bounded pass per sheet, then O(1) look-ups."""
    wanted: dict[str, list[tuple[int, int]]] = {}
    for row in mapped:
        place = _address(row[1])
        if place and (place[0] > VISIBLE_MAX_ROWS or place[1] > VISIBLE_MAX_COLUMNS):
            log.warning("annex %s: the cell map points at %r!%r", name, row[0], row[1])
            raise ExportError(
                f"Tệp {name}: bảng vị trí ô trong {DATA_WORDS} chỉ tới {cell_words(row[0], row[1])}, ngoài mọi "
                "vùng một phụ lục có thể dùng. Trang dữ liệu đã bị sửa; phần mềm không đọc tiếp. "
                "Hãy đề nghị đơn vị gửi lại tệp phụ lục gốc."
            )
        if place and row[0] in sheets:
            wanted.setdefault(row[0], []).append(place)
    grids = {
        sheet: _grid(archive, sheets[sheet].path, strings, places, sheet, name) for sheet, places in wanted.items()
    }
    return [_visible(grids.get(row[0]), row) for row in mapped]


def _address(cell: str) -> tuple[int, int] | None:
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    if not letters.isalpha() or not letters.isascii() or not digits.isdigit() or len(letters) > 3:
        return None
    return int(digits), column_index(letters)


def _grid(
    archive: zipfile.ZipFile, part: str, strings: list[str], places: list[tuple[int, int]], sheet: str, name: str
) -> _Grid:
    bounds = Bounds(
        max(row for row, _ in places) + VISIBLE_ROW_MARGIN,
        max(max(column for _, column in places), LABEL_INDEX) + VISIBLE_COLUMN_MARGIN,
    )
    columns = {column for _, column in places} | {LABEL_INDEX}
    values: dict[tuple[int, int], object] = {}
    labels: dict[str, list[int]] = {}
    try:
        for number, found in stream_rows(archive, part, strings, bounds):
            for column, value in found.items():
                if column in columns:
                    values[number, column] = value
            if LABEL_INDEX in found:
                labels.setdefault(_text(found[LABEL_INDEX]), []).append(number)
    except OutOfBounds as error:
        raise _out_of_bounds(name, sheet, bounds, error) from None
    except Unreadable as exc:
        log.warning("annex %s: sheet %r unreadable: %r", name, sheet, exc.__cause__)
        raise ExportError(f"Tệp {name} bị hỏng: không đọc được {sheet_words(sheet)}.") from None
    return _Grid(values, labels)


def _visible(grid: _Grid | None, mapped: tuple[str, ...]) -> VisibleCell:
    sheet, cell, label, column, code, period, unit_code, exported = mapped
    read_from, current = cell, None
    place = _address(cell)
    if grid is not None and place:
        row = _locate(grid, place[0], label)
        read_from = f"{column_letters(place[1])}{row}"
        current = _number(grid.values.get((row, place[1])))
    try:
        before = Decimal(exported) if exported else None
    except InvalidOperation:
        before = None
    return VisibleCell(sheet, cell, label, column, code, period, unit_code, before, current, read_from)


def _locate(grid: _Grid, row: int, label: str) -> int:
    """The cell's row now: the same, or moved down/up with its row when rows were inserted or deleted."""
    if not label or _text(grid.values.get((row, LABEL_INDEX))) == label:
        return row
    matches = grid.labels.get(label, [])
    return matches[0] if len(matches) == 1 else row
