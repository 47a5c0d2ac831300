"""Restore a backup file: a copy verified and migrated before anything changes; into a damaged or
missing database file without ever opening it (the damaged file moved aside, kept), or into an open
database (SQLite's online backup; a server's rows replaced in one transaction)."""

from __future__ import annotations

import logging
import os
import shutil
from datetime import datetime
from pathlib import Path

from db import migrations, store
from db.backup import make_backup
from db.connection import close_database, open_database
from db.engine_sqlite import SqliteFile
from db.errors import BackupInvalid, StorageError, os_reason
from db.files import SIDE_FILES, work_path
from db.models import Audit, database
from db.private import create_private_file, private_folder
from db.state import now, opened
from db.verify import file_problem, verify_backup

log = logging.getLogger(__name__)


def prepared_copy(source: Path, work: Path, program: str | None = None, templates=None) -> Path:
    """A copy of the backup `source` at `work`, verified (the copy, not the source that might change),
    brought to this program's schema and checked again; removed on any failure. Nothing else changes.
    `program`, `templates`: what the copy must suit (db.verify.verify_backup)."""
    source = Path(source)
    if source.is_dir() or not source.exists():
        raise BackupInvalid(source, "không tìm thấy tệp")
    work.unlink(missing_ok=True)
    try:
        create_private_file(work)  # the restored database is this user's alone, as a new one is
        shutil.copyfile(source, work)
        verify_backup(work, shown=source, program=program, templates=templates)
        copy = SqliteFile(work)
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
    """The file's data on disk. Opened for writing: Windows flushes only a handle that may write (a
    read-only one fails with "permission denied")."""
    with open(path, "r+b") as handle:
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


def restore_file(
    target: Path, source: str | os.PathLike, backups: Path | None = None, program: str | None = None, templates=None
) -> Path | None:
    """Restore into a database FILE that is damaged or missing, without ever opening it: the backup is
    copied beside it, verified and migrated; the damaged file is moved aside (kept, never deleted), the
    copy renamed into its place. Returns where the damaged file was put (None when there was none)."""
    target = Path(target)
    source = Path(source)
    close_database()
    try:
        private_folder(target.parent)
    except OSError as exc:
        raise StorageError(f"Không tạo được thư mục {target.parent} ({os_reason(exc)}); chưa khôi phục.") from exc
    work = prepared_copy(source, work_path(target, source), program, templates)
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


def restore_from(source: str | os.PathLike, program: str | None = None, templates=None) -> Path:
    """Replace the open database's data with a backup file; returns the safety backup made first.

    A copy of the source is verified first (intact, the CCHC tables and columns, every value of its
    declared type — and of its indicator's type with `templates` —, schema and writing program not newer
    than this one) and migrated; only then is the current data backed up, then replaced (SQLite: by the
    online backup API, in one step; a server: in one transaction). Refused there: the safety backup goes."""
    source = Path(source)
    state = opened()
    engine = database.obj
    work = engine.restore_work(source, state.backups)
    prepared_copy(source, work, program, templates)
    try:
        safety = make_backup(state.backups, "truoc-khoi-phuc")
        try:
            engine.replace_data(work)  # SQLite: the online backup, in one step; a server: one transaction
        except BaseException:
            safety.unlink(missing_ok=True)  # nothing was replaced: the copy of the unchanged data is not needed
            raise
    finally:
        work.unlink(missing_ok=True)
    open_database(
        state.target,
        backup_dir=state.backups,
        daily_backup=False,
        clock=state.clock,
        program=state.program,
        templates=state.templates,
    )
    _audit_restore(str(safety), source)
    return safety


def _audit_restore(old: str, source: Path) -> None:
    database.execute(
        Audit.insert(
            at=now(),
            author=store.current_user(),
            action="khoi_phuc",
            old=old,
            new=str(source),
        )
    )


__all__ = ["prepared_copy", "move_aside", "restore_file", "restore_from", "work_path"]
