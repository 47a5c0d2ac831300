"""The quarterly report as a PDF laid out like an administrative document (Nghị định 30/2020/NĐ-CP)."""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path

from fpdf import FPDF

from exports.atomic import atomic_write
from exports.errors import ExportError
from exports.fonts import find_serif_fonts
from exports.footnotes import FootnoteNumbering
from exports.inline import Run, bullet_runs, parse_inline, styled_runs
from exports.model import INCOMPLETE_NOTICE, ReportDocument, normalize_document
from exports.pdf_layout import PT, Line, Typesetter
from exports.pdf_pages import FootStyle, PageFlow, PageGeometry, baseline
from exports.signing.marks import ReportMarks, SignatureBox, marks_xmp

log = logging.getLogger(__name__)
FONT_SUBSET_LOGGER = "fontTools"  # fpdf2 subsets the embedded fonts with fontTools, which logs every table at INFO

FAMILY = "ReportSerif"
CREATOR = "CCHC Desktop"
BODY_SIZE = 13.0  # Nghị định 30: 13–14 pt; 13 with single spacing keeps the report as long as the reference
TITLE_SIZE = 14.0
LINE_SPACING = 1.15
NOTE_SIZE = 12.0
NOTE_SPACING = 1.15
PARAGRAPH_GAP = 6 * PT
INDENT = 10.0
SIGNATURE_ROOM = 25.0
SIGNATURE_GAP = 2 * PARAGRAPH_GAP
KEPT_WITH_SIGNATURE = 2  # last lines of the body that go to the next page with the signature
RULE_GAP = 1.0
RECIPIENT_SIZE = 11.0
SIGNER_SIZE = 14.0  # OUTPUTS.md: the authority line (TM. ỦY BAN NHÂN DÂN), 14 bold; its title and name with it
NOTICE_COLOR = (160, 0, 0)
BLOCK_STYLES = {
    "heading1": ("B", 0.0),
    "heading2": ("B", INDENT),
    "heading3": ("BI", INDENT),
    "paragraph": ("", INDENT),
    "bullet": ("", INDENT),
}


def line_height(size: float, spacing: float = 1.2) -> float:
    """Height in mm of a line of type `size` pt."""
    return size * spacing * PT


class ReportPDF(FPDF):
    """An A4 page with the page number centred in the top margin from page 2 on."""

    def __init__(self, geometry: PageGeometry):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.geometry = geometry

    def header(self) -> None:
        """Page number, 14 pt regular, centred in the top margin."""
        if self.page_no() < 2:
            return
        self.set_font(FAMILY, "", BODY_SIZE)
        label = str(self.page_no())
        width = self.get_string_width(label)
        left, text_width = self.geometry.left, self.geometry.text_width
        self.text(left + (text_width - width) / 2, self.geometry.top * 0.65, label)


def write_report_pdf(document: ReportDocument, target: str | os.PathLike) -> Path:
    """Render the report and write it to target completely or not at all."""
    data = render_report_pdf(document)
    return atomic_write(target, lambda temp: temp.write_bytes(data))


def render_report_pdf(document: ReportDocument) -> bytes:
    """The report as PDF bytes (fonts embedded as subsets)."""
    quiet_font_subsetting()
    return _Renderer(normalize_document(document)).render()


def quiet_font_subsetting() -> None:
    """Keep fontTools' warnings but not its INFO line per font table, unless someone set its level on purpose."""
    logger = logging.getLogger(FONT_SUBSET_LOGGER)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)


