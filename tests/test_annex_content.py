"""The annexes of a real unit, built through the Workspace and read back: lũy kế and cùng kỳ from the
periods that exist, STT numbering, page breaks, page numbers, signature blocks, PL4 without codes."""

from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from cchc_desktop.app import Workspace
from cchc_desktop.app.content.annex_content import build_annex
from cchc_desktop.app.usecases.annex_periods import has_figures, missing_text
from exports.annex_reader import read_annex
from exports.xlsx_annex import write_annex_xlsx
from exports.xlsx_print import page_capacity
from forms.periods import Period

PL1 = "PL1 Số liệu"
VISIBLE = ["PL1 Số liệu", "PL2 Hồ sơ TTHC", "PL3 Rà soát TTHC", "PL4 Kiểm tra số liệu"]
SUM_CODE = "cd.van_ban_chi_dao"  # time = "sum": the year to date adds the months
LAST_CODE = "cd.kh.muc_tieu"  # time = "last": the year to date is the latest month's
MONEY = "tcc.thu.thuc_hien"


def _open(path, frequency: str = "month") -> Workspace:
    ws = Workspace.open(path, create=True)
    ws.units.init_unit(
        code="P-ANHOA",
        name="UBND phường An Hòa",
        level="xa",
        frequency=frequency,
        place="Sa Đéc",
        authority_line="KT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="Trần Thị Bình",
    )
    return ws


def _export(ws: Workspace, period: str, target) -> openpyxl.Workbook:
    write_annex_xlsx(build_annex(ws, period), target)
    return openpyxl.load_workbook(target)


def _header(sheet) -> tuple[int, list[str]]:
    row = next(r for r in range(1, 15) if sheet.cell(r, 1).value == "STT")
    return row, [c.value for c in sheet[row] if c.value is not None]


def _row(sheet, label: str) -> int:
    rows = [c.row for c in sheet["B"] if c.value == label]
    assert len(rows) == 1, (label, rows)
    return rows[0]


def _column(sheet, title: str) -> str:
    row, titles = _header(sheet)
    return openpyxl.utils.get_column_letter(titles.index(title) + 1)


def _print_area(sheet) -> tuple[int, int, int, int]:
    area = sheet.print_area.split("!")[-1].replace("$", "")
    return range_boundaries(area)


@pytest.fixture
def monthly(tmp_path):
    ws = _open(tmp_path / "xa.sqlite")
    yield ws
    ws.close()


def test_year_to_date_adds_all_nine_months_when_they_exist(monthly, tmp_path):
    for month in range(1, 10):
        monthly.entry.set_values(f"2023-{month:02d}", {SUM_CODE: month, LAST_CODE: 10 + month})
    monthly.entry.set_values("2023-01", {MONEY: "1.000,5"})
    book = _export(monthly, "2023-Q3", tmp_path / "a.xlsx")
    sheet = book[PL1]
    ytd, note = _column(sheet, "Lũy kế 9 tháng"), _column(sheet, "Ghi chú")
    row = _row(sheet, "Văn bản chỉ đạo, hướng dẫn triển khai CCHC ban hành trong kỳ")
    assert sheet[f"D{row}"].value == 7 + 8 + 9
    assert sheet[f"{ytd}{row}"].value == sum(range(1, 10))
    assert sheet[f"{note}{row}"].value is None
    stock = _row(sheet, "Mục tiêu trọng tâm của Kế hoạch CCHC năm")
    assert sheet[f"{ytd}{stock}"].value == 19
    assert not any("thiếu số liệu" in str(c.value) for r in sheet.iter_rows() for c in r if c.value)


