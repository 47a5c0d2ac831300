"""The Excel annexes: four printable phụ lục sheets and the hidden, protected `_cchc` sheet for import."""

from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from exports.annex_format import (
    CELLS_HEADER,
    EXPLANATIONS_HEADER,
    FORMAT,
    FORMAT_VERSION,
    SHEET_DATA,
    VALUES_HEADER,
)
from exports.atomic import atomic_write
from exports.checksum import checksum, header_checksum
from exports.model import AnnexWorkbook
from exports.xlsx_grid import GridSheet, save_grids
from exports.xlsx_sheets import SHEET_PL1, SHEET_PL2, SHEET_PL3, SHEET_PL4, build_pl1, build_pl2, build_pl3, build_pl4
from exports.xlsx_style import (
    FONT_NAME,
    MappedCell,
    SheetResult,
    canonical_number,
    escape_text,
    put_text,
)

PROTECTION_PASSWORD = "cchc"  # not a secret: it only stops accidental edits
CHUNK = 32000
COPY_CHUNK = 1 << 20  # bytes of a sheet copied at a time into the written file

_BUILDERS = ((SHEET_PL1, build_pl1), (SHEET_PL2, build_pl2), (SHEET_PL3, build_pl3), (SHEET_PL4, build_pl4))


def build_annex_workbook(book: AnnexWorkbook) -> Workbook:
    """The annex workbook in memory, as openpyxl reads the written file back (for a look at its cells)."""
    from openpyxl import load_workbook

    packed = io.BytesIO()
    _save(*_build(book), packed)
    packed.seek(0)
    return load_workbook(packed)


def write_annex_xlsx(book: AnnexWorkbook, target: str | os.PathLike) -> Path:
    """Write the annexes to target completely or not at all; problems raise ExportError in Vietnamese."""
    built = _build(book)
    return atomic_write(target, lambda temp: _save(*built, temp))


def save_annex_xlsx(book: AnnexWorkbook, path: Path) -> None:
    """Write the annexes at path, a temporary file the caller's atomic_write moves over the target (so a
    failure names the target, not a temporary file inside a temporary file)."""
    _save(*_build(book), path)


def _save(workbook: Workbook, grids: list[GridSheet], results: list[dict[str, str | None]], path) -> None:
    save_grids(workbook, grids, results, path, COPY_CHUNK)


def _build(book: AnnexWorkbook) -> tuple[Workbook, list[GridSheet], list[dict[str, str | None]]]:
    workbook = Workbook()
    workbook.remove(workbook.active)
    grids: list[GridSheet] = []
    results: list[dict[str, str | None]] = []
    mapped: list[MappedCell] = []
    for title, builder in _BUILDERS:
        grid = GridSheet(workbook.create_sheet(title))
        result: SheetResult = builder(grid, book)
        grids.append(grid)
        results.append({ref: _result_text(value) for ref, value in result.cached.items()})
        mapped.extend(result.mapped)
    data = GridSheet(workbook.create_sheet(SHEET_DATA))
    _data_sheet(data, book, mapped)
    grids.append(data)
    results.append({})
    workbook.active = 0
    workbook.calculation.fullCalcOnLoad = True
    workbook.properties.creator = f"CCHC Desktop {book.app_version}".strip()
    workbook.properties.title = f"Phụ lục báo cáo cải cách hành chính {book.period_label} – {book.unit_name}"
    return workbook, grids, results


def _result_text(value: object) -> str | None:
    """A formula's result as the file keeps it beside the formula: a number's text, None for a blank."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return canonical_number(value)
    return None


def _data_sheet(ws: GridSheet, book: AnnexWorkbook, mapped: list[MappedCell]) -> None:
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "template_version": book.template_version,
        "app_version": book.app_version,
        "unit_code": book.unit_code,
        "unit_name": book.unit_name,
        "unit_level": book.unit_level,
        "parent_code": book.parent_code,
        "period": book.period,
        "exported_at": book.exported_at,
        **_submitted(book.submitted_at),
        "checksum": checksum(book.values),
        "value_count": str(len(book.values)),
        "cell_count": str(len(mapped)),
        "explanations_checksum": checksum(book.explanations),
        "explanation_count": str(len(book.explanations)),
        "note": "Dữ liệu để phần mềm CCHC nhập phụ lục này; xin đừng sửa trang này.",
    }
    header["header_checksum"] = header_checksum(header)
    rows: list[tuple[str, ...]] = [(key, value) for key, value in header.items()]
    rows += [(), VALUES_HEADER, *book.values, (), CELLS_HEADER]
    rows += [(m.sheet, m.cell, m.label, m.column, m.code, m.period, m.unit_code, m.value) for m in mapped]
    rows += [(), EXPLANATIONS_HEADER, *book.explanations]
    for number, values in enumerate(rows, 1):
        parts = [part for text in values for part in _chunks(escape_text(text))]
        for column, part in enumerate(parts, 1):
            if part:
                put_text(ws.cell(row=number, column=column), part)
    for letter, width in zip("ABCDEFGH", (30, 24, 16, 40, 30, 12, 14, 14), strict=True):
        ws.column_dimensions[letter].width = width
    bold = Font(name=FONT_NAME, bold=True)
    for column in range(1, ws.max_column + 1):  # the header line across the sheet's columns
        ws.cell(row=1, column=column).font = bold
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    ws.protection.password = PROTECTION_PASSWORD


def _submitted(at: str | None) -> dict[str, str]:
    """Header keys saying whether the unit had submitted (locked) the period at export; none if unknown."""
    if at is None:
        return {}
    return {"submitted": "yes" if at else "no", "submitted_at": at}


def _chunks(text: str) -> list[str]:
    """A value longer than one cell holds goes on in the next cells of the row."""
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]
