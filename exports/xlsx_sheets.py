"""The four visible annex sheets (PL1–PL4): layout, formulas and the cells an import reads back.

The cell map picks up codes the model does not carry yet when they appear: AnnexRow.code,
DossierRow.unit_code and ReviewRow.codes (column key → cell code); until then those stay "".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from openpyxl.utils import get_column_letter

from exports.model import AnnexRow, AnnexWorkbook, plain_number
from exports.xlsx_grid import GridSheet
from exports.xlsx_print import wrapped
from exports.xlsx_style import (
    COUNT_FORMAT,
    GREY,
    PERCENT_FORMAT,
    SheetResult,
    body,
    empty_row,
    finish,
    fit_height,
    font,
    format_for,
    header_cell,
    header_row,
    is_number,
    number_cell,
    put_text,
    setup_print,
    standard_title,
    title_block,
    visible_text,
)

SHEET_PL1 = "PL1 Số liệu"
SHEET_PL2 = "PL2 Hồ sơ TTHC"
SHEET_PL3 = "PL3 Rà soát TTHC"
SHEET_PL4 = "PL4 Kiểm tra số liệu"

PL1_FIELDS = ("value", "last_year", "year_to_date")


def build_pl1(ws: GridSheet, book: AnnexWorkbook) -> SheetResult:
    """PL1: every indicator of the period, sections as merged grey rows, rates in italic.

    A parent's PL1 splits the period's column by level (its own level first) before the total, under
    a two-row header; the total of a `units = sum` indicator is an Excel formula over the levels."""
    result = SheetResult()
    shown = [(name, title) for name, title in zip(PL1_FIELDS, book.pl1_columns, strict=True) if title]
    fields, value_titles = [name for name, _ in shown], [title for _, title in shown]
    levels = list(book.pl1_levels)
    widths = [6, 44 if not levels else 38, 12] + [13] * len(levels) + [14] * len(value_titles) + [22]
    setup_print(ws, widths, landscape=len(levels) > 1)
    title = standard_title(book, "I", f"Số liệu kết quả thực hiện công tác cải cách hành chính {book.period_label}")
    if book.period_note:
        title.append((book.period_note, font(11, italic=True)))
    header = title_block(ws, widths, title)
    if levels:
        _pl1_split_header(ws, header, levels, value_titles, widths)
        header += 1
    else:
        header_row(ws, header, ["STT", "Chỉ tiêu", "Đơn vị tính", *value_titles, "Ghi chú"], widths)
    last_col = len(widths)
    row = header
    headings: set[int] = set()
    for item in book.pl1:
        row += 1
        _pl1_row(ws, row, item, fields, widths, book, result)
        if item.kind == "section":
            headings.add(row)
    if not book.pl1:
        row += 1
        empty_row(ws, row, last_col, "Không có số liệu.")
    for index, text in enumerate(book.pl1_notes):
        row += 1
        _note_row(ws, row, f"Ghi chú: {text}" if index == 0 else text, widths)
    top = header - 1 if levels else header
    finish(ws, (top, header), f"A{header + 1}", book, widths, row, headings)
    return result


def _note_row(ws: GridSheet, row: int, text: str, widths: Sequence[float]) -> None:
    """A note under a table, once for all its rows: merged across it, italic, without borders."""
    last = len(widths)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    cell = ws.cell(row=row, column=1)
    put_text(cell, visible_text(text))
    cell.font = font(11, italic=True)
    cell.alignment = wrapped("left")
    fit_height(ws, row, [(text, sum(widths))], 11)


def _pl1_split_header(ws: GridSheet, top: int, levels: list[str], value_titles: list[str], widths) -> None:
    """STT, Chỉ tiêu, Đơn vị tính; the period over its levels and "Tổng số"; cùng kỳ, lũy kế, Ghi chú."""
    for column, text in ((1, "STT"), (2, "Chỉ tiêu"), (3, "Đơn vị tính")):
        header_cell(ws, top, column, text, last_row=top + 1)
    first, total = 4, 4 + len(levels)
    header_cell(ws, top, first, value_titles[0], last_col=total)
    for offset, text in enumerate([*levels, "Tổng số"]):
        header_cell(ws, top + 1, first + offset, text)
    for offset, text in enumerate([*value_titles[1:], "Ghi chú"]):
        header_cell(ws, top, total + 1 + offset, text, last_row=top + 1)
    fit_height(ws, top, [(value_titles[0], sum(widths[3:total]))], bold=True)
    fit_height(ws, top + 1, [(text, widths[3]) for text in levels], bold=True)


def _pl1_row(ws, row: int, item: AnnexRow, fields, widths, book: AnnexWorkbook, result: SheetResult) -> None:
    last_col = len(widths)
    stt = ws.cell(row=row, column=1)
    put_text(stt, visible_text(item.stt))
    if item.kind == "section":
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last_col)
        for column in range(1, last_col + 1):
            cell = ws.cell(row=row, column=column)
            body(cell, bold=True, horizontal="center" if column == 1 else "left")
            if item.level == 0:
                cell.fill = GREY
        put_text(ws.cell(row=row, column=2), visible_text(item.label))
        fit_height(ws, row, [(item.label, sum(widths[1:]))], bold=True)
        return
    italic = item.kind == "rate"
    body(stt, italic=italic, horizontal="center")
    for column, text in ((2, item.label), (3, item.unit), (last_col, item.note)):
        put_text(ws.cell(row=row, column=column), visible_text(text))
        body(
            ws.cell(row=row, column=column),
            italic=italic,
            horizontal="center" if column == 3 else None,
            indent=item.indent if column == 2 else 0,
        )
    split = len(book.pl1_levels)
    levels = list(item.levels) + [None] * (split - len(item.levels))
    values = [getattr(item, name) for name in fields]
    cells = levels[:split] + values
    wide_text = isinstance(item.value, str) and len(item.value) > 16 and all(v is None for v in values[1:])
    for offset, value in enumerate(cells):
        cell = ws.cell(row=row, column=4 + offset)
        number_cell(cell, value, item.number_format, italic=italic)
        if item.kind != "value" or not item.number_format or not (value is None or is_number(value)):
            continue
        if not split:  # this unit's own figures: what an import compares with the data sheet
            column = fields[offset]
            result.map(cell, item.label, column, item.code, _column_period(book, column), book.unit_code)
        elif offset == 0 and book.pl1_own_first:
            result.map(cell, item.label, "value", item.code, book.period, book.unit_code)
        elif offset == split and item.summed and any(is_number(v) for v in levels):
            cell.value = _blank_or_sum(f"{get_column_letter(4)}{row}:{get_column_letter(3 + split)}{row}")
            result.cached[cell.coordinate] = plain_number(value) if is_number(value) else ""
    text_width = widths[3]
    if wide_text and len(cells) > 1:
        ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=3 + len(cells))
        ws.cell(row=row, column=4).alignment = wrapped("left")
        text_width = sum(widths[3 : 3 + len(cells)])
    label_width = widths[1] - 2 * item.indent
    heights = [(item.label, label_width), (item.unit, widths[2]), (item.note, widths[-1])]
    heights += [(v, text_width) for v in cells if isinstance(v, str)]
    fit_height(ws, row, heights)


def _blank_or_sum(ranges: str) -> str:
    """A total that stays blank where every cell it adds is blank (no unit reported it), as the
    program shows it; otherwise the sum of the filled cells."""
    return f'=IF(COUNT({ranges})=0,"",SUM({ranges}))'


def _ranges(letter: str, rows: list[int]) -> str:
    """`C5:C7,C9`: the rows of a column, consecutive ones as a range."""
    return ",".join(
        f"{letter}{start}" if start == end else f"{letter}{start}:{letter}{end}" for start, end in _runs(tuple(rows))
    )


@lru_cache(maxsize=1024)
def _runs(rows: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
    """The runs of consecutive row numbers, (first, last) each (the same rows serve every column)."""
    runs, start = [], rows[0]
    for previous, current in zip(rows, [*rows[1:], None], strict=True):
        if current != previous + 1:
            runs.append((start, previous))
            if current is not None:
                start = current
    return tuple(runs)


def _range_formula(letter: str, rows: list[int]) -> str:
    if not rows:
        return '=""'
    return _blank_or_sum(_ranges(letter, rows))


def _total_rows(kinds: list[str], first: int, unit_kind: str) -> dict[int, list[int]]:
    """For each subtotal/total row number, the row numbers it adds up."""
    covered, pending = {}, []
    subtotals = [first + i for i, kind in enumerate(kinds) if kind == "subtotal"]
    units = [first + i for i, kind in enumerate(kinds) if kind == unit_kind]
    for index, kind in enumerate(kinds):
        row = first + index
        if kind == unit_kind:
            pending.append(row)
        elif kind == "subtotal":
            covered[row], pending = pending, []
        elif kind == "total":
            covered[row] = subtotals if subtotals else units
    return covered


def _sum_table(ws, rows, keys: list[str], first: int, unit_kind: str, result: SheetResult) -> dict[int, dict]:
    """Write unit rows as numbers and subtotal/total rows as =SUM; return every row's effective values."""
    covered = _total_rows([r.kind for r in rows], first, unit_kind)
    stt = 0
    for index, item in enumerate(rows):
        row, bold = first + index, first + index in covered
        stt += 0 if bold else 1
        put_text(ws.cell(row=row, column=1), "" if bold else str(stt))
        put_text(ws.cell(row=row, column=2), visible_text(item.label))
        body(ws.cell(row=row, column=1), bold=bold, horizontal="center")
        body(ws.cell(row=row, column=2), bold=bold, horizontal="center" if item.kind == "total" else None)
        for offset in range(len(keys)):
            body(ws.cell(row=row, column=3 + offset), bold=bold, fmt=COUNT_FORMAT)
        fit_height(ws, row, [(item.label, ws.column_dimensions["B"].width)], bold=bold)
    effective: dict[int, dict] = {}
    order = sorted(range(len(rows)), key=lambda i: {"subtotal": 1, "total": 2}.get(rows[i].kind, 0))
    for index in order:
        row, item = first + index, rows[index]
        effective[row] = {}
        for offset, key in enumerate(keys):
            cell = ws.cell(row=row, column=3 + offset)
            if row in covered:
                cell.value = _range_formula(get_column_letter(3 + offset), covered[row])
                known = [effective[r][key] for r in covered[row] if is_number(effective[r][key])]
                effective[row][key] = sum(known) if known else None
                result.cached[cell.coordinate] = effective[row][key] if known else ""
            else:
                value = item.values.get(key)
                cell.value = plain_number(value) if is_number(value) else None
                effective[row][key] = cell.value
    return effective


