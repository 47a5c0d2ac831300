"""The Word copy's named styles: Word's own where it has one (Normal, Heading 1–3, Header, footnote text), the
rest named in Vietnamese for the Văn thư who changes them (Tên cơ quan, Quốc hiệu, Nơi nhận…). Every style
sets its font for all scripts, in black: the template's theme fonts and colours would win otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from exports.docx_xml import FOOTNOTE_REFERENCE_STYLE, FOOTNOTE_TEXT_STYLE, set_fonts, set_language

FONT = "Times New Roman"  # the font Nghị định 30 names; LibreOffice shows it with Liberation Serif's metrics
LANGUAGE = "vi-VN"
BODY_SIZE = 13.0  # as the PDF (exports/pdf_report.py)
TITLE_SIZE = 14.0
NOTE_SIZE = 12.0
RECIPIENT_SIZE = 11.0
SIGNER_SIZE = 14.0
INDENT_MM = 10.0
PARAGRAPH_GAP = 6.0  # pt

JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY

# The block kinds of exports/model.py's Block and the style each is written in
BLOCK_STYLES = {
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "heading3": "Heading 3",
    "paragraph": "Normal",
    "bullet": "Đoạn gạch đầu dòng",
}
HEADER_STYLES = {
    "body": "Tên cơ quan",
    "nation": "Quốc hiệu",
    "motto": "Tiêu ngữ",
    "number": "Số, ký hiệu",
    "place_date": "Địa danh, ngày tháng",
    "title": "Tên loại văn bản",
    "subject": "Trích yếu",
    "cutoff": "Thời gian số liệu",
    "rule": "Đường kẻ",
    "notice": "Cảnh báo số liệu",
    "recipients_heading": "Nơi nhận",
    "recipient": "Nơi nhận - mục",
    "signer": "Chữ ký",
}


@dataclass(frozen=True)
class Look:
    size: float = BODY_SIZE
    bold: bool = False
    italic: bool = False
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER
    first_line_mm: float = 0.0
    after_pt: float = 0.0
    keep_with_next: bool = False


_LOOKS = {
    "Heading 1": Look(bold=True, align=JUSTIFY, after_pt=PARAGRAPH_GAP, keep_with_next=True),
    "Heading 2": Look(
        bold=True,
        align=JUSTIFY,
        first_line_mm=INDENT_MM,
        after_pt=PARAGRAPH_GAP,
        keep_with_next=True,
    ),
    "Heading 3": Look(
        bold=True,
        italic=True,
        align=JUSTIFY,
        first_line_mm=INDENT_MM,
        after_pt=PARAGRAPH_GAP,
        keep_with_next=True,
    ),
    "Đoạn gạch đầu dòng": Look(align=JUSTIFY, first_line_mm=INDENT_MM, after_pt=PARAGRAPH_GAP),
    "Header": Look(),
    "Tên cơ quan": Look(),
    "Quốc hiệu": Look(size=12, bold=True),
    "Tiêu ngữ": Look(bold=True),
    "Số, ký hiệu": Look(),
    "Địa danh, ngày tháng": Look(size=14, italic=True),
    "Tên loại văn bản": Look(size=TITLE_SIZE, bold=True, keep_with_next=True),
    "Trích yếu": Look(size=TITLE_SIZE, bold=True, keep_with_next=True),
    "Thời gian số liệu": Look(size=TITLE_SIZE, italic=True),
    "Đường kẻ": Look(size=2),
    "Cảnh báo số liệu": Look(size=11, align=WD_ALIGN_PARAGRAPH.LEFT),
    "Nơi nhận": Look(size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT),
    "Nơi nhận - mục": Look(size=RECIPIENT_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT),
    "Chữ ký": Look(size=SIGNER_SIZE, bold=True),
}


def define_styles(document) -> None:
    """Set Normal and every style the report is written in, on `document`'s style sheet."""
    styles = document.styles
    normal = styles["Normal"]
    _fonts(normal, BODY_SIZE, bold=False, italic=False)
    set_language(normal.element.get_or_add_rPr(), LANGUAGE)
    layout = normal.paragraph_format
    layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    layout.first_line_indent = Mm(INDENT_MM)
    layout.space_before = Pt(0)
    layout.space_after = Pt(PARAGRAPH_GAP)
    layout.line_spacing = 1.0
    layout.widow_control = True
    for name, look in _LOOKS.items():
        if name in styles:
            style = styles[name]
        else:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.style_id = style_id(name)
        style.base_style = normal
        style.quick_style = True
        _fonts(style, look.size, look.bold, look.italic)
        layout = style.paragraph_format
        layout.alignment = look.align
        layout.first_line_indent = Mm(look.first_line_mm)
        layout.space_before = Pt(0)
        layout.space_after = Pt(look.after_pt)
        layout.keep_with_next = look.keep_with_next
    _footnote_styles(styles, normal)


def style_id(name: str) -> str:
    """The ASCII id Word files a style under: `Tên cơ quan` → `TenCoQuan`."""
    plain = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    letters = "".join(char for char in plain if not unicodedata.combining(char))
    return "".join(word[:1].upper() + word[1:] for word in re.split(r"[^A-Za-z0-9]+", letters) if word)


def _fonts(style, size: float, bold: bool, italic: bool) -> None:
    set_fonts(style.element.get_or_add_rPr(), FONT)
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = RGBColor(0, 0, 0)


def _footnote_styles(styles, normal) -> None:
    """Word's built-in `footnote text` and `footnote reference`, under the ids the footnotes part names."""
    text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    text.style_id = FOOTNOTE_TEXT_STYLE
    text.base_style = normal
    _fonts(text, NOTE_SIZE, bold=False, italic=False)
    text.paragraph_format.first_line_indent = Mm(0)
    text.paragraph_format.space_after = Pt(0)
    text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    reference = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    reference.style_id = FOOTNOTE_REFERENCE_STYLE
    reference.font.superscript = True
