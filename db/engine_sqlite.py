"""The SQLite engine: an embedded file, WAL, the write lock taken up front with BEGIN IMMEDIATE and
waited for up to the busy timeout; backed up daily beside the file, restored with the online backup.

`SqliteFile` is an SQLite file as the backups and restores handle one: the same schema mechanics,
without the open database's settings (no WAL, no write lock up front) nor its translated errors."""

from __future__ import annotations

import errno
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from peewee import SQL, Cast, NodeList, SqliteDatabase, fn
from peewee import DatabaseError as PeeweeDatabaseError

from db import backup
from db.engine import BUSY_TIMEOUT, Engine, driver_error
from db.errors import (
    NOT_A_DATABASE,
    DailyBackupFailed,
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseMissing,
    DatabaseReadOnly,
    DiskFull,
    RestoreInterrupted,
    StorageError,
    os_reason,
    sqlite_damage,
)
from db.files import SIDE_FILES, folder_beside, latest_backup, looks_like_sqlite, work_path
from db.private import create_private_file

log = logging.getLogger(__name__)

DAMAGE_WORDS = ("malformed", "not a database", "could not decode", "database corrupt")
INDEX_ONLY = ("missing from index", "wrong # of entries in index", "non-unique entry in index")
SQLITE_WORDS = {
    "id": "INTEGER PRIMARY KEY AUTOINCREMENT",
    "ts": "DATETIME",
    "bool": "INTEGER NOT NULL DEFAULT 0",
    "summing_index": "CREATE INDEX value_period_code ON value (period, code, unit_id, value)",
}


class _ReadingCursor:
    """An SQLite cursor whose fetches say damage in Vietnamese: a page found broken, or text that is not
    UTF-8, is met while rows are read, after the statement itself has run."""

    __slots__ = ("_cursor", "_engine")

    def __init__(self, cursor, engine: SqliteEngine):
        self._cursor = cursor
        self._engine = engine

    def __getattr__(self, name):
        return getattr(self._cursor, name)

    def _translated(self, exc: Exception) -> Exception:
        error = self._engine.translated(exc)
        if error is exc:
            raise exc
        return error

    def execute(self, sql, params=()):
        self._cursor.execute(sql, params)
        return self

    def fetchone(self):
        try:
            return self._cursor.fetchone()
        except sqlite3.Error as exc:
            raise self._translated(exc) from exc

    def fetchmany(self, size: int | None = None):
        try:
            return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)
        except sqlite3.Error as exc:
            raise self._translated(exc) from exc

    def fetchall(self):
        try:
            return self._cursor.fetchall()
        except sqlite3.Error as exc:
            raise self._translated(exc) from exc

    def __iter__(self):
        return iter(self.fetchall())  # one call into the driver: as fast as iterating its cursor

    def __next__(self):
        try:
            return next(self._cursor)
        except sqlite3.Error as exc:
            raise self._translated(exc) from exc


