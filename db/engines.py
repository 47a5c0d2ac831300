"""The two engines behind the models, and the one a target opens with.

Only db/ knows which engine is open: SQLite (embedded file, WAL, write lock taken up front with
BEGIN IMMEDIATE and waited for up to the busy timeout) or PostgreSQL (a shared server). What differs
between them is asked of the engine (db.engine.Engine), never decided by comparing which one it is.
"""

from __future__ import annotations

from db.engine import BUSY_TIMEOUT, Engine
from db.engine_postgres import PostgresEngine
from db.engine_sqlite import SqliteEngine, SqliteFile
from db.errors import StorageError
from db.files import SQLITE_HEADER, looks_like_sqlite
from db.target import ServerTarget, Target


def make_engine(target: Target, busy_timeout: float = BUSY_TIMEOUT) -> Engine:
    """The engine of a target: a server's for a ServerTarget, SQLite's for a file."""
    if isinstance(target, ServerTarget):
        return PostgresEngine(target, busy_timeout)
    return SqliteEngine(target, busy_timeout)


__all__ = [
    "BUSY_TIMEOUT",
    "SQLITE_HEADER",
    "Engine",
    "PostgresEngine",
    "SqliteEngine",
    "SqliteFile",
    "StorageError",
    "looks_like_sqlite",
    "make_engine",
]
