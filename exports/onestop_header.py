"""Where the one-stop system's Biểu II.06a keeps its table: the header found by its labels (compared without
diacritics or case) or by its "(1) … (13)" numbering row, and each value column mapped to its number.

The form's columns: (1) STT, (2) lĩnh vực or đơn vị; received (3) tổng số, (4) trực tuyến, (5) trực tiếp và
qua bưu chính, (6) kỳ trước chuyển qua; resolved (7) tổng số, (8) trước hạn, (9) đúng hạn, (10) quá hạn; in
progress (11) tổng số, (12) trong hạn, (13) quá hạn. Vendors differ: title rows or none, a header of one to
four rows with merged group cells (only the first cell of a merge holds its text), columns in another order,
extra columns (a rate, a note). Pure: rows in, a layout out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

VALUE_COLUMNS = tuple(range(3, 14))
PART_COLUMNS = (4, 5, 6, 8, 9, 10, 12, 13)  # a total column (3, 7, 11) may be missing: its parts add up to it
TOTALS = {3: (4, 5, 6), 7: (8, 9, 10), 11: (12, 13)}
HEADER_SEARCH_ROWS = 60  # the header is among the first rows of the sheet
HEADER_DEPTH = 5  # rows a header may span
STT_WORDS = ("stt", "tt", "so tt")  # the heading of column (1), folded

Row = tuple[int, dict[int, object]]  # (row number, {column: value})


def fold(text: object) -> str:
    """Lower case, no diacritics (đ as d), punctuation as spaces, single spaces: how labels are compared."""
    plain = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D")).lower()
    letters = "".join(char for char in plain if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^0-9a-z()%]+", " ", letters).split())


@dataclass(frozen=True)
class Layout:
    """Where the table is: its header rows, the first data row, each value column's sheet column."""

    header_first: int  # the sheet's row numbers
    header_last: int
    columns: dict[int, int]  # form column number (3 … 13) → sheet column (1 = A)
    label_column: int
    stt_column: int | None


def numbering(cells: dict[int, object]) -> dict[int, int] | None:
    """{form column number: sheet column} when the row is the "(1) (2) … (13)" row, else None."""
    found: dict[int, int] = {}
    for column in sorted(cells):
        text = fold(cells[column]).strip("()").strip()
        if isinstance(cells[column], bool) or not text.isdigit():
            return None
        found[int(text)] = column
    return found if set(range(1, 14)) <= set(found) else None


def _group(path: str) -> str:
    if re.search(r"\b(dang giai quyet|chua giai quyet|dang xu ly|chua xu ly)\b", path):
        return "progress"
    if re.search(r"\b(da giai quyet|ket qua giai quyet|da xu ly|giai quyet xong)\b", path):
        return "resolved"
    if re.search(r"\b(tiep nhan|nhan giai quyet|nhan|ky truoc|chuyen qua|chuyen sang)\b", path):
        return "received"
    return ""


def _column_number(path: list[str]) -> int | None:
    """The form's column of a header path (its texts from the top row down), or None."""
    whole = " ".join(path)
    last = path[-1] if path else ""
    if not whole or re.search(r"\b(ty le|%|ghi chu)\b", whole):
        return None
    group = _group(whole)
    if group == "received":
        if "truc tuyen" in last:
            return 4
        if "truc tiep" in last or "buu chinh" in last:
            return 5
        if re.search(r"\b(ky truoc|chuyen qua|chuyen sang|ton)\b", last):
            return 6
        return 3 if re.search(r"\btong\b", last) or last == whole else None
    if group == "resolved":
        if "truoc han" in last:
            return 8
        if "dung han" in last:
            return 9
        if "qua han" in last or "tre han" in last:
            return 10
        return 7 if re.search(r"\btong\b", last) or last == whole else None
    if group == "progress":
        if "trong han" in last:
            return 12
        if "qua han" in last or "tre han" in last:
            return 13
        return 11 if re.search(r"\btong\b", last) or last == whole else None
    return None


def find_layout(rows: list[Row]) -> Layout | None:
    """The table's layout, or None when no header of Biểu II.06a is found."""
    first = _header_start(rows)
    if first is None:
        return None
    numbered = None
    last = first
    for index in range(first, min(first + HEADER_DEPTH + 1, len(rows))):
        numbered = numbering(rows[index][1])
        if numbered:
            last = index
            break
        if index > first and _is_data(rows[index][1]):
            break
        last = index
    if numbered:
        columns = {number: numbered[number] for number in VALUE_COLUMNS}
        return Layout(rows[first][0], rows[last][0], columns, numbered[2], numbered[1])
    paths = _paths(rows[first : last + 1])
    stt = next((column for column, path in paths.items() if path and path[0] in STT_WORDS), None)
    columns = {}
    for column, path in sorted(paths.items()):
        number = _column_number(path)
        if number is not None and number not in columns:
            columns[number] = column
    return Layout(rows[first][0], rows[last][0], columns, _label_column(paths, stt, columns), stt)


def _header_start(rows: list[Row]) -> int | None:
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [fold(value) for value in cells.values() if isinstance(value, str)]
        if any(text in STT_WORDS for text in texts) or any("tiep nhan" in text for text in texts):
            below = " ".join(
                fold(value)
                for _, later in rows[index : index + HEADER_DEPTH]
                for value in later.values()
                if isinstance(value, str)
            )
            if "giai quyet" in below and ("tiep nhan" in below or "nhan" in below.split()):
                return index
    return None


def _is_data(cells: dict[int, object]) -> bool:
    numbers = [value for value in cells.values() if isinstance(value, int | float) and not isinstance(value, bool)]
    return len(numbers) >= 3


def _paths(header: list[Row]) -> dict[int, list[str]]:
    """Each sheet column's header texts from the top row down. A group's text (the first cell of a merge) is
    carried right over the empty cells next to it, as far as the rows below have texts of their own there."""
    columns = sorted({column for _, cells in header for column in cells})
    if not columns:
        return {}
    span = range(columns[0], columns[-1] + 1)
    grid = [[fold(cells.get(column, "")) for column in span] for _, cells in header]
    for depth in range(len(grid) - 1):
        row = grid[depth]
        below = [any(deeper[index] for deeper in grid[depth + 1 :]) for index in range(len(row))]
        carried = ""
        for index in range(len(row)):
            if row[index]:
                carried = row[index] if below[index] else ""
            elif carried and below[index]:
                row[index] = carried
            else:
                carried = ""
    return {column: [row[index] for row in grid if row[index]] for index, column in enumerate(span)}


def _label_column(paths: dict[int, list[str]], stt: int | None, columns: dict[int, int]) -> int:
    for column, path in sorted(paths.items()):
        whole = " ".join(path)
        if re.search(r"\b(linh vuc|don vi|ten|noi dung|co quan|dia ban)\b", whole) and column not in columns.values():
            return column
    if stt is not None:
        return stt + 1
    first_value = min(columns.values(), default=2)
    return max(first_value - 1, 1)
