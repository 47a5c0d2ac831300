"""Open the database (an SQLite file or a PostgreSQL server): bind the models, migrate, the daily care
(a file's backup; a server database is backed up on the server: the advice is said once).

What differs between the engines is the engine's to say (db.engine.Engine); what is open now is kept
by db.state, said here too for the callers of this door."""

from __future__ import annotations

import functools
import logging
import os
from datetime import datetime
from pathlib import Path

from db import backup, engines, migrations, program_version, state, verify
from db.engine_sqlite import why_missing  # noqa: F401 - a missing file's refusal, said by this door too
from db.engines import make_engine
from db.models import database
from db.state import (  # noqa: F401 - what is open, said by this door too
    Clock,
    Opened,
    damage_found,
    now,
    opened,
    opened_state,
)
from db.target import ServerTarget, parse_target

log = logging.getLogger(__name__)


def engine_kind() -> str:
    """ "sqlite" or "postgresql": for tests and diagnostics; callers should not branch on it."""
    return database.obj.kind


def target_has_data(target) -> bool:
    """Whether the target already holds a database (a non-empty file, or a server database with tables)."""
    return make_engine(parse_target(target)).has_data()


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
    target = parse_target(target)
    close_database()
    engine = make_engine(target, engines.BUSY_TIMEOUT if busy_timeout is None else busy_timeout)
    folder = engine.backups_folder(backup_dir)
    engine.check_before_open(create, folder)
    database.initialize(engine)
    database.connect(reuse_if_open=True)
    state.set_opened(
        Opened(
            target,
            folder,
            clock=clock or datetime.now,
            program=program,
            templates=templates,
            restorable=functools.partial(verify.restorable_backup, folder, program, templates),
        )
    )
    try:
        _prepare(engine, folder, daily_backup, program)
    except BaseException:
        close_database()
        raise
    return database


def _prepare(engine, folder: Path | None, daily_backup: bool, program: str | None = None) -> None:
    version = migrations.current_version(database)
    if program:
        program_version.refuse_if_newer(program)
    if version == 0:
        tables = [name for name in database.get_tables() if name != "schema_version"]
        if tables:
            raise engine.strange_tables(tables, folder)
    if version and migrations.pending(database) > 0 and folder is not None:
        backup.make_backup(folder, f"truoc-nang-cap-v{version}")
    migrations.migrate(database)
    if program:
        program_version.record(program)
    if daily_backup and version and folder is not None:
        warning = engine.daily_care(folder)  # a file's backup; never a copy of a whole server before a command
        if warning:
            opened().warnings.append(warning)


def close_database() -> None:
    """Close the database: this thread's connection, and what is open is forgotten (the window's end,
    a restore that replaces the file, a test). A worker ends with `close_thread_connection` instead."""
    close_thread_connection()
    state.set_opened(None)


def close_thread_connection() -> None:
    """Close the calling thread's connection only (a background job's, when its work ends): the database
    stays open for the window and for other workers, with its clock, backups folder and lookups."""
    if database.obj is not None and not database.is_closed():
        database.close()
