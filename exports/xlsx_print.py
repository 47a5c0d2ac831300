"""How an annex sheet prints: text widths and row heights, the A4 scale, page breaks, the signature block.

Excel ignores manual page breaks on a sheet set to "fit to page", so each sheet gets an explicit
scale that makes its table one page wide, every row an explicit height, and row breaks computed
from those heights so that no section heading ends a page and the signature block stays with the
end of the table.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break, RowBreak

from exports.xlsx_grid import GridSheet
from exports.xlsx_text import put_text, visible_text

A4 = (595.28, 841.89)  # points, portrait
PIXELS_PER_WIDTH = 7  # Excel column width unit: the width of "0" in the default font (Calibri 11), in pixels
POINTS_PER_PIXEL = 0.75
CELL_PADDING = 6  # pixels left and right of a wrapped text
# LibreOffice measures a column unit by the default font's "0" unrounded (Carlito 11: 7.43 px, Excel rounds
# Calibri's to 7): its columns are 6 % wider, and the last one spilled onto pages of its own. Keep 8 %.
WIDTH_SAFETY = 0.92
SAFETY = 0.96  # keep a little room: printers and Excel versions round heights differently
SIGNATURE_GAP = 4  # empty rows left for the signature

_NARROW = {"i": 0.28, "j": 0.28, "l": 0.28, "t": 0.28, "f": 0.33, "r": 0.33, "s": 0.39, "m": 0.78, "w": 0.72}
_UPPER = {"I": 0.33, "J": 0.39, "M": 0.89, "W": 0.94, "E": 0.61, "F": 0.56, "L": 0.61, "P": 0.56, "S": 0.56}
_PUNCT = {" ": 0.25, ",": 0.25, ".": 0.25, ";": 0.28, ":": 0.28, "(": 0.33, ")": 0.33, "-": 0.33, "/": 0.28}


def em_width(text: str, bold: bool = False) -> float:
    """The width of text in Times New Roman, in ems (an estimate good to a few per cent for Vietnamese)."""
    total = 0.0
    for char in unicodedata.normalize("NFC", text):
        total += _char_width(char)
    return total * (1.06 if bold else 1.0) * 1.04  # rounded up: a line too many beats a clipped one


@lru_cache(maxsize=4096)
def _char_width(char: str) -> float:
    """One character's width in ems, by its base letter (an annex has a few hundred distinct ones)."""
    base = unicodedata.normalize("NFD", char)[:1] or char
    if base in _PUNCT:
        return _PUNCT[base]
    if base.isdigit():
        return 0.5
    if base.islower():
        return _NARROW.get(base, 0.47)
    if base.isupper():
        return _UPPER.get(base, 0.70)
    if base == "%":
        return 0.83
    return 0.5


def column_pixels(width: float) -> float:
    """The on-screen width of a column of Excel width `width`."""
    return width * PIXELS_PER_WIDTH


def line_count(text: str, width: float, size: float = 11, bold: bool = False) -> int:
    """How many lines Excel wraps text into in a cell `width` wide (word wrap, long words broken)."""
    if not text:
        return 1
    return _line_count(str(text), float(width), float(size), bool(bold))


@lru_cache(maxsize=16384)  # bounded: the window's process lives on after an export
def _line_count(text: str, width: float, size: float, bold: bool) -> int:
    """line_count, kept per text, width, size and weight: an annex repeats its texts (a slip's message
    and section for every unit, the same labels on every sheet), so each is measured once."""
    room = max(10.0, column_pixels(width) - CELL_PADDING)
    em = size * 4 / 3  # pixels per em
    space_px = _word_px(" ", False, em)
    lines = 0
    for paragraph in text.split("\n"):
        used, count = 0.0, 1
        for word in paragraph.split(" "):
            word_px = _word_px(word, bold, em)
            space = space_px if used else 0.0
            if used and used + space + word_px > room:
                count += 1
                used = 0.0
                space = 0.0
            if word_px > room:
                extra = math.ceil(word_px / room) - 1
                count += extra
                used = word_px - extra * room
            else:
                used += space + word_px
        lines += count
    return lines


@lru_cache(maxsize=65536)
def _word_px(word: str, bold: bool, em: float) -> float:
    return em_width(word, bold) * em


def row_height(lines: int, size: float = 11) -> float:
    """The height of a row holding `lines` lines of text: one standard height per line count."""
    points = lines * size * 1.22 + 3.5
    return math.ceil(points / POINTS_PER_PIXEL) * POINTS_PER_PIXEL


def fit_height(ws: GridSheet, row: int, cells: list[tuple[str, float]], size: float = 11, bold: bool = False) -> None:
    """Give a row the height its tallest wrapped text needs (a one-line row gets the standard height)."""
    lines = max((line_count(str(text), width, size, bold) for text, width in cells if text), default=1)
    height = row_height(lines, size)
    current = ws.row_dimensions[row].height
    ws.row_dimensions[row].height = max(height, current or 0)


def table_points(widths: Sequence[float]) -> float:
    return sum(column_pixels(w) for w in widths) * POINTS_PER_PIXEL


def page_size(landscape: bool) -> tuple[float, float]:
    return (A4[1], A4[0]) if landscape else A4


