"""The guide printed as a PDF: Trợ giúp → In hướng dẫn (PDF)… in the window, `cchc guide pdf -o TỆP` otherwise.

The same source as the help window (app/guide), written by exports.guide_pdf with the report's fonts.
"""

from __future__ import annotations

from pathlib import Path

from cchc_desktop.app.content.guide import Guide, load_guide
from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.infra.progress import Cancelled, Progress
from forms.numbers import format_datetime

PRINT_LABEL = "In hướng dẫn (PDF)…"
TITLE = "In hướng dẫn"
FILE_NAME = "Hướng dẫn sử dụng CCHC Desktop.pdf"
CANCELLED = "Đã hủy in hướng dẫn; không có tệp nào được ghi."
BUSY = "Đang tạo tệp hướng dẫn. Hãy chờ xong rồi in lại."


def write_guide(target: str | Path, progress: Progress | None = None, guide: Guide | None = None) -> Path:
    """Write the guide's PDF to target (completely or not at all); a Progress may stop it before writing."""
    from exports.guide_pdf import write_guide_pdf

    guide = guide or load_guide()

    def report(fraction: float) -> None:
        if progress is not None:
            progress.report(0.95 * fraction, "Đang dàn trang hướng dẫn…")
            if progress.cancel_requested:
                raise Cancelled(CANCELLED)

    path = write_guide_pdf(guide.document, target, report)
    if progress is not None:
        progress.report(1.0, "Đã ghi tệp hướng dẫn.")
    return path


class GuidePrintPresenter:
    """Ask where, then lay the guide out off the window's thread (MainView: ask_save_path, run_job…)."""

    def __init__(self, view, clock):
        self.view, self.clock = view, clock
        self.running = False

    def print_guide(self) -> None:
        if self.running:
            self.view.show_message(TITLE, BUSY)
            return
        path = self.view.ask_save_path(TITLE, FILE_NAME, "pdf")
        if not path:
            return
        progress = Progress("Đang chuẩn bị tệp hướng dẫn…")
        self.running = True

        def done(result: Path) -> None:
            self.running = False
            self.view.show_saved(f"Đã ghi {result} lúc {format_datetime(self.clock(), seconds=True)}")
            self.view.show_message(TITLE, f"Đã ghi hướng dẫn sử dụng để in:\n{result}")

        def failed(error: BaseException) -> None:
            self.running = False
            if isinstance(error, UserError):
                self.view.show_message(TITLE, str(error), error=not isinstance(error, Cancelled))
            else:
                raise error

        self.view.run_job(progress, lambda: write_guide(path, progress), done, failed)