def test_year_to_date_is_empty_and_noted_when_months_are_missing(monthly, tmp_path):
    for month in (1, 3, 4, 6, 7, 8, 9):
        monthly.entry.set_values(f"2023-{month:02d}", {SUM_CODE: month, LAST_CODE: 10 + month})
    sheet = _export(monthly, "2023-Q3", tmp_path / "a.xlsx")[PL1]
    ytd, note = _column(sheet, "Lũy kế 9 tháng"), _column(sheet, "Ghi chú")
    row = _row(sheet, "Văn bản chỉ đạo, hướng dẫn triển khai CCHC ban hành trong kỳ")
    assert sheet[f"D{row}"].value == 24
    assert sheet[f"{ytd}{row}"].value is None
    assert sheet[f"{note}{row}"].value is None  # said once, under the table
    assert _notes(sheet) == [
        "Ghi chú: Cột “Lũy kế 9 tháng” thiếu số liệu tháng 2, tháng 5 năm 2023; "
        "các chỉ tiêu cần đến số liệu của các kỳ này được để trống."
    ]
    stock = _row(sheet, "Mục tiêu trọng tâm của Kế hoạch CCHC năm")
    assert sheet[f"{ytd}{stock}"].value == 19 and sheet[f"{note}{stock}"].value is None


def _notes(sheet) -> list[str]:
    """Every cell text that says which periods a column lacks."""
    return [c.value for r in sheet.iter_rows() for c in r if isinstance(c.value, str) and "thiếu số liệu" in c.value]


def test_a_quarterly_unit_with_only_its_quarter_has_no_nine_month_total(tmp_path):
    ws = _open(tmp_path / "q.sqlite", frequency="quarter")
    try:
        ws.entry.set_values("2023-Q3", {"tthc.hs.truc_tuyen": 1028, "tthc.hs.truc_tiep": 110, "tthc.hs.ky_truoc": 99})
        ws.entry.set_values("2023-Q3", {SUM_CODE: 33, "tthc.hs.tiep_nhan": 1237})
        sheet = _export(ws, "2023-Q3", tmp_path / "a.xlsx")[PL1]
    finally:
        ws.close()
    ytd, note = _column(sheet, "Lũy kế 9 tháng"), _column(sheet, "Ghi chú")
    for label in ("Văn bản chỉ đạo, hướng dẫn triển khai CCHC ban hành trong kỳ", "Tổng số hồ sơ tiếp nhận"):
        row = _row(sheet, label)
        assert sheet[f"D{row}"].value in (33, 1237)
        assert sheet[f"{ytd}{row}"].value is None
        assert sheet[f"{note}{row}"].value is None
    assert len(_notes(sheet)) == 1 and "Cột “Lũy kế 9 tháng” thiếu số liệu quý I, quý II năm 2023" in _notes(sheet)[0]


def test_a_period_holding_only_narratives_has_no_figures(monthly):
    assert not has_figures(monthly.template, {"nx.cd": "Chỉ có thuyết minh, chưa có số liệu.", SUM_CODE: None})
    assert has_figures(monthly.template, {"nx.cd": "…", SUM_CODE: 0})


def test_missing_periods_are_named_the_vietnamese_way():
    months = [Period("month", 2023, m) for m in (1, 2, 3, 4, 6, 8)]
    assert missing_text(months) == "tháng 1 đến tháng 4, tháng 6, tháng 8 năm 2023"
    assert missing_text([Period("quarter", 2023, 1), Period("quarter", 2023, 2)]) == "quý I, quý II năm 2023"


def test_last_year_column_is_always_printed_blank_until_last_year_is_known(monthly, tmp_path):
    """OUTPUTS.md: PL1 has its "Cùng kỳ năm trước" column always, blank when last year is unknown."""
    monthly.entry.set_values("2023-07", {SUM_CODE: 4})
    label = "Văn bản chỉ đạo, hướng dẫn triển khai CCHC ban hành trong kỳ"
    sheet = _export(monthly, "2023-07", tmp_path / "a.xlsx")[PL1]
    row, titles = _header(sheet)
    assert titles[3:5] == ["Tháng 7/2023", "Cùng kỳ năm 2022"] and titles[-1] == "Ghi chú"
    column = titles.index("Cùng kỳ năm 2022") + 1
    _, first_row, last_col, last_row = _print_area(sheet)
    assert column <= last_col == len(titles) and first_row <= row <= last_row
    assert sheet.cell(_row(sheet, label), column - 1).value == 4
    assert sheet.cell(_row(sheet, label), column).value is None  # unknown: blank, never 0
    assert all(sheet.cell(r, column).value is None for r in range(row + 1, last_row + 1))

    monthly.entry.set_values("2022-07", {SUM_CODE: 3})
    sheet = _export(monthly, "2023-07", tmp_path / "b.xlsx")[PL1]
    row, titles = _header(sheet)
    assert titles.index("Cùng kỳ năm 2022") + 1 == column
    assert sheet.cell(_row(sheet, label), column).value == 3


