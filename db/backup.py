"""Backups on both engines: always an SQLite file with the current schema (a server database is
copied row by row), so a backup can be handed to anyone; daily backups kept 30 days; restore."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import OperationalError as PeeweeOperationalError
from peewee import SqliteDatabase

from db import migrations
from db.errors import (
    BackupNotWritten,
    DailyBackupFailed,
    DatabaseCorrupt,
    StorageError,
    os_reason,
    sqlite_damage,
)
from db.models import DATA_MODELS, database
from db.private import create_private_file, private_folder
from db.target import ServerTarget
from db.verify import verify_backup

log = logging.getLogger(__name__)

KEEP_DAYS = 30
PREFIX = "cchc-"
CHUNK = 500
SIDE_FILES = ("-wal", "-shm", "-journal")  # what SQLite keeps beside a database file


def folder_beside(db_path: Path) -> Path:
    """Backups of a file live in a `backups` folder beside it."""
    return Path(db_path).resolve().parent / "backups"


def _is_server() -> bool:
    return migrations.engine_kind(database) == "postgresql"


# ----- copying out ---------------------------------------------------------------------------
def _copy_rows(source, dest, model) -> int:
    """Copy a model's rows from one engine to another in chunks, converting through the fields."""
    fields = model._meta.sorted_fields
    cursor = source.execute(model.select(*fields).order_by(model._meta.primary_key))
    copied = 0
    while True:
        rows = cursor.fetchmany(CHUNK)
        if not rows:
            return copied
        converted = [tuple(f.python_value(v) for f, v in zip(fields, row, strict=True)) for row in rows]
        dest.execute(model.insert_many(converted, fields=fields))
        copied += len(rows)


def _export_server(dest: Path) -> None:
    """A server database into a new SQLite file migrated to the same schema, in one read transaction."""
    target = SqliteDatabase(str(dest))
    target.connect()
    try:
        migrations.migrate(target)
        with database.atomic(), target.atomic():
            database.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for model in DATA_MODELS:
                _copy_rows(database, target, model)
    finally:
        target.close()


def backup_to(dest: str | os.PathLike) -> Path:
    """Copy the open database to the SQLite file `dest` atomically (temporary file, then replace)."""
    from db.connection import opened

    dest = Path(dest)
    current = opened().target
    if isinstance(current, Path) and dest.resolve() == current.resolve():
        raise StorageError("Không thể sao lưu đè lên chính cơ sở dữ liệu đang mở.")
    temp = dest.with_name(dest.name + ".tmp")
    try:
        private_folder(dest.parent)
        _room_for(dest.parent, current)
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


def _room_for(folder: Path, current) -> None:
    """Low disk is said before writing: a backup needs about the database's size (files) plus a margin."""
    if not isinstance(current, Path):
        return
    needed = sum(p.stat().st_size for p in (current, Path(str(current) + "-wal")) if p.exists()) + (1 << 20)
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise BackupNotWritten(
            folder,
            f"ổ đĩa chỉ còn trống {_size(free)}, bản sao lưu cần khoảng {_size(needed)}; hãy giải phóng chỗ trống",
        )


def _size(count: int) -> str:
    return f"{count / (1 << 20):.1f} MB".replace(".", ",") if count >= 1 << 20 else f"{count // 1024} kB"


def _write_copy(temp: Path) -> None:
    """The open database into the new SQLite file `temp` (the server's rows, or SQLite's online backup)."""
    if _is_server():
        _export_server(temp)
        return
    target = sqlite3.connect(temp)
    try:
        database.connection().backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def make_backup(folder: Path | None = None, reason: str = "thu-cong") -> Path:
    """A timestamped backup in the backups folder (reason: ngay, truoc-nang-cap, truoc-khoi-phuc…)."""
    from db.connection import opened

    folder = folder or opened().backups
    if folder is None:
        raise StorageError("Chưa có thư mục sao lưu cho cơ sở dữ liệu này; hãy chỉ rõ tệp đích (-o).")
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S_%f")
    dest = backup_to(Path(folder) / f"{PREFIX}{stamp}-{reason}.sqlite")
    log.info("backup written: %s", dest)
    return dest


# ----- the backups folder --------------------------------------------------------------------
def list_backups(folder: Path | None) -> list[Path]:
    """Backups in the folder, newest first."""
    if folder is None or not Path(folder).is_dir():
        return []
    return sorted(Path(folder).glob(f"{PREFIX}*.sqlite"), reverse=True)


def latest_backup(folder: Path | None) -> Path | None:
    backups = list_backups(folder)
    return backups[0] if backups else None


def restorable_backup(folder: Path | None, program: str | None = None, templates=None) -> Path | None:
    """The newest backup that passes the checks a restore makes (a daily backup taken after a record
    was damaged holds the damage too, and would be refused): offered when damage is found on read."""
    for path in list_backups(folder):
        try:
            verify_backup(path, program=program, templates=templates)
        except StorageError:
            continue
        return path
    return None


INDEX_ONLY = ("missing from index", "wrong # of entries in index", "non-unique entry in index")


def integrity_problem() -> str | None:
    """SQLite's integrity_check of the open file (None when healthy); a server checks itself.

    Only an index is wrong (the rows are intact, the index is derived from them): it is rebuilt with
    REINDEX and checked again; the repair is logged. Anything else is returned for the person."""
    if _is_server():
        return None
    rows = [row[0] for row in database.execute_sql("PRAGMA integrity_check(50)").fetchall()]
    if rows == ["ok"]:
        return None
    if all(any(words in row for words in INDEX_ONLY) for row in rows):
        log.warning("only indexes were wrong, rebuilding them: %s", rows[:5])
        try:
            database.execute_sql("REINDEX")
        except PeeweeDatabaseError as exc:
            log.warning("REINDEX failed: %s", exc)
            return f"{sqlite_damage(rows[0])} (không dựng lại được chỉ mục)"
        rows = [row[0] for row in database.execute_sql("PRAGMA integrity_check(50)").fetchall()]
        if rows == ["ok"]:
            return None
    log.warning("integrity_check found damage: %s", rows[:10])
    return sqlite_damage("; ".join(rows[:5]))


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
        marker.write_text(SERVER_ADVICE + "\n", encoding="utf-8")
    except OSError as exc:  # the advice is said again next time; the work goes on
        log.warning("server backup advice not recorded in %s: %s", folder, exc)
    return SERVER_ADVICE


def prune(folder: Path, today: date | None = None) -> list[Path]:
    """Delete backups older than KEEP_DAYS days; returns what was deleted."""
    today = today or date.today()
    limit = today - timedelta(days=KEEP_DAYS)
    removed = []
    for path in list_backups(folder):
        try:
            made = date.fromisoformat(path.name[len(PREFIX) : len(PREFIX) + 10])
        except ValueError:
            continue
        if made < limit:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


# ----- restore (db.restore) ------------------------------------------------------------------
def restore_from(source: str | os.PathLike, program: str | None = None, templates=None) -> Path:
    """Replace the open database's data with a verified backup; returns the safety backup (db.restore)."""
    from db.restore import restore_from as restore

    return restore(source, program, templates)


def restore_file(
    target: Path, source: str | os.PathLike, backups: Path | None = None, program: str | None = None, templates=None
) -> Path | None:
    """Restore into a damaged or missing database file without opening it (db.restore)."""
    from db.restore import restore_file as restore

    return restore(target, source, backups, program, templates)


__all__ = ["ServerTarget", "backup_to", "make_backup", "daily_backup", "restore_from", "restore_file", "verify_backup"]
