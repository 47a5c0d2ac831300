"""Plain data the writers take: the report document and the annex workbook. No database, no window."""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

INCOMPLETE_NOTICE = "SỐ LIỆU CHƯA HOÀN CHỈNH"


@dataclass(frozen=True)
class Block:
    """One paragraph of the report body.

    kind: "heading1" (I., II. … upper case bold), "heading2" (1., 2. … bold),
    "heading3" (a., 2.1. … bold italic), "paragraph" (justified, first-line indent),
    "bullet" (a line that starts with "- " or "+ ", kept as typed, first-line indent).
    Text is NFC; a footnote is written inline as ^[note text] right after the word it annotates.
    """

    kind: str
    text: str


@dataclass
class ReportDocument:
    """Everything printed in the PDF report, already worded and formatted."""

    parent_body: str  # "UBND TỈNH ĐỒNG THÁP" (may be empty)
    issuing_body: list[str]  # ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ SA ĐÉC"], printed upper case bold
    number: str  # "Số:      /BC-UBND" as printed
    place_date: str  # "Sa Đéc, ngày      tháng 9 năm 2023"
    title: str  # "BÁO CÁO"
    subject: str  # "Kết quả thực hiện công tác cải cách hành chính quý III năm 2023"
    cutoff: str  # "(Số liệu tính từ ngày 15/6/2023 đến ngày 14/9/2023)"
    blocks: list[Block]
    authority_line: str  # "TM. ỦY BAN NHÂN DÂN" or "KT. CHỦ TỊCH"
    signer_title: str  # "CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
    signer_name: str
    recipients: list[str]  # without "- " and ";", the last usually "Lưu: VT, …"
    incomplete: list[str] = field(default_factory=list)  # unexplained errors: non-empty → notice on page 1
    missing_figures: list[str] = field(default_factory=list)  # live figures without a value, printed `…`
    metadata: dict[str, str] = field(default_factory=dict)  # PDF metadata: title, author, subject
    # "(Chưa có số liệu tháng 11, tháng 12 năm 2024: …)": printed italic under the cut-off line
    period_note: str = ""


@dataclass(frozen=True)
class AnnexRow:
    """A row of PL1: a section heading (kind="section") or an indicator (kind="value"/"rate")."""

    kind: str
    stt: str
    label: str
    unit: str = ""
    value: object = None  # int | Decimal | str (dates and text already formatted) | None
    last_year: object = None
    year_to_date: object = None
    note: str = ""
    number_format: str = ""  # "#,##0", "#,##0.000", '0.00"%"', "" for text
    code: str = ""  # the indicator or computed code behind the row
    level: int = 0  # a section row: 0 for a part (I, II …), 1 for a sub-section (1, 2 … inside II)
    indent: int = 0  # 1 for a "of which" sub-item of the indicator above (STT "-")
    levels: tuple = ()  # a parent's: the period's value per level (AnnexWorkbook.pl1_levels); `value` is the total
    summed: bool = False  # the total adds the levels up (`units = sum`): written as an Excel formula


@dataclass(frozen=True)
class DossierRow:
    """A row of PL2 (Biểu II.06a): a unit, or a subtotal/total that the writer turns into formulas."""

    kind: str  # "unit", "subtotal", "total"
    label: str
    values: dict[str, object]  # column code (tthc.hs.*) → value (app's _cell); for subtotal/total the app's sums
    unit_code: str = ""  # the unit of a "unit" row


@dataclass(frozen=True)
class ReviewRow:
    """A row of PL3: (cấp, lĩnh vực) cells, or a subtotal per cấp / the total (formulas, with the app's sums)."""

    kind: str  # "row", "subtotal", "total"
    label: str
    values: dict[str, int | None]  # column key (tong, don_gian_hoa, bai_bo, giu_nguyen) → value
    codes: dict[str, str] = field(default_factory=dict)  # column key → cell code of a "row" row


