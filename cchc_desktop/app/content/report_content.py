"""The report's content for a period: header, sentences from the figures, narratives, signature."""

from __future__ import annotations

from dataclasses import dataclass

from cchc_desktop.app.content.report_blocks import narrative_blocks
from cchc_desktop.app.usecases import narratives
from cchc_desktop.app.usecases.annex_periods import missing_text
from cchc_desktop.app.usecases.checking import violation_text
from cchc_desktop.app.usecases.context import as_period
from cchc_desktop.app.usecases.report_fields import setting_key
from cchc_desktop.app.usecases.units import UnitInfo
from db.connection import damage_found
from exports.model import Block, ReportDocument
from forms.catalog import Section, Template
from forms.figures import Figures
from forms.numbers import format_date
from forms.periods import parse_period

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.content.sources import ReportSources
    from cchc_desktop.app.usecases.maintenance import Settings


def report_setting(settings: Settings, period: str, key: str) -> str:
    """A header field of the period's report ("" when unset): the period's fields are read together, once
    per action."""
    return settings.starting(setting_key(period, "")).get(setting_key(period, key), "")


@dataclass(frozen=True)
class Signer:
    """Who signs a period's report and to whom it goes."""

    authority_line: str  # "TM. ỦY BAN NHÂN DÂN" or "KT. CHỦ TỊCH"
    title: str  # "CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
    name: str  # "" : written by hand under the signature
    recipients: list[str]


def signer_of(settings: Settings, period: str, unit: UnitInfo) -> Signer:
    """The period's own header fields (`report set`, Thông tin văn bản), else the unit's settings."""

    def own(key: str) -> str:
        return report_setting(settings, period, key)

    recipients = own("recipients")
    return Signer(
        authority_line=own("authority_line") or unit.authority_line or "TM. ỦY BAN NHÂN DÂN",
        title=own("signer_title") or unit.signer_title or "CHỦ TỊCH",
        name=own("signer_name") or unit.signer_name,
        recipients=recipients.split("\n") if recipients else list(unit.recipients) or ["Lưu: VT"],
    )


def preamble_blocks(settings: Settings, period: str) -> list[Block]:
    """The "Căn cứ …/Thực hiện …" paragraphs printed before section I, one per line set."""
    text = report_setting(settings, period, "preamble")
    return [Block("paragraph", line.strip()) for line in text.split("\n") if line.strip()]


EMPTY_SECTION = "Không phát sinh."  # a section nothing was written in: said, not a bare heading


def issuing_body_lines(unit: UnitInfo) -> list[str]:
    """`UBND THÀNH PHỐ SA ĐÉC` → [`ỦY BAN NHÂN DÂN`, `THÀNH PHỐ SA ĐÉC`] as Nghị định 30 prints it."""
    body = (unit.body or unit.name).strip().upper()
    for prefix in ("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN ", "UBND "):
        if body.startswith(prefix):
            return ["ỦY BAN NHÂN DÂN", body[len(prefix) :].strip()]
    return [body]


BLANK = "……"  # a part of the date nobody set: dots the Văn thư writes over by hand
BLANK_PLACE = "…………"


def place_date_line(place: str, day: str, month: str, year: str) -> str:
    """`Sa Đéc, ngày 05 tháng 10 năm 2023`; a part not set prints as dots to be filled in by hand
    (`…………, ngày …… tháng …… năm ……`), never as spaces a reader cannot see."""

    def part(value: str, pad: bool) -> str:
        if not value:
            return BLANK
        number = int(value)
        return f"{number:02d}" if pad else str(number)

    month_text = part(month, bool(month) and int(month) <= 2)
    day_text = part(day, bool(day) and int(day) < 10)
    where = place.strip() or BLANK_PLACE
    return f"{where}, ngày {day_text} tháng {month_text} năm {year or BLANK}"


# The report's date as stored: each part a number within its bounds (what the program writes).
DATE_PARTS = {"day": ("ngày", 1, 31), "month": ("tháng", 1, 12), "year": ("năm", 1900, 9999)}


def _date_part(settings: Settings, period: str, key: str) -> str:
    """A stored part of the report's date ("" when unset); anything but a number in bounds is damage."""
    text = report_setting(settings, period, key)
    name, low, high = DATE_PARTS[key]
    if text and not (text.isascii() and text.isdigit() and low <= int(text) <= high):
        raise damage_found(f"{name} của báo cáo {as_period(period).label()} được lưu là “{text[:20]}”, không phải số")
    return text


def report_date_line(settings: Settings, period: str, place: str) -> str:
    """The place and date line of a period's report, from its settings; what is not set is left for
    the Văn thư to write by hand (CLI.md: unset keys print as blanks), never guessed from today."""
    parts = (_date_part(settings, period, key) for key in ("day", "month", "year"))
    return place_date_line(place, *parts)


