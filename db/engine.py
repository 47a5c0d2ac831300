"""The engine interface: everything that differs between SQLite and PostgreSQL, asked of the open
database (`database.obj`), never decided by comparing which engine it is.

An engine is the peewee database the models are bound to (db.engine_sqlite.SqliteEngine,
db.engine_postgres.PostgresEngine; db.engines.make_engine picks one for a target). Besides what peewee
does, it turns its driver's errors into Vietnamese StorageErrors, and it answers for its engine:
- opening: where its backups go, what is checked before connecting, whether the target holds data,
  the refusal of a database holding tables that are not CCHC's, the daily care (a file's backup, a
  server's advice);
- writing: the write lock (`exclusive`);
- schema: the engine words of the migrations' statements, the version it records besides the
  schema_version table, how the migrations are run (transactions, lock);
- backup and restore: whether a path is its own file, the room a copy needs, the copy itself, the
  integrity check, the restored rows replacing its own, where a restore prepares its copy.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import ClassVar

from peewee import DatabaseError, InterfaceError

from db.errors import DatabaseUnavailable, StorageError

BUSY_TIMEOUT = 10.0


def driver_error(exc: Exception) -> Exception:
    """The driver's own exception behind peewee's (peewee keeps it as `orig`); a driver's error itself."""
    if isinstance(exc, DatabaseError | InterfaceError):
        return getattr(exc, "orig", None) or exc.__context__ or exc
    return exc


class Engine(ABC):
    """What differs between the engines (mixed into a peewee Database, before it).

    Driver errors the person can act on become StorageErrors (nothing else changes). A connection lost
    inside a transaction is kept as a husk until the transaction ends (peewee's transaction stack must
    unwind): meanwhile every statement says the connection was lost, the rollback is the server's (it
    discards the transaction of a closed connection), and when the outermost transaction ends the
    connection is dropped, so the next action connects again."""

    kind: ClassVar[str]  # "sqlite", "postgresql": for logs, diagnostics and cache keys; never compared
    schema_words: ClassVar[Mapping[str, str]]  # {id} (auto-numbered key), {ts} (date-time), {bool}
    where: str = ""  # the database as the person is told it (a file's path, a server's address without password)

    # ----- errors -----------------------------------------------------------------------------
    @abstractmethod
    def _storage_error(self, exc: Exception, sql: str = "") -> StorageError | None:
        """The error the person is told for a driver error; None: not one they can act on (a bug)."""

    def translated(self, exc: Exception, sql: str = "") -> Exception:
        """`exc` as the person is told it (a StorageError), or `exc` itself when it is a bug."""
        error = self._storage_error(exc, sql)
        if error is None:
            return exc
        if isinstance(error, DatabaseUnavailable):
            self._forget_connection(error)
        return error

    def _told(self, call, *args, sql: str = ""):
        """`call(*args)`, a driver error it raises told as the person reads it."""
        try:
            return call(*args)
        except (DatabaseError, InterfaceError) as exc:
            error = self.translated(exc, sql)
            if error is exc:
                raise
            raise error from exc

    def _refuse_if_lost(self) -> None:
        lost = getattr(self._state, "lost", None)
        if lost is not None:
            raise DatabaseUnavailable(self.where, lost.reason)

    def execute_sql(self, sql, params=None):
        self._refuse_if_lost()
        return self._told(super().execute_sql, sql, params, sql=sql)

    def _forget_connection(self, error: DatabaseUnavailable) -> None:
        if self.in_transaction():
            self._state.lost = error  # dropped when the transaction ends (rollback)
            return
        self._drop_connection()

    def _drop_connection(self) -> None:
        self._state.lost = None
        try:
            self.close()
        except Exception:  # noqa: BLE001 - a broken connection may refuse even to close; drop it
            self._state.reset()

    def begin(self, *args, **kwargs):
        return self._told(functools.partial(super().begin, *args, **kwargs))

    def commit(self):
        self._refuse_if_lost()
        return self._told(super().commit)

    def rollback(self):
        if getattr(self._state, "lost", None) is not None:
            if not self._state.transactions:  # the outermost transaction ends: the connection goes with it
                self._drop_connection()
            return None
        try:
            return self._told(super().rollback)
        except DatabaseUnavailable:
            return None  # lost while rolling back: the server discards the transaction itself

    def connect(self, reuse_if_open=False):
        return self._told(super().connect, reuse_if_open)

    # ----- opening ----------------------------------------------------------------------------
    @abstractmethod
    def backups_folder(self, given: Path | None) -> Path | None:
        """Where this database's backups go: `given` (the caller's choice), else the engine's default."""

    @abstractmethod
    def check_before_open(self, create: bool, backups: Path | None) -> None:
        """Refuse, before connecting, what would not open as a CCHC database (or create it, with `create`)."""

    @abstractmethod
    def has_data(self) -> bool:
        """Whether the target already holds a database (asked without opening it for work)."""

    @abstractmethod
    def strange_tables(self, tables: list[str], backups: Path | None) -> StorageError:
        """The refusal of a database of no schema version holding these tables (not made by CCHC Desktop)."""

    @abstractmethod
    def daily_care(self, backups: Path) -> str | None:
        """At the first command of a day: what keeps the data safe (a file's backup, a server's advice);
        the warning the person is shown, if any (the work goes on)."""

    # ----- writing ----------------------------------------------------------------------------
    @abstractmethod
    def exclusive(self, *key: int) -> None:
        """Within a write transaction: wait for, then hold until it ends, the write lock of `key`."""

    # ----- schema -----------------------------------------------------------------------------
    @abstractmethod
    def schema_mark(self) -> int:
        """The schema version recorded besides the schema_version table (0: none)."""

    @abstractmethod
    def mark_schema(self, version: int) -> None:
        """Record `version` besides the schema_version table, where the engine has such a place."""

    @abstractmethod
    def run_migrations(self, current: Callable[[], int], steps_to: Callable[[int], int], target: int, lock: int) -> int:
        """Run the migrations up to `target` (`steps_to(n)` applies them up to version n and returns the
        version reached; `current()` reads it) in the engine's transactions, holding `lock` where others
        could migrate at the same time; the version reached."""

    # ----- backup and restore -----------------------------------------------------------------
    @abstractmethod
    def is_own_file(self, path: Path) -> bool:
        """Whether `path` is this database's own file (a backup may not be written over it)."""

    @abstractmethod
    def copy_size(self) -> int | None:
        """About how many bytes a backup of this database needs (None: not known beforehand)."""

    @abstractmethod
    def write_copy(self, dest: Path) -> None:
        """This database's data into the new SQLite file `dest`, of the current schema (a backup)."""

    @abstractmethod
    def integrity_problem(self) -> str | None:
        """What damage the engine's own check finds (None: healthy, or the server checks itself)."""

    @abstractmethod
    def restore_work(self, source: Path, backups: Path | None) -> Path:
        """Where the copy of the backup `source` is prepared before it replaces this database's data."""

    @abstractmethod
    def replace_data(self, prepared: Path) -> None:
        """The data of the verified, migrated backup copy `prepared` replaces this database's, in one step."""
