"""The parser of `cchc onestop import FILE --period P [--yes] [--json]` (the command itself: cli/onestop.py)."""

from __future__ import annotations


def add_onestop_commands(commands, command) -> None:
    sub = command(
        commands,
        "onestop",
        "nhập số liệu hồ sơ TTHC (Biểu II.06a) từ tệp Excel xuất từ Hệ thống Một cửa",
        "Đọc tệp “Tình hình, kết quả giải quyết TTHC” (Biểu II.06a) xuất từ Hệ thống thông tin giải quyết TTHC "
        "của tỉnh thay cho gõ lại: tìm dòng tiêu đề theo tên cột (hoặc dòng đánh số (1) … (13)), lấy dòng Tổng "
        "cộng (không có thì cộng các dòng), in số sẽ lưu bên cạnh số đang lưu. Chỉ lưu khi xác nhận (hoặc có "
        "--yes), tất cả trong một lần ghi. Ở đơn vị cấp trên, các dòng theo đơn vị được ghép với đơn vị trực "
        "thuộc theo mã hoặc tên.",
        epilog='Ví dụ: cchc onestop import "Bieu II.06a quy III.xlsx" --period 2023-Q3 --yes',
    )
    actions = sub.add_subparsers(dest="action", metavar="import", required=True)
    reading = command(actions, "import", "đọc tệp Biểu II.06a, xem trước và lưu số liệu hồ sơ TTHC của kỳ")
    reading.add_argument("file", metavar="TỆP", help="tệp .xlsx xuất từ Hệ thống Một cửa")
    reading.add_argument(
        "--period", required=True, metavar="KỲ", help="kỳ nhập số liệu của đơn vị: tháng 2023-07 hoặc quý 2023-Q3"
    )
    reading.add_argument("--yes", action="store_true", help="lưu ngay, không hỏi lại")
    reading.add_argument("--json", action="store_true", help="in kết quả dạng JSON (UTF-8) cho chương trình khác đọc")
