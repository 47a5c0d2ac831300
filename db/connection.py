"""Open the database file: pragmas for durability, integrity check, backups, migrations."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from db import backup, migrations
from db.errors import DatabaseCorrupt, DatabaseMissing
from db.models import database

log = logging.getLogger(__name__)

PRAGMAS = (
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("foreign_keys", 1),
    ("busy_timeout", 5000),
)


def _probe(path: Path) -> None:
    """Fail with a clear message if the file is not a healthy SQLite database."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(path, str(exc), backup.latest_backup(path)) from None
    if result != "ok":
        raise DatabaseCorrupt(path, result, backup.latest_backup(path))


def open_database(path: Path, create: bool = False, daily_backup: bool = True):
    """Bind the models to the file at `path` and bring its schema up to date."""
    path = Path(path)
    if database.database is not None and not database.is_closed():
        database.close()
    if path.exists():
        if path.stat().st_size > 0:
            _probe(path)
    elif not create:
        raise DatabaseMissing(path, backup.latest_backup(path))
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    database.init(str(path), pragmas=PRAGMAS)
    database.connect(reuse_if_open=True)
    version = migrations.current_version(database)
    if version == 0:
        tables = database.get_tables()
        if tables:
            database.close()
            raise DatabaseCorrupt(path, f"có bảng lạ: {', '.join(tables[:5])}", backup.latest_backup(path))
    if version and migrations.pending(database) > 0:
        backup.make_backup(database.connection(), path, f"truoc-nang-cap-v{version}")
    migrations.migrate(database)
    if daily_backup and version:
        backup.daily_backup(database.connection(), path)
    return database


def close_database() -> None:
    if database.database is not None and not database.is_closed():
        database.close()