def setup_print(ws: GridSheet, widths: Sequence[float], landscape: bool) -> None:
    """A4, an explicit scale that makes the table one page wide, pages numbered from 1 on each sheet."""
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    page_width = page_size(landscape)[0] - 72 * (ws.page_margins.left + ws.page_margins.right)
    room = page_width * WIDTH_SAFETY
    ws.page_setup.scale = max(10, min(100, math.floor(100 * room / table_points(widths))))
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.firstPageNumber = 1
    ws.page_setup.useFirstPageNumber = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = "Times New Roman,Regular"
    ws.oddFooter.center.size = 10


def page_capacity(ws: GridSheet) -> float:
    """The height of one printed page in sheet points (before the scale shrinks it)."""
    landscape = ws.page_setup.orientation == "landscape"
    height = page_size(landscape)[1] - 72 * (ws.page_margins.top + ws.page_margins.bottom)
    return height * 100 / int(ws.page_setup.scale or 100) * SAFETY


def heights(ws: GridSheet, last_row: int) -> dict[int, float]:
    """Every row's height, setting the standard one on rows that have none (so Excel prints what was computed)."""
    result = {}
    for row in range(1, last_row + 1):
        if ws.row_dimensions[row].height is None:
            ws.row_dimensions[row].height = row_height(1)
        result[row] = ws.row_dimensions[row].height
    return result


def paginate(
    ws: GridSheet, repeat: tuple[int, int], keep_with_next: set[int], last_row: int, columns: int = 0
) -> list[int]:
    """Row breaks (a break after each returned row) so that no row in keep_with_next ends a page."""
    height = heights(ws, last_row)
    capacity = page_capacity(ws)
    repeated = sum(height[r] for r in range(repeat[0], repeat[1] + 1))
    breaks: list[int] = []
    start, used, row = 1, 0.0, 1
    while row <= last_row:
        if used + height[row] > capacity and row > start:
            first = row
            while first - 1 > max(start, repeat[1]) and first - 1 in keep_with_next:
                first -= 1
            if first - 1 <= max(start, repeat[1]) and first - 1 in keep_with_next:
                first = row  # a chain longer than a page: break where the page ends
            breaks.append(first - 1)
            start, used, row = first, repeated, first
            continue
        used += height[row]
        row += 1
    ws.row_breaks = RowBreak(brk=[Break(id=after) for after in breaks])  # one list, validated once
    last_col = get_column_letter(columns or ws.max_column)
    ws.print_area = f"A1:{last_col}{last_row}"
    return breaks


@dataclass(frozen=True)
class Signature:
    """The blocks under an annex: the preparer on the left, the signer on the right."""

    place_date: str
    authority_line: str
    signer_title: str
    signer_name: str


def signature_block(ws: GridSheet, after: int, widths: Sequence[float], signature: Signature) -> tuple[int, set[int]]:
    """Write "Người lập biểu" and the signer's block below row `after`.

    Returns the block's last row and the rows that must stay on one page with the next row.
    """
    split = _split(widths)
    left, right = (1, split), (split + 1, len(widths))
    lines: list[tuple[tuple[str, Font] | None, tuple[str, Font] | None]] = []
    if signature.place_date:
        lines.append((None, (signature.place_date, _font(italic=True))))
    lines.append((("NGƯỜI LẬP BIỂU", _font(bold=True)), (signature.authority_line.upper(), _font(bold=True))))
    lines.append((("(Ký, ghi rõ họ tên)", _font(italic=True)), (signature.signer_title.upper(), _font(bold=True))))
    lines += [(None, None)] * SIGNATURE_GAP
    lines.append((None, (signature.signer_name, _font(bold=True))))
    first = after + 2
    for offset, pair in enumerate(lines):
        row = first + offset
        for (start, end), item in zip((left, right), pair, strict=True):
            if item is None or not item[0]:
                continue
            text, style = item
            if end > start:
                ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
            cell = ws.cell(row=row, column=start)
            put_text(cell, visible_text(text))
            cell.font = style
            cell.alignment = wrapped("center")
            fit_height(ws, row, [(text, sum(widths[start - 1 : end]))], 12, style.b)
        if ws.row_dimensions[row].height is None:
            ws.row_dimensions[row].height = row_height(1, 12)
    last = first + len(lines) - 1
    return last, set(range(after, last))


def _split(widths: Sequence[float]) -> int:
    """The last column of the left block: the one whose running width comes closest to 45% of the table."""
    total, running, best, gap = sum(widths), 0.0, 1, float("inf")
    for index, width in enumerate(widths[:-1], 1):
        running += width
        if abs(running - total * 0.45) < gap:
            best, gap = index, abs(running - total * 0.45)
    return best


@lru_cache(maxsize=8)
def _font(bold: bool = False, italic: bool = False) -> Font:
    return Font(name="Times New Roman", size=12, bold=bold, italic=italic)


@lru_cache(maxsize=64)
def wrapped(horizontal: str | None = None, indent: int = 0) -> Alignment:
    """A wrapped, vertically centred alignment, made once: a sheet's cells share the object."""
    return Alignment(horizontal=horizontal, vertical="center", wrap_text=True, indent=indent)
