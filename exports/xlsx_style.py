"""Shared pieces of the annex sheets: safe text, number cells, styles, title blocks, print setup."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeGuard

from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from exports.model import AnnexWorkbook, plain_number
from exports.xlsx_grid import GridCell, GridSheet
from exports.xlsx_print import Signature, fit_height, paginate, setup_print, signature_block, wrapped
from exports.xlsx_text import FORMULA_STARTS, display_text, escape_text, put_text, unescape_text, visible_text

__all__ = [
    "FORMULA_STARTS",
    "escape_text",
    "fit_height",
    "put_text",
    "setup_print",
    "unescape_text",
    "visible_text",
]

FONT_NAME = "Times New Roman"
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = '0.00"%"'

_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
GREY = PatternFill("solid", fgColor="E7E6E6")
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def is_number(value: object) -> TypeGuard[int | float | Decimal]:
    """True for int, float and Decimal (not bool)."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def canonical_number(value: object) -> str:
    """The text of a number as the cell map stores it ("" for an empty cell)."""
    if value is None:
        return ""
    number = plain_number(Decimal(str(value)))
    return str(number) if isinstance(number, int) else format(Decimal(str(number)).normalize(), "f")


@dataclass(frozen=True)
class MappedCell:
    """A visible numeric cell and what it stands for, so an import can tell it was edited."""

    sheet: str
    cell: str
    label: str
    column: str
    code: str
    period: str
    unit_code: str
    value: str


@dataclass
class SheetResult:
    """What a sheet builder reports back: values of its formulas, and its mapped numeric cells."""

    cached: dict[str, object] = field(default_factory=dict)
    mapped: list[MappedCell] = field(default_factory=list)

    def map(self, cell: GridCell, label: str, column: str, code: str, period: str, unit_code: str) -> None:
        """Remember a visible numeric cell (its exported value) and the value it stands for."""
        self.mapped.append(
            MappedCell(
                cell.parent.title,
                cell.coordinate,
                display_text(label),
                column,
                code,
                period,
                unit_code,
                canonical_number(cell.value),
            )
        )


@lru_cache(maxsize=64)
def font(size: float = 11, bold: bool = False, italic: bool = False) -> Font:
    """The annex font (Times New Roman, as administrative documents use)."""
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def title_block(ws: GridSheet, widths: Sequence[float], lines: list[tuple[str, Font]]) -> int:
    """Centred title lines across the table width; returns the row where the table header starts."""
    last = get_column_letter(len(widths))
    for row, (text, style) in enumerate(lines, 1):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1)
        put_text(cell, visible_text(text))
        cell.font = style
        cell.alignment = wrapped("center")
        fit_height(ws, row, [(text, sum(widths))], style.size, bool(style.bold))
    return len(lines) + 2


def standard_title(book: AnnexWorkbook, number: str, title: str, extra: str = "") -> list[tuple[str, Font]]:
    """The title lines: "Phụ lục …", the title in upper case, an optional line, the italic report reference."""
    lines = [(f"Phụ lục {number}", font(12, bold=True)), (title.upper(), font(13, bold=True))]
    if extra:
        lines.append((extra, font(12)))
    if book.report_ref:
        lines.append((book.report_ref, font(12, italic=True)))
    return lines


def header_cell(ws: GridSheet, row: int, column: int, text: str, last_row: int = 0, last_col: int = 0) -> None:
    """A bold, bordered, wrapped header cell, merged down to last_row / across to last_col."""
    if last_row > row or last_col > column:
        ws.merge_cells(start_row=row, start_column=column, end_row=max(row, last_row), end_column=max(column, last_col))
    for r in range(row, max(row, last_row) + 1):
        for c in range(column, max(column, last_col) + 1):
            ws.cell(row=r, column=c).border = BORDER
            ws.cell(row=r, column=c).fill = _HEADER_FILL
    cell = ws.cell(row=row, column=column)
    put_text(cell, visible_text(text))
    cell.font = font(bold=True)
    cell.alignment = wrapped("center")


