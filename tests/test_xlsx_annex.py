"""The Excel annexes: layout, numbers as numbers, formulas that match the app, the `_cchc` sheet, reading back."""

from __future__ import annotations

import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from exports.annex_reader import read_annex
from exports.checksum import checksum
from exports.errors import ExportError
from exports.model import AnnexRow, AnnexWorkbook, CheckRow, DossierRow, ReviewRow
from exports.xlsx_annex import build_annex_workbook, write_annex_xlsx
from exports.xlsx_print import WIDTH_SAFETY, line_count, page_capacity, paginate, row_height, setup_print
from tests.formulas import summed

SHEETS = ["PL1 Số liệu", "PL2 Hồ sơ TTHC", "PL3 Rà soát TTHC", "PL4 Kiểm tra số liệu", "_cchc"]
PL2_COLUMNS = [
    ("tthc.hs.tiep_nhan", "(3)", "Tổng số"),
    ("tthc.hs.truc_tuyen", "(4)", "Số mới tiếp nhận trực tuyến"),
    ("tthc.hs.truc_tiep", "(5)", "Số mới tiếp nhận trực tiếp và qua dịch vụ bưu chính"),
    ("tthc.hs.ky_truoc", "(6)", "Số kỳ trước chuyển qua"),
    ("tthc.hs.da_giai_quyet", "(7)", "Tổng số"),
    ("tthc.hs.truoc_han", "(8)", "Trước hạn"),
    ("tthc.hs.dung_han", "(9)", "Đúng hạn"),
    ("tthc.hs.qua_han", "(10)", "Quá hạn"),
    ("tthc.hs.dang_giai_quyet", "(11)", "Tổng số"),
    ("tthc.hs.dang_trong_han", "(12)", "Trong hạn"),
    ("tthc.hs.dang_qua_han", "(13)", "Quá hạn"),
]
PL3_COLUMNS = [
    ("tong", "Số TTHC thuộc lĩnh vực đã rà soát"),
    ("don_gian_hoa", "Kiến nghị đơn giản hóa"),
    ("bai_bo", "Kiến nghị bãi bỏ"),
    ("giu_nguyen", "Kiến nghị giữ nguyên"),
]
NOTE = "+ Tiếp tục đẩy mạnh tiếp nhận hồ sơ trực tuyến toàn trình, nâng tỷ lệ số hóa hồ sơ."
EXPLANATION = "=SUM(A1) là do phường nhập nhầm, đã điều chỉnh theo sổ theo dõi."


def _dossier(*numbers: int | None) -> dict[str, int | None]:
    return {code: value for (code, _, _), value in zip(PL2_COLUMNS, numbers, strict=True)}


def _add(*rows: dict) -> dict:
    return {key: sum(row[key] or 0 for row in rows) for key in rows[0]}


def _review(tong, don_gian_hoa, bai_bo, giu_nguyen) -> dict:
    return {"tong": tong, "don_gian_hoa": don_gian_hoa, "bai_bo": bai_bo, "giu_nguyen": giu_nguyen}


CITY = _dossier(1138, 1019, 89, 30, 1097, 412, 673, 12, 41, 38, 3)
WARD1 = _dossier(524, 463, 51, 10, 515, 120, 390, 5, 9, 9, 0)
WARD2 = _dossier(311, 298, 13, None, 305, 100, 205, 0, 6, 5, 1)
REVIEW = [
    ("Cấp huyện – Tư pháp", _review(12, 3, 1, 8)),
    ("Cấp huyện – Đất đai", _review(20, 5, 0, 15)),
    ("Cấp huyện – Xây dựng", _review(7, 2, None, 5)),
    ("Cấp xã – Tư pháp", _review(9, 1, 1, 7)),
    ("Cấp xã – Chứng thực", _review(4, 0, 0, 4)),
]


