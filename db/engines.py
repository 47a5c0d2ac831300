"""The two engines behind the models, each turning its driver's errors into Vietnamese StorageErrors.

Only db/ knows which engine is open: SQLite (embedded file, WAL, write lock taken up front with
BEGIN IMMEDIATE and waited for up to the busy timeout) or PostgreSQL (a shared server).
"""

from __future__ import annotations

import errno
import functools
import logging
import re
import sqlite3
from pathlib import Path
from urllib.parse import unquote, urlsplit

from peewee import (
    Cast,
    DatabaseError,
    InterfaceError,
    OperationalError,
    PostgresqlDatabase,
    Select,
    SqliteDatabase,
    fn,
)

from db import server_driver
from db.errors import (
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseReadOnly,
    DatabaseUnavailable,
    DiskFull,
    NoServerRights,
    StorageError,
    os_reason,
    sqlite_damage,
)
from db.target import ServerTarget, safe_url

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 10.0
SQLITE_HEADER = b"SQLite format 3\x00"
DAMAGE_WORDS = ("malformed", "not a database", "could not decode", "database corrupt")
BUSY_STATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available


class _Translating:
    """Mixin: driver errors the person can act on become StorageErrors (nothing else changes).

    A connection lost inside a transaction is kept as a husk until the transaction ends (peewee's
    transaction stack must unwind): meanwhile every statement says the connection was lost, the
    rollback is the server's (it discards the transaction of a closed connection), and when the
    outermost transaction ends the connection is dropped, so the next action connects again."""

    where: str = ""

    def _storage_error(self, exc: Exception, sql: str = "") -> StorageError | None:
        """The error the person is told for a driver error; None: not one they can act on (a bug)."""
        raise NotImplementedError

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


def _driver_error(exc: Exception) -> Exception:
    """The driver's own exception behind peewee's (peewee keeps it as `orig`); a driver's error itself."""
    if isinstance(exc, DatabaseError | InterfaceError):
        return getattr(exc, "orig", None) or exc.__context__ or exc
    return exc


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


class SqliteEngine(_Translating, SqliteDatabase):
    kind = "sqlite"

    @staticmethod
    def as_integer(text):
        """A stored text as an integer in SQL (db.sums: what is added up in the database)."""
        return Cast(text, "INTEGER")

    @staticmethod
    def not_integer_text(text):
        """True where a stored text is not an integer as written by the program (its own SQL text)."""
        return Cast(Cast(text, "INTEGER"), "TEXT") != text

    def __init__(self, path, busy_timeout: float = BUSY_TIMEOUT):
        self.busy_timeout = busy_timeout
        self.where = str(path)
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

    def exclusive(self, *key: int) -> None:
        """Within a write transaction: nothing to do, BEGIN IMMEDIATE holds the file's write lock."""

    def rollback(self):
        """SQLite rolls a transaction back by itself on some errors (disk full, I/O): then there is
        nothing left to roll back, and the error that caused it is the one the person must see."""
        if not self.is_closed() and self.connection().in_transaction is False:
            return None
        return super().rollback()

    def cursor(self, named_cursor=None):
        return _ReadingCursor(super().cursor(named_cursor), self)

    def _storage_error(self, exc: Exception, sql: str = "") -> StorageError | None:
        original = _driver_error(exc)
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
        from db.backup import folder_beside, latest_backup

        path = Path(self.where)
        return DatabaseCorrupt(path, detail, latest_backup(folder_beside(path)))


def _server_reason(exc: Exception) -> str:
    """Why the server cannot be used, in Vietnamese; what it said (English) goes to the log only."""
    said = str(exc).lower()

    def has(*words: str) -> bool:
        return any(word in said for word in words)

    if has("password authentication failed", "no password supplied"):
        return "sai tên đăng nhập hoặc mật khẩu"
    if "does not exist" in said and "database" in said:
        return "máy chủ không có cơ sở dữ liệu này (hãy tạo bằng CREATE DATABASE)"
    if "does not exist" in said and "role" in said:
        return "máy chủ không có tài khoản này"
    if has("starting up", "shutting down", "not yet accepting", "in recovery mode", "recovery is in progress"):
        return "máy chủ đang khởi động lại hoặc đang tắt; chưa lưu gì — hãy chờ một lát rồi thử lại"
    if has("too many clients", "remaining connection slots"):
        return "máy chủ đã đủ số người kết nối; chưa lưu gì — hãy thử lại sau ít phút"
    if has("refused", "could not connect", "timeout", "timed out", "no route"):
        return "máy chủ không trả lời (kiểm tra địa chỉ, cổng, mạng và máy chủ PostgreSQL)"
    if has("closed", "terminat", "lost", "broken pipe", "reset by peer", "consuming input failed"):
        return "mất kết nối với máy chủ; chưa lưu gì — hãy thử lại (chương trình tự kết nối lại)"
    if has("resolve host", "name or service not known", "nodename nor servname", "no such host"):
        return "không tìm thấy máy chủ có tên này (kiểm tra tên hoặc địa chỉ máy chủ)"
    if has("ssl"):
        return "kết nối bảo mật (SSL) với máy chủ không thành công; hãy hỏi người quản trị máy chủ"
    log.warning("server error not recognised: %s", exc)
    return "máy chủ báo lỗi khi kết nối (chi tiết kỹ thuật trong tệp nhật ký cchc.log); chưa lưu gì — hãy thử lại"


