"""The fields of a report's own header and closing (report_header.py): what the command line's parser and the
window's dialog name, without the database (the parser is built on every command)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HeaderField:
    key: str  # as typed on the command line: so=31
    label: str  # as the window and `report show` name it
    limit: int  # characters at most
    lines: bool = False  # may hold several lines (the preamble, Nơi nhận)
    hint: str = ""


AS_UNIT = "để trống: như Thông tin đơn vị"
FIELDS: tuple[HeaderField, ...] = (
    HeaderField("so", "Số văn bản", 20, hint="Ví dụ: 31 (in ra “Số: 31/BC-UBND”); để trống: Văn thư điền tay"),
    HeaderField("ngay", "Ngày ban hành", 10, hint="ngày/tháng/năm, ví dụ 07/3/2025; để trống: Văn thư điền tay"),
    HeaderField("trich_yeu", "Trích yếu", 300, hint="Để trống: “Kết quả thực hiện công tác cải cách hành chính …”"),
    HeaderField("can_cu", "Căn cứ, thực hiện (trước mục I)", 3000, lines=True, hint="Mỗi dòng một đoạn"),
    HeaderField("tham_quyen", "Thẩm quyền ký", 100, hint=f"TM. ỦY BAN NHÂN DÂN hoặc KT. CHỦ TỊCH; {AS_UNIT}"),
    HeaderField("chuc_vu", "Chức vụ người ký", 100, hint=f"CHỦ TỊCH hoặc PHÓ CHỦ TỊCH; {AS_UNIT}"),
    HeaderField("nguoi_ky", "Họ tên người ký", 100, hint=AS_UNIT[:1].upper() + AS_UNIT[1:]),
    HeaderField(
        "noi_nhan",
        "Nơi nhận",
        3000,
        lines=True,
        hint=f"Mỗi dòng (hoặc mỗi dấu ;) một nơi; {AS_UNIT}",
    ),
)
BY_KEY = {field.key: field for field in FIELDS}
# The settings each key is stored in (the date in three parts, as the demo and earlier versions stored it).
STORED = {
    "so": ("number",),
    "ngay": ("day", "month", "year"),
    "trich_yeu": ("title",),
    "can_cu": ("preamble",),
    "tham_quyen": ("authority_line",),
    "chuc_vu": ("signer_title",),
    "nguoi_ky": ("signer_name",),
    "noi_nhan": ("recipients",),
}


def setting_key(period: object, stored: str) -> str:
    """The setting a report period's header field is stored in: `report.2023-Q3.number`."""
    return f"report.{period}.{stored}"


def clean_recipients(text: str) -> list[str]:
    """One recipient a line, without the `- ` and `;` that documents print around them (the unit's Nơi nhận
    and a report's own)."""
    result = []
    for line in text.splitlines():
        line = line.strip().lstrip("-–•").strip().rstrip(";.").strip()
        if line:
            result.append(line)
    return result
