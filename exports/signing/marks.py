"""What the report PDF tells its signer: where the signature goes (the room between the signer's title and
name), whose report it is and for which period. Written by the PDF writer in the file's XMP metadata, read
back when the file is signed (the stamp goes into that room) or imported beside an annex (the report is
matched with its unit's annex)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

log = logging.getLogger(__name__)

NAMESPACE = "urn:cchc-desktop:pdf:1"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MAX_XMP = 64 * 1024


@dataclass(frozen=True)
class SignatureBox:
    """A rectangle on a page, in PDF points from the page's lower left corner."""

    page: int  # 0-based
    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True)
class ReportMarks:
    box: SignatureBox | None = None
    unit_code: str = ""
    period: str = ""


def marks_xmp(marks: ReportMarks) -> str:
    """The XMP packet's body (fpdf2 wraps it in <?xpacket?>)."""
    attributes = {"cchc:unitCode": marks.unit_code, "cchc:period": marks.period}
    if marks.box is not None:
        box = marks.box
        attributes["cchc:signatureBox"] = f"{box.page} {box.left:.2f} {box.bottom:.2f} {box.right:.2f} {box.top:.2f}"
    text = " ".join(f"{name}={quoteattr(value)}" for name, value in attributes.items())
    return (
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{RDF}">'
        f'<rdf:Description rdf:about="" xmlns:cchc="{NAMESPACE}" {text}/></rdf:RDF></x:xmpmeta>'
    )


def read_marks(xmp: bytes | None) -> ReportMarks:
    """The marks in an XMP packet; empty marks when there are none or the packet is not ours."""
    if not xmp or len(xmp) > MAX_XMP:
        return ReportMarks()
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(xmp)
    except Exception as exc:  # a foreign or damaged packet: the file is signed without a stamp place
        log.info("XMP metadata not readable: %r", exc)
        return ReportMarks()
    for description in root.iter(f"{{{RDF}}}Description"):
        found = {key.split("}", 1)[1]: value for key, value in description.attrib.items() if NAMESPACE in key}
        if found:
            return ReportMarks(_box(found.get("signatureBox", "")), found.get("unitCode", ""), found.get("period", ""))
    return ReportMarks()


def _box(text: str) -> SignatureBox | None:
    parts = text.split()
    if len(parts) != 5:
        return None
    try:
        page = int(parts[0])
        left, bottom, right, top = (float(part) for part in parts[1:])
    except ValueError:
        return None
    if page < 0 or not (0 <= left < right and 0 <= bottom < top):
        return None
    return SignatureBox(page, left, bottom, right, top)