class _Renderer:
    def __init__(self, document: ReportDocument):
        self.doc = document
        self.page = PageGeometry()
        self.pdf = ReportPDF(self.page)
        self.pdf.set_margins(self.page.left, self.page.top, self.page.right)
        self.pdf.set_auto_page_break(False, margin=self.page.bottom)
        self._add_fonts()
        self._set_metadata()
        self.ts = Typesetter(self.pdf, FAMILY)
        self.body_lh = line_height(BODY_SIZE, LINE_SPACING)
        numbering = FootnoteNumbering()
        self.blocks = [
            (block.kind, (bullet_runs if block.kind == "bullet" else styled_runs)(block.text, numbering))
            for block in document.blocks
        ]
        foot = FootStyle(NOTE_SIZE, line_height(NOTE_SIZE, NOTE_SPACING))
        for note in numbering.notes:
            words = self.ts.words([note.number, " ", *parse_inline(note.text)], "", NOTE_SIZE)
            foot.notes[note.number] = self.ts.break_lines(words, self.page.text_width, "", NOTE_SIZE)
        self.flow = PageFlow(self.pdf, self.ts, self.page, foot)
        self.signature_box: SignatureBox | None = None

    def _add_fonts(self) -> None:
        for style, path in find_serif_fonts().items():
            try:
                self.pdf.add_font(FAMILY, style, str(path))
            except Exception as error:
                log.warning("font %s unreadable: %r", path, error)
                raise ExportError(
                    f"Không đọc được phông chữ {path}: tệp phông chữ bị hỏng hoặc không đúng loại. Hãy cài lại phông "
                    "chữ đó."
                ) from error

    def _set_metadata(self) -> None:
        meta = self.doc.metadata
        self.pdf.set_title(meta.get("title") or f"{self.doc.title} {self.doc.subject}".strip())
        self.pdf.set_author(meta.get("author") or " ".join(self.doc.issuing_body))
        self.pdf.set_subject(meta.get("subject") or self.doc.subject)
        if meta.get("keywords"):
            self.pdf.set_keywords(meta["keywords"])
        self.pdf.set_creator(CREATOR)
        self.pdf.set_lang("vi-VN")

    def render(self) -> bytes:
        """Lay out every part of the report and return the PDF bytes."""
        self.flow.start()
        self._header()
        self._title()
        if self.doc.incomplete:
            self._incomplete_notice()
        self.flow.y += PARAGRAPH_GAP * 1.5
        signature = self._signature_layout()
        laid_out = [self._lines(kind, runs) for kind, runs in self.blocks]
        for index, (kind, lines) in enumerate(laid_out):
            if index:
                self.flow.space(PARAGRAPH_GAP)
            if kind.startswith("heading"):
                self.flow.ensure(self._heading_keep(laid_out, index, signature.height + SIGNATURE_GAP))
            if index == len(laid_out) - 1:
                self._last_block(lines, signature.height + SIGNATURE_GAP)
            else:
                self.flow.flow(lines, self.body_lh, BODY_SIZE, self.page.left)
        self._signature(signature)
        self.flow.finish()
        meta = self.doc.metadata
        self.pdf.set_xmp_metadata(
            marks_xmp(ReportMarks(self.signature_box, meta.get("unit_code", ""), meta.get("period", "")))
        )
        return bytes(self.pdf.output())

    def _centered(
        self, text: str, style: str, size: float, left: float, width: float, top: float
    ) -> tuple[float, float]:
        """Centre text (wrapped if too wide) in a column from top; returns (bottom, widest line width)."""
        lh = line_height(size)
        if self.ts.measure(text, style, size) <= width:
            drawn = self.ts.draw_centered(text, style, size, left, width, baseline(top, lh, size))
            return top + lh, drawn
        widest = 0.0
        for line in self._balanced_lines(text, style, size, width):
            self.ts.draw_line(line, left, baseline(top, lh, size), "C")
            widest = max(widest, line.natural_width)
            top += lh
        return top, widest

    def _balanced_lines(self, text: str, style: str, size: float, width: float) -> list[Line]:
        """Wrapped lines of about equal length (as a title is set), never more lines than needed."""
        lines = self.ts.plain_lines(text, width, style, size)
        low, high = width / 2, width
        for _ in range(12):
            middle = (low + high) / 2
            if len(self.ts.plain_lines(text, middle, style, size)) > len(lines):
                low = middle
            else:
                high = middle
        balanced = self.ts.plain_lines(text, high, style, size)
        return [dataclasses.replace(line, indent=0.0, width=width) for line in balanced]

    def _rule(self, center: float, length: float, y: float) -> None:
        self.pdf.set_draw_color(0, 0, 0)
        self.pdf.set_line_width(0.25)
        self.pdf.line(center - length / 2, y, center + length / 2, y)

    def _header(self) -> None:
        doc, page = self.doc, self.page
        nation, motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
        needed = max(
            self.ts.measure(nation, "B", 12),
            self.ts.measure(motto, "B", 13),
            self.ts.measure(doc.place_date, "I", 14),
        )
        right_width = min(max(page.text_width * 0.6, needed + 4), page.text_width * 0.7)
        left_width = page.text_width - right_width
        left, right = page.left, page.left + left_width

        y = page.top
        if doc.parent_body.strip():
            y, _ = self._centered(doc.parent_body.upper(), "", 13, left, left_width, y)
        for name in doc.issuing_body:
            y, _ = self._centered(name.upper(), "B", 13, left, left_width, y)
        if any(name.strip() for name in doc.issuing_body):
            self._rule(left + left_width / 2, left_width / 3, y + RULE_GAP)

        right_y, _ = self._centered(nation, "B", 12, right, right_width, page.top)
        right_y, motto_width = self._centered(motto, "B", 13, right, right_width, right_y)
        self._rule(right + right_width / 2, motto_width, right_y + RULE_GAP)

        row = max(y, right_y) + 2.0 + RULE_GAP
        align = baseline(row, line_height(14), 14) - baseline(row, line_height(13), 13)
        bottom_left, _ = self._centered(doc.number, "", 13, left, left_width, row + align)
        bottom_right, _ = self._centered(doc.place_date, "I", 14, right, right_width, row)
        self.flow.y = max(bottom_left, bottom_right)

    def _title(self) -> None:
        page = self.page
        center = page.left + page.text_width / 2
        y = self.flow.y + 8.0
        y, _ = self._centered(self.doc.title or "BÁO CÁO", "B", TITLE_SIZE, page.left, page.text_width, y)
        if self.doc.subject.strip():
            y, widest = self._centered(self.doc.subject, "B", TITLE_SIZE, page.left, page.text_width, y)
            self._rule(center, max(widest / 3, 25.0), y + RULE_GAP)
            y += 2.0 * RULE_GAP
        if self.doc.cutoff.strip():
            y, _ = self._centered(self.doc.cutoff, "I", TITLE_SIZE, page.left, page.text_width, y + 1.0)
        if self.doc.period_note.strip():
            y, _ = self._centered(self.doc.period_note, "I", BODY_SIZE - 1, page.left, page.text_width, y + 0.5)
        self.flow.y = y

    def _incomplete_notice(self) -> None:
        page, pdf = self.page, self.pdf
        pad, width = 2.5, page.text_width - 5.0
        title_lh, item_lh, item_size = line_height(12), line_height(11), 11.0
        items: list[list[Line]] = []
        for item in self.doc.incomplete:
            dash = self.ts.words(["-"], "", item_size)
            words = self.ts.words([item.strip()], "", item_size)
            items.append(self.ts.break_lines(dash + words, width, "", item_size))
        room = (page.floor - self.flow.y) * 0.5
        shown: list[Line] = []
        for index, lines in enumerate(items):
            if (len(shown) + len(lines) + 1) * item_lh + title_lh > room:
                rest = len(items) - index
                shown.extend(self.ts.plain_lines(f"- … và {rest} mục khác.", width, "", item_size))
                break
            shown.extend(lines)
        top = self.flow.y + 4.0
        height = 2 * pad + title_lh + len(shown) * item_lh
        pdf.set_draw_color(*NOTICE_COLOR)
        pdf.set_line_width(0.5)
        pdf.rect(page.left, top, page.text_width, height)
        pdf.set_text_color(*NOTICE_COLOR)
        y, _ = self._centered(INCOMPLETE_NOTICE, "B", 12, page.left, page.text_width, top + pad)
        for line in shown:
            self.ts.draw_line(line, page.left + pad, baseline(y, item_lh, item_size), "L")
            y += item_lh
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(0, 0, 0)
        self.flow.y = top + height

    def _lines(self, kind: str, runs: tuple[Run | int, ...]) -> tuple[str, list[Line]]:
        """Break one block into lines in its style."""
        if kind not in BLOCK_STYLES:
            log.warning("Unknown block kind %r printed as a paragraph", kind)
            kind = "paragraph"
        style, indent = BLOCK_STYLES[kind]
        words = self.ts.words(runs, style, BODY_SIZE)
        return kind, self.ts.break_lines(words, self.page.text_width, style, BODY_SIZE, indent) if words else []

    def _heading_keep(self, laid_out: list[tuple[str, list[Line]]], index: int, signature_height: float) -> float:
        """Height a heading needs on its page: itself, the headings right after it, two lines of the text below."""
        height = 0.0
        for kind, lines in laid_out[index:]:
            if not kind.startswith("heading"):
                return height + min(len(lines), 2) * self.body_lh
            height += len(lines) * self.body_lh + PARAGRAPH_GAP
        return height + signature_height

    def _last_block(self, lines: list[Line], keep_with_next: float) -> None:
        """The last block keeps its last lines on the page of the signature, so that never stands alone."""
        lh, left = self.body_lh, self.page.left
        split = len(lines) - KEPT_WITH_SIGNATURE if len(lines) > KEPT_WITH_SIGNATURE + 1 else 0
        if self.flow.y + len(lines) * lh + keep_with_next <= self.flow.limit():
            split = len(lines)
        self.flow.flow(lines[:split], lh, BODY_SIZE, left)
        self.flow.ensure((len(lines) - split) * lh + keep_with_next)
        self.flow.flow(lines[split:], lh, BODY_SIZE, left)

    def _signature_layout(self) -> _Signature:
        """Measure the signature block (right) and the recipients (left) before placing them."""
        doc, width = self.doc, self.page.text_width
        signer_lines = [doc.authority_line.upper(), doc.signer_title.upper(), doc.signer_name]
        signer_width = max((self.ts.measure(text, "B", SIGNER_SIZE) for text in signer_lines), default=0.0)
        right_width = min(max(signer_width + 8.0, width * 0.42), width * 0.55)
        left_width = width - right_width - 3.0
        dash_width = self.ts.measure("- ", "", RECIPIENT_SIZE)
        names = [name.strip().removeprefix("-").strip().rstrip(";.").strip() for name in doc.recipients]
        names = [name for name in names if name]
        recipients = [
            self.ts.plain_lines(
                name + ("." if index == len(names) - 1 else ";"), left_width - dash_width, "", RECIPIENT_SIZE
            )
            for index, name in enumerate(names)
        ]
        rec_lh = line_height(RECIPIENT_SIZE)
        left_height = line_height(12) + sum(len(lines) for lines in recipients) * rec_lh if names else 0.0
        signer_rows = sum(
            len(self.ts.plain_lines(text, right_width, "B", SIGNER_SIZE)) for text in signer_lines if text
        )
        signer_rows += 0 if doc.signer_name.strip() else 1  # the name's line is kept, empty, to write it by hand
        right_height = signer_rows * line_height(SIGNER_SIZE) + SIGNATURE_ROOM
        return _Signature(right_width, dash_width, recipients, max(left_height, right_height))

    def _box(self, left: float, top: float, width: float, height: float) -> SignatureBox:
        """The room left for the signature, in PDF points from the page's lower left corner (the signing
        stamp goes there)."""
        scale = 72 / 25.4
        bottom = self.page.height - top - height
        return SignatureBox(
            self.pdf.page - 1, left * scale, bottom * scale, (left + width) * scale, (bottom + height) * scale
        )

    def _signature(self, signature: _Signature) -> None:
        doc, page = self.doc, self.page
        right_width = signature.right_width
        right = page.left + page.text_width - right_width
        self.flow.space(SIGNATURE_GAP)
        self.flow.ensure(signature.height)
        top = y = self.flow.y
        for text in (doc.authority_line, doc.signer_title):
            if text.strip():
                y, _ = self._centered(text.upper(), "B", SIGNER_SIZE, right, right_width, y)
        self.signature_box = self._box(right, y, right_width, SIGNATURE_ROOM)
        y += SIGNATURE_ROOM
        if doc.signer_name.strip():
            y, _ = self._centered(doc.signer_name, "B", SIGNER_SIZE, right, right_width, y)
        else:  # no name set: its line stays, empty, for the name written by hand under the signature
            y += line_height(SIGNER_SIZE)
        if signature.recipients:
            heading_lh, rec_lh = line_height(12), line_height(RECIPIENT_SIZE)
            left_y = top + (line_height(SIGNER_SIZE) - heading_lh) / 2
            self.ts.use_font("BI", 12)
            self.pdf.text(page.left, baseline(left_y, heading_lh, 12), "Nơi nhận:")
            left_y += heading_lh
            for lines in signature.recipients:
                self.ts.use_font("", RECIPIENT_SIZE)
                self.pdf.text(page.left, baseline(left_y, rec_lh, RECIPIENT_SIZE), "- ")
                for line in lines:
                    self.ts.draw_line(
                        line, page.left + signature.dash_width, baseline(left_y, rec_lh, RECIPIENT_SIZE), "L"
                    )
                    left_y += rec_lh
            y = max(y, left_y)
        self.flow.y = y


@dataclasses.dataclass
class _Signature:
    right_width: float
    dash_width: float
    recipients: list[list[Line]]
    height: float