GRANT_TABLES = (
    'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{user}"; '
    'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "{user}";'
)


class PostgresEngine(_Translating, PostgresqlDatabase):
    kind = "postgresql"

    @staticmethod
    def as_integer(text):
        return Cast(text, "NUMERIC")  # a sum of millions of figures passes BIGINT's range safely

    @staticmethod
    def not_integer_text(text):
        return ~text.regexp("^(0|-?[1-9][0-9]{0,17})$")

    def __init__(self, target: ServerTarget, busy_timeout: float = BUSY_TIMEOUT, connect_timeout: int = 10):
        self.where = safe_url(target.url)
        self._target = target
        self.busy_timeout = busy_timeout
        server_driver.load()
        super().__init__(
            target.url, prefer_psycopg3=True, connect_timeout=connect_timeout, application_name="CCHC Desktop"
        )

    def _initialize_connection(self, conn):
        # A writer waits for another's lock at most the busy timeout, as on SQLite, then is told.
        conn.execute("SELECT set_config('lock_timeout', %s, false)", (f"{int(self.busy_timeout * 1000)}ms",))

    def exclusive(self, *key: int) -> None:
        """Within a transaction: wait for, then hold until commit, the advisory lock of `key`."""
        self.execute(Select(columns=[fn.pg_advisory_xact_lock(*key)]))

    def _storage_error(self, exc: Exception, sql: str = "") -> StorageError | None:
        state = getattr(_driver_error(exc), "sqlstate", None)
        if state == "55P03":
            return DatabaseBusy(self.where, self.busy_timeout)
        if state in BUSY_STATES:
            return DatabaseBusy(self.where)
        if state == "42501" or (state is None and "permission denied" in str(exc).lower()):
            return self._no_rights(exc, sql)
        if state in ("53100", "53400"):  # disk full, configuration limit on the server
            return DiskFull(self.where)
        if isinstance(exc, OperationalError | InterfaceError) and (
            state is None or state.startswith(("08", "57", "28", "3D", "53"))
        ):
            return DatabaseUnavailable(self.where, _server_reason(exc))
        return None

    def _no_rights(self, exc: Exception, sql: str) -> NoServerRights:
        """What the account lacks, said with the grant that gives it."""
        user = unquote(urlsplit(self._target.url).username or "") or "mặc định"
        text = str(exc).lower()
        table = re.search(r'permission denied for (?:table|relation|sequence) "?(\w+)', text)
        if "for schema" in text or sql.lstrip().upper().startswith(("CREATE", "ALTER")):
            return NoServerRights(
                self.where,
                user,
                "tạo bảng (lần mở đầu tiên, CCHC Desktop tạo các bảng của nó trong cơ sở dữ liệu trống)",
                f'GRANT CREATE ON SCHEMA public TO "{user}"; hoặc mở lần đầu bằng tài khoản chủ sở hữu cơ sở dữ liệu.',
            )
        if "for database" in text:
            return NoServerRights(
                self.where,
                user,
                "kết nối tới cơ sở dữ liệu này",
                f'GRANT CONNECT ON DATABASE "{self._target.dbname}" TO "{user}";',
            )
        reading = sql.lstrip().upper().startswith(("SELECT", "WITH"))
        name = table[1] if table else "của CCHC Desktop"
        what = f"đọc bảng {name}" if reading else f"ghi vào bảng {name}"
        return NoServerRights(self.where, user, what, GRANT_TABLES.format(user=user))


def make_engine(target, busy_timeout: float = BUSY_TIMEOUT):
    if isinstance(target, ServerTarget):
        return PostgresEngine(target, busy_timeout)
    return SqliteEngine(target, busy_timeout)


def looks_like_sqlite(path) -> bool:
    """Cheap check of the file header (no page is read beyond the first 16 bytes)."""
    with open(path, "rb") as handle:
        return handle.read(16) == SQLITE_HEADER


__all__ = ["StorageError", "SqliteEngine", "PostgresEngine", "make_engine", "looks_like_sqlite"]