def build_pl2(ws: GridSheet, book: AnnexWorkbook) -> SheetResult:
    """PL2: Biểu II.06a, one row per unit, level subtotals and the total as formulas."""
    result = SheetResult()
    codes = [code for code, _, _ in book.pl2_columns]
    widths = [5, 24] + [12 if len(label) > 30 else 10 for _, _, label in book.pl2_columns]
    setup_print(ws, widths, landscape=True)
    top = title_block(
        ws,
        widths,
        standard_title(book, "II", book.pl2_title, book.pl2_form),
    )
    _pl2_header(ws, top, book)
    first = top + 4
    fit_height(
        ws,
        top + 2,
        [(label, width) for (_, _, label), width in zip(book.pl2_columns, widths[2:], strict=True)],
        bold=True,
    )
    if not book.pl2:
        empty_row(ws, first, len(widths), "Không có số liệu.")
    _sum_table(ws, book.pl2, codes, first, "unit", result)
    units = [(first + i, item) for i, item in enumerate(book.pl2) if item.kind == "unit"]
    for row, item in units:
        unit_code = item.unit_code or (book.unit_code if len(units) == 1 else "")
        if unit_code and unit_code != book.unit_code:
            continue  # a child's row: its figures are not this unit's data (the `_cchc` sheet holds only its own)
        for offset, code in enumerate(codes):
            cell = ws.cell(row=row, column=3 + offset)
            result.map(cell, item.label, code, code, book.period, unit_code)
    finish(ws, (top, top + 3), f"C{first}", book, widths, first + max(len(book.pl2), 1) - 1)
    return result


