"""Backups on both engines: always an SQLite file with the current schema (the engine writes it: SQLite's
online backup, a server's rows copied), so a backup can be handed to anyone; daily backups kept 30 days
(db.files); the advice given instead for a server. Restoring is db.restore's."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import OperationalError as PeeweeOperationalError

from db.errors import (
    BackupNotWritten,
    DailyBackupFailed,
    DatabaseCorrupt,
    StorageError,
    os_reason,
)
from db.files import (  # noqa: F401 - the backups folder, said here too
    KEEP_DAYS,
    PREFIX,
    SIDE_FILES,
    folder_beside,
    latest_backup,
    list_backups,
    prune,
)
from db.models import database
from db.private import create_private_file, private_folder
from db.state import opened

log = logging.getLogger(__name__)


# ----- copying out ---------------------------------------------------------------------------
def backup_to(dest: str | os.PathLike) -> Path:
    """Copy the open database to the SQLite file `dest` atomically (temporary file, then replace)."""
    dest = Path(dest)
    engine = database.obj
    if engine.is_own_file(dest):
        raise StorageError("Không thể sao lưu đè lên chính cơ sở dữ liệu đang mở.")
    temp = dest.with_name(dest.name + ".tmp")
    try:
        private_folder(dest.parent)
        _room_for(dest.parent, engine.copy_size())
        temp.unlink(missing_ok=True)
        create_private_file(temp)  # a backup holds every figure (of the whole server database, too)
        _write_copy(temp)
        os.replace(temp, dest)
    except (OSError, sqlite3.Error, PeeweeDatabaseError) as exc:
        log.warning("backup to %s failed: %s", dest, exc)
        raise BackupNotWritten(dest, os_reason(exc)) from exc
    finally:
        for leftover in (temp, *(Path(str(temp) + side) for side in SIDE_FILES)):
            leftover.unlink(missing_ok=True)
    return dest


def _room_for(folder: Path, needed: int | None) -> None:
    """Low disk is said before writing: a backup needs about the database's size (a file's, plus a
    margin; a server's is not known beforehand)."""
    if needed is None:
        return
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise BackupNotWritten(
            folder,
            f"ổ đĩa chỉ còn trống {_size(free)}, bản sao lưu cần khoảng {_size(needed)}; hãy giải phóng chỗ trống",
        )


def _size(count: int) -> str:
    return f"{count / (1 << 20):.1f} MB".replace(".", ",") if count >= 1 << 20 else f"{count // 1024} kB"


def _write_copy(temp: Path) -> None:
    """The open database into the new SQLite file `temp` (SQLite's online backup, or the server's rows)."""
    database.obj.write_copy(temp)


def make_backup(folder: Path | None = None, reason: str = "thu-cong") -> Path:
    """A timestamped backup in the backups folder (reason: ngay, truoc-nang-cap, truoc-khoi-phuc…)."""
    folder = folder or opened().backups
    if folder is None:
        raise StorageError("Chưa có thư mục sao lưu cho cơ sở dữ liệu này; hãy chỉ rõ tệp đích (-o).")
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S_%f")
    dest = backup_to(Path(folder) / f"{PREFIX}{stamp}-{reason}.sqlite")
    log.info("backup written: %s", dest)
    return dest


# ----- the daily backup ----------------------------------------------------------------------
def integrity_problem() -> str | None:
    """The engine's own check of the open database (SQLite's integrity_check of the whole file, indexes
    rebuilt when only they were wrong; None when healthy or on a server, which checks itself)."""
    return database.obj.integrity_problem()


def daily_backup(folder: Path, target=None, today: date | None = None) -> Path | None:
    """At the first open of a day: check the file's integrity, back up, drop backups older than KEEP_DAYS.

    The integrity check (integrity_check, the whole file) runs here, once a day, not at every open; a
    damaged file raises DatabaseCorrupt (naming the restore command). A backup that cannot be written
    (disk full, folder not writable) raises DailyBackupFailed, which the caller shows as a warning."""
    today = today or date.today()
    day = today.isoformat()
    try:
        if any(p.name.startswith(f"{PREFIX}{day}") and p.name.endswith("-ngay.sqlite") for p in list_backups(folder)):
            return None
    except OSError as exc:
        raise DailyBackupFailed(folder, os_reason(exc)) from exc
    try:
        problem = integrity_problem()
    except PeeweeOperationalError as exc:  # no room for the check's temporary data: not a damaged file
        raise DailyBackupFailed(folder, os_reason(exc)) from exc
    if problem is not None:
        raise DatabaseCorrupt(target, problem, latest_backup(folder))
    stamp_time = datetime.now().strftime("%H%M%S_%f")
    try:
        dest = backup_to(Path(folder) / f"{PREFIX}{day}_{stamp_time}-ngay.sqlite")
        prune(folder, today)
    except BackupNotWritten as exc:
        raise DailyBackupFailed(folder, exc.reason) from exc
    except OSError as exc:
        raise DailyBackupFailed(folder, os_reason(exc)) from exc
    return dest


SERVER_ADVICE_FILE = "sao-luu-may-chu.txt"
SERVER_ADVICE = (
    "Cơ sở dữ liệu trên máy chủ không được tự sao lưu hằng ngày vào máy này: chép toàn bộ số liệu của máy chủ "
    "sẽ bắt lệnh đầu tiên mỗi ngày chờ hàng phút. Hãy nhờ người quản trị máy chủ sao lưu định kỳ bằng công cụ "
    "của máy chủ (pg_dump); khi cần một bản sao trên máy này, dùng lệnh cchc backup (hoặc Sao lưu trong cửa sổ)."
)


def server_backup_advice(folder: Path) -> str | None:
    """For a server database, instead of the daily copy: the advice to back it up on the server (pg_dump),
    said once per backups folder (written there as a file a person finds beside the backups), else None.

    A server database is not copied row by row at the first command of the day: 168 s and 926 MB for a
    province's 3,321 communes, on every computer opening it, while the server's own dump is consistent,
    fast and made where the data lives; a copy by hand (`cchc backup`) stays one command away."""
    marker = Path(folder) / SERVER_ADVICE_FILE
    try:
        if marker.exists():
            return None
        private_folder(marker.parent)
        create_private_file(marker)  # 0600 before a word is written, like every file of the data folder
        marker.write_text(SERVER_ADVICE + "\n", encoding="utf-8")
    except OSError as exc:  # the advice is said again next time; the work goes on
        log.warning("server backup advice not recorded in %s: %s", folder, exc)
    return SERVER_ADVICE


__all__ = ["backup_to", "make_backup", "daily_backup", "server_backup_advice", "list_backups", "latest_backup"]