def header_row(ws: GridSheet, row: int, labels: list[str], widths: Sequence[float]) -> None:
    """A one-row table header."""
    for column, label in enumerate(labels, 1):
        header_cell(ws, row, column, label)
    fit_height(ws, row, list(zip(labels, widths, strict=True)), bold=True)


def body(
    cell: GridCell,
    *,
    bold: bool = False,
    italic: bool = False,
    fmt: str = "",
    horizontal: str | None = None,
    indent: int = 0,
) -> None:
    """Style a table cell: thin borders, wrapped, vertically centred.

    Each distinct style's objects are made once and shared by the cells that have it.
    """
    border, style, align, fmt = _body_style(bold, italic, fmt, horizontal, indent)
    cell.border, cell.font, cell.alignment, cell.number_format = border, style, align, fmt


@lru_cache(maxsize=256)
def _body_style(bold: bool, italic: bool, fmt: str, horizontal: str | None, indent: int) -> tuple:
    """The style objects of a table cell, made once (openpyxl hashes each object it is given)."""
    alignment = wrapped(horizontal, indent)
    return BORDER, font(bold=bold, italic=italic), alignment, fmt or "General"


def number_cell(cell: GridCell, value: object, fmt: str, **style: Any) -> None:
    """A value column cell: numbers as numbers with their format, anything else as text."""
    if isinstance(value, date):
        put_text(cell, f"{value.day}/{value.month}/{value.year}")
        body(cell, horizontal="right", **style)
    elif is_number(value) and math.isfinite(value):
        cell.value = plain_number(value)
        body(cell, fmt=format_for(value, fmt), **style)
    else:
        put_text(cell, visible_text(value))
        body(cell, horizontal="right" if len(str(value or "")) <= 16 else "left", **style)


def decimals(value: object) -> int:
    """How many decimals a number has as stored (`301953.3` → 1, `483434.000` → 0), at most 6."""
    if not is_number(value):
        return 0
    exponent = Decimal(repr(value) if isinstance(value, float) else str(value)).normalize().as_tuple().exponent
    return min(6, max(0, -exponent)) if isinstance(exponent, int) else 0


def format_for(value: object, base: str = "") -> str:
    """The number format that prints a value with the decimals it has (`#,##0`, `#,##0.0`); a rate always
    with two (`0.00"%"`, as the report's prose)."""
    if base.endswith('"%"'):
        return PERCENT_FORMAT  # a rate with 2 decimals, as the report prints it (76,40 %)
    places = decimals(value)
    fraction = "." + "0" * places if places else ""
    return f"#,##0{fraction}"


def finish(
    ws: GridSheet,
    header: tuple[int, int],
    freeze: str,
    book: AnnexWorkbook,
    widths: Sequence[float],
    last_row: int,
    keep: set[int] | None = None,
) -> None:
    """Repeat the header rows on every page with the unit's name above them, freeze the panes under them,
    sign, and break the pages.

    `keep` holds rows that must not end a page (section headings).
    """
    ws.print_title_rows = f"{header[0]}:{header[1]}"
    ws.oddHeader.right.text = book.unit_name.replace("&", "&&")  # whose annex, on every printed page
    ws.oddHeader.right.font = "Times New Roman,Italic"
    ws.oddHeader.right.size = 9
    ws.freeze_panes = freeze
    signature = Signature(book.place_date, book.authority_line, book.signer_title, book.signer_name)
    end, together = signature_block(ws, last_row, widths, signature)
    paginate(ws, header, (keep or set()) | together | set(range(1, header[1] + 1)), end, len(widths))


def empty_row(ws: GridSheet, row: int, columns: int, text: str) -> None:
    """One merged italic row standing for an empty table."""
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    for column in range(1, columns + 1):
        body(ws.cell(row=row, column=column), italic=True, horizontal="center")
    put_text(ws.cell(row=row, column=1), text)
    fit_height(ws, row, [(text, 200)])