def _pl2_number(label: str) -> int:
    digits = re.sub(r"\D", "", label)
    return int(digits) if digits else 0


def _pl2_header(ws: GridSheet, top: int, book: AnnexWorkbook) -> None:
    header_cell(ws, top, 1, "STT", last_row=top + 2)
    header_cell(ws, top, 2, "Đơn vị", last_row=top + 2)
    header_cell(ws, top + 3, 1, "(1)")
    header_cell(ws, top + 3, 2, "(2)")
    numbers = [_pl2_number(number) for _, number, _ in book.pl2_columns]
    grouped: set[int] = set()
    for low, high, title in book.pl2_groups:
        members = [i for i, n in enumerate(numbers) if low <= n <= high]
        if not members or members != list(range(members[0], members[-1] + 1)):
            continue
        grouped.update(members)
        first, last = 3 + members[0], 3 + members[-1]
        header_cell(ws, top, first, title, last_col=last)
        header_cell(ws, top + 1, first, book.pl2_columns[members[0]][2], last_row=top + 2)
        if len(members) > 1:
            header_cell(ws, top + 1, first + 1, "Trong đó", last_col=last)
            for index in members[1:]:
                header_cell(ws, top + 2, 3 + index, book.pl2_columns[index][2])
    for index, (_, number, label) in enumerate(book.pl2_columns):
        if index not in grouped:
            header_cell(ws, top, 3 + index, label, last_row=top + 2)
        header_cell(ws, top + 3, 3 + index, number)


