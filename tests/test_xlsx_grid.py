"""The annex sheets' cell grid written straight to XML (exports/xlsx_grid.py): what openpyxl reads back
is what its own cells would have given — values, types, styles, merges, heights, formula results — and
a sheet of many rows is written in pieces."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from exports import xlsx_grid
from exports.xlsx_grid import GridSheet, save_grids
from exports.xlsx_text import put_text

THIN = Side(style="thin")


def _save(tmp_path, build, results=None):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    grid = GridSheet(workbook.create_sheet("Trang"))
    build(grid)
    path = tmp_path / "grid.xlsx"
    save_grids(workbook, [grid], [results or {}], path, 1 << 16)
    return path


def test_values_come_back_with_their_types(tmp_path):
    def build(ws):
        ws.cell(row=1, column=1).value = 42
        ws.cell(row=1, column=2).value = Decimal("106543.046")
        ws.cell(row=1, column=3).value = 0.5
        put_text(ws.cell(row=2, column=1), "Xã Tân Khánh & <Phường 1>")
        put_text(ws.cell(row=2, column=2), "  lề trái giữ nguyên ")
        put_text(ws.cell(row=2, column=3), "=không phải công thức")
        put_text(ws.cell(row=2, column=4), "dòng một\ndòng hai")

    sheet = openpyxl.load_workbook(_save(tmp_path, build))["Trang"]
    assert [sheet["A1"].value, sheet["B1"].value, sheet["C1"].value] == [42, 106543.046, 0.5]
    assert sheet["A2"].value == "Xã Tân Khánh & <Phường 1>"
    assert sheet["B2"].value == "  lề trái giữ nguyên "
    assert sheet["C2"].value == "=không phải công thức" and sheet["C2"].data_type == "s"
    assert sheet["C2"].quotePrefix  # Excel keeps it text when a person edits it
    assert sheet["D2"].value == "dòng một\ndòng hai"
    assert sheet.dimensions == "A1:D2"


def test_styles_are_those_openpyxl_would_store(tmp_path):
    bold = Font(name="Times New Roman", size=12, bold=True)
    grey = PatternFill("solid", fgColor="E7E6E6")
    box = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

    def build(ws):
        cell = ws.cell(row=1, column=1)
        cell.value, cell.font, cell.fill, cell.border = 7, bold, grey, box
        cell.number_format = "#,##0.0"
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.cell(row=1, column=2).border = box  # a styled empty cell is kept
        ws.cell(row=1, column=3)  # an empty, unstyled one is not written

    path = _save(tmp_path, build)
    sheet = openpyxl.load_workbook(path)["Trang"]
    first = sheet["A1"]
    assert first.font.b and first.font.name == "Times New Roman" and first.font.sz == 12
    assert first.fill.fgColor.rgb.endswith("E7E6E6")
    assert first.border.left.style == "thin" and first.number_format == "#,##0.0"
    assert first.alignment.wrap_text and first.alignment.horizontal == "center"
    assert sheet["B1"].border.top.style == "thin" and sheet["B1"].value is None
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert 'r="B1"' in xml and 'r="C1"' not in xml


def test_a_merge_empties_the_other_cells_and_borders_its_edges_as_openpyxl_does(tmp_path):
    box = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

    def build(ws):
        for column in (1, 2, 3):
            cell = ws.cell(row=2, column=column)
            put_text(cell, f"ô {column}")
            cell.border = box
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=3)
        ws.merge_cells("A4:B5")

    sheet = openpyxl.load_workbook(_save(tmp_path, build))["Trang"]
    assert sorted(str(r) for r in sheet.merged_cells.ranges) == ["A2:C2", "A4:B5"]
    assert sheet["A2"].value == "ô 1" and sheet["B2"].value is None and sheet["C2"].value is None
    middle, last = sheet["B2"].border, sheet["C2"].border
    assert (middle.top.style, middle.bottom.style, middle.left.style) == ("thin", "thin", None)
    assert last.right.style == "thin"


def test_merges_are_kept_as_openpyxl_keeps_them_a_range_inside_another_once(tmp_path):
    """The grid looks only at the merges crossing a range's first row (openpyxl compares it with every
    merge: quadratic in a thousand children's headings); what is kept is what openpyxl keeps."""
    merges = ["A1:C1", "B1:C1", "A3:B5", "A5:B5", "B4", "C4:D4", *(f"A{row}:G{row}" for row in range(7, 400))]

    def build(ws):
        for merge in merges:
            ws.merge_cells(merge)

    plain = openpyxl.Workbook().active
    for merge in merges:
        plain.merge_cells(merge)
    sheet = openpyxl.load_workbook(_save(tmp_path, build))["Trang"]
    assert sorted(map(str, sheet.merged_cells.ranges)) == sorted(map(str, plain.merged_cells.ranges))
    assert "B1:C1" not in map(str, sheet.merged_cells.ranges) and len(sheet.merged_cells.ranges) == 3 + 393


def test_heights_and_formula_results(tmp_path):
    def build(ws):
        ws.cell(row=1, column=1).value = 2
        ws.cell(row=2, column=1).value = 3
        ws.cell(row=3, column=1).value = "=SUM(A1:A2)"
        ws.cell(row=4, column=1).value = '=IF(COUNT(B1:B2)=0,"",SUM(B1:B2))'
        ws.row_dimensions[1].height = 30.75
        ws.row_dimensions[9].height = 18  # a row with a height and no cell

    path = _save(tmp_path, build, {"A3": "5", "A4": None})
    sheet = openpyxl.load_workbook(path)["Trang"]
    assert sheet["A3"].value == "=SUM(A1:A2)" and sheet["A4"].data_type == "f"
    assert sheet.row_dimensions[1].height == 30.75 and sheet.row_dimensions[9].height == 18
    cached = openpyxl.load_workbook(path, data_only=True)["Trang"]
    assert cached["A3"].value == 5 and cached["A4"].value in ("", None)


def test_a_long_sheet_is_written_in_pieces(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_grid, "ROWS_PER_WRITE", 7)
    pieces = []
    original = xlsx_grid.sheet_rows

    def counted(grid, results):
        for piece in original(grid, results):
            pieces.append(piece)
            yield piece

    monkeypatch.setattr(xlsx_grid, "sheet_rows", counted)

    def build(ws):
        for row in range(1, 101):
            ws.cell(row=row, column=1).value = row

    sheet = openpyxl.load_workbook(_save(tmp_path, build))["Trang"]
    assert [sheet.cell(row=r, column=1).value for r in range(1, 101)] == list(range(1, 101))
    assert len(pieces) == 2 + 15  # <sheetData>, 100 rows by 7, </sheetData>


def test_sheet_settings_stay_on_the_openpyxl_sheet(tmp_path):
    def build(ws):
        ws.cell(row=1, column=1).value = 1
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.column_dimensions["A"].width = 22
        ws.page_setup.orientation = "landscape"

    sheet = openpyxl.load_workbook(_save(tmp_path, build))["Trang"]
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    assert sheet.column_dimensions["A"].width == 22 and sheet.page_setup.orientation == "landscape"


def test_a_sheet_xml_without_sheet_data_is_refused():
    workbook = openpyxl.Workbook()
    grid = GridSheet(workbook.active)
    with pytest.raises(ValueError):
        xlsx_grid.splice_sheet_data("<worksheet/>", grid, {}, __import__("io").BytesIO())
