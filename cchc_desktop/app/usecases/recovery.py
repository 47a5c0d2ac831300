"""The window's recovery on a damaged database: the backups beside it (date, size, the newest value's
time); restoring one in a click is presenters/recovery_presenter.py's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cchc_desktop.app.infra import paths
from db import backup as db_backup
from db.connection import why_missing
from db.errors import DatabaseCorrupt, DatabaseMissing, RestoreInterrupted
from db.verify import last_value_time
from forms.numbers import format_datetime

STAMP = re.compile(r"^cchc-(\d{4}-\d{2}-\d{2})_(\d{6})(?:_\d+)?-(.+)\.sqlite$")
KINDS = {
    "ngay": "Hằng ngày",
    "thu-cong": "Sao lưu tay",
    "truoc-khoi-phuc": "Trước khi khôi phục",
}
COLUMNS = (("made", "Lúc sao lưu"), ("kind", "Loại"), ("size", "Dung lượng"), ("last_value", "Số liệu mới nhất lúc"))


def size_text(count: int) -> str:
    if count >= 1 << 20:
        return f"{count / (1 << 20):.1f} MB".replace(".", ",")
    return f"{max(1, round(count / 1024))} kB"


@dataclass(frozen=True)
class BackupRow:
    """One backup as the person chooses it."""

    path: Path
    made: datetime
    kind: str
    size: int
    last_value: datetime | None
    readable: bool

    def cells(self) -> tuple[str, str, str, str]:
        if not self.readable:
            last = "không đọc được tệp"
        elif self.last_value is None:
            last = "chưa có số liệu"
        else:
            last = format_datetime(self.last_value)
        return format_datetime(self.made, seconds=True), self.kind, size_text(self.size), last


def backup_stamp(path: Path, kind: str = "Sao lưu") -> tuple[datetime, str]:
    """When a backup was made and why (`Hằng ngày`, `Sao lưu tay` …), read from its name; a file named
    otherwise: its modification time and `kind`."""
    match = STAMP.match(path.name)
    if match:
        made = datetime.strptime(f"{match[1]} {match[2]}", "%Y-%m-%d %H%M%S")
        reason = match[3]
        return made, "Trước khi nâng cấp" if reason.startswith("truoc-nang-cap") else KINDS.get(reason, reason)
    return datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0), kind


def _row(path: Path, kind: str = "Sao lưu") -> BackupRow:
    stat = path.stat()
    made, kind = backup_stamp(path, kind)
    try:
        stored = last_value_time(path)
        readable = True
    except ValueError:
        stored, readable = None, False
    last = None
    if stored:
        try:
            last = datetime.fromisoformat(str(stored)[:19])
        except ValueError:
            last = None
    return BackupRow(path, made, kind, stat.st_size, last, readable)


def backup_rows(folder: Path | None) -> list[BackupRow]:
    """The backups in the folder, newest first."""
    return [_row(path) for path in db_backup.list_backups(folder)]


@dataclass(frozen=True)
class RecoveryOffer:
    """A database file that cannot be opened, and the folder whose backups can replace it."""

    target: Path
    problem: str
    folder: Path
    missing: bool = False  # then the person may also go on to start afresh (a new unit, or the demo)
    prepared: Path | None = None  # the verified copy an interrupted restore left beside the file

    def rows(self) -> list[BackupRow]:
        """What can be restored: the copy an interrupted restore prepared first, then the backups."""
        first = [_row(self.prepared, "Bản chép sẵn của lần khôi phục bị ngắt")] if self.prepared else []
        return first + backup_rows(self.folder)


def recovery_offer(target, error: BaseException) -> RecoveryOffer | None:
    """When opening failed because the file is damaged or missing and backups exist: what to offer."""
    target = paths.default_db_path(target)
    if not isinstance(target, Path) or not isinstance(error, DatabaseCorrupt | DatabaseMissing):
        return None
    folder = db_backup.folder_beside(target)
    prepared = error.copy if isinstance(error, RestoreInterrupted) and error.copy else None
    if not db_backup.list_backups(folder) and prepared is None:
        return None
    if isinstance(error, RestoreInterrupted):
        return RecoveryOffer(target, str(error), folder, missing=prepared is None, prepared=prepared)
    if isinstance(error, DatabaseMissing):
        return RecoveryOffer(target, f"Không tìm thấy cơ sở dữ liệu {target}.", folder, missing=True)
    else:
        problem = (
            f"Không mở được cơ sở dữ liệu {target}: tệp bị hỏng hoặc không phải cơ sở dữ liệu CCHC ({error.detail})."
        )
    return RecoveryOffer(target, problem, folder)


def missing_offer(target) -> RecoveryOffer | None:
    """Before the first-start dialog: a database file that is gone while its backups are still beside it."""
    target = paths.default_db_path(target)
    if not isinstance(target, Path) or target.exists() or target.is_symlink():
        return None
    return recovery_offer(target, why_missing(target))
