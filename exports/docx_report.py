"""The quarterly report as an editable Word copy (.docx), from the same ReportDocument as the PDF and laid out
like it (Nghị định 30/2020/NĐ-CP): A4, the same margins, Times New Roman, the header table with the issuing
body, Quốc hiệu and Tiêu ngữ over their rules, justified paragraphs with a first-line indent, real Word
footnotes, the page number in the header from page 2, Nơi nhận and the signature block. Every paragraph is in a
named style (exports/docx_styles.py), so the Văn thư changes the look of all of its kind at once.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from exports.docx_styles import BLOCK_STYLES, HEADER_STYLES, LANGUAGE, define_styles
from exports.docx_xml import (
    add_footnote_reference,
    add_footnotes_part,
    add_page_field,
    add_rule,
    box,
    keep_row_together,
    tidy_settings,
)
from exports.footnotes import FootnoteNumbering
from exports.inline import bullet_runs, parse_inline, styled_runs
from exports.model import INCOMPLETE_NOTICE, ReportDocument, normalize_document
from exports.pdf_pages import PageGeometry

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_WIDTH_MM = 56.1  # the motto, 13 pt bold Times New Roman (Liberation Serif's metrics are the same)
HEADER_RIGHT_SHARE = 0.6  # of the text width: the Quốc hiệu's column, as the PDF's header
SUBJECT_RULE_MM = 30.0
SIGNATURE_ROOM_MM = 25.0  # room for the signature and seal above the signer's name
SIGNER_CHAR_MM = 3.2  # about the width of a 14 pt bold capital: sizes the signer's column
NOTICE_COLOR = "A00000"


def render_report_docx(document: ReportDocument, now: datetime | None = None) -> bytes:
    """The Word copy as .docx bytes; `now` is the file's creation time (the clock's, when not given)."""
    return _Writer(normalize_document(document), now or datetime.now(UTC)).render()


class _Writer:
    def __init__(self, document: ReportDocument, now: datetime):
        self.doc = document
        self.now = now
        self.page = PageGeometry()
        self.word = Document()
        self.numbering = FootnoteNumbering()

    def render(self) -> bytes:
        define_styles(self.word)
        self._page_setup()
        self._header()
        self._title()
        if self.doc.incomplete:
            self._incomplete_notice()
        self._body()
        self._signature()
        add_footnotes_part(self.word, [(note.number, parse_inline(note.text)) for note in self.numbering.notes])
        self._properties()
        tidy_settings(self.word, LANGUAGE)
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()

    def _page_setup(self) -> None:
        page, section = self.page, self.word.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(page.width), Mm(page.height)
        section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
        section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
        section.header_distance, section.footer_distance = Mm(12), Mm(12)
        section.different_first_page_header_footer = True  # page 1 carries no number
        number = section.header.paragraphs[0]
        number.style = self.word.styles["Header"]
        add_page_field(number)
        body = self.word.element.body  # the template's empty paragraph goes: the report starts with its header
        for paragraph in list(self.word.paragraphs):
            body.remove(paragraph._p)

    def _paragraph(self, container, text: str, style: str, **direct):
        paragraph = container.add_paragraph(style=self.word.styles[style])
        if text:
            run = paragraph.add_run(text)
            for name, value in direct.items():
                if name == "color":
                    run.font.color.rgb = value
                else:
                    setattr(run.font, name, value)
        return paragraph

    def _rule(self, container, width_mm: float, column_mm: float) -> None:
        """A centred line `width_mm` long, under the paragraph before it."""
        rule = container.add_paragraph(style=self.word.styles[HEADER_STYLES["rule"]])
        side = max((column_mm - width_mm) / 2, 0.0)
        rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Mm(side)
        rule.paragraph_format.space_before = Pt(1)
        rule.paragraph_format.space_after = Pt(4)  # the border is drawn below the line: room before the next
        add_rule(rule, "bottom")

    def _header(self) -> None:
        doc, width = self.doc, self.page.text_width
        right_width = width * HEADER_RIGHT_SHARE
        left_width = width - right_width
        # A document that opens with a table gets a phantom empty line above it in LibreOffice once it has
        # footnotes: a real line, 1 pt high, comes first.
        lead = self.word.add_paragraph(style=self.word.styles[HEADER_STYLES["rule"]])
        lead.paragraph_format.line_spacing = Pt(1)
        table = self.word.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _widths(table, left_width, right_width)
        bodies, nation = table.cell(0, 0), table.cell(0, 1)
        _drop_first_paragraph(bodies, nation, table.cell(1, 0), table.cell(1, 1))
        if doc.parent_body.strip():
            self._paragraph(bodies, doc.parent_body.upper(), HEADER_STYLES["body"])
        names = [name for name in doc.issuing_body if name.strip()]
        for name in names:
            self._paragraph(bodies, name.upper(), HEADER_STYLES["body"], bold=True)
        if names:
            self._rule(bodies, left_width / 3, left_width)
        self._paragraph(nation, NATION, HEADER_STYLES["nation"])
        self._paragraph(nation, MOTTO, HEADER_STYLES["motto"])
        self._rule(nation, MOTTO_WIDTH_MM, right_width)
        number = self._paragraph(table.cell(1, 0), doc.number, HEADER_STYLES["number"])
        place = self._paragraph(table.cell(1, 1), doc.place_date, HEADER_STYLES["place_date"])
        for paragraph in (number, place):  # the title's room above is kept here: LibreOffice would put the
            paragraph.paragraph_format.space_before = Pt(4)  # title's space before above the whole table
            paragraph.paragraph_format.space_after = Pt(20)
        _close_empty_cells(table)

    def _title(self) -> None:
        doc, width = self.doc, self.page.text_width
        self._paragraph(self.word, doc.title or "BÁO CÁO", HEADER_STYLES["title"])
        if doc.subject.strip():
            self._paragraph(self.word, doc.subject, HEADER_STYLES["subject"])
            self._rule(self.word, SUBJECT_RULE_MM, width)
        if doc.cutoff.strip():
            self._paragraph(self.word, doc.cutoff, HEADER_STYLES["cutoff"])
        if doc.period_note.strip():
            self._paragraph(self.word, doc.period_note, HEADER_STYLES["cutoff"], size=Pt(12))
        last = self.word.paragraphs[-1]
        last.paragraph_format.space_after = Pt(9)

    def _incomplete_notice(self) -> None:
        red = RGBColor.from_string(NOTICE_COLOR)
        style = HEADER_STYLES["notice"]
        heading = self._paragraph(self.word, INCOMPLETE_NOTICE, style, bold=True, size=Pt(12), color=red)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        lines = [heading]
        for item in self.doc.incomplete:
            lines.append(self._paragraph(self.word, f"- {item.strip()}", style, color=red))
        for paragraph in lines:
            box(paragraph, NOTICE_COLOR)
        lines[-1].paragraph_format.space_after = Pt(9)

    def _body(self) -> None:
        for block in self.doc.blocks:
            kind = block.kind if block.kind in BLOCK_STYLES else "paragraph"
            paragraph = self.word.add_paragraph(style=self.word.styles[BLOCK_STYLES[kind]])
            for part in (bullet_runs if kind == "bullet" else styled_runs)(block.text, self.numbering):
                if isinstance(part, int):
                    add_footnote_reference(paragraph, part)
                    continue
                run = paragraph.add_run(part.text)
                run.bold = True if part.bold else None
                run.italic = True if part.italic else None
        if self.doc.blocks:
            self.word.paragraphs[-1].paragraph_format.keep_with_next = True  # never a signature alone on a page

    def _signature(self) -> None:
        doc, width = self.doc, self.page.text_width
        signer_lines = [doc.authority_line.upper(), doc.signer_title.upper(), doc.signer_name]
        longest = max((len(text) for text in signer_lines), default=0)
        right_width = min(max(longest * SIGNER_CHAR_MM + 8.0, width * 0.42), width * 0.55)
        table = self.word.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        row = table.rows[0]
        keep_row_together(row)
        _widths(table, width - right_width, right_width)
        recipients, signer = row.cells
        _drop_first_paragraph(recipients, signer)
        names = [name.strip().removeprefix("-").strip().rstrip(";.").strip() for name in doc.recipients]
        names = [name for name in names if name]
        if names:
            self._paragraph(recipients, "Nơi nhận:", HEADER_STYLES["recipients_heading"])
            for index, name in enumerate(names):
                end = "." if index == len(names) - 1 else ";"
                self._paragraph(recipients, f"- {name}{end}", HEADER_STYLES["recipient"])
        for text in (doc.authority_line, doc.signer_title):
            if text.strip():
                self._paragraph(signer, text.upper(), HEADER_STYLES["signer"])
        for cell in row.cells:  # the block starts a little below the last paragraph of the body
            if cell.paragraphs:
                cell.paragraphs[0].paragraph_format.space_before = Pt(12)
        name = self._paragraph(signer, doc.signer_name.strip(), HEADER_STYLES["signer"])
        name.paragraph_format.space_before = Mm(SIGNATURE_ROOM_MM)
        _close_empty_cells(table)

    def _properties(self) -> None:
        meta, properties = self.doc.metadata, self.word.core_properties
        properties.title = meta.get("title") or f"{self.doc.title} {self.doc.subject}".strip()
        properties.author = properties.last_modified_by = meta.get("author") or " ".join(self.doc.issuing_body)
        properties.subject = meta.get("subject") or self.doc.subject
        properties.keywords = meta.get("keywords", "")
        properties.comments = ""
        properties.category = ""
        properties.language = LANGUAGE
        properties.content_status = ""
        properties.identifier = ""
        properties.revision = 1
        properties.created = properties.modified = self.now.replace(microsecond=0)


def _drop_first_paragraph(*cells) -> None:
    """A new cell holds one empty paragraph; the writer adds its own."""
    for cell in cells:
        for paragraph in cell.paragraphs:
            paragraph._p.getparent().remove(paragraph._p)


def _widths(table, *widths_mm: float) -> None:
    """The columns' widths, in the table's grid (what LibreOffice reads) and in every cell (what Word reads)."""
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _close_empty_cells(table) -> None:
    """Word refuses a cell without a paragraph: an empty one where nothing was written."""
    for row in table.rows:
        for cell in row.cells:
            if not cell.paragraphs:
                cell.add_paragraph()
