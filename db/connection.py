"""Open the database (an SQLite file or a PostgreSQL server): bind the models, migrate, daily backup (of a file;
a server database is backed up on the server: the advice is said once)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from db import backup, engines, migrations, program_version
from db.engines import looks_like_sqlite, make_engine
from db.errors import (
    NOT_A_DATABASE,
    DailyBackupFailed,
    DamagedRecord,
    DatabaseCorrupt,
    DatabaseMissing,
    NotCchcDatabase,
    RestoreInterrupted,
)
from db.models import database
from db.private import create_private_file
from db.target import ServerTarget, Target, parse_target

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


@dataclass
class Opened:
    """What is open now: the target, the folder its backups go to, and the clock that stamps changes."""

    target: Target
    backups: Path | None
    warnings: list[str] = field(default_factory=list)  # e.g. the daily backup failed: the work goes on
    clock: Clock = datetime.now  # tests give a fixed one: no stored time depends on the day they run
    program: str | None = None  # the running program's version (a backup by a later one is not offered)
    templates: object = None  # the TemplateSet stored figures are read with (a backup must read with it)
    looked: dict = field(default_factory=dict)  # looked up once per opening: the backup offered, stray values


# The one database this process has open, set by `open_database` and cleared by `close_database` only
# (the window, the command line, a restore): a background job closes its own connection and nothing
# else. The other module-level state a worker may touch is safe to share: the models' proxy (one
# connection per thread), db.compiled's cache (the same SQL whoever compiles it), db.target's
# secrets (only ever added to), app.jobs' counter (under its lock), the template cache (immutable).
_opened: Opened | None = None


def opened() -> Opened:
    if _opened is None:
        raise RuntimeError("no database is open")
    return _opened


def opened_state() -> Opened | None:
    """What is open, None when the database was bound without `open_database` (a test's own binding)."""
    return _opened


def damage_found(detail: str, fix: str = "") -> DamagedRecord:
    """The error for a record of the open database found damaged on read (what is wrong, in Vietnamese),
    offering the newest backup a restore would accept and, with `fix`, how to correct it instead."""
    state = opened()
    if "restorable" not in state.looked:  # once per opening (the window may read again and again)
        state.looked["restorable"] = backup.restorable_backup(state.backups, state.program, state.templates)
    log.warning("damaged record in %s: %s", state.target, detail)
    return DamagedRecord(state.target, detail, state.looked["restorable"], fix)


def now() -> datetime:
    """The time a change is stamped with (audit, statuses, explanations): the open database's clock."""
    clock = _opened.clock if _opened is not None else datetime.now
    return clock().replace(microsecond=0)


def engine_kind() -> str:
    """ "sqlite" or "postgresql": for tests and diagnostics; callers should not branch on it."""
    return migrations.engine_kind(database)


def target_has_data(target) -> bool:
    """Whether the target already holds a database (a non-empty file, or a server database with tables)."""
    target = parse_target(target)
    if isinstance(target, Path):
        return target.exists() and target.stat().st_size > 0
    engine = make_engine(target)
    engine.connect()
    try:
        return bool(engine.get_tables())
    finally:
        engine.close()


def _check_file(path: Path, create: bool, folder: Path) -> None:
    """Refuse a missing file (unless create), a folder, an empty file while backups exist, or a file
    that is not an SQLite database, cheaply (the whole file is checked once a day, at the daily backup)."""
    if path.is_dir():
        raise DatabaseCorrupt(path, "đường dẫn là một thư mục, không phải tệp", backup.latest_backup(folder))
    if path.exists():
        size = path.stat().st_size
        latest = backup.latest_backup(folder) if size == 0 else None
        if latest is not None:  # an emptied file would silently become a new, empty database
            raise DatabaseCorrupt(path, "tệp rỗng, 0 byte", latest)
        if size > 0 and not looks_like_sqlite(path):
            raise DatabaseCorrupt(path, NOT_A_DATABASE, backup.latest_backup(folder))
        if size > 0 and _cut_short(path, size):
            raise DatabaseCorrupt(path, "tệp bị cắt ngắn", backup.latest_backup(folder))
    elif not create:
        raise why_missing(path, folder)
    else:
        create_private_file(path)  # SQLite gives its -wal and -shm files the mode of this one


def why_missing(path: Path, folder: Path | None = None) -> DatabaseMissing:
    """A missing file; after an interrupted restore, the verified copy and the damaged file beside it
    are offered (not a new database: the data is there)."""
    folder = folder or backup.folder_beside(path)
    copies = sorted(path.parent.glob(f"{path.name}.khoi-phuc*.tmp"), key=lambda p: p.stat().st_mtime, reverse=True)
    damaged = sorted(
        (p for p in path.parent.glob(f"{path.name}.hong-*") if not p.name.endswith(backup.SIDE_FILES)),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    if copies or damaged:
        return RestoreInterrupted(
            path, copies[0] if copies else None, damaged[0] if damaged else None, backup.latest_backup(folder)
        )
    return DatabaseMissing(path, backup.latest_backup(folder))


def _cut_short(path: Path, size: int) -> bool:
    """Shorter than its header says, while no -wal or -journal is beside it (with one, a checkpoint or
    a rollback may be under way or pending, and SQLite itself completes it: the daily check judges)."""
    if any(Path(str(path) + side).exists() for side in backup.SIDE_FILES):
        return False
    declared = _declared_size(path)
    return size < declared and not any(Path(str(path) + side).exists() for side in backup.SIDE_FILES)


def _declared_size(path: Path) -> int:
    """The size the file's header says it has (page size × page count; 0 when the header does not say)."""
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100:
        return 1 << 62  # shorter than its own header: cut short
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    valid = header[24:28] == header[92:96]  # the page count is valid only when both counters agree
    return page_size * int.from_bytes(header[28:32], "big") if valid else 0


def open_database(
    target: str | os.PathLike | ServerTarget,
    create: bool = False,
    daily_backup: bool = True,
    backup_dir: Path | None = None,
    busy_timeout: float | None = None,
    program: str | None = None,
    clock: Clock | None = None,
    templates=None,
):
    """Bind the models to `target` (a Path or a `postgresql://` URL) and bring its schema up to date.

    A writer waits up to `busy_timeout` seconds (default engines.BUSY_TIMEOUT) for another's write.
    Backups of a file go beside it (`backups/`) unless `backup_dir` is given; backups of a server
    database go to `backup_dir` (the caller's data folder), or nowhere when it is None.
    `program` (the running program's version): a database last written by a later version is refused
    (ProgramTooOld) before anything is changed; otherwise `program` is recorded as its last writer.
    `clock` stamps every change (default: the computer's; tests inject a fixed one).
    `templates` (a TemplateSet): what stored figures are read with; a backup offered must read with it.
    """
    global _opened
    target = parse_target(target)
    close_database()
    if isinstance(target, Path):
        folder = backup_dir or backup.folder_beside(target)
        _check_file(target, create, folder)
    else:
        folder = backup_dir
    database.initialize(make_engine(target, engines.BUSY_TIMEOUT if busy_timeout is None else busy_timeout))
    database.connect(reuse_if_open=True)
    _opened = Opened(target, folder, clock=clock or datetime.now, program=program, templates=templates)
    try:
        _prepare(target, folder, daily_backup, program)
    except BaseException:
        close_database()
        raise
    return database


def _prepare(target: Target, folder: Path | None, daily_backup: bool, program: str | None = None) -> None:
    version = migrations.current_version(database)
    if program:
        program_version.refuse_if_newer(program)
    if version == 0:
        tables = [name for name in database.get_tables() if name != "schema_version"]
        if tables:
            if isinstance(target, Path):
                raise DatabaseCorrupt(target, f"có bảng lạ: {', '.join(tables[:5])}", backup.latest_backup(folder))
            raise NotCchcDatabase(target, tables)
    if version and migrations.pending(database) > 0 and folder is not None:
        backup.make_backup(folder, f"truoc-nang-cap-v{version}")
    migrations.migrate(database)
    if program:
        program_version.record(program)
    if daily_backup and version and folder is not None and isinstance(target, ServerTarget):
        advice = backup.server_backup_advice(folder)  # never a copy of the whole server before a command
        if advice:
            opened().warnings.append(advice)
    elif daily_backup and version and folder is not None:
        try:
            backup.daily_backup(folder, target)
        except DailyBackupFailed as exc:
            log.warning("daily backup failed, the work goes on: %s", exc)
            opened().warnings.append(str(exc))


def close_database() -> None:
    """Close the database: this thread's connection, and what is open is forgotten (the window's end,
    a restore that replaces the file, a test). A worker ends with `close_thread_connection` instead."""
    global _opened
    close_thread_connection()
    _opened = None


def close_thread_connection() -> None:
    """Close the calling thread's connection only (a background job's, when its work ends): the database
    stays open for the window and for other workers, with its clock, backups folder and lookups."""
    if database.obj is not None and not database.is_closed():
        database.close()
