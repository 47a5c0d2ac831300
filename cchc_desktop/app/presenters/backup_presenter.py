"""Tệp → Sao lưu… and Tệp → Khôi phục… in the window (a part of MainPresenter).

Sao lưu: a backup now into the backups folder, off the window's thread; the message says where and
offers a copy to a USB stick or another drive (a save dialog). Khôi phục: the backups listed newest
first (dd/mm/yyyy HH:MM, why, size) or another file; after a confirmation the backup is restored with
the checks and the safety backup of `cchc restore`, off the window's thread while the window takes no
input, then the window reopens on the restored data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.infra.progress import Progress
from cchc_desktop.app.outputs.exporting import safe_file_name
from cchc_desktop.app.presenters.export_presenter import open_chosen
from cchc_desktop.app.usecases import maintenance
from cchc_desktop.app.usecases.recovery import backup_stamp, size_text
from db import backup as db_backup
from forms.numbers import format_datetime, show_date, show_datetime

if TYPE_CHECKING:
    from cchc_desktop.app.usecases.maintenance import Maintenance
    from cchc_desktop.app.usecases.units import Units
    from db.target import ServerTarget

BACKUP_LABEL = "Sao lưu…"
RESTORE_LABEL = "Khôi phục…"
BACKUP_TITLE = "Sao lưu dữ liệu"
COPY_TITLE = "Chép bản sao lưu ra USB hoặc ổ đĩa khác"
RESTORE_TITLE = "Khôi phục dữ liệu"
BACKUP_CHOICES = (("copy", "Chép ra USB…"), ("folder", "Mở thư mục"))
COLUMNS = (("made", "Lúc sao lưu"), ("reason", "Lý do"), ("size", "Dung lượng"))
BUSY = "Đang {what}; hãy chờ xong rồi làm việc khác."


@dataclass(frozen=True)
class BackupEntry:
    """A backup as the restore dialog lists it."""

    path: Path
    made: datetime
    reason: str
    size: int

    def cells(self) -> tuple[str, str, str]:
        return show_datetime(self.made), self.reason, size_text(self.size)

    def said(self) -> str:
        """`bản sao lưu lúc 09:05 ngày 06/12/2026 (Hằng ngày)`."""
        return f"bản sao lưu lúc {format_datetime(self.made)} ({self.reason})"


def backup_entries(folder: Path | None) -> list[BackupEntry]:
    """The backups in the folder, newest first (a file that vanished meanwhile is left out)."""
    entries = []
    for path in db_backup.list_backups(folder):
        try:
            made, reason = backup_stamp(path)
            entries.append(BackupEntry(path, made, reason, path.stat().st_size))
        except OSError:
            continue
    return sorted(entries, key=lambda entry: (entry.made, entry.path.name), reverse=True)


def copy_file_name(unit_name: str, made: datetime) -> str:
    """`Sao lưu CCHC - UBND phường An Hòa - 06-12-2026 0905.sqlite` (a name Windows accepts)."""
    day = show_date(made.date()).replace("/", "-")
    return f"{safe_file_name(f'Sao lưu CCHC - {unit_name} - {day} {made:%H%M}')}.sqlite"


class BackupView(Protocol):
    def show_message(self, title: str, text: str, error: bool = False) -> None: ...
    def show_saved(self, text: str) -> None: ...
    def ask_yes_no(self, title: str, text: str) -> bool: ...
    def flush(self): ...
    def run_job(self, progress: Progress, work, on_done, on_failed) -> None: ...
    def run_exclusive_job(self, progress: Progress, work, on_done, on_failed) -> None: ...
    def ask_choice(self, title: str, text: str, choices) -> str | None: ...
    def ask_backup_copy_path(self, title: str, file_name: str) -> str | None: ...
    def choose_backup(self, title: str, entries: list, folder) -> str | None: ...
    def open_database(self, target, how: str, done_text: str = "") -> None: ...


class BackupPresenter:
    """`backup()` and `restore()` of the window: `database` is the database it shows (reopened after a
    restore), `busy` what else runs that a backup must wait for ("xuất tệp"), "" when nothing."""

    def __init__(
        self,
        view: BackupView,
        maintenance: Maintenance,
        units: Units,
        *,
        clock: Callable[[], datetime],
        database: Callable[[], Path | ServerTarget],
        busy: Callable[[], str],
    ):
        self.view, self.maintenance, self.units = view, maintenance, units
        self.clock, self.database, self.busy = clock, database, busy
        self.running = ""  # what runs now ("sao lưu", "khôi phục dữ liệu"), "" when nothing

    def _refuse_while_busy(self, title: str) -> bool:
        running = self.running or self.busy()
        if running:
            self.view.show_message(title, BUSY.format(what=running))
        return bool(running)

    # ----- Sao lưu ---------------------------------------------------------------------------------
    def backup(self) -> None:
        """A backup now, off the window's thread; then where it is, with a copy to USB offered."""
        if self._refuse_while_busy(BACKUP_TITLE):
            return
        self.view.flush()  # what is being typed goes into the backup too
        progress = Progress("Đang sao lưu dữ liệu…")
        self.running = "sao lưu"

        def work() -> Path:
            progress.checkpoint(last=True)  # one atomic step: nothing to stop halfway
            return self.maintenance.backup()

        def done(path: Path) -> None:
            self.running = ""
            now = self.clock()
            self.view.show_saved(f"Đã sao lưu lúc {format_datetime(now, seconds=True)}")
            text = (
                f"Đã sao lưu dữ liệu lúc {format_datetime(now)} vào:\n{path}\n\n"
                "Nên chép thêm một bản ra USB hoặc ổ đĩa khác, phòng khi máy hỏng."
            )
            choice = self.view.ask_choice(BACKUP_TITLE, text, BACKUP_CHOICES)
            if choice == "copy":
                self.copy_backup(path, now)
            else:
                open_chosen(self.view, choice, path)

        self.view.run_job(progress, work, done, self._failed(BACKUP_TITLE))

    def copy_backup(self, source: Path, made: datetime | None = None) -> None:
        """The backup copied where the clerk chooses (a USB stick), off the window's thread."""
        name = copy_file_name(self.units.self_unit().name, made or self.clock())
        dest = self.view.ask_backup_copy_path(COPY_TITLE, name)
        if not dest:
            return
        progress = Progress(f"Đang chép bản sao lưu ra {Path(dest).name}…")
        self.running = "chép bản sao lưu"

        def work() -> Path:
            progress.checkpoint(last=True)
            return maintenance.copy_backup(source, dest)

        def done(path: Path) -> None:
            self.running = ""
            self.view.show_saved(f"Đã chép bản sao lưu ra {path}")
            self.view.show_message(
                COPY_TITLE,
                f"Đã chép bản sao lưu ra:\n{path}\n\nCất USB ở nơi an toàn. Khi cần, khôi phục bằng Tệp → "
                "Khôi phục… → Chọn tệp khác….",
            )

        self.view.run_job(progress, work, done, self._failed(COPY_TITLE))

    # ----- Khôi phục -------------------------------------------------------------------------------
    def restore(self) -> None:
        """Choose a backup (or another file), confirm, restore it off the window's thread, reopen."""
        if self._refuse_while_busy(RESTORE_TITLE):
            return
        folder = self.maintenance.backups_folder()
        entries = backup_entries(folder)
        chosen_path = self.view.choose_backup(RESTORE_TITLE, entries, folder)
        if chosen_path is None:
            return
        source = Path(chosen_path)
        chosen = next((entry for entry in entries if entry.path == source), None)
        what = chosen.said() if chosen is not None else f"tệp {source}"
        question = (
            f"Thay toàn bộ số liệu đang có bằng {what}?\n\n"
            "Bản sao lưu được kiểm tra trước; số liệu đang có được sao lưu lại (“Trước khi khôi phục”) "
            "nên vẫn lấy lại được."
        )
        if not self.view.ask_yes_no(RESTORE_TITLE, question):
            return
        self.view.flush()  # what is being typed goes into the safety backup
        progress = Progress("Đang kiểm tra bản sao lưu…")
        self.running = "khôi phục dữ liệu"

        def work() -> Path:
            progress.checkpoint(last=True)  # from here the restore completes or changes nothing
            safety = self.maintenance.restore(source)
            progress.report(1.0, "Đã khôi phục.")
            return safety

        def done(safety: Path) -> None:
            self.running = ""
            text = f"Đã khôi phục dữ liệu từ {what}. Số liệu trước khi khôi phục được sao lưu tại:\n{safety}"
            self.view.open_database(self.database(), "reopen", text)

        self.view.run_exclusive_job(
            progress, work, done, self._failed(RESTORE_TITLE, "\n\nSố liệu đang có giữ nguyên.")
        )

    def _failed(self, title: str, after: str = ""):
        """A refusal said (with `after`: what stays as it was); anything else is a bug, raised."""

        def failed(error: BaseException) -> None:
            self.running = ""
            if not isinstance(error, UserError):
                raise error
            self.view.show_message(title, f"{error}{after}", error=True)

        return failed