def test_stt_numbering_is_unique_and_follows_the_report(monthly, tmp_path):
    monthly.entry.set_values("2023-07", {SUM_CODE: 4})
    book = build_annex(monthly, "2023-07")
    sheet = _export(monthly, "2023-07", tmp_path / "a.xlsx")[PL1]
    header, _ = _header(sheet)
    stts = [sheet.cell(r, 1).value for r in range(header + 1, header + 1 + len(book.pl1))]
    assert stts == [row.stt for row in book.pl1]
    # numbering restarts in each part (I, II …) as in the report; the path part/number is unique
    paths, part = [], ""
    for row in book.pl1:
        if row.kind == "section" and row.level == 0:
            part = row.stt
        if row.stt != "-":
            paths.append((part, row.stt) if row.level == 1 or row.kind != "section" else (row.stt,))
    assert len(paths) == len(set(paths)), "an STT is used twice in one part"
    parts = [row.stt for row in book.pl1 if row.kind == "section" and row.level == 0]
    assert parts[:2] == ["I", "II"] and all(re.fullmatch(r"[IVX]+", p) for p in parts)
    current = ""
    for row in book.pl1:
        if row.kind == "section":
            assert not re.match(r"([IVX]+|\d+)(\.\d+)*\.? ", row.label), "the label repeats a number"
            current = row.stt if row.level == 1 else ""
            continue
        if row.stt == "-":
            assert row.indent == 1
        elif current:
            assert re.fullmatch(rf"{current}\.\d+", row.stt), (current, row.stt)
        else:
            assert re.fullmatch(r"\d+", row.stt), row.stt


def test_amounts_print_with_the_decimals_they_have(monthly, tmp_path):
    monthly.entry.set_values(
        "2023-07",
        {"tcc.thu.du_toan": "483.434,000", MONEY: "301.953,3", "tcc.dt.gn_cap_tren": "106.543,046"},
    )
    sheet = _export(monthly, "2023-07", tmp_path / "a.xlsx")[PL1]
    expected = {"#,##0": 483434, "#,##0.0": Decimal("301953.3"), "#,##0.000": Decimal("106543.046")}
    cells = [c for r in sheet.iter_rows() for c in r if c.data_type == "n" and c.value is not None]
    for fmt, value in expected.items():
        hits = [c for c in cells if Decimal(str(c.value)) == value]
        assert hits and all(c.number_format == fmt for c in hits), (value, [c.number_format for c in hits])


def _filled(monthly):
    values = {}
    for code, indicator in monthly.template.indicators.items():
        if indicator.type == "int" and indicator.table is None and indicator.time != "derived":
            values[code] = 5
    monthly.entry.set_values("2023-07", values)


def test_page_breaks_never_leave_a_heading_at_the_foot_of_a_page(monthly, tmp_path):
    _filled(monthly)
    book = build_annex(monthly, "2023-07")
    sheet = _export(monthly, "2023-07", tmp_path / "a.xlsx")[PL1]
    header, _ = _header(sheet)
    headings = {header + i for i, row in enumerate(book.pl1, 1) if row.kind == "section"}
    breaks = [b.id for b in sheet.row_breaks.brk]
    assert len(breaks) >= 2, "PL1 of every indicator runs over several A4 pages"
    assert not set(breaks) & headings
    _, _, _, last = _print_area(sheet)
    capacity = page_capacity(sheet)
    repeated = sheet.row_dimensions[header].height
    for start, end in zip([0, *breaks], [*breaks, last], strict=True):
        used = sum(sheet.row_dimensions[r].height for r in range(start + 1, end + 1))
        assert used + (repeated if start else 0) <= capacity, (start, end)
    signature = _row_of_text(sheet, "NGƯỜI LẬP BIỂU")
    assert not [b for b in breaks if b >= signature - 2], "the signature is separated from the table"


