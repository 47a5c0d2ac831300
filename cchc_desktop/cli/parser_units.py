"""The parsers of the level above's commands: `import`, `units` (list, add, edit, merge) and `status`."""

from __future__ import annotations

import argparse

JSON_HELP = "in kết quả dạng JSON (UTF-8) cho chương trình khác đọc"


def _unit_options(parser, default_hint: bool) -> None:
    """The options of `units add` and `units edit` besides the code and the name."""
    hint = " (mặc định: xa)" if default_hint else ""
    parser.add_argument("--level", metavar="xa|huyen|tinh", help=f"cấp đơn vị: xa, huyen, tinh{hint}")
    hint = " (mặc định: month)" if default_hint else ""
    parser.add_argument(
        "--frequency", choices=["month", "quarter"], help=f"nhập số liệu theo tháng (month) hoặc quý (quarter){hint}"
    )
    parser.add_argument("--short-name", metavar="TÊN_GỌI", help='tên gọi trong câu văn báo cáo, ví dụ "UBND phường"')
    parser.add_argument(
        "--valid-from",
        metavar="NGÀY",
        help="ngày đơn vị bắt đầu hoạt động (sáp nhập), ngày/tháng/năm hoặc năm-tháng-ngày: 01/07/2025 hay 2025-07-01",
    )
    parser.add_argument(
        "--deadline-day",
        metavar="NGÀY",
        help='hạn gửi báo cáo: ngày mấy của tháng cuối kỳ, 1–31 (mặc định 20; để trống "" là về mặc định)',
    )


def add_level_above_commands(commands, _command, _add_period) -> None:
    """Add `import`, `units` and `status` to the command parsers (`_command`, `_add_period`: the
    main parser's helpers, so every command reads alike)."""
    sub = _command(commands, "import", "nhập phụ lục Excel của đơn vị cấp dưới")
    sub.add_argument("files", nargs="+", metavar="TỆP.xlsx", help="một hoặc nhiều tệp phụ lục của đơn vị cấp dưới")
    sub.add_argument(
        "--accept-visible",
        action="store_true",
        help="khi số trên trang phụ lục đã bị sửa trong Excel sau khi xuất, nhận số đang hiển thị "
        "(mặc định: từ chối tệp đó)",
    )
    sub.add_argument(
        "--yes",
        action="store_true",
        help="không hỏi lại: thay số đã nhập trước đó của cùng đơn vị, cùng kỳ (số cũ vẫn giữ trong nhật ký); "
        "đơn vị chưa khai báo thì thêm làm đơn vị trực thuộc theo mã, tên, cấp ghi trong tệp",
    )
    sub.add_argument("--json", action="store_true", help=JSON_HELP)

    sub = _command(
        commands,
        "units",
        "liệt kê / thêm / sửa đơn vị trực thuộc",
        "Liệt kê các đơn vị (không ghi gì: như list), khai báo đơn vị trực thuộc mới, hoặc sửa đơn vị trực thuộc.",
        epilog='Ví dụ: cchc units add --code P1 --name "UBND Phường 1" --level xa\n'
        '        cchc units edit P1 --name "UBND phường Sa Đéc"\n'
        "        cchc units merge --into SADEC --from P1,P2,P3 --from-date 2025-07-01\n"
        "        cchc units list --json",
    )
    sub.add_argument("--json", action="store_true", help=JSON_HELP)
    actions = sub.add_subparsers(dest="action", metavar="list|add|edit|merge")
    listing = _command(actions, "list", "liệt kê các đơn vị (đơn vị báo cáo đánh dấu *)")
    listing.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)
    adding = _command(
        actions,
        "add",
        "khai báo một đơn vị trực thuộc mới",
        "Khai báo một đơn vị trực thuộc mới (mã đã có thì bị từ chối: dùng edit để sửa).",
        epilog='Ví dụ: cchc units add --code P1 --name "UBND Phường 1" --level xa --frequency month',
    )
    adding.add_argument("--code", required=True, metavar="MÃ", help="mã đơn vị, không có khoảng trắng (bắt buộc)")
    adding.add_argument("--name", required=True, metavar="TÊN", help='tên đơn vị, ví dụ "UBND Phường 1" (bắt buộc)')
    _unit_options(adding, default_hint=True)
    editing = _command(
        actions,
        "edit",
        "sửa một đơn vị trực thuộc (mã không đổi)",
        "Sửa tên, cấp, tần suất nhập … của một đơn vị trực thuộc; chỉ những mục được ghi mới thay đổi, mã giữ nguyên.",
        epilog='Ví dụ: cchc units edit P1 --name "UBND phường Sa Đéc"\n'
        "        cchc units edit --code P1 --frequency quarter",
    )
    editing.add_argument("code_arg", nargs="?", metavar="MÃ", help="mã của đơn vị cần sửa (hoặc --code MÃ)")
    editing.add_argument("--code", metavar="MÃ", help="mã của đơn vị cần sửa (mã không đổi được)")
    editing.add_argument("--name", metavar="TÊN", help="tên mới")
    _unit_options(editing, default_hint=False)
    merging = _command(
        actions,
        "merge",
        "ghi nhận đơn vị mới thay cho các đơn vị cũ từ một ngày (sáp nhập)",
        "Ghi nhận một đơn vị trực thuộc mới thay cho các đơn vị trực thuộc cũ từ một ngày (sáp nhập 2025): "
        "các đơn vị cũ hoạt động đến hết ngày hôm trước, đơn vị mới từ ngày đó. Đơn vị mới phải được khai báo "
        "trước (cchc units add). Các kỳ trước ngày đó vẫn tính theo các đơn vị cũ; số liệu cùng kỳ năm trước "
        "của đơn vị mới là tổng số liệu của các đơn vị cũ. Ghi lại lần nữa cùng nội dung thì không thay đổi gì.",
        epilog='Ví dụ: cchc units add --code SADEC --name "UBND phường Sa Đéc" --level xa\n'
        "        cchc units merge --into SADEC --from P1,P2,P3,P4 --from-date 2025-07-01",
    )
    merging.add_argument("--into", required=True, metavar="MÃ", help="mã của đơn vị mới (đã khai báo)")
    merging.add_argument(
        "--from",
        dest="sources",
        required=True,
        metavar="MÃ1,MÃ2,…",
        help="mã các đơn vị cũ được sáp nhập, cách nhau bằng dấu phẩy",
    )
    merging.add_argument(
        "--from-date",
        required=True,
        metavar="NGÀY",
        help="ngày đơn vị mới bắt đầu thay, ngày/tháng/năm hoặc năm-tháng-ngày: 01/07/2025 hay 2025-07-01",
    )

    sub = _command(
        commands,
        "status",
        "trạng thái và mức độ đầy đủ của một kỳ",
        "Trạng thái của một kỳ (đang nhập, đã gửi) và các đơn vị cấp dưới đã nộp hay chưa.",
    )
    _add_period(sub, unit=False)
    sub.add_argument("--json", action="store_true", help=JSON_HELP)
