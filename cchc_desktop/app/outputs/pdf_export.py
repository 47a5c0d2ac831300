"""The quarterly report as PDF: the writer the export format `pdf` names (app/outputs/formats.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cchc_desktop.app.content.report_content import ReportBuilder
from cchc_desktop.app.content.report_gaps import (
    empty_sections,
    empty_sections_note,
    missing_figures_note,
    open_errors_notes,
)
from exports.model import ReportDocument

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.content.sources import ReportSources


class PdfWriter:
    building = "Đang dựng trang…"

    def builder(self, ws: ReportSources, period: str) -> ReportBuilder:
        return ReportBuilder(ws, period)

    def notes(self, document: ReportDocument) -> list[str]:
        """Errors still open, live figures printed `…`, sections printed without text."""
        empty = empty_sections(document.blocks)
        notes = open_errors_notes(len(document.incomplete))
        if document.missing_figures:
            notes.append(missing_figures_note(document.missing_figures))
        return notes + ([empty_sections_note(empty)] if empty else [])

    def render(self, document: ReportDocument) -> Callable[[Path], None]:
        """The file laid out now; what is returned only writes its bytes."""
        data = self.lay_out(document)

        def write(path: Path) -> None:
            path.write_bytes(data)

        return write

    def lay_out(self, document: ReportDocument) -> bytes:
        """The PDF's bytes (fpdf2 imported here, at the first export)."""
        from exports.pdf_report import render_report_pdf

        return render_report_pdf(document)


WRITER = PdfWriter()