def build_pl3(ws: GridSheet, book: AnnexWorkbook) -> SheetResult:
    """PL3: the review table per cấp and lĩnh vực, subtotals, total and rates as formulas."""
    result = SheetResult()
    keys = [key for key, _ in book.pl3_columns]
    rates = [rate for rate in book.pl3_rates if rate[2] in keys and all(p in keys for p in rate[1])]
    widths = [5, 36] + [12] * len(keys) + [13] * len(rates)
    setup_print(ws, widths, landscape=False)
    header = title_block(ws, widths, standard_title(book, "III", book.pl3_title))
    labels = ["STT", "Cấp / lĩnh vực", *(label for _, label in book.pl3_columns), *(label for label, _, _ in rates)]
    header_row(ws, header, labels, widths)
    first = header + 1
    if not book.pl3:
        empty_row(ws, first, len(widths), "Không có số liệu.")
    effective = _sum_table(ws, book.pl3, keys, first, "row", result)
    letter = {key: get_column_letter(3 + i) for i, key in enumerate(keys)}
    leaves = _leaf_rows([item.kind for item in book.pl3], first)
    for index, item in enumerate(book.pl3):
        row = first + index
        for offset, (_, parts, total) in enumerate(rates):
            cell = ws.cell(row=row, column=3 + len(keys) + offset)
            numerator = "+".join(f"{letter[p]}{row}" for p in parts)
            numerator = f"({numerator})" if len(parts) > 1 else numerator
            # A rate needs every cell it is made of: a blank (unknown) part, here or in a row a total
            # adds up, leaves it blank, as the program leaves it out.
            rows = leaves.get(row, [row])
            counts = ",".join(f"COUNT({_ranges(letter[key], rows)})<{len(rows)}" for key in (*parts, total))
            cell.value = f'=IF(OR({counts},{letter[total]}{row}=0),"",ROUND({numerator}/{letter[total]}{row}*100,2))'
            rate = _rate([effective[r] for r in rows], effective[row], parts, total)
            body(cell, bold=item.kind != "row", italic=True, fmt=format_for(rate, PERCENT_FORMAT))
            result.cached[cell.coordinate] = rate
        if item.kind == "row":
            codes = item.codes
            for offset, key in enumerate(keys):
                cell = ws.cell(row=row, column=3 + offset)
                result.map(cell, item.label, key, codes.get(key, ""), book.period, book.unit_code)
    finish(ws, (header, header), f"A{first}", book, widths, first + max(len(book.pl3), 1) - 1)
    return result


