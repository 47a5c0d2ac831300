"""The picture of the digital signature on the report: who signed, for which office, when — in blue Times
(Liberation Serif when Times New Roman is not chosen), the time as Nghị định 30, Phụ lục I writes it
(«28.08.2020 15:17:24 +07:00»). Drawn with fpdf2 as a one-page PDF the size of the room left for the
signature, which the signature's appearance then shows."""

from __future__ import annotations

from datetime import datetime

from exports.signing.marks import SignatureBox

BLUE = (0, 51, 204)
MM = 25.4 / 72
PAD = 1.5  # mm
SIZES = (10.0, 9.0, 8.0, 7.0, 6.0)


def signing_time_words(moment: datetime) -> str:
    """«05.10.2023 09:30:00 +07:00»"""
    offset = moment.strftime("%z") or "+0000"
    return f"{moment:%d.%m.%Y %H:%M:%S} {offset[:3]}:{offset[3:]}"


def stamp_lines(name: str, organisation: str, moment: datetime) -> list[tuple[str, str]]:
    """(style, text) per line."""
    lines = [("B", f"Ký bởi: {name}")]
    if organisation:
        lines.append(("", f"Cơ quan: {organisation}"))
    lines.append(("", f"Thời gian ký: {signing_time_words(moment)}"))
    return lines


def stamp_pdf(box: SignatureBox, lines: list[tuple[str, str]]) -> bytes:
    """A page of the box's size with the lines in the largest size that fits, framed in blue."""
    from fpdf import FPDF

    from exports.fonts import find_serif_fonts

    width, height = (box.right - box.left) * MM, (box.top - box.bottom) * MM
    pdf = FPDF(unit="mm", format=(width, height))
    pdf.set_margins(PAD, PAD, PAD)
    pdf.set_auto_page_break(False)
    fonts = find_serif_fonts()
    for style in ("", "B"):
        pdf.add_font("Stamp", style, str(fonts.get(style) or fonts[""]))
    pdf.add_page()
    inner = width - 2 * PAD
    for size in SIZES:
        wrapped = _wrap(pdf, lines, size, inner)
        if len(wrapped) * size * 1.2 / 72 * 25.4 <= height - 2 * PAD:
            break
    line_height = size * 1.2 / 72 * 25.4
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.3)
    pdf.rect(0.4, 0.4, width - 0.8, height - 0.8)
    pdf.set_text_color(*BLUE)
    y = max(PAD, (height - len(wrapped) * line_height) / 2)
    for style, text in wrapped:
        pdf.set_font("Stamp", style, size)
        pdf.set_xy(PAD, y)
        pdf.cell(inner, line_height, text)
        y += line_height
    return bytes(pdf.output())


def _wrap(pdf, lines: list[tuple[str, str]], size: float, width: float) -> list[tuple[str, str]]:
    out = []
    for style, text in lines:
        pdf.set_font("Stamp", style, size)
        for part in pdf.multi_cell(width, 1, text, dry_run=True, output="LINES"):
            out.append((style, part))
    return out
