"""The parser of `cchc report set|show` (the command itself: cli/report.py)."""

from __future__ import annotations

from cchc_desktop.app.usecases.report_fields import FIELDS


def add_report_commands(commands, command) -> None:
    keys = ", ".join(field.key for field in FIELDS)
    sub = command(
        commands,
        "report",
        "đặt / xem thông tin văn bản của báo cáo (số, ngày, trích yếu, căn cứ, người ký, nơi nhận)",
        "Thông tin văn bản riêng của báo cáo một kỳ: số, ngày ban hành, trích yếu, đoạn căn cứ trước mục I, "
        "thẩm quyền ký, chức vụ và họ tên người ký, nơi nhận. Mục để trống in thành chỗ trống cho Văn thư "
        "điền tay (số, ngày), hoặc lấy theo thông tin đơn vị (người ký, nơi nhận).",
        epilog=(
            'Ví dụ: cchc report set --period 2025-Q1 so=31 ngay=07/3/2025 nguoi_ky="Nguyễn Văn A"\n'
            '        cchc report set --period 2025-Q1 tham_quyen="KT. CHỦ TỊCH" chuc_vu="PHÓ CHỦ TỊCH"\n'
            '        cchc report set --period 2025-Q1 noi_nhan="UBND tỉnh (b/c); Lưu: VT"\n'
            "        cchc report show --period 2025-Q1\n"
            f"Các mục: {keys}. Mục=  (để trống) là xóa."
        ),
    )
    actions = sub.add_subparsers(dest="action", metavar="set|show", required=True)
    setting = command(actions, "set", "đặt các mục thông tin văn bản của báo cáo một kỳ (MỤC=GIÁ_TRỊ …)")
    setting.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo, ví dụ 2025-Q1, 2025-H1, 2025")
    setting.add_argument("assignments", nargs="+", metavar="MỤC=GIÁ_TRỊ", help=f"các mục: {keys}")
    showing = command(actions, "show", "xem thông tin văn bản của báo cáo một kỳ")
    showing.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo, ví dụ 2025-Q1, 2025-H1, 2025")
    showing.add_argument("--json", action="store_true", help="in kết quả dạng JSON (UTF-8) cho chương trình khác đọc")
