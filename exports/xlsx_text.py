"""Text cells of an annex: OOXML escaping, the text a person sees, and the one function that writes a text
cell (so a name or an explanation starting with `=`, `+`, `-`, `@` is never taken for a formula)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the annex reader reads text without openpyxl
    from exports.xlsx_grid import GridCell

MAX_CELL_TEXT = 32767
FORMULA_STARTS = ("=", "+", "-", "@")

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape_text(text: str) -> str:
    """OOXML string escaping: control characters become _xHHHH_, a literal _xHHHH_ keeps its underscore."""
    if "_x" in text:
        text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    if text.isprintable() or not _ILLEGAL.search(text):
        return text
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def unescape_text(text: str) -> str:
    """Undo escape_text (and the same escaping done by Excel)."""
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def display_text(value: object) -> str:
    """Text as a person sees it in a visible cell: NFC, no control characters, within Excel's cell limit."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    if not text.isprintable():
        text = _ILLEGAL.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)
    return text[: MAX_CELL_TEXT - 1] + "…" if len(text) > MAX_CELL_TEXT - 1 else text


def visible_text(value: object) -> str:
    """display_text, escaped for the file."""
    text = display_text(value)
    return _ESCAPE_LIKE.sub(r"_x005F_\1", text) if "_x" in text else text


def put_text(cell: GridCell, text: str) -> None:
    """The one way a text cell is written (every sheet, the signature block, the data sheet): always a
    string, never a formula, and with Excel's quote prefix when it starts with = + - @, so a person's
    text typed back into the cell stays text too (OUTPUTS.md)."""
    cell.value = text if text else None
    if text:
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
