"""Backups on both engines: always an SQLite file with the current schema (a server database is
copied row by row), so a backup can be handed to anyone; daily backups kept 30 days; restore."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import OperationalError as PeeweeOperationalError
from peewee import SqliteDatabase, fn

from db import migrations
from db.errors import (
    BackupInvalid,
    BackupNotWritten,
    DailyBackupFailed,
    DatabaseCorrupt,
    StorageError,
    os_reason,
)
from db.models import DATA_MODELS, Audit, database
from db.target import ServerTarget
from db.verify import file_problem, verify_backup

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
        dest.parent.mkdir(parents=True, exist_ok=True)
        _room_for(dest.parent, current)
        temp.unlink(missing_ok=True)
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
            return f"{rows[0]} (không dựng lại được chỉ mục: {exc})"
        rows = [row[0] for row in database.execute_sql("PRAGMA integrity_check(50)").fetchall()]
        if rows == ["ok"]:
            return None
    return "; ".join(rows[:3])


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


# ----- restore -------------------------------------------------------------------------------
def prepared_copy(source: Path, work: Path) -> Path:
    """A copy of the backup `source` at `work`, verified (the copy, not the source that might change),
    brought to this program's schema and checked again; removed on any failure. Nothing else changes."""
    source = Path(source)
    if source.is_dir() or not source.exists():
        raise BackupInvalid(source, "không tìm thấy tệp")
    work.unlink(missing_ok=True)
    try:
        shutil.copyfile(source, work)
        verify_backup(work, shown=source)
        copy = SqliteDatabase(str(work))
        copy.connect()
        try:
            migrations.migrate(copy)  # an older backup is brought to the current schema first
            copy.execute_sql("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        problem = file_problem(work)
        if problem is not None:
            raise BackupInvalid(source, f"hỏng sau khi nâng cấp lược đồ: {problem}")
        _fsync(work)
    except BaseException as exc:
        work.unlink(missing_ok=True)
        Path(str(work) + "-journal").unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StorageError(
                f"Không chép được bản sao lưu {source} vào {work.parent} ({os_reason(exc)}); chưa thay đổi gì."
            ) from exc
        raise
    return work


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its renames are durable enough
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def move_aside(path: Path, stamp: str | None = None) -> Path | None:
    """Rename a damaged database (file or folder, with its -wal/-shm/-journal) to `<name>.hong-<time>`
    beside it; never deletes anything. None when there is nothing at `path`."""
    stamp = stamp or datetime.now().strftime("%Y-%m-%d_%H%M%S")
    aside = path.with_name(f"{path.name}.hong-{stamp}")
    number = 1
    while aside.exists() or aside.is_symlink():
        number += 1
        aside = path.with_name(f"{path.name}.hong-{stamp}-{number}")
    moved = None
    if path.exists() or path.is_symlink():
        os.rename(path, aside)
        moved = aside
    for suffix in SIDE_FILES:
        side = Path(str(path) + suffix)
        if side.exists():
            os.rename(side, Path(str(aside) + suffix))
            moved = moved or aside
    return moved


def restore_file(target: Path, source: str | os.PathLike, backups: Path | None = None) -> Path | None:
    """Restore into a database FILE that is damaged or missing, without ever opening it: the backup is
    copied beside it, verified and migrated; the damaged file is moved aside (kept, never deleted), the
    copy renamed into its place. Returns where the damaged file was put (None when there was none)."""
    from db.connection import close_database, open_database

    target = Path(target)
    source = Path(source)
    close_database()
    target.parent.mkdir(parents=True, exist_ok=True)
    work = prepared_copy(source, target.with_name(target.name + ".khoi-phuc.tmp"))
    aside = None
    try:
        aside = move_aside(target)
        os.replace(work, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        if aside is not None and not target.exists():
            try:
                os.rename(aside, target)  # put it back where it was: nothing restored, nothing changed
                aside = None
            except OSError:
                pass
        where = f" Tệp hỏng đang ở {aside}." if aside else ""
        raise StorageError(
            f"Không thay được tệp {target} ({os_reason(exc)}; có thể tệp đang mở ở một chương trình khác). "
            f"Chưa khôi phục.{where}"
        ) from exc
    finally:
        work.unlink(missing_ok=True)
    log.warning("database %s restored from %s; the damaged one kept as %s", target, source, aside)
    open_database(target, backup_dir=backups, daily_backup=False)
    try:
        _audit_restore(str(aside or ""), source)
    finally:
        close_database()
    return aside


def _reset_sequences() -> None:
    """A server's id sequences continue after the restored rows."""
    for model in DATA_MODELS:
        key = model._meta.primary_key
        if key.field_type != "AUTO":
            continue
        sequence = fn.pg_get_serial_sequence(model._meta.table_name, key.column_name)
        database.execute(model.select(fn.setval(sequence, fn.COALESCE(fn.MAX(key), 1), fn.MAX(key).is_null(False))))


def _restore_into_server(prepared: Path) -> None:
    """Rows of a verified, migrated backup copy replace the server database's, in one transaction."""
    origin = SqliteDatabase(str(prepared))
    origin.connect()
    try:
        with database.atomic():
            for model in reversed(DATA_MODELS):
                database.execute(model.delete())
            for model in DATA_MODELS:
                _copy_rows(origin, database, model)
            _reset_sequences()
    finally:
        origin.close()


def restore_from(source: str | os.PathLike) -> Path:
    """Replace the open database's data with a backup file; returns the safety backup made first.

    A copy of the source is verified first (intact, the CCHC tables and columns, every value of its
    declared type, schema not newer than this program) and migrated; only then is the current data
    backed up, then replaced (SQLite: by the online backup API, in one step; a server: in one transaction)."""
    from db.connection import open_database, opened

    source = Path(source)
    state = opened()
    if isinstance(state.target, Path):
        work = state.target.with_name(state.target.name + ".khoi-phuc.tmp")
    else:
        folder = state.backups or Path(tempfile.gettempdir())
        folder.mkdir(parents=True, exist_ok=True)
        work = folder / f"{PREFIX}khoi-phuc-{os.getpid()}.tmp"
    prepared_copy(source, work)
    try:
        safety = make_backup(state.backups, "truoc-khoi-phuc")
        if _is_server():
            _restore_into_server(work)
        else:
            source_conn = sqlite3.connect(work)
            try:
                source_conn.backup(database.connection())
            finally:
                source_conn.close()
    finally:
        work.unlink(missing_ok=True)
    open_database(state.target, backup_dir=state.backups, daily_backup=False)
    _audit_restore(str(safety), source)
    return safety


def _audit_restore(old: str, source: Path) -> None:
    database.execute(
        Audit.insert(
            at=datetime.now().replace(microsecond=0),
            author=_user(),
            action="khoi_phuc",
            old=old,
            new=str(source),
        )
    )


def _user() -> str:
    from db.store import current_user

    return current_user()


__all__ = ["ServerTarget", "backup_to", "make_backup", "daily_backup", "restore_from", "restore_file", "verify_backup"]
