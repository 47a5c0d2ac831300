"""The user guide printed: A4, the report's serif font, a table of contents, the screenshots, page numbers.

Takes the guide as plain data (GuideDocument); headings become the PDF's bookmarks. Written completely or
not at all (atomic_write).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF

from exports.atomic import atomic_write
from exports.errors import ExportError
from exports.fonts import find_serif_fonts
from exports.guide_model import GuideBlock, GuideDocument
from exports.pdf_layout import PT, Line, Typesetter

FAMILY = "GuideSerif"
MARGINS = (25.0, 20.0, 20.0, 22.0)  # left, top, right, bottom (mm)
BODY = 12.0
SIZES = {"title": 20.0, 2: 15.0, 3: 13.0, "caption": 10.0, "toc": 11.5}
LEADING = 1.35
ITEM_INDENT = (5.0, 12.0)  # where an item's marker starts, by nesting level (mm from the margin)
HANG = 6.0  # the marker's column
NOTE_PAD = 3.0
NOTE_FILL = (238, 243, 250)
NOTE_BAR = (13, 110, 253)
HEADING_COLOUR = (11, 60, 140)
CAPTION_COLOUR = (90, 90, 90)
SCREEN_DPI = 120  # a screenshot's pixel printed at 120 dpi (sharp on paper), smaller when the page is narrower
MAX_IMAGE_HEIGHT = 150.0
TOC_TITLE = "Mục lục"


def line_height(size: float) -> float:
    return size * LEADING * PT


class _GuidePdf(FPDF):
    def footer(self) -> None:  # fpdf2 hook: the page number, centred at the foot
        self.set_y(-14)
        self.set_font(FAMILY, "", 10)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"Trang {self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)


class GuideRenderer:
    """Lays the blocks out top to bottom, a new page where the next one does not fit."""

    def __init__(self, document: GuideDocument, progress: Callable[[float], None] | None = None):
        self.document = document
        self.progress = progress or (lambda _fraction: None)
        self.pdf = _GuidePdf(format="A4")
        left, top, right, bottom = MARGINS
        self.pdf.set_margins(left, top, right)
        self.pdf.set_auto_page_break(True, bottom)
        self._add_fonts()
        self.pdf.set_title(document.title)
        self.pdf.set_creator("CCHC Desktop")
        self.pdf.set_lang("vi")
        self.ts = Typesetter(self.pdf, FAMILY)
        self.width = self.pdf.w - left - right
        self.bottom = self.pdf.h - bottom
        self.previous = ""

    def _add_fonts(self) -> None:
        for style, path in find_serif_fonts().items():
            try:
                self.pdf.add_font(FAMILY, style, str(path))
            except Exception as error:
                raise ExportError(f"Không đọc được phông chữ {path}: {error}. Hãy cài lại phông chữ đó.") from error

    def render(self) -> bytes:
        self.pdf.add_page()
        self.ts.forget_font()
        blocks = self.document.blocks
        for number, block in enumerate(blocks):
            self._block(block, blocks[number + 1] if number + 1 < len(blocks) else None)
            self.previous = block.kind
            self.progress((number + 1) / len(blocks))
        return bytes(self.pdf.output())

    # ----- pages ---------------------------------------------------------------------------------
    def _room(self, height: float) -> None:
        """A new page unless `height` fits below the current position."""
        if self.pdf.get_y() + height > self.bottom:
            self.pdf.add_page()
            self.ts.forget_font()

    def _lines(self, block: GuideBlock, style: str, size: float, width: float) -> list[Line]:
        words = self.ts.words(block.runs, style, size)
        return self.ts.break_lines(words, width, style, size) if words else []

    def _draw(self, lines: list[Line], x: float, size: float, align: str = "L") -> None:
        height = line_height(size)
        for line in lines:
            self._room(height)
            y = self.pdf.get_y()
            self.ts.draw_line(line, x, y + size * PT, align)
            self.pdf.set_y(y + height)

    # ----- blocks --------------------------------------------------------------------------------
    def _block(self, block: GuideBlock, following: GuideBlock | None) -> None:
        left = self.pdf.l_margin
        if block.kind == "title":
            self._title(block)
        elif block.kind == "heading":
            self._heading(block, following)
        elif block.kind == "paragraph":
            self._gap(2.0)
            self._draw(self._lines(block, "", BODY, self.width), left, BODY)
        elif block.kind == "item":
            self._item(block)
        elif block.kind == "note":
            self._note(block)
        elif block.kind == "image":
            self._image(block)

    def _gap(self, mm: float) -> None:
        if self.pdf.get_y() > self.pdf.t_margin + 0.1:
            self.pdf.set_y(self.pdf.get_y() + mm)

    def _title(self, block: GuideBlock) -> None:
        size = SIZES["title"]
        self.pdf.set_text_color(*HEADING_COLOUR)
        self._draw(self._lines(block, "B", size, self.width), self.pdf.l_margin, size, "C")
        self.pdf.set_text_color(0, 0, 0)
        self.pdf.set_y(self.pdf.get_y() + 4)
        self.pdf.insert_toc_placeholder(self._toc, pages=1)
        self.ts.forget_font()

    def _toc(self, pdf: FPDF, outline) -> None:
        """The table of contents under the title: each topic (sub-topics too, when they fit) and its page."""
        size = SIZES["toc"]
        height = line_height(size)
        room = self.bottom - pdf.get_y() - line_height(SIZES[2]) - 4
        entries = [entry for entry in outline if entry.level <= 1]
        if len(entries) * height > room:
            entries = [entry for entry in outline if entry.level == 0]
        pdf.set_font(FAMILY, "B", SIZES[2])
        pdf.set_text_color(*HEADING_COLOUR)
        pdf.set_x(pdf.l_margin)
        pdf.cell(0, line_height(SIZES[2]), TOC_TITLE, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_y(pdf.get_y() + 2)
        for entry in entries:
            indent = 6.0 * entry.level
            style = "" if entry.level else "B"
            pdf.set_font(FAMILY, style, size if not entry.level else size - 1)
            page = str(entry.page_number)
            page_width = pdf.get_string_width(page)
            name = entry.name
            room_for_name = self.width - indent - page_width - 4
            while pdf.get_string_width(name) > room_for_name and len(name) > 4:
                name = name[:-2].rstrip() + "…"
            y = pdf.get_y()
            link = pdf.add_link(page=entry.page_number)
            pdf.set_xy(pdf.l_margin + indent, y)
            pdf.cell(self.width - indent - page_width, height, name, link=link)
            pdf.set_xy(pdf.l_margin + self.width - page_width, y)
            pdf.cell(page_width, height, page, link=link)
            pdf.set_xy(pdf.l_margin, y + height)
        self.ts.forget_font()

    def _heading(self, block: GuideBlock, following: GuideBlock | None) -> None:
        size = SIZES.get(block.level, BODY)
        lines = self._lines(block, "B", size, self.width)
        height = len(lines) * line_height(size)
        if block.level == 2 and self.previous not in ("", "title"):
            self._gap(5.0)
        else:
            self._gap(3.0)
        self._room(height + 3 * line_height(BODY) + (40 if following and following.kind == "image" else 0))
        self.pdf.start_section(block.text, level=block.level - 2, strict=False)
        self.pdf.set_text_color(*HEADING_COLOUR)
        self._draw(lines, self.pdf.l_margin, size)
        self.pdf.set_text_color(0, 0, 0)
        self.pdf.set_y(self.pdf.get_y() + 1)

    def _item(self, block: GuideBlock) -> None:
        indent = ITEM_INDENT[min(block.level, 1)]
        x = self.pdf.l_margin + indent
        lines = self._lines(block, "", BODY, self.width - indent - HANG)
        if self.previous not in ("item",):
            self._gap(1.5)
        else:
            self._gap(0.8)
        self._room(line_height(BODY))
        y = self.pdf.get_y()
        self.ts.use_font("", BODY)
        self.pdf.text(x, y + BODY * PT, block.marker)
        self._draw(lines, x + HANG, BODY)

    def _note(self, block: GuideBlock) -> None:
        width = self.width - 2 * NOTE_PAD - 2
        lines = self._lines(block, "", BODY, width)
        height = len(lines) * line_height(BODY) + 2 * NOTE_PAD
        self._gap(2.5)
        self._room(min(height, self.bottom - self.pdf.t_margin))
        y = self.pdf.get_y()
        left = self.pdf.l_margin
        self.pdf.set_fill_color(*NOTE_FILL)
        self.pdf.rect(left, y, self.width, height, style="F")
        self.pdf.set_fill_color(*NOTE_BAR)
        self.pdf.rect(left, y, 1.2, height, style="F")
        self.pdf.set_y(y + NOTE_PAD)
        self._draw(lines, left + NOTE_PAD + 2, BODY)
        self.pdf.set_y(self.pdf.get_y() + NOTE_PAD)

    def _image(self, block: GuideBlock) -> None:
        path = Path(block.image)
        caption = self._lines(block, "I", SIZES["caption"], self.width)
        caption_height = len(caption) * line_height(SIZES["caption"])
        try:
            from PIL import Image

            with Image.open(path) as picture:
                pixels = picture.size
        except (OSError, ValueError) as error:
            raise ExportError(f"Không đọc được ảnh {path.name} của hướng dẫn: {error}.") from error
        width = min(self.width, pixels[0] * 25.4 / SCREEN_DPI)
        height = width * pixels[1] / pixels[0]
        limit = min(MAX_IMAGE_HEIGHT, self.bottom - self.pdf.t_margin - caption_height - 4)
        if height > limit:
            width, height = width * limit / height, limit
        self._gap(3.0)
        self._room(height + caption_height + 2)
        x = self.pdf.l_margin + (self.width - width) / 2
        y = self.pdf.get_y()
        self.pdf.image(str(path), x=x, y=y, w=width, h=height)
        self.pdf.set_draw_color(200, 200, 200)
        self.pdf.rect(x, y, width, height)
        self.pdf.set_y(y + height + 1.5)
        self.pdf.set_text_color(*CAPTION_COLOUR)
        self._draw(caption, self.pdf.l_margin, SIZES["caption"], "C")
        self.pdf.set_text_color(0, 0, 0)


def render_guide_pdf(document: GuideDocument, progress: Callable[[float], None] | None = None) -> bytes:
    """The guide's PDF as bytes; `progress(fraction)` after each block."""
    return GuideRenderer(document, progress).render()


def write_guide_pdf(
    document: GuideDocument, target: str | os.PathLike, progress: Callable[[float], None] | None = None
) -> Path:
    """Render the guide and write it to target completely or not at all."""
    data = render_guide_pdf(document, progress)
    return atomic_write(target, lambda temp: temp.write_bytes(data))