class SqliteEngine(Engine, SqliteDatabase):
    kind = "sqlite"
    schema_words = SQLITE_WORDS

    @staticmethod
    def not_a_key(column):
        """The column in a condition the planner does not seek by (SQLite's unary +): a long IN list
        of codes would be sought code by code for each unit and month, a million seeks (db.sums)."""
        return NodeList((SQL("+"), column), glue="")

    @staticmethod
    def integer_sums(value, code, integers):
        """db.sums: the aggregates (sum, how many are odd) of the stored texts of a group of rows.
        SQLite casts any text (a text figure's sum is left unused): no code list tested row by row;
        a text not written as the program writes an integer is counted odd."""
        return fn.SUM(Cast(value, "INTEGER")), fn.SUM(Cast(Cast(value, "INTEGER"), "TEXT") != value)

    def summing(self, query) -> list | None:
        """The rows of a query of `integer_sums` (None: a text of an integer figure is no integer)."""
        return list(self.execute(query))

    def __init__(self, path, busy_timeout: float = BUSY_TIMEOUT):
        self.busy_timeout = busy_timeout
        self.where = str(path)
        self.path = Path(path)
        pragmas = (
            ("journal_mode", "wal"),
            ("synchronous", "full"),
            ("foreign_keys", 1),
            ("busy_timeout", int(busy_timeout * 1000)),
            # No checkpoint while the program works: the main file changes only when the last connection
            # closes, so a clerk copying the folder mid-work (file, then -wal) gets a consistent copy; a
            # checkpoint during such a copy tore about one copy in 1,500 (tests/slow/test_copy_mid_write).
            ("wal_autocheckpoint", 0),
        )
        super().__init__(str(path), pragmas=pragmas, timeout=busy_timeout, lock_type="IMMEDIATE")

    # ----- errors -----------------------------------------------------------------------------
    def rollback(self):
        """SQLite rolls a transaction back by itself on some errors (disk full, I/O): then there is
        nothing left to roll back, and the error that caused it is the one the person must see."""
        if not self.is_closed() and self.connection().in_transaction is False:
            return None
        return super().rollback()

    def cursor(self, named_cursor=None):
        return _ReadingCursor(super().cursor(named_cursor), self)

    def _storage_error(self, exc: Exception, sql: str = "") -> StorageError | None:
        original = driver_error(exc)
        name = getattr(original, "sqlite_errorname", "") or ""
        text = str(exc).lower()
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text:
            return DatabaseBusy(self.where, self.busy_timeout)
        if name == "SQLITE_FULL" or "disk is full" in text or "disk full" in text:
            return DiskFull(self.where)
        if name.startswith("SQLITE_READONLY") or "readonly database" in text:
            return DatabaseReadOnly(self.where)
        if name.startswith("SQLITE_CANTOPEN") or "unable to open database file" in text:
            return DatabaseReadOnly(self.where, opening=True)
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or any(word in text for word in DAMAGE_WORDS):
            log.warning("database %s found damaged: %s", self.where, exc)
            return self.damaged(sqlite_damage(str(exc)))
        if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
            return StorageError(
                f"Không đọc/ghi được cơ sở dữ liệu {self.where}: {os_reason(OSError(errno.EIO, ''))}. "
                "Việc đang làm chưa được lưu; hãy kiểm tra ổ đĩa rồi thử lại."
            )
        return None

    def damaged(self, detail: str) -> DatabaseCorrupt:
        """Damage found in the file past what opening checks: the person is told, with the restore command."""
        return DatabaseCorrupt(self.path, detail, latest_backup(folder_beside(self.path)))

    # ----- opening ----------------------------------------------------------------------------
    def backups_folder(self, given: Path | None) -> Path | None:
        return given or folder_beside(self.path)

    def check_before_open(self, create: bool, backups: Path | None) -> None:
        """Refuse a missing file (unless create), a folder, an empty file while backups exist, or a file
        that is not an SQLite database, cheaply (the whole file is checked once a day, at the daily backup)."""
        path = self.path
        if path.is_dir():
            raise DatabaseCorrupt(path, "đường dẫn là một thư mục, không phải tệp", latest_backup(backups))
        if path.exists():
            size = path.stat().st_size
            latest = latest_backup(backups) if size == 0 else None
            if latest is not None:  # an emptied file would silently become a new, empty database
                raise DatabaseCorrupt(path, "tệp rỗng, 0 byte", latest)
            if size > 0 and not looks_like_sqlite(path):
                raise DatabaseCorrupt(path, NOT_A_DATABASE, latest_backup(backups))
            if size > 0 and _cut_short(path, size):
                raise DatabaseCorrupt(path, "tệp bị cắt ngắn", latest_backup(backups))
        elif not create:
            raise why_missing(path, backups)
        else:
            create_private_file(path)  # SQLite gives its -wal and -shm files the mode of this one

    def has_data(self) -> bool:
        return self.path.exists() and self.path.stat().st_size > 0

    def strange_tables(self, tables: list[str], backups: Path | None) -> StorageError:
        return DatabaseCorrupt(self.path, f"có bảng lạ: {', '.join(tables[:5])}", latest_backup(backups))

    def daily_care(self, backups: Path) -> str | None:
        """The daily backup (with the integrity check); one that fails is a warning, the work goes on."""
        try:
            backup.daily_backup(backups, self.path)
        except DailyBackupFailed as exc:
            log.warning("daily backup failed, the work goes on: %s", exc)
            return str(exc)
        return None

    # ----- writing ----------------------------------------------------------------------------
    def exclusive(self, *key: int) -> None:
        """Within a write transaction: nothing to do, BEGIN IMMEDIATE holds the file's write lock."""

    # ----- schema -----------------------------------------------------------------------------
    def schema_mark(self) -> int:
        """PRAGMA user_version: files of schema 1 and 2 carry it, older releases read it."""
        return self.execute_sql("PRAGMA user_version").fetchone()[0]

    def mark_schema(self, version: int) -> None:
        self.execute_sql(f"PRAGMA user_version = {int(version)}")

    def run_migrations(self, current: Callable[[], int], steps_to: Callable[[int], int], target: int, lock: int) -> int:
        """Each step in its own transaction: the file's write lock keeps others out (`lock` not needed)."""
        version = current()
        while version < target:
            with self.atomic():
                version = steps_to(version + 1)
        return steps_to(target)

    # ----- backup and restore -----------------------------------------------------------------
    def is_own_file(self, path: Path) -> bool:
        return Path(path).resolve() == self.path.resolve()

    def copy_size(self) -> int | None:
        """The file and its -wal, plus a margin."""
        return sum(p.stat().st_size for p in (self.path, Path(str(self.path) + "-wal")) if p.exists()) + (1 << 20)

    def write_copy(self, dest: Path) -> None:
        """SQLite's online backup of the open file, consistent while others write."""
        target = sqlite3.connect(dest)
        try:
            self.connection().backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()

    def integrity_problem(self) -> str | None:
        """integrity_check of the whole file (None when healthy). Only an index is wrong (the rows are
        intact, the index is derived from them): it is rebuilt with REINDEX and checked again; the repair
        is logged. Anything else is returned for the person."""
        rows = [row[0] for row in self.execute_sql("PRAGMA integrity_check(50)").fetchall()]
        if rows == ["ok"]:
            return None
        if all(any(words in row for words in INDEX_ONLY) for row in rows):
            log.warning("only indexes were wrong, rebuilding them: %s", rows[:5])
            try:
                self.execute_sql("REINDEX")
            except PeeweeDatabaseError as exc:
                log.warning("REINDEX failed: %s", exc)
                return f"{sqlite_damage(rows[0])} (không dựng lại được chỉ mục)"
            rows = [row[0] for row in self.execute_sql("PRAGMA integrity_check(50)").fetchall()]
            if rows == ["ok"]:
                return None
        log.warning("integrity_check found damage: %s", rows[:10])
        return sqlite_damage("; ".join(rows[:5]))

    def restore_work(self, source: Path, backups: Path | None) -> Path:
        return work_path(self.path, source)

    def replace_data(self, prepared: Path) -> None:
        """The copy replaces the open file's data in one step (SQLite's online backup)."""
        origin = sqlite3.connect(prepared)
        try:
            origin.backup(self.connection())
        except sqlite3.Error as exc:  # a read-only file, a full disk: nothing of it was written
            error = self.translated(exc)
            if error is exc:
                raise
            raise error from exc
        finally:
            origin.close()