def _leaf_rows(kinds: list[str], first: int) -> dict[int, list[int]]:
    """For each subtotal/total row, the table rows (not subtotals) its figures come from."""
    covered = _total_rows(kinds, first, "row")
    leaves = {}
    for row, rows in covered.items():
        leaves[row] = sorted({leaf for r in rows for leaf in covered.get(r, [r])})
    return leaves


def _rate(rows: list[dict], values: dict, parts: tuple[str, ...], total_key: str) -> object:
    """The rate as the formula computes it: blank unless every cell it is made of is filled."""
    if any(not is_number(row.get(key)) for row in rows for key in (*parts, total_key)):
        return ""
    total = values.get(total_key) or 0
    if total == 0:
        return ""
    numerator = sum((Decimal(str(values.get(p) or 0)) for p in parts), Decimal(0))
    return (numerator * 100 / Decimal(str(total))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def build_pl4(ws: GridSheet, book: AnnexWorkbook) -> SheetResult:
    """PL4: every rule violation still standing, named by its section and indicators, with the explanation."""
    widths = [5, 20, 30, 10, 12, 48, 40]
    setup_print(ws, widths, landscape=True)
    header = title_block(ws, widths, standard_title(book, "IV", "Kết quả kiểm tra số liệu và giải trình"))
    labels = ["STT", "Mục", "Chỉ tiêu liên quan", "Mức độ", "Kỳ", "Nội dung sai sót", "Giải trình"]
    header_row(ws, header, labels, widths)
    row = header
    group = ""
    for number, check in enumerate(book.pl4, 1):
        row += 1
        if check.group != group:  # the consolidated figures' slips, then a section per child unit
            group = check.group
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
            for column in range(1, len(widths) + 1):
                body(ws.cell(row=row, column=column), bold=True)
                ws.cell(row=row, column=column).fill = GREY
            put_text(ws.cell(row=row, column=1), visible_text(group))
            fit_height(ws, row, [(group, sum(widths))], bold=True)
            row += 1
        error = check.importance == "Lỗi"
        texts = [
            str(number),
            check.section,
            check.indicators,
            check.importance,
            check.period,
            check.message,
            check.explanation,
        ]
        for column, text in enumerate(texts, 1):
            cell = ws.cell(row=row, column=column)
            put_text(cell, visible_text(text))
            body(cell, bold=error and column == 4, horizontal="center" if column in (1, 4, 5) else None)
        if error and not check.explanation.strip():
            put_text(ws.cell(row=row, column=7), "(chưa giải trình)")
            ws.cell(row=row, column=7).font = font(italic=True)
        fit_height(ws, row, list(zip(texts, widths, strict=True)))
    if not book.pl4:
        row += 1
        empty_row(ws, row, len(widths), "Không có sai sót nào.")
    finish(ws, (header, header), f"A{header + 1}", book, widths, row)
    return SheetResult()


def _column_period(book, field_name: str) -> str:
    """The period id behind a PL1 value column (value / last_year / year_to_date)."""
    periods = dict(zip(("value", "last_year", "year_to_date"), book.pl1_periods, strict=True))
    return periods.get(field_name) or (book.period if field_name == "value" else "")
