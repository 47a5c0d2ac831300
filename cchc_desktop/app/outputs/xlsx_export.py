"""The annexes as an Excel workbook: the writer the export format `xlsx` names (app/outputs/formats.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cchc_desktop.app.content.annex_content import AnnexBuilder
from cchc_desktop.app.content.report_gaps import open_errors_notes
from exports.model import AnnexWorkbook

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.content.sources import AnnexSources


class XlsxWriter:
    building = "Đang dựng bảng…"

    def builder(self, ws: AnnexSources, period: str) -> AnnexBuilder:
        return AnnexBuilder(ws, period)

    def notes(self, book: AnnexWorkbook) -> list[str]:
        """Errors of the unit's own figures still open (a child's slips do not make this report incomplete)."""
        own = [row for row in book.pl4 if not row.group]
        return open_errors_notes(sum(1 for row in own if row.importance == "Lỗi" and not row.explanation))

    def render(self, book: AnnexWorkbook) -> Callable[[Path], None]:
        """What writes the workbook (openpyxl imported then) at the export's temporary file."""

        def write(path: Path) -> None:
            from exports.xlsx_annex import save_annex_xlsx

            save_annex_xlsx(book, path)

        return write


WRITER = XlsxWriter()
