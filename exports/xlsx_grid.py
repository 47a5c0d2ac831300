"""A light cell grid for the annex sheets, written straight to the sheet's XML.

openpyxl keeps the workbook: styles, merges, column widths, print setup, protection. The cells, which
are nearly all of an annex, live here as small slotted objects, and their `<sheetData>` is written as
text into the package openpyxl saved (`splice_sheet_data`). openpyxl's own path builds a Cell with a
style record per cell, re-hashes every style object each time one is set, replaces every merged cell
by a fresh object, and serialises cell by cell through an element tree: two thirds of an export's
time. The XML written is the one openpyxl writes (inline strings, `t="n"`, `s` = the cellXfs index
openpyxl gives the same style), plus each formula's result (so viewers that do not recalculate
still show the totals).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from typing import IO, Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

ROWS_PER_WRITE = 2000  # rows of XML joined before they are written into the package
_SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>.*?</sheetData>", re.S)
_DIMENSION = re.compile(r'<dimension ref="[^"]*"\s*/>')
_TYPES = {"s": ' t="inlineStr"', "f": ""}
_OWN = frozenset({"sheet", "rows", "row_dimensions", "merged_rows"})


class GridCell:
    """One cell: its value and type, and the style objects set on it (None: the workbook's default)."""

    __slots__ = (
        "parent",
        "row",
        "column",
        "_value",
        "data_type",
        "quotePrefix",
        "font",
        "fill",
        "border",
        "alignment",
        "number_format",
        "style_id",
    )

    def __init__(self, parent: GridSheet, row: int, column: int) -> None:
        self.parent, self.row, self.column = parent, row, column
        self._value: Any = None
        self.data_type = "n"
        self.quotePrefix = False
        self.font: Any = None
        self.fill: Any = None
        self.border: Any = None
        self.alignment: Any = None
        self.number_format = "General"
        self.style_id = 0  # the cellXfs index, given by StyleIds.register_all before the workbook is saved

    @property
    def value(self) -> Any:
        return self._value

    @value.setter
    def value(self, value: Any) -> None:
        """As openpyxl types a value: a text starting with "=" is a formula, other texts are strings."""
        self._value = value
        if isinstance(value, str):
            self.data_type = "f" if value.startswith("=") and len(value) > 1 else "s"
        else:
            self.data_type = "n"

    @property
    def coordinate(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"


class _Height:
    __slots__ = ("height",)

    def __init__(self) -> None:
        self.height: float | None = None


class _Heights(dict):
    """`row_dimensions[row].height`, as the sheet builders use openpyxl's."""

    def __missing__(self, row: int) -> _Height:
        made = self[row] = _Height()
        return made


class GridSheet:
    """A sheet being built: cells in the grid, everything else on the openpyxl sheet behind it."""

    def __init__(self, sheet: Worksheet) -> None:
        object.__setattr__(self, "sheet", sheet)
        object.__setattr__(self, "rows", {})
        object.__setattr__(self, "row_dimensions", _Heights())
        object.__setattr__(self, "merged_rows", {})

    sheet: Worksheet
    rows: dict[int, dict[int, GridCell]]
    row_dimensions: _Heights
    merged_rows: dict[int, list[CellRange]]  # row → the merged ranges crossing it (every merge is made here)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sheet, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _OWN:
            object.__setattr__(self, name, value)
        else:
            setattr(self.sheet, name, value)

    def cell(self, row: int, column: int) -> GridCell:
        cells = self.rows.get(row)
        if cells is None:
            cells = self.rows[row] = {}
        found = cells.get(column)
        if found is None:
            found = cells[column] = GridCell(self, row, column)
        return found

    @property
    def max_column(self) -> int:
        return max((max(cells) for cells in self.rows.values() if cells), default=1)

    def merge_cells(
        self,
        range_string: str | None = None,
        start_row: int | None = None,
        start_column: int | None = None,
        end_row: int | None = None,
        end_column: int | None = None,
    ) -> None:
        """Merge a range as openpyxl does: the cells after the first become empty, unstyled cells, then
        the range's edges take the first cell's borders."""
        area = CellRange(range_string, min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row)
        # As `merged_cells.add`, which keeps a range inside one already merged out, but looking only at the
        # ranges crossing its first row: openpyxl compares it with every range (a thousand children's
        # headings in PL4 made that quadratic).
        crossing = self.merged_rows.get(area.min_row, ())
        if not any(area <= merged for merged in crossing):
            self.sheet.merged_cells.ranges.add(area)
            for row in range(area.min_row, area.max_row + 1):
                self.merged_rows.setdefault(row, []).append(area)
        first = self.cell(area.min_row, area.min_col)
        for row in range(area.min_row, area.max_row + 1):
            cells = self.rows.setdefault(row, {})
            for column in range(area.min_col, area.max_col + 1):
                if (row, column) != (area.min_row, area.min_col):
                    cells[column] = GridCell(self, row, column)
        if first.border is None:
            return
        edges = {
            "top": [(area.min_row, c) for c in range(area.min_col, area.max_col + 1)],
            "bottom": [(area.max_row, c) for c in range(area.min_col, area.max_col + 1)],
            "left": [(r, area.min_col) for r in range(area.min_row, area.max_row + 1)],
            "right": [(r, area.max_col) for r in range(area.min_row, area.max_row + 1)],
        }
        for name, coordinates in edges.items():
            side = getattr(first.border, name)
            if side is None or side.style is None:
                continue
            for row, column in coordinates:
                cell = self.cell(row, column)
                cell.border = _with_side(cell.border, name, side)

    def dimension(self) -> str:
        """The used range, as openpyxl's `calculate_dimension` gives it."""
        rows = [row for row, cells in self.rows.items() if cells]
        if not rows:
            return "A1:A1"
        columns = [column for cells in self.rows.values() for column in cells]
        return f"{get_column_letter(min(columns))}{min(rows)}:{get_column_letter(max(columns))}{max(rows)}"


@lru_cache(maxsize=256)
def _with_side(border: Border | None, name: str, side: Side) -> Border:
    """A border with one side more (openpyxl's `border + Border(side=…)`), made once per combination."""
    return (border or Border()) + Border(**{name: side})


class StyleIds:
    """The cellXfs index of each combination of style objects, registered in the workbook as openpyxl
    registers a cell's style (so styles.xml, written by openpyxl, holds them). Objects are told apart by
    identity while every cell holding them is alive, then by value through the workbook's tables."""

    def __init__(self, sheet: Worksheet) -> None:
        self._sheet = sheet
        self._known: dict[tuple, int] = {}

    def register_all(self, grids: list[GridSheet]) -> None:
        """Give every cell its style's index, registering each style in the workbook's tables."""
        for grid in grids:
            for cells in grid.rows.values():
                for cell in cells.values():
                    cell.style_id = self.of(cell)

    def of(self, cell: GridCell) -> int:
        key = (
            id(cell.font),
            id(cell.fill),
            id(cell.border),
            id(cell.alignment),
            cell.number_format,
            cell.quotePrefix,
        )
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self._register(cell)
        return found

    def _register(self, cell: GridCell) -> int:
        probe = Cell(self._sheet, row=1, column=1)
        for name in ("font", "fill", "border", "alignment"):
            value = getattr(cell, name)
            if value is not None:
                setattr(probe, name, value)
        probe.number_format = cell.number_format
        probe.quotePrefix = cell.quotePrefix
        return probe.style_id if probe.has_style else 0


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _number(value: object) -> str:
    return f"{value:.16g}"  # openpyxl's safe_string ("%.16g")


def row_xml(grid: GridSheet, row: int, results: dict[str, str | None]) -> str:
    """The `<row>` element of one row: its height, then each cell holding a value or a style; a formula
    with its result from `results` (the `<v>` text, None for a blank text result)."""
    height = grid.row_dimensions[row].height if row in grid.row_dimensions else None
    parts = [f'<row r="{row}" ht="{_number(height)}" customHeight="1">' if height else f'<row r="{row}">']
    cells = grid.rows.get(row) or {}
    for column in sorted(cells):
        cell = cells[column]
        value = cell._value
        style = cell.style_id
        if value is None and not style:
            continue
        ref = f"{get_column_letter(column)}{row}"
        s = f' s="{style}"' if style else ""
        kind = cell.data_type
        if value is None or value == "":
            kind_attribute = _TYPES.get(kind, f' t="{kind}"')
            parts.append(f'<c r="{ref}"{s}{kind_attribute}/>')
        elif kind == "s":
            text = str(value)
            space = ' xml:space="preserve"' if text != text.strip() and text.strip() else ""
            parts.append(f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>')
        elif kind == "f":
            formula = _escape(str(value)[1:])
            if ref not in results:
                parts.append(f'<c r="{ref}"{s}><f>{formula}</f><v></v></c>')
            else:
                shown = results[ref]
                if shown is None:
                    parts.append(f'<c r="{ref}"{s} t="str"><f>{formula}</f><v></v></c>')
                else:
                    parts.append(f'<c r="{ref}"{s}><f>{formula}</f><v>{shown}</v></c>')
        else:
            parts.append(f'<c r="{ref}"{s} t="{kind}"><v>{_number(value)}</v></c>')
    parts.append("</row>")
    return "".join(parts)


def sheet_rows(grid: GridSheet, results: dict[str, str | None]) -> Iterator[str]:
    """The `<sheetData>` element, in pieces of ROWS_PER_WRITE rows."""
    yield "<sheetData>"
    numbers = sorted(set(grid.rows) | {row for row, dim in grid.row_dimensions.items() if dim.height})
    for start in range(0, len(numbers), ROWS_PER_WRITE):
        yield "".join(row_xml(grid, row, results) for row in numbers[start : start + ROWS_PER_WRITE])
    yield "</sheetData>"


def splice_sheet_data(xml: str, grid: GridSheet, results: dict[str, str | None], out: IO[bytes]) -> None:
    """Write the sheet XML openpyxl made for the cell-less sheet, with the grid's rows and used range."""
    xml = _DIMENSION.sub(f'<dimension ref="{grid.dimension()}"/>', xml, count=1)
    found = _SHEET_DATA.search(xml)
    if found is None:
        raise ValueError("sheet XML without sheetData")
    out.write(xml[: found.start()].encode("utf-8"))
    for piece in sheet_rows(grid, results):
        out.write(piece.encode("utf-8"))
    out.write(xml[found.end() :].encode("utf-8"))


def sheet_member(name: str) -> int:
    """The sheet number of a package member `xl/worksheets/sheetN.xml`, 0 for any other member."""
    found = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", name)
    return int(found.group(1)) if found else 0


def copy_member(source: zipfile.ZipFile, info: zipfile.ZipInfo, archive: zipfile.ZipFile, chunk: int) -> None:
    """One member copied as it is, recompressed, a chunk at a time."""
    with source.open(info) as reading:
        info.compress_type = zipfile.ZIP_DEFLATED  # once the member is open for reading as it was stored
        with archive.open(info, "w") as writing:
            while block := reading.read(chunk):
                writing.write(block)


def save_grids(
    workbook: Workbook, grids: list[GridSheet], results: list[dict[str, str | None]], path, chunk: int
) -> None:
    """Save `workbook` at `path` (a file or a binary stream) with each sheet's cells from its grid (grids in
    the order of the sheets; `results`: each sheet's formula results, as row_xml takes them).

    openpyxl saves the workbook without its cells into memory, uncompressed (small); each member is
    then compressed into `path` once, a sheet's cells spliced in as they are written (a sheet of many
    thousand rows is never held as XML)."""
    StyleIds(grids[0].sheet).register_all(grids)  # before openpyxl writes styles.xml
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_STORED) as stored:
        ExcelWriter(workbook, stored).save()
    with zipfile.ZipFile(packed) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            index = sheet_member(info.filename)
            if not index:
                copy_member(source, info, archive, chunk)
                continue
            xml = source.read(info).decode("utf-8")  # a sheet without its cells: small
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as writing:
                splice_sheet_data(xml, grids[index - 1], results[index - 1], writing)
