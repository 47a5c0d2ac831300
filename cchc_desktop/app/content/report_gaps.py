"""What a report would lack if it were sent now: months without figures, sections printed with their
heading alone, live figures printed `…`, and the unit's information its header and signature need.

The window's and the command line's submit say it before locking; the export's notes use the same
words (`empty_sections_note`, `missing_figures_note`), so a clerk reads one story from both.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc_desktop.app.content.report_content import EMPTY_SECTION, build_report
from cchc_desktop.app.usecases.annex_periods import has_figures, missing_text
from cchc_desktop.app.usecases.units import UnitInfo
from forms.periods import Period

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.content.sources import GapsSources

# The unit's information a report prints, in the order of Thông tin đơn vị, with the form's label
# (so the clerk finds the field) and what the report prints without it.
UNIT_GAPS = {
    "place": ("Địa danh ghi ngày tháng", "báo cáo in “…………” thay cho địa danh, để ghi tay"),
    "parent_name": ("Cơ quan cấp trên", "đầu báo cáo không có tên cơ quan cấp trên"),
    "signer_name": ("Họ tên người ký", "báo cáo để trống dòng họ tên dưới chữ ký"),
    "signer_title": ("Chức vụ người ký", "báo cáo in chức vụ “CHỦ TỊCH”"),
    "recipients": ("Nơi nhận", "phần Nơi nhận chỉ có “Lưu: VT”, chưa có cơ quan nhận báo cáo"),
}


@dataclass(frozen=True)
class ReportGaps:
    """What the report of `report` would lack, each part in the export's words."""

    report: Period
    empty_periods: tuple[Period, ...] = ()  # entry periods holding no figure
    empty_sections: tuple[str, ...] = ()  # `I`, `II.1`, `III.1`: printed with their heading alone
    missing_figures: tuple[str, ...] = ()  # labels of live figures printed `…`
    unit_fields: tuple[str, ...] = ()  # keys of UNIT_GAPS left empty in Thông tin đơn vị

    def __bool__(self) -> bool:
        return bool(self.empty_periods or self.empty_sections or self.missing_figures or self.unit_fields)

    def lines(self) -> list[str]:
        """One sentence per gap, in the order the clerk would fix them: figures, texts, the unit."""
        lines = [f"Chưa có số liệu {missing_text(list(self.empty_periods))}."] if self.empty_periods else []
        if self.missing_figures:
            lines.append(missing_figures_note(list(self.missing_figures)))
        if self.empty_sections:
            lines.append(empty_sections_note(list(self.empty_sections)))
        for key in self.unit_fields:
            label, printed = UNIT_GAPS[key]
            lines.append(f"Thông tin đơn vị chưa ghi “{label}”: {printed}.")
        return lines


def empty_sections(blocks) -> list[str]:
    """Sections nothing was written in (`II.1`, `III.1`, `IV` …): a heading followed by "Không phát sinh."
    alone, or by no text before the next heading of the same or a higher level. The last block is the
    closing sentence, not a section's text; `II.` is followed by its numbered parts by design."""
    rank = {"heading1": 1, "heading2": 2}
    body = blocks[:-1] if blocks else []
    empty, part = [], ""
    for index, block in enumerate(body):
        if block.kind not in rank:
            continue
        number = block.text.split(" ", 1)[0].rstrip(".")
        if block.kind == "heading1":
            part = number
        following = body[index + 1] if index + 1 < len(body) else None
        said_empty = following is not None and following.kind == "paragraph" and following.text == EMPTY_SECTION
        if following is None or said_empty or (following.kind in rank and rank[following.kind] <= rank[block.kind]):
            empty.append(number if block.kind == "heading1" else f"{part}.{number}")
    return empty


def empty_sections_note(empty: list[str]) -> str:
    return f"Các mục chưa có nội dung (in “{EMPTY_SECTION}”): {', '.join(empty)}."


def open_errors_notes(count: int) -> list[str]:
    """The note on errors still open, from the count the content already holds (no second check)."""
    if not count:
        return []
    return [f"còn {count} lỗi chưa sửa hoặc chưa giải trình; báo cáo ghi “số liệu chưa hoàn chỉnh”."]


def missing_figures_note(missing: list[str]) -> str:
    shown = "; ".join(missing[:6]) + (" …" if len(missing) > 6 else "")
    return (
        f"{len(missing)} số liệu trong câu văn chưa có giá trị nên in “…”: {shown}. Hãy nhập số liệu (hoặc, với "
        "số các đơn vị báo khác nhau, sửa câu văn) trước khi gửi."
    )


def unit_gaps(unit: UnitInfo, top_level: bool) -> tuple[str, ...]:
    """The unit's fields a report prints that are empty; a unit of the highest level has no parent body
    (a province's report heads with its own name), so none is asked of it."""
    missing = [key for key in ("place", "parent_name", "signer_name", "signer_title") if not getattr(unit, key).strip()]
    if top_level and "parent_name" in missing:
        missing.remove("parent_name")
    if not [name for name in unit.recipients if not name.strip().lower().startswith("lưu")]:
        missing.append("recipients")
    return tuple(key for key in UNIT_GAPS if key in missing)


def report_gaps(ws: GapsSources, report: Period) -> ReportGaps:
    """What the report of a report period would lack, read from the report as the export builds it."""
    unit = ws.units.self_unit()
    template = ws.ctx.template_for(report)
    entries = report.entry_periods(unit.frequency)
    empty_periods = [p for p in entries if not has_figures(template, ws.entry.get_values(p, computed=False))]
    document = build_report(ws, str(report))
    levels = list(ws.units.levels())
    return ReportGaps(
        report,
        tuple(empty_periods),
        tuple(empty_sections(document.blocks)),
        tuple(document.missing_figures),
        unit_gaps(unit, bool(levels) and unit.level == levels[-1]),
    )


def section_of(template, number: str):
    """The template's section an empty-section number (`II.1`, `III.1`, `IV`) belongs to: the section of
    that id, else the part it sits in (`III.1` is a heading inside section III)."""
    ids = {section.id: section for section in template.sections}
    return ids.get(number) or ids.get(number.split(".", 1)[0])