class SqliteFile(SqliteEngine):
    """An SQLite file as a backup or a restore handles it (the backup written, the copy being restored):
    the engine's schema mechanics on a plain connection (peewee's defaults: no WAL, no write lock up
    front), its driver errors left as they are for the backup or the restore to say."""

    def __init__(self, path):
        self.busy_timeout = 0.0
        self.where = str(path)
        self.path = Path(path)
        SqliteDatabase.__init__(self, str(path))

    def cursor(self, named_cursor=None):
        return SqliteDatabase.cursor(self, named_cursor)

    def _storage_error(self, exc: Exception, sql: str = "") -> StorageError | None:
        return None


def why_missing(path: Path, folder: Path | None = None) -> DatabaseMissing:
    """A missing file; after an interrupted restore, the verified copy and the damaged file beside it
    are offered (not a new database: the data is there)."""
    folder = folder or folder_beside(path)
    copies = sorted(path.parent.glob(f"{path.name}.khoi-phuc*.tmp"), key=lambda p: p.stat().st_mtime, reverse=True)
    damaged = sorted(
        (p for p in path.parent.glob(f"{path.name}.hong-*") if not p.name.endswith(SIDE_FILES)),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    if copies or damaged:
        return RestoreInterrupted(
            path, copies[0] if copies else None, damaged[0] if damaged else None, latest_backup(folder)
        )
    return DatabaseMissing(path, latest_backup(folder))


def _cut_short(path: Path, size: int) -> bool:
    """Shorter than its header says, while no -wal or -journal is beside it (with one, a checkpoint or
    a rollback may be under way or pending, and SQLite itself completes it: the daily check judges)."""
    if any(Path(str(path) + side).exists() for side in SIDE_FILES):
        return False
    declared = _declared_size(path)
    return size < declared and not any(Path(str(path) + side).exists() for side in SIDE_FILES)


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


__all__ = ["SqliteEngine", "SqliteFile", "why_missing"]
