"""The window's export: ask where, gather the content on the window's thread, write off it, say so."""

from __future__ import annotations

from pathlib import Path

from cchc_desktop.app.errors import UserError
from cchc_desktop.app.exporting import default_file_name, prepare_pdf, prepare_xlsx
from cchc_desktop.app.workspace import Workspace
from forms.numbers import format_datetime


def export_with_view(ws: Workspace, view, clock, period: str, kind: str, title: str) -> None:
    """`view` asks the path and runs the job (MainView); a UserError is shown, anything else raised."""
    path = view.ask_save_path(title, default_file_name(ws, period, kind), kind)
    if not path:
        return
    try:
        writer = prepare_pdf(ws, period, path) if kind == "pdf" else prepare_xlsx(ws, period, path)
    except UserError as exc:
        view.show_message(title, str(exc), error=True)
        return
    note = "".join(f"\n\nLưu ý: {text}" for text in writer.notes)

    def done(result) -> None:
        view.show_saved(f"Đã xuất {result} lúc {format_datetime(clock(), seconds=True)}")
        view.show_message(title, f"Đã xuất tệp:\n{result}{note}")

    def failed(error: BaseException) -> None:
        if isinstance(error, UserError):
            view.show_message(title, str(error), error=True)
        else:
            raise error

    view.run_job(f"Đang ghi {Path(path).name}…", writer, done, failed)
