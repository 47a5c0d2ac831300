"""The Excel annexes: four printable phụ lục sheets and the hidden, protected `_cchc` sheet for import."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

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
from exports.xlsx_sheets import SHEET_PL1, SHEET_PL2, SHEET_PL3, SHEET_PL4, build_pl1, build_pl2, build_pl3, build_pl4
from exports.xlsx_style import (
    FONT_NAME,
    FORMULA_STARTS,
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
_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f>(?:<v ?/>|<v></v>)</c>')


def build_annex_workbook(book: AnnexWorkbook) -> Workbook:
    """The annex workbook in memory (formulas without cached results; write_annex_xlsx adds them)."""
    return _build(book)[0]


def write_annex_xlsx(book: AnnexWorkbook, target: str | os.PathLike) -> Path:
    """Write the annexes to target completely or not at all; problems raise ExportError in Vietnamese."""
    workbook, cached = _build(book)
    return atomic_write(target, lambda temp: _save(workbook, cached, temp))


def save_annex_xlsx(book: AnnexWorkbook, path: Path) -> None:
    """Write the annexes at path, a temporary file the caller's atomic_write moves over the target (so a
    failure names the target, not a temporary file inside a temporary file)."""
    _save(*_build(book), path)


def _save(workbook: Workbook, cached: dict[int, dict[str, object]], path: Path) -> None:
    packed = io.BytesIO()  # the compressed package: a fraction of the sheets' XML
    workbook.save(packed)
    _store_results(packed, path, cached)


def _build(book: AnnexWorkbook) -> tuple[Workbook, dict[int, dict[str, object]]]:
    workbook = Workbook()
    workbook.remove(workbook.active)
    cached: dict[int, dict[str, object]] = {}
    mapped: list[MappedCell] = []
    for index, (title, builder) in enumerate(_BUILDERS, 1):
        result: SheetResult = builder(workbook.create_sheet(title), book)
        cached[index] = result.cached
        mapped.extend(result.mapped)
    _data_sheet(workbook.create_sheet(SHEET_DATA), book, mapped)
    workbook.active = 0
    workbook.calculation.fullCalcOnLoad = True
    workbook.properties.creator = f"CCHC Desktop {book.app_version}".strip()
    workbook.properties.title = f"Phụ lục báo cáo cải cách hành chính {book.period_label} – {book.unit_name}"
    return workbook, cached


def _data_sheet(ws: Worksheet, book: AnnexWorkbook, mapped: list[MappedCell]) -> None:
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
        parts = [part or None for text in values for part in _chunks(escape_text(text))]
        ws.append(parts)
        if any(part and part.startswith(FORMULA_STARTS) for part in parts):
            for column, part in enumerate(parts, 1):  # not ws[ws.max_row]: that looks at every cell
                if part:
                    put_text(ws.cell(row=number, column=column), part)
    for letter, width in zip("ABCDEFGH", (30, 24, 16, 40, 30, 12, 14, 14), strict=True):
        ws.column_dimensions[letter].width = width
    for cell in ws[1]:
        cell.font = Font(name=FONT_NAME, bold=True)
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


def _store_results(packed: io.BytesIO, path: Path, cached: dict[int, dict[str, object]]) -> None:
    """Copy the package to path, putting each formula's result into the file so viewers that do not
    recalculate still show the totals. One member at a time: a sheet of many thousand rows is never
    held twice."""
    with zipfile.ZipFile(packed) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            index = _sheet_index(info.filename)
            if cached.get(index):
                data = _with_results(source.read(info).decode("utf-8"), cached[index]).encode("utf-8")
                archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
                continue
            info.compress_type = zipfile.ZIP_DEFLATED
            with source.open(info) as reading, archive.open(info, "w") as writing:
                shutil.copyfileobj(reading, writing, COPY_CHUNK)


def _sheet_index(name: str) -> int:
    found = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", name)
    return int(found.group(1)) if found else 0


def _with_results(xml: str, results: dict[str, object]) -> str:
    def fill(match: re.Match) -> str:
        ref, attributes, formula = match.groups()
        if ref not in results:
            return match.group()
        value = results[ref]
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return f'<c r="{ref}"{attributes}><f>{formula}</f><v>{canonical_number(value)}</v></c>'
        return f'<c r="{ref}"{attributes} t="str"><f>{formula}</f><v></v></c>'

    return _FORMULA_CELL.sub(fill, xml)