def make_book() -> AnnexWorkbook:
    pl2 = [
        DossierRow("unit", "UBND thành phố Sa Đéc", CITY),
        DossierRow("subtotal", "Cộng cấp huyện", _add(CITY)),
        DossierRow("unit", "UBND Phường 1", WARD1),
        DossierRow("unit", "UBND phường An Hòa", WARD2),
        DossierRow("subtotal", "Cộng cấp xã", _add(WARD1, WARD2)),
        DossierRow("total", "Tổng cộng", _add(CITY, WARD1, WARD2)),
    ]
    huyen, xa = [values for _, values in REVIEW[:3]], [values for _, values in REVIEW[3:]]
    pl3 = [ReviewRow("row", label, values) for label, values in REVIEW[:3]]
    pl3 += [ReviewRow("subtotal", "Cộng cấp huyện", _add(*huyen))]
    pl3 += [ReviewRow("row", label, values) for label, values in REVIEW[3:]]
    pl3 += [ReviewRow("subtotal", "Cộng cấp xã", _add(*xa)), ReviewRow("total", "Tổng cộng", _add(*huyen, *xa))]
    pl1 = [
        AnnexRow("section", "I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
        AnnexRow(
            "value", "1", "Số văn bản chỉ đạo, điều hành CCHC đã ban hành", "văn bản", 3, 2, 9, number_format="#,##0"
        ),
        AnnexRow("value", "2", "Ngày ban hành kế hoạch kiểm tra CCHC", "", "31/8/2023"),
        AnnexRow(
            "value",
            "3",
            "Hình thức tuyên truyền CCHC",
            "",
            "Pa nô, áp phích; Trang thông tin điện tử",
            note="-Theo kế hoạch số 15/KH-UBND",
        ),
        AnnexRow("section", "II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"),
        AnnexRow("value", "1", "Tổng số hồ sơ TTHC đã tiếp nhận", "hồ sơ", 1138, 1002, 3391, number_format="#,##0"),
        AnnexRow("value", "2", "Số hồ sơ đã giải quyết", "hồ sơ", 1097, None, 3301, number_format="#,##0"),
        AnnexRow(
            "rate",
            "",
            "Tỷ lệ hồ sơ giải quyết trước và đúng hạn",
            "%",
            Decimal("92.53"),
            Decimal("95.1"),
            Decimal("93.07"),
            number_format='0.00"%"',
        ),
        AnnexRow("section", "III", "CẢI CÁCH TÀI CHÍNH CÔNG"),
        AnnexRow(
            "value",
            "1",
            "Tổng thu ngân sách nhà nước trên địa bàn",
            "triệu đồng",
            Decimal("301953.3"),
            Decimal("287001.125"),
            Decimal("812334.5"),
            note="@Số liệu của Chi cục Thuế",
            number_format="#,##0.000",
        ),
        AnnexRow("value", "2", "Phương hướng, nhiệm vụ quý IV năm 2023", "", NOTE),
    ]
    pl4 = [
        CheckRow(
            "tthc.hs.3",
            "Lỗi",
            "Tháng 8/2023",
            "Tổng số hồ sơ tiếp nhận (1.138) phải bằng trực tuyến + "
            "trực tiếp + kỳ trước chuyển qua (1.137); chênh lệch 1 hồ sơ.",
            EXPLANATION,
            section="Cải cách thủ tục hành chính",
            indicators="Tổng số hồ sơ tiếp nhận\nHồ sơ mới tiếp nhận trực tuyến",
        ),
        CheckRow(
            "tthc.hs.outlier",
            "Cảnh báo",
            "Quý III/2023",
            "Số hồ sơ trực tuyến (1.019) cao gấp 3,2 lần trung bình 4 kỳ trước.",
            "",
            section="Cải cách thủ tục hành chính",
            indicators="Hồ sơ mới tiếp nhận trực tuyến",
        ),
    ]
    values = [
        ("cd.vb.ban_hanh", "2023-Q3", "SADEC", "3"),
        ("cd.kt.ngay", "2023-Q3", "SADEC", "2023-08-31"),
        ("tc.thu.ns", "2023-Q3", "SADEC", "301953.3"),
        ("nx.phuong_huong", "2023-Q3", "SADEC", NOTE),
        ("nx.tthc", "2023-Q3", "SADEC", "Dòng một\x0bdòng hai _x0041_ giữ nguyên"),
        ("cd.tt.hinh_thuc", "2023-Q3", "SADEC", "=1+1"),
    ]
    values += [(code, "2023-Q3", "SADEC", str(CITY[code])) for code, _, _ in PL2_COLUMNS]
    values += [
        (f"tthc.rs.{key}@huyen/{slug}", "2023-Q3", "SADEC", str(v))
        for (_, row), slug in zip(REVIEW[:3], ("tu_phap", "dat_dai", "xay_dung"), strict=True)
        for key, v in row.items()
        if v is not None
    ]
    return AnnexWorkbook(
        unit_code="SADEC",
        unit_name="UBND thành phố Sa Đéc",
        unit_level="huyen",
        parent_code="DONGTHAP",
        issuing_body="UBND thành phố Sa Đéc",
        period="2023-Q3",
        period_label="quý III năm 2023",
        template_version="2023.1",
        app_version="0.1.0",
        exported_at="2023-09-15T08:30:00+07:00",
        report_ref="(Kèm theo Báo cáo số      /BC-UBND ngày      tháng 9 năm 2023 của UBND thành phố Sa Đéc)",
        pl1=pl1,
        pl1_columns=("Quý III/2023", "Cùng kỳ năm 2022", "Lũy kế 9 tháng"),
        pl2_columns=PL2_COLUMNS,
        pl2=pl2,
        pl3_columns=PL3_COLUMNS,
        pl3=pl3,
        pl4=pl4,
        values=values,
        place_date="Sa Đéc, ngày      tháng 9 năm 2023",
        authority_line="TM. ỦY BAN NHÂN DÂN",
        signer_title="CHỦ TỊCH",
        signer_name="Nguyễn Văn Hon",
        # the layout of PL2/PL3 is the template's (forms/2023.1/template.toml [annex]), passed in by the app
        pl2_title="Tình hình, kết quả giải quyết thủ tục hành chính",
        pl2_form="Biểu II.06a/VPCP/KSTT",
        pl2_groups=[
            (3, 6, "Số hồ sơ nhận giải quyết"),
            (7, 10, "Số hồ sơ đã giải quyết"),
            (11, 13, "Số hồ sơ đang giải quyết"),
        ],
        pl3_title="Kết quả rà soát, đơn giản hóa thủ tục hành chính",
        pl3_rates=[
            ("Tỷ lệ đơn giản hóa, bãi bỏ (%)", ("don_gian_hoa", "bai_bo"), "tong"),
            ("Tỷ lệ giữ nguyên (%)", ("giu_nguyen",), "tong"),
        ],
    )


# ----- a tiny formula evaluator: SUM and COUNT (ranges and cells), + - * /, ROUND, IF, OR, "=" and "<" --------

_TOKEN = re.compile(r'\s*(?:(\d+(?:\.\d+)?)|"([^"]*)"|([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)|([A-Z]+)\(|(.))')


def evaluate(ws, ref: str) -> object:
    """The value Excel would show in ws[ref] (Decimal, "" or None)."""
    value = ws[ref].value
    if isinstance(value, str) and value.startswith("=") and ws[ref].data_type == "f":
        return _Parser(ws, value[1:]).run()
    if isinstance(value, int | float):
        return Decimal(str(value))
    return value


class _Parser:
    def __init__(self, ws, text: str):
        self.ws = ws
        self.tokens = [m.groups() for m in _TOKEN.finditer(text) if any(g is not None for g in m.groups())]
        self.pos = 0

    def run(self) -> object:
        value = self.compare()
        assert self.pos == len(self.tokens), f"unparsed: {self.tokens[self.pos :]}"
        return value

    def peek(self, op: str) -> bool:
        return self.pos < len(self.tokens) and self.tokens[self.pos][4] == op

    def take(self, op: str) -> None:
        assert self.peek(op), f"expected {op!r} at {self.tokens[self.pos :]}"
        self.pos += 1

    def compare(self) -> object:
        left = self.additive()
        if self.peek("="):
            self.pos += 1
            return _num(left) == _num(self.additive())
        if self.peek("<"):
            self.pos += 1
            return _num(left) < _num(self.additive())
        return left

    def additive(self) -> object:
        value = self.term()
        while self.peek("+") or self.peek("-"):
            sign = self.tokens[self.pos][4]
            self.pos += 1
            right = _num(self.term())
            value = _num(value) + right if sign == "+" else _num(value) - right
        return value

    def term(self) -> object:
        value = self.factor()
        while self.peek("*") or self.peek("/"):
            sign = self.tokens[self.pos][4]
            self.pos += 1
            right = _num(self.factor())
            value = _num(value) * right if sign == "*" else _num(value) / right
        return value

    def factor(self) -> object:
        number, string, ref, func, op = self.tokens[self.pos]
        self.pos += 1
        if number is not None:
            return Decimal(number)
        if string is not None:
            return string
        if ref is not None:
            assert ":" not in ref, "a range outside SUM"
            return evaluate(self.ws, ref)
        if op == "(":
            value = self.compare()
            self.take(")")
            return value
        if op == "-":
            return -_num(self.factor())
        args = self.arguments(func)
        if func == "SUM":
            return sum((_num(a) for a in args if isinstance(a, Decimal)), Decimal(0))
        if func == "COUNT":  # the cells holding numbers (a blank or "" is not counted)
            return Decimal(sum(1 for a in args if isinstance(a, Decimal)))
        if func == "OR":
            return any(bool(a) for a in args)
        if func == "ROUND":
            return _num(args[0]).quantize(Decimal(1).scaleb(-int(args[1])), rounding=ROUND_HALF_UP)
        if func == "IF":
            return args[1] if args[0] else args[2]
        raise AssertionError(f"unknown function {func}")

    def arguments(self, func: str) -> list:
        args = []
        while not self.peek(")"):
            number, string, ref, _, _ = self.tokens[self.pos]
            if func in ("SUM", "COUNT") and ref is not None and ":" in ref:
                self.pos += 1
                args += [evaluate(self.ws, c.coordinate) for row in self.ws[ref] for c in row]
            else:
                args.append(self.compare())
            if self.peek(","):
                self.pos += 1
        self.take(")")
        return args


def _num(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(0)


# ----- helpers -----------------------------------------------------------------------------------------------


def _row_of(ws, label: str, column: str = "B") -> int:
    rows = [cell.row for cell in ws[column] if cell.value == label]
    assert len(rows) == 1, f"{label!r} found in rows {rows}"
    return rows[0]


def _texts(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.fixture
def annex(tmp_path) -> Path:
    return write_annex_xlsx(make_book(), tmp_path / "Phụ lục CCHC quý III-2023.xlsx")


# ----- the visible sheets -----------------------------------------------------------------------------------


def test_sheets_in_order_and_data_sheet_hidden_and_protected(annex):
    wb = openpyxl.load_workbook(annex)
    assert wb.sheetnames == SHEETS
    assert [wb[name].sheet_state for name in SHEETS] == ["visible"] * 4 + ["hidden"]
    assert wb["_cchc"].protection.sheet is True
    assert wb["_cchc"].protection.password
    assert wb.active.title == "PL1 Số liệu"


@pytest.mark.parametrize(
    ("sheet", "orientation", "title_rows"),
    [
        ("PL1 Số liệu", "portrait", "$5:$5"),
        ("PL2 Hồ sơ TTHC", "landscape", "$6:$9"),
        ("PL3 Rà soát TTHC", "portrait", "$5:$5"),
        ("PL4 Kiểm tra số liệu", "landscape", "$5:$5"),
    ],
)
def test_print_setup(annex, sheet, orientation, title_rows):
    ws = openpyxl.load_workbook(annex)[sheet]
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
    assert ws.page_setup.orientation == orientation
    # an explicit scale, not "fit to page" (Excel ignores manual page breaks on a fit-to-page sheet)
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    table = sum(ws.column_dimensions[get_column_letter(c)].width * 7 * 0.75 for c in range(1, ws.max_column + 1))
    page_width = (842 if orientation == "landscape" else 595) - 72 * (ws.page_margins.left + ws.page_margins.right)
    room = page_width * WIDTH_SAFETY  # LibreOffice's columns are wider than Excel's (tests/test_annex_print.py)
    scale = int(ws.page_setup.scale)
    assert table * scale / 100 <= room < table * (scale + 1) / 100 or scale == 100
    assert ws.print_title_rows == title_rows
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    first_data = int(title_rows.split(":")[1].lstrip("$")) + 1
    assert ws.freeze_panes in (f"A{first_data}", f"C{first_data}")


def test_title_blocks(annex):
    wb = openpyxl.load_workbook(annex)
    expected = {
        "PL1 Số liệu": ("Phụ lục I", "SỐ LIỆU KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ III NĂM 2023"),
        "PL2 Hồ sơ TTHC": ("Phụ lục II", "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"),
        "PL3 Rà soát TTHC": ("Phụ lục III", "KẾT QUẢ RÀ SOÁT, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH"),
        "PL4 Kiểm tra số liệu": ("Phụ lục IV", "KẾT QUẢ KIỂM TRA SỐ LIỆU VÀ GIẢI TRÌNH"),
    }
    for name, (annex_no, title) in expected.items():
        ws = wb[name]
        assert ws["A1"].value == annex_no and ws["A1"].font.b
        assert ws["A2"].value == title and ws["A2"].font.b
        ref_row = 4 if name == "PL2 Hồ sơ TTHC" else 3
        assert ws.cell(ref_row, 1).value.startswith("(Kèm theo Báo cáo số") and ws.cell(ref_row, 1).font.i
        assert any(str(r).startswith("A1:") for r in ws.merged_cells.ranges)
    assert wb["PL2 Hồ sơ TTHC"]["A3"].value == "Biểu II.06a/VPCP/KSTT"


def test_pl1_numbers_are_numbers_with_formats(annex):
    ws = openpyxl.load_workbook(annex)["PL1 Số liệu"]
    assert [c.value for c in ws[5]] == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Quý III/2023",
        "Cùng kỳ năm 2022",
        "Lũy kế 9 tháng",
        "Ghi chú",
    ]
    money = _row_of(ws, "Tổng thu ngân sách nhà nước trên địa bàn")
    assert ws[f"D{money}"].data_type == "n" and ws[f"D{money}"].value == pytest.approx(301953.3)
    assert ws[f"D{money}"].number_format == "#,##0.0"
    assert ws[f"E{money}"].value == pytest.approx(287001.125) and ws[f"E{money}"].number_format == "#,##0.000"
    rate = _row_of(ws, "Tỷ lệ hồ sơ giải quyết trước và đúng hạn")
    assert ws[f"D{rate}"].value == pytest.approx(92.53) and ws[f"D{rate}"].number_format == '0.00"%"'
    assert ws[f"D{rate}"].font.i and ws[f"B{rate}"].font.i
    count = _row_of(ws, "Tổng số hồ sơ TTHC đã tiếp nhận")
    assert (ws[f"D{count}"].value, ws[f"D{count}"].data_type, ws[f"D{count}"].number_format) == (1138, "n", "#,##0")
    solved = _row_of(ws, "Số hồ sơ đã giải quyết")
    assert ws[f"E{solved}"].value is None
    day = _row_of(ws, "Ngày ban hành kế hoạch kiểm tra CCHC")
    assert ws[f"D{day}"].value == "31/8/2023" and ws[f"D{day}"].data_type == "s"
    section = _row_of(ws, "CẢI CÁCH THỦ TỤC HÀNH CHÍNH")
    assert ws[f"B{section}"].font.b and ws[f"A{section}"].fill.fgColor.rgb.endswith("E7E6E6")
    assert f"B{section}:G{section}" in {str(r) for r in ws.merged_cells.ranges}
    assert ws[f"D{count}"].border.left.style == "thin"


def test_person_text_is_never_a_formula(annex):
    wb = openpyxl.load_workbook(annex)
    pl1, pl4 = wb["PL1 Số liệu"], wb["PL4 Kiểm tra số liệu"]
    plan = _row_of(pl1, "Phương hướng, nhiệm vụ quý IV năm 2023")
    tuyen_truyen = _row_of(pl1, "Hình thức tuyên truyền CCHC")
    money = _row_of(pl1, "Tổng thu ngân sách nhà nước trên địa bàn")
    cells = [
        (pl1[f"D{plan}"], NOTE),
        (pl1[f"G{tuyen_truyen}"], "-Theo kế hoạch số 15/KH-UBND"),
        (pl1[f"G{money}"], "@Số liệu của Chi cục Thuế"),
        (pl4["G6"], EXPLANATION),
    ]
    for cell, text in cells:
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    data = wb["_cchc"]
    formula_like = [c for row in data.iter_rows() for c in row if c.value == "=1+1"]
    assert len(formula_like) == 1 and formula_like[0].data_type == "s"
    assert all(c.data_type != "f" for ws in (pl1, pl4, data) for row in ws.iter_rows() for c in row)


def test_pl2_header_and_formulas_match_the_app(annex):
    book = make_book()
    ws = openpyxl.load_workbook(annex)["PL2 Hồ sơ TTHC"]
    texts = _texts(ws)
    for text in (
        "STT",
        "Đơn vị",
        "Số hồ sơ nhận giải quyết",
        "Trong đó",
        "Số hồ sơ đã giải quyết",
        "Số hồ sơ đang giải quyết",
        "Số mới tiếp nhận trực tuyến",
        "(1)",
        "(2)",
        "(13)",
    ):
        assert text in texts
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A6:A8", "B6:B8", "C6:F6", "G6:J6", "K6:M6", "D7:F7", "C7:C8"} <= merged
    assert [ws.cell(9, c).value for c in range(1, 14)] == [f"({n})" for n in range(1, 14)]
    for offset, item in enumerate(book.pl2):
        row = 10 + offset
        assert ws[f"B{row}"].value == item.label
        for column, (code, _, _) in enumerate(PL2_COLUMNS, 3):
            cell = ws.cell(row, column)
            if item.kind == "unit":
                assert cell.data_type == "n" or cell.value is None
                assert cell.value == item.values[code]
            else:
                assert cell.data_type == "f" and summed(cell.value)
                assert cell.font.b
                assert evaluate(ws, cell.coordinate) == item.values[code], (item.label, code)
            assert cell.number_format == "#,##0"
    assert summed(ws["C15"].value) == "C11,C14"
    assert summed(ws["C14"].value) == "C12:C13"
    # no unit reported (6) for An Hòa, so the level's (6) is Phường 1's alone; a column nobody filled is blank
    assert evaluate(ws, "F14") == Decimal(10) and evaluate(ws, "F15") == Decimal(40)


def test_pl3_formulas_and_rates_match_the_app(annex):
    book = make_book()
    ws = openpyxl.load_workbook(annex)["PL3 Rà soát TTHC"]
    assert [c.value for c in ws[5]] == [
        "STT",
        "Cấp / lĩnh vực",
        *(label for _, label in PL3_COLUMNS),
        "Tỷ lệ đơn giản hóa, bãi bỏ (%)",
        "Tỷ lệ giữ nguyên (%)",
    ]
    huyen, xa = [values for _, values in REVIEW[:3]], [values for _, values in REVIEW[3:]]
    made_of = [[v] for v in huyen] + [huyen] + [[v] for v in xa] + [xa, huyen + xa]  # the rows each line adds

    def expected(rows: list[dict], values: dict, parts: tuple[str, ...]) -> object:
        """Blank unless every cell the rate is made of is filled (here or in the rows a total adds)."""
        if any(row[key] is None for row in rows for key in (*parts, "tong")):
            return ""
        rate = Decimal(sum(values[key] for key in parts)) * 100 / values["tong"]
        return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    for offset, item in enumerate(book.pl3):
        row = 6 + offset
        assert ws[f"B{row}"].value == item.label
        for column, (key, _) in enumerate(PL3_COLUMNS, 3):
            cell = ws.cell(row, column)
            if item.kind == "row":
                assert cell.value == item.values[key] and (cell.value is None or cell.data_type == "n")
            else:
                assert cell.data_type == "f"
                assert evaluate(ws, cell.coordinate) == item.values[key], (item.label, key)
        assert evaluate(ws, f"G{row}") == expected(made_of[offset], item.values, ("don_gian_hoa", "bai_bo"))
        assert evaluate(ws, f"H{row}") == expected(made_of[offset], item.values, ("giu_nguyen",))
        for column in "GH":  # two decimals, whatever the value, as the report's prose prints a rate (100,00%)
            assert ws[f"{column}{row}"].number_format == '0.00"%"'

    # "Cấp huyện – Xây dựng" has no "bãi bỏ": its rate, the huyện subtotal's and the total's are blank
    assert [evaluate(ws, f"G{row}") for row in (8, 9, 13)] == ["", "", ""]
    assert evaluate(ws, "H9") != ""  # giữ nguyên is known in every huyện row
    assert ws["G6"].value == '=IF(OR(COUNT(D6)<1,COUNT(E6)<1,COUNT(C6)<1,C6=0),"",ROUND((D6+E6)/C6*100,2))'
    assert summed(ws["C13"].value) == "C9,C12"
    assert summed(ws["C9"].value) == "C6:C8"


def test_formula_results_are_stored_for_viewers_that_do_not_recalculate(annex):
    book = make_book()
    wb = openpyxl.load_workbook(annex, data_only=True)
    pl2, pl3 = wb["PL2 Hồ sơ TTHC"], wb["PL3 Rà soát TTHC"]
    for offset, item in enumerate(book.pl2):
        for column, (code, _, _) in enumerate(PL2_COLUMNS, 3):
            assert (pl2.cell(10 + offset, column).value or 0) == (item.values[code] or 0)
    for offset, item in enumerate(book.pl3):
        assert pl3.cell(6 + offset, 3).value == item.values["tong"]
    assert pl3["G6"].value == pytest.approx(33.33)


def test_pl4_lists_checks_and_empty_pl4_says_so(annex, tmp_path):
    ws = openpyxl.load_workbook(annex)["PL4 Kiểm tra số liệu"]
    assert [c.value for c in ws[5]] == [
        "STT",
        "Mục",
        "Chỉ tiêu liên quan",
        "Mức độ",
        "Kỳ",
        "Nội dung sai sót",
        "Giải trình",
    ]
    assert [c.value for c in ws[6]][:5] == [
        "1",
        "Cải cách thủ tục hành chính",
        "Tổng số hồ sơ tiếp nhận\nHồ sơ mới tiếp nhận trực tuyến",
        "Lỗi",
        "Tháng 8/2023",
    ]
    assert ws["D7"].value == "Cảnh báo"
    assert not any("tthc.hs" in text for text in _texts(ws))
    book = make_book()
    book.pl4 = []
    empty = build_annex_workbook(book)["PL4 Kiểm tra số liệu"]
    assert empty["A6"].value == "Không có sai sót nào."


def test_control_characters_and_long_text_survive(tmp_path):
    book = make_book()
    long_text = "Nội dung rất dài. " * 2500
    book.values.append(("nx.danh_gia", "2023-Q3", "SADEC", long_text))
    book.pl1.append(AnnexRow("value", "3", "Ghi chú\x0bdán từ Word", "", "a\x01b _x0041_"))
    path = write_annex_xlsx(book, tmp_path / "pl.xlsx")
    content = read_annex(path)
    assert content.values == book.values and content.checksum_ok
    ws = openpyxl.load_workbook(path)["PL1 Số liệu"]
    assert _row_of(ws, "Ghi chú\ndán từ Word")


# ----- the _cchc sheet and reading back ---------------------------------------------------------------------


def test_read_annex_returns_the_values_and_a_valid_checksum(annex):
    book = make_book()
    content = read_annex(annex)
    assert content.values == book.values
    assert content.checksum_ok is True
    header = content.header
    assert header["format"] == "cchc-annex" and header["format_version"] == "1"
    assert header["checksum"] == checksum(book.values)
    assert (header["unit_code"], header["unit_name"], header["period"]) == ("SADEC", "UBND thành phố Sa Đéc", "2023-Q3")
    assert header["value_count"] == str(len(book.values))
    assert content.changed == []
    assert content.visible["PL2 Hồ sơ TTHC!C10"] == Decimal(1138)
    assert content.visible["PL2 Hồ sơ TTHC!F13"] is None
    refs = {cell.ref: cell for cell in content.cells}
    assert refs["PL2 Hồ sơ TTHC!C12"].column == "tthc.hs.tiep_nhan"
    assert refs["PL2 Hồ sơ TTHC!C12"].label == "UBND Phường 1"
    money = [c for c in content.cells if c.label == "Tổng thu ngân sách nhà nước trên địa bàn"]
    assert [c.current for c in money] == [Decimal("301953.3"), Decimal("287001.125"), Decimal("812334.5")]
    assert "PL3 Rà soát TTHC!C6" in content.visible


def test_a_visible_number_changed_in_excel_is_seen(annex):
    wb = openpyxl.load_workbook(annex)
    wb["PL2 Hồ sơ TTHC"]["D12"] = 470
    wb["PL1 Số liệu"].cell(_row_of(wb["PL1 Số liệu"], "Tổng số hồ sơ TTHC đã tiếp nhận"), 4).value = "một nghìn"
    wb.save(annex)
    content = read_annex(annex)
    assert content.visible["PL2 Hồ sơ TTHC!D12"] == Decimal(470)
    assert content.checksum_ok
    changed = {cell.ref: (cell.exported, cell.current) for cell in content.changed}
    assert changed["PL2 Hồ sơ TTHC!D12"] == (Decimal(463), Decimal(470))
    assert len(changed) == 2


def test_inserted_rows_do_not_look_like_changes(annex):
    wb = openpyxl.load_workbook(annex)
    wb["PL2 Hồ sơ TTHC"].insert_rows(10, 2)
    wb.save(annex)
    content = read_annex(annex)
    assert content.changed == []
    assert {c.read_from for c in content.cells if c.ref == "PL2 Hồ sơ TTHC!C10"} == {"C12"}


def test_an_edited_data_sheet_fails_the_checksum(annex):
    wb = openpyxl.load_workbook(annex)
    data = wb["_cchc"]
    cell = next(c for row in data.iter_rows() for c in row if c.value == "301953.3")
    cell.value = "301953.4"
    wb.save(annex)
    content = read_annex(annex)
    assert content.checksum_ok is False


def test_refuses_files_that_are_not_annexes(tmp_path):
    text = tmp_path / "thu.xlsx"
    text.write_text("Đây không phải tệp Excel", encoding="utf-8")
    with pytest.raises(ExportError, match="không phải là tệp Excel"):
        read_annex(text)
    plain = tmp_path / "bang_tinh.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(ExportError, match="không có trang dữ liệu ẩn chứa số liệu") as caught:
        read_annex(plain)
    assert "_cchc" not in str(caught.value)
    other = openpyxl.Workbook()
    other.create_sheet("_cchc").append(["format", "khac"])
    other.save(tmp_path / "khac.xlsx")
    with pytest.raises(ExportError, match="không phải là tệp phụ lục"):
        read_annex(tmp_path / "khac.xlsx")
    with pytest.raises(ExportError, match="Không mở được tệp khong_co.xlsx: không tìm thấy thư mục hoặc tệp"):
        read_annex(tmp_path / "khong_co.xlsx")


def test_refuses_a_zip_bomb_and_too_many_members(tmp_path, annex):
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", zipfile.ZipFile(annex).read("[Content_Types].xml"))
        with archive.open("xl/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(60):
                member.write(chunk)
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(ExportError, match="50 MB"):
        read_annex(bomb)
    crowd = tmp_path / "nhieu.xlsx"
    with zipfile.ZipFile(annex) as source, zipfile.ZipFile(crowd, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        for number in range(2001):
            archive.writestr(f"xl/extra/{number}.xml", "")
    with pytest.raises(ExportError, match="quá nhiều thành phần"):
        read_annex(crowd)


def test_a_locked_target_keeps_the_old_file(tmp_path, monkeypatch, annex):
    before = annex.read_bytes()

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("exports.atomic.os.replace", locked)
    book = make_book()
    book.unit_name = "Tên khác"
    with pytest.raises(ExportError, match="đang được mở"):
        write_annex_xlsx(book, annex)
    assert annex.read_bytes() == before
    assert sorted(p.name for p in annex.parent.iterdir()) == [annex.name]


def test_build_returns_a_workbook_without_touching_disk(tmp_path):
    wb = build_annex_workbook(make_book())
    assert wb.sheetnames == SHEETS
    assert list(tmp_path.iterdir()) == []


# ----- printing: formats by decimals, even heights, page breaks, page numbers, signatures --------------------


def test_each_amount_gets_the_format_of_its_own_decimals(tmp_path):
    book = make_book()
    book.pl1.append(
        AnnexRow(
            "value",
            "4",
            "Dự toán thu ngân sách",
            "triệu đồng",
            Decimal("483434.000"),
            Decimal("106543.046"),
            Decimal("12.50"),
            number_format="#,##0.000",
        )
    )
    ws = openpyxl.load_workbook(write_annex_xlsx(book, tmp_path / "a.xlsx"))["PL1 Số liệu"]
    row = _row_of(ws, "Dự toán thu ngân sách")
    assert [ws[f"{c}{row}"].number_format for c in "DEF"] == ["#,##0", "#,##0.000", "#,##0.0"]
    assert ws[f"D{row}"].value == 483434
    rate = _row_of(ws, "Tỷ lệ hồ sơ giải quyết trước và đúng hạn")
    # a rate always with two decimals, as the report prints it: 95,1 shows 95,10% (not 95,1%)
    assert [ws[f"{c}{rate}"].number_format for c in "DEF"] == ['0.00"%"', '0.00"%"', '0.00"%"']


def test_row_heights_are_even_and_fit_wrapped_labels(annex):
    ws = openpyxl.load_workbook(annex)["PL1 Số liệu"]
    spans = {}
    for merged in ws.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = range(merged.min_col, merged.max_col + 1)
    standard = row_height(1)
    for row in range(6, 6 + len(make_book().pl1)):
        lines = 1
        for cell in ws[row]:
            if isinstance(cell.value, str):
                columns = spans.get((row, cell.column), [cell.column])
                width = sum(ws.column_dimensions[get_column_letter(c)].width for c in columns)
                lines = max(lines, line_count(cell.value, width, bold=bool(cell.font.b)))
        assert ws.row_dimensions[row].height == row_height(lines), (row, lines)
    plan = _row_of(ws, "Phương hướng, nhiệm vụ quý IV năm 2023")
    assert ws.row_dimensions[plan].height > standard
    assert ws.row_dimensions[_row_of(ws, "Số hồ sơ đã giải quyết")].height == standard
    assert len({ws.row_dimensions[r].height for r in range(6, 6 + len(make_book().pl1))}) <= 3


def test_a_heading_that_would_end_a_page_moves_to_the_next(tmp_path):
    ws = openpyxl.Workbook().active
    setup_print(ws, [60, 30], landscape=False)
    for row in range(1, 200):
        ws.cell(row, 1).value = f"Dòng {row}"
        ws.row_dimensions[row].height = 20
    per_page = int(page_capacity(ws) // 20)
    assert paginate(ws, (1, 1), set(), 150, 2)[0] == per_page
    breaks = paginate(ws, (1, 1), {per_page, per_page - 1}, 150, 2)
    assert breaks[0] == per_page - 2
    assert [b.id for b in ws.row_breaks.brk] == breaks
    assert ws.print_area.endswith("$A$1:$B$150")


def test_each_sheet_starts_at_page_one_and_ends_with_both_signatures(annex):
    wb = openpyxl.load_workbook(annex)
    for name in SHEETS[:4]:
        ws = wb[name]
        assert ws.page_setup.useFirstPageNumber is True and int(ws.page_setup.firstPageNumber) == 1
        cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        left, right = cells["NGƯỜI LẬP BIỂU"], cells["TM. ỦY BAN NHÂN DÂN"]
        assert left.row == right.row and left.column == 1 and right.column > 1
        assert cells["CHỦ TỊCH"].row == right.row + 1 and cells["(Ký, ghi rõ họ tên)"].font.i
        assert cells["Nguyễn Văn Hon"].row >= cells["CHỦ TỊCH"].row + 4
        assert cells["Sa Đéc, ngày      tháng 9 năm 2023"].row == right.row - 1
        assert ws.print_area.endswith(f"{cells['Nguyễn Văn Hon'].row}")
        assert all(c.border.left.style is None for c in (left, right))
