"""The report's editable Word copy: the writer the export format `docx` names (app/outputs/formats.py).

Its content is the PDF's (the same ReportBuilder, the same notes before sending); only the layout differs.
"""

from __future__ import annotations

from cchc_desktop.app.outputs.pdf_export import PdfWriter
from exports.model import ReportDocument


class DocxWriter(PdfWriter):
    building = "Đang dựng bản Word…"

    def lay_out(self, document: ReportDocument) -> bytes:
        """The .docx's bytes (python-docx imported here, at the first export in Word)."""
        from exports.docx_report import render_report_docx

        return render_report_docx(document)


WRITER = DocxWriter()
