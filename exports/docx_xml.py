"""What python-docx has no words for, written as WordprocessingML: the footnotes part, a PAGE field, paragraph
rules (borders), fonts without theme overrides, the document's settings. Used by exports/docx_report.py only.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from exports.inline import Run

FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTE_TEXT_STYLE = "FootnoteText"  # the style ids exports/docx_styles.py gives Word's built-in footnote styles
FOOTNOTE_REFERENCE_STYLE = "FootnoteReference"
SEPARATOR_IDS = (-1, 0)  # the separator and the continuation separator, as Word numbers them


def set_fonts(r_pr, name: str) -> None:
    """The one font of every script (Latin, complex, East Asian) of a run's or style's properties; the theme's
    fonts, which win over a named font, removed."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)


def set_language(r_pr, language: str) -> None:
    """The language Word checks the spelling in (vi-VN)."""
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    for attribute in ("val", "eastAsia", "bidi"):
        lang.set(qn(f"w:{attribute}"), language)


def add_rule(paragraph, side: str = "top", size_eighths: int = 6, color: str = "000000", space_pt: int = 1) -> None:
    """A single line on one side of the paragraph, as long as the paragraph is wide (its indents set it)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # pBdr comes before shd/tabs/spacing/ind/jc in pPr's sequence: after pStyle, keepNext, keepLines…
        anchor = next((p_pr.find(qn(tag)) for tag in _AFTER_BORDERS if p_pr.find(qn(tag)) is not None), None)
        if anchor is None:
            p_pr.append(borders)
        else:
            anchor.addprevious(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), str(space_pt))
    line.set(qn("w:color"), color)
    borders.append(line)


_AFTER_BORDERS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:spacing",
    "w:ind",
    "w:jc",
    "w:rPr",
)


def box(paragraph, color: str) -> None:
    """A frame round the paragraph; consecutive paragraphs framed alike share one frame."""
    for side in ("top", "left", "bottom", "right"):
        add_rule(paragraph, side, 12, color, space_pt=4)


def add_page_field(paragraph) -> None:
    """The current page's number as a field Word and LibreOffice update themselves."""
    field = parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:noProof/></w:rPr><w:t>2</w:t></w:r></w:fldSimple>'
    )
    paragraph._p.append(field)


def add_footnote_reference(paragraph, number: int) -> None:
    """The superscript mark of footnote `number` at this point of the paragraph."""
    run = paragraph.add_run()
    run.style = paragraph.part.document.styles.get_by_id(FOOTNOTE_REFERENCE_STYLE, WD_STYLE_TYPE.CHARACTER)
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(number))
    run._r.append(reference)


def runs_xml(runs: list[Run]) -> str:
    """Runs of marked-up text (exports.inline) as w:r elements."""
    out = []
    for run in runs:
        if not run.text:
            continue
        props = ("<w:b/><w:bCs/>" if run.bold else "") + ("<w:i/><w:iCs/>" if run.italic else "")
        r_pr = f"<w:rPr>{props}</w:rPr>" if props else ""
        out.append(f'<w:r>{r_pr}<w:t xml:space="preserve">{escape(run.text)}</w:t></w:r>')
    return "".join(out)


def add_footnotes_part(document, notes: list[tuple[int, list[Run]]]) -> None:
    """Word's footnotes part: the two separators and each note (its number, its runs), related to the document."""
    separators = "".join(
        f'<w:footnote w:type="{kind}" w:id="{number}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        f'w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
        for kind, number in zip(("separator", "continuationSeparator"), SEPARATOR_IDS, strict=True)
    )
    bodies = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="{FOOTNOTE_TEXT_STYLE}"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_REFERENCE_STYLE}"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs_xml(runs)}</w:p></w:footnote>'
        for number, runs in notes
    )
    element = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}>{separators}{bodies}</w:footnotes>")
    part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, element, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    note_pr = parse_xml(
        f"<w:footnotePr {nsdecls('w')}>"
        + "".join(f'<w:footnote w:id="{number}"/>' for number in SEPARATOR_IDS)
        + "</w:footnotePr>"
    )
    compat = settings.find(qn("w:compat"))
    if compat is not None:  # footnotePr comes right before compat in the settings' sequence
        compat.addprevious(note_pr)


def tidy_settings(document, language: str) -> None:
    """No preview picture saved with the file (the template's shows an empty page); the theme's language ours."""
    settings = document.settings.element
    for element in settings.findall(qn("w:savePreviewPicture")):
        settings.remove(element)
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), language)
    package = document.part.package
    for r_id, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            del package.rels[r_id]


def keep_row_together(row) -> None:
    """A table row that never breaks across pages (the signature block)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