def missing_periods_note(values) -> str:
    """`(Chưa có số liệu tháng 11, tháng 12 năm 2024; số liệu của kỳ báo cáo chỉ tính từ các tháng đã
    nhập)` for a period some entry periods of which hold no figure; "" otherwise."""
    missing = values.missing if isinstance(values, Figures) else ()
    if not missing:
        return ""
    periods = [parse_period(text) for text in missing]
    kind = "tháng" if periods[0].kind == "month" else "quý"
    return f"(Chưa có số liệu {missing_text(periods)}; số liệu của kỳ báo cáo chỉ tính từ các {kind} đã nhập)"


class ReportBuilder:
    """Turns a period's figures and texts into a ReportDocument."""

    def __init__(self, ws: ReportSources, period: str, template: Template | None = None):
        self.ws = ws
        self.period = as_period(period)
        self.template = template or ws.ctx.template_for(self.period)
        self.unit = ws.units.self_unit()
        self.source = ws.narratives.figure_source(self.period)
        self.texts = ws.narratives.report_texts(self.period, narratives.text_codes(self.template), self.source)
        self.missing: dict[str, str] = {}  # the live figures printed `…` (no value), as labels

    def build(self) -> ReportDocument:
        period_id = str(self.period)
        start, end = self.period.cutoff()
        number = report_setting(self.ws.settings, period_id, "number")
        subject = report_setting(self.ws.settings, period_id, "title") or (
            f"{self.template.report.subject} {self.period.label()}"
        )
        incomplete = [violation_text(v) for v in self.ws.checks.open_errors(period_id)]
        self.missing = {}
        blocks = [*preamble_blocks(self.ws.settings, period_id), *self.body()]
        signer = signer_of(self.ws.settings, period_id, self.unit)
        return ReportDocument(
            parent_body=self.unit.parent_name.upper(),
            issuing_body=issuing_body_lines(self.unit),
            number=f"Số: {number}/BC-UBND" if number else "Số:        /BC-UBND",
            place_date=report_date_line(self.ws.settings, period_id, self.unit.place),
            title="BÁO CÁO",
            subject=subject,
            cutoff=f"(Số liệu tính từ ngày {format_date(start)} đến ngày {format_date(end)})",
            period_note=missing_periods_note(self.source.total),
            blocks=blocks,
            missing_figures=list(self.missing.values()),
            authority_line=signer.authority_line,
            signer_title=signer.title,
            signer_name=signer.name,
            recipients=signer.recipients,
            incomplete=incomplete,
            metadata={
                "title": f"Báo cáo {subject[:1].lower()}{subject[1:]}",
                "author": self.unit.name,
                "subject": "Báo cáo cải cách hành chính",
                "unit_code": self.unit.code,
                "period": period_id,
            },
        )

    def _fill(self, text: str) -> str:
        """The text with its figures filled in; the figures without a value (printed `…`) are noted."""
        for ref in self.source.missing(text):
            if not ref.is_word:
                self.missing.setdefault(ref.text, self._ref_label(ref))
        return self.source.fill(text)

    def _ref_label(self, ref) -> str:
        label = self.template.label_of(ref.code)
        return f"{label} ({self.template.level_name(ref.level)})" if ref.level else label

    def body(self) -> list[Block]:
        blocks: list[Block] = []
        in_part = ""
        for section in self.template.sections:
            part, number = self.template.part_and_number(section)
            if number:
                if in_part != part:
                    blocks.append(Block("heading1", f"{part}. {self.template.parts[part].upper()}"))
                    in_part = part
                blocks.append(Block("heading2", f"{number}. {section.title}"))
            else:
                blocks.append(Block("heading1", f"{part}. {section.title.upper()}"))
            blocks.extend(self.section_blocks(section))
        closing = self.template.report.closing
        if closing:  # `{period}`, `{unit_name}` filled as in the texts
            blocks.append(Block("paragraph", self._fill(closing)))
        return blocks

    def section_blocks(self, section: Section) -> list[Block]:
        """The section's report text with its figures filled in, then its other texts (III)."""
        blocks: list[Block] = []
        if section.narrative:
            text = self.texts[section.narrative].text
            blocks.extend(narrative_blocks(self._fill(text)))
        for group in section.groups:
            texts = [code for code in group.codes if self.template.indicators[code].type == "text"]
            if texts:
                blocks.extend(self.text_blocks(group, texts))
        return blocks or [Block("paragraph", EMPTY_SECTION)]

    def text_blocks(self, group, codes: list[str]) -> list[Block]:
        """A group's texts under their labels; a text nobody wrote is left out with its label, and a group
        none of whose texts was written with its title."""
        blocks: list[Block] = []
        for code in codes:
            written = narrative_blocks(self._fill(self.texts[code].text))
            if not written:
                continue
            label = self.template.indicators[code].label
            if label != group.title:
                blocks.append(Block("heading3", label))
            blocks.extend(written)
        return [Block("heading2", group.title), *blocks] if blocks and group.title else blocks


def build_report(ws: ReportSources, period: str, template: Template | None = None) -> ReportDocument:
    """The report of a period; template: the version in force for it (default: the workspace's)."""
    return ReportBuilder(ws, period, template).build()