def _row_of_text(sheet, text: str) -> int:
    return next(c.row for r in sheet.iter_rows() for c in r if c.value == text)


def test_every_visible_sheet_numbers_its_own_pages_and_is_signed(monthly, tmp_path):
    _filled(monthly)
    target = tmp_path / "a.xlsx"
    book = _export(monthly, "2023-07", target)
    for name in VISIBLE:
        sheet = book[name]
        assert sheet.page_setup.useFirstPageNumber is True and int(sheet.page_setup.firstPageNumber) == 1
        assert sheet.oddFooter.center.text == "Trang &P/&N"
        texts = {c.value: c for r in sheet.iter_rows() for c in r if isinstance(c.value, str)}
        for text in ("NGƯỜI LẬP BIỂU", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bình"):
            assert text in texts, (name, text)
        preparer, authority = texts["NGƯỜI LẬP BIỂU"], texts["KT. CHỦ TỊCH"]
        title, signer = texts["PHÓ CHỦ TỊCH"], texts["Trần Thị Bình"]
        assert preparer.row == authority.row and preparer.column < authority.column
        assert preparer.font.b and authority.font.b and signer.font.b
        assert signer.row - title.row >= 4, "no room to sign"
        _, _, _, last = _print_area(sheet)
        assert signer.row == last
    assert read_annex(target).checksum_ok


def test_pl4_names_sections_indicators_and_months_not_rule_ids(monthly, tmp_path):
    monthly.entry.set_values(
        "2023-08",
        {"tthc.hs.tiep_nhan": 50, "tthc.hs.truc_tuyen": 30, "tthc.hs.truc_tiep": 10, "tthc.hs.ky_truoc": 0},
    )
    target = tmp_path / "a.xlsx"
    book = _export(monthly, "2023-Q3", target)
    sheet = book["PL4 Kiểm tra số liệu"]
    texts = [str(c.value) for r in sheet.iter_rows() for c in r if c.value is not None]
    rule_ids = {rule.id for rule in monthly.template.rules}
    assert not [t for t in texts if t in rule_ids or re.search(r"\b[a-z_]+\.[a-z_]+(\.[a-z0-9_]+)*\b", t)]
    row = next(c.row for r in sheet.iter_rows() for c in r if c.value == "Tháng 8/2023")
    line = [sheet.cell(row, c).value for c in range(1, 8)]
    assert line[1] == "Cải cách thủ tục hành chính"
    assert "Tổng số hồ sơ tiếp nhận" in line[2]
    content = read_annex(target)
    assert content.checksum_ok
    assert ("tthc.hs.tiep_nhan", "2023-08", "P-ANHOA", "50") in content.values


def test_pl4_lists_a_months_slip_once_as_the_window_does(monthly, tmp_path):
    slip = {"tthc.hs.da_giai_quyet": "10", "tthc.hs.truoc_han": "4", "tthc.hs.dung_han": "3", "tthc.hs.qua_han": "1"}
    monthly.entry.set_values("2023-07", slip)
    found = monthly.checks.check("2023-Q3")
    assert [v.period for v in found if v.rule == "tthc.hs.7"] == ["2023-07"]  # the aggregated figures' not repeated
    book = _export(monthly, "2023-Q3", tmp_path / "pl4.xlsx")
    rows = [
        r
        for r in book["PL4 Kiểm tra số liệu"].iter_rows(values_only=True)
        if r and "Số hồ sơ đã giải quyết (10)" in str(r)
    ]
    assert len(rows) == 1 and "Tháng 7/2023" in rows[0]
