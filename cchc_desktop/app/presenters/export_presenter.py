"""The window's export: ask where, then read, build and write off the window's thread with progress."""

from __future__ import annotations

from pathlib import Path

from cchc_desktop.app.infra import opener
from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.infra.progress import Cancelled, Progress
from cchc_desktop.app.outputs.exporting import Exported, default_file_name, export_file
from cchc_desktop.app.outputs.formats import export_format
from cchc_desktop.app.workspace import Workspace
from forms.numbers import format_datetime

BUSY_MESSAGE = "Đang xuất {name}. Hãy chờ xuất xong (hoặc bấm “Hủy”) rồi xuất tệp khác."
FILE_CHOICES = (("file", "Mở tệp"), ("folder", "Mở thư mục"))


def open_chosen(view, choice: str | None, path: str | Path) -> None:
    """“Mở tệp” / “Mở thư mục” after a file was written: the system's program opens it (not waited
    for); when it cannot, the message says why. None (Đóng): nothing."""
    try:
        if choice == "file":
            opener.open_path(path)
        elif choice == "folder":
            opener.open_folder(path)
    except UserError as exc:
        view.show_message("Không mở được", str(exc), error=True)


class ExportPresenter:
    """One export at a time: a second one asked for meanwhile is refused politely."""

    def __init__(self, ws: Workspace, view, clock):
        self.ws, self.view, self.clock = ws, view, clock
        self.running: Progress | None = None
        self.running_name = ""
        self.last: dict[tuple[str, str], Path] = {}  # (period, kind) → the file exported last in this session

    def export(self, period: str, kind: str) -> None:
        """Export `period` in the registered format `kind`: `view` asks the path and runs the job (MainView);
        a UserError is shown, anything else raised. The dialogs' title is the format's."""
        title = export_format(kind).title
        if self.running is not None:
            self.view.show_message(title, BUSY_MESSAGE.format(name=self.running_name))
            return
        path = self.view.ask_save_path(title, default_file_name(self.ws, period, kind), kind)
        if not path:
            return
        progress = Progress(f"Đang chuẩn bị {Path(path).name}…")
        self.running, self.running_name = progress, Path(path).name

        def work() -> Exported:
            return export_file(self.ws, period, kind, path, progress)

        def done(result: Exported) -> None:
            self.running = None
            self.last[(period, kind)] = Path(result.path)
            note = "".join(f"\n\nLưu ý: {text}" for text in result.notes)
            self.view.show_saved(f"Đã xuất {result.path} lúc {format_datetime(self.clock(), seconds=True)}")
            choice = self.view.ask_choice(title, f"Đã xuất tệp:\n{result.path}{note}", FILE_CHOICES)
            open_chosen(self.view, choice, result.path)

        def failed(error: BaseException) -> None:
            self.running = None
            if isinstance(error, Cancelled):
                self.view.show_message(title, str(error))
            elif isinstance(error, UserError):
                self.view.show_message(title, str(error), error=True)
            else:
                raise error

        self.view.run_job(progress, work, done, failed)
