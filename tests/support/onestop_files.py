"""One-stop exports of Biểu II.06a as vendors write them (issue 21, item 5), made with openpyxl for the tests:
three layouts that must be read, and broken or hostile files that must be refused with nothing stored.

- "tinh": the official form — title rows, a four-row header with merged group cells, the "(1) … (13)" row, a
  row per lĩnh vực, the total row at the bottom.
- "phan_mem": no title rows, one header row with whole labels, the received columns in another order, a rate
  column; a row per lĩnh vực and no total row.
- "don_vi": two header rows (group, then sub-labels), a note column; the total row first, then a row per unit
  (for the level above), with group rows that hold subtotals.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

NUMBERS = [f"({n})" for n in range(1, 14)]
# (label, (3) … (13)) — each row adds up: (3) = (4)+(5)+(6), (7) = (8)+(9)+(10), (11) = (12)+(13)
FIELDS = [
    ("Tư pháp - Hộ tịch", (120, 100, 15, 5, 110, 100, 8, 2, 10, 9, 1)),
    ("Đất đai", (40, 10, 25, 5, 30, 20, 10, 0, 10, 10, 0)),
    ("Lao động - Thương binh và Xã hội", (25, 20, 5, 0, 25, 25, 0, 0, 0, 0, 0)),
    ("Xây dựng", (15, 5, 8, 2, 12, 10, 1, 1, 3, 2, 1)),
]


def field_totals(rows=FIELDS) -> tuple[int, ...]:
    return tuple(sum(values[index] for _, values in rows) for index in range(11))


def _merge(sheet, cells: str, value) -> None:
    first = cells.split(":")[0]
    sheet[first] = value
    sheet.merge_cells(cells)


def official(target: Path, title_period: str = "Quý III năm 2023", rows=FIELDS, total=None) -> Path:
    """The official form with its title rows, merged header, numbering row and total row at the bottom."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Biểu II.06a"
    sheet["A1"] = "UBND PHƯỜNG AN HÒA"
    _merge(sheet, "A2:M2", "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    _merge(sheet, "A3:M3", f"Kỳ báo cáo: {title_period}")
    sheet["K4"] = "Biểu II.06a/VPCP/KSTT"
    _merge(sheet, "A5:A8", "STT")
    _merge(sheet, "B5:B8", "Lĩnh vực, công việc giải quyết theo cấp")
    _merge(sheet, "C5:F5", "Số hồ sơ nhận giải quyết")
    _merge(sheet, "C6:C8", "Tổng số")
    _merge(sheet, "D6:F6", "Trong đó")
    _merge(sheet, "D7:E7", "Số mới tiếp nhận")
    sheet["D8"], sheet["E8"] = "Trực tuyến", "Trực tiếp, dịch vụ bưu chính"
    _merge(sheet, "F7:F8", "Số kỳ trước chuyển qua")
    _merge(sheet, "G5:J5", "Kết quả giải quyết")
    _merge(sheet, "G6:J6", "Số hồ sơ đã giải quyết")
    _merge(sheet, "G7:G8", "Tổng số")
    _merge(sheet, "H7:H8", "Trả trước hạn")
    _merge(sheet, "I7:I8", "Trả đúng thời hạn")
    _merge(sheet, "J7:J8", "Trả quá hạn")
    _merge(sheet, "K5:M6", "Số hồ sơ đang giải quyết")
    _merge(sheet, "K7:K8", "Tổng số")
    _merge(sheet, "L7:L8", "Trong hạn")
    _merge(sheet, "M7:M8", "Quá hạn")
    sheet.append(NUMBERS)  # row 9
    for index, (label, values) in enumerate(rows, 1):
        sheet.append([index, label, *values])
    sheet.append(["", "Tổng cộng", *(total or field_totals(rows))])
    sheet.append([])
    sheet.append(["", "Người lập biểu", "", "", "", "", "", "", "", "Thủ trưởng đơn vị"])
    book.save(target)
    return target


SOFTWARE_HEADER = [
    "STT",
    "Tên lĩnh vực",
    "Tổng số hồ sơ tiếp nhận",
    "Hồ sơ kỳ trước chuyển sang",
    "Tiếp nhận trực tuyến",
    "Tiếp nhận trực tiếp và qua bưu chính",
    "Số hồ sơ đã giải quyết",
    "Đã giải quyết trước hạn",
    "Đã giải quyết đúng hạn",
    "Đã giải quyết quá hạn",
    "Tỷ lệ trước và đúng hạn (%)",
    "Số hồ sơ đang giải quyết",
    "Đang giải quyết trong hạn",
    "Đang giải quyết quá hạn",
]


def software(target: Path, rows=FIELDS) -> Path:
    """No title, one header row of whole labels in another order, a rate column, no total row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(SOFTWARE_HEADER)
    for index, (label, v) in enumerate(rows, 1):
        rate = round(100 * (v[5] + v[6]) / v[4], 2) if v[4] else ""
        sheet.append([index, label, v[0], v[3], v[1], v[2], v[4], v[5], v[6], v[7], rate, v[8], v[9], v[10]])
    book.save(target)
    return target


def by_unit(target: Path, units: list[tuple[str, tuple[int, ...]]], group_rows: bool = True) -> Path:
    """Two header rows, a note column, the total row first, then the units (grouped by level)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append(["TỔNG HỢP TÌNH HÌNH GIẢI QUYẾT TTHC THEO ĐƠN VỊ"])
    sheet.append(["Từ ngày 15/6/2023 đến ngày 14/9/2023"])
    sheet.append([])
    sheet.append(["STT", "Đơn vị", "Tiếp nhận", "", "", "", "Đã giải quyết", "", "", "", "Đang giải quyết", "", "",
                  "Ghi chú"])  # fmt: skip
    sheet.append(["", "", "Tổng số", "Trực tuyến", "Trực tiếp", "Kỳ trước chuyển qua", "Tổng số", "Trước hạn",
                  "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn", ""])  # fmt: skip
    sheet.merge_cells("C4:F4")
    sheet.merge_cells("G4:J4")
    sheet.merge_cells("K4:M4")
    sheet.append(["", "TỔNG CỘNG", *field_totals(units)])
    if group_rows:
        sheet.append(["I", "Cấp xã", *field_totals(units)])
    for index, (name, values) in enumerate(units, 1):
        sheet.append([index, name, *values, ""])
    book.save(target)
    return target


def no_table(target: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Danh sách hồ sơ"])
    sheet.append(["Mã hồ sơ", "Người nộp", "Ngày nhận"])
    sheet.append(["000.00.01.H18-230701-0001", "Nguyễn Văn A", "01/07/2023"])
    book.save(target)
    return target


def with_text_in_a_number(target: Path) -> Path:
    rows = [*FIELDS[:2], ("Xây dựng", (15, 5, "tám", 2, 12, 10, 1, 1, 3, 2, 1))]
    return official(target, rows=rows, total=field_totals([*FIELDS[:2], FIELDS[3]]))