@dataclass(frozen=True)
class CheckRow:
    """A row of PL4. `rule` is the rule's id, for programs only; a person reads `section` and `indicators`."""

    rule: str
    importance: str  # "Lỗi" / "Cảnh báo"
    period: str
    message: str
    explanation: str
    section: str = ""  # "Cải cách thủ tục hành chính"
    indicators: str = ""  # the labels of the indicators involved, one a line
    group: str = ""  # "" for this unit's own slips; a heading for the others ("Số liệu tổng hợp", a child's name)


@dataclass
class AnnexWorkbook:
    """Everything in the .xlsx: four visible annexes and the machine-readable `_cchc` sheet."""

    unit_code: str
    unit_name: str
    unit_level: str
    parent_code: str
    issuing_body: str  # "UBND thành phố Sa Đéc" for the "(Kèm theo Báo cáo … của …)" line
    period: str  # "2023-Q3"
    period_label: str  # "quý III năm 2023"
    template_version: str
    app_version: str
    exported_at: str  # ISO 8601
    report_ref: str  # "(Kèm theo Báo cáo số      /BC-UBND ngày      tháng 9 năm 2023 của UBND thành phố Sa Đéc)"
    pl1: list[AnnexRow]
    pl1_columns: tuple[str, str, str]  # value column headers: "Quý III/2023", "Cùng kỳ năm 2022", "Lũy kế 9 tháng"
    pl2_columns: list[tuple[str, str, str]]  # (code, column number "(3)", header label)
    pl2: list[DossierRow]
    pl3_columns: list[tuple[str, str]]  # (key, header label)
    pl3: list[ReviewRow]
    pl4: list[CheckRow]
    values: list[tuple[str, str, str, str]]  # (code, period, unit_code, canonical text) for _cchc
    checksum: str = ""  # SHA-256 over the canonical value list (see exports.checksum)
    pl1_periods: tuple[str, str, str] = ("", "", "")  # period ids behind the three PL1 value columns
    # A parent with children: a column per level before the total ("Cấp huyện", "Cấp xã"); the first
    # holds only this unit's own figures when pl1_own_first (those cells are mapped for an import).
    pl1_levels: list[str] = field(default_factory=list)
    pl1_own_first: bool = False
    place_date: str = ""  # "Sa Đéc, ngày      tháng 9 năm 2023", above the signer's block
    authority_line: str = ""  # "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = ""  # "CHỦ TỊCH"
    signer_name: str = ""
    # The template's layout of PL2 (Biểu II.06a) and PL3, from its [annex] tables:
    pl2_title: str = ""  # "Tình hình, kết quả giải quyết thủ tục hành chính"
    pl2_form: str = ""  # "Biểu II.06a/VPCP/KSTT"
    pl2_groups: list[tuple[int, int, str]] = field(default_factory=list)  # (first, last column number, heading)
    pl3_title: str = ""  # "Kết quả rà soát, đơn giản hóa thủ tục hành chính"
    pl3_rates: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)  # (label, part keys, total key)
    # Whether the unit had submitted (locked) the period when it exported: the lock's time (ISO 8601),
    # "" not submitted, None not known (the `_cchc` header then leaves both keys out).
    submitted_at: str | None = None
    explanations: list[tuple[str, str, str, str]] = field(default_factory=list)  # (rule, period, unit, text)
    period_note: str = ""  # "(Chưa có số liệu tháng 11 …)": under PL1's title, as under the report's
    pl1_notes: list[str] = field(default_factory=list)  # under PL1's table, once: a span column's missing periods


def plain_number(value: object) -> object:
    """Decimals that are whole become int; others stay Decimal (writers decide how to store)."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def normalize_document(document: ReportDocument) -> ReportDocument:
    """A copy of the document with every string in NFC: what fpdf2 needs without shaping, and Word keeps."""

    def nfc(value: Any) -> Any:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if isinstance(value, list):
            return [nfc(item) for item in value]
        if isinstance(value, dict):
            return {nfc(key): nfc(item) for key, item in value.items()}
        if isinstance(value, Block):
            return Block(nfc(value.kind), nfc(value.text))
        return value

    changes = {f.name: nfc(getattr(document, f.name)) for f in dataclasses.fields(document)}
    return dataclasses.replace(document, **changes)
