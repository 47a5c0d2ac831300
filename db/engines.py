"""The two engines behind the models, each turning its driver's errors into Vietnamese StorageErrors.

Only db/ knows which engine is open: SQLite (embedded file, WAL, write lock taken up front with
BEGIN IMMEDIATE and waited for up to the busy timeout) or PostgreSQL (a shared server).
"""

from __future__ import annotations

import logging
from pathlib import Path

from peewee import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    PostgresqlDatabase,
    ProgrammingError,
    Select,
    SqliteDatabase,
    fn,
)

from db.errors import DatabaseBusy, DatabaseCorrupt, DatabaseUnavailable, DiskFull, StorageError
from db.target import ServerTarget, redact, safe_url

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 10.0
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_STATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available


class _Translating:
    """Mixin: driver errors the person can act on become StorageErrors (nothing else changes)."""

    where: str = ""

    def _translate(self, exc: Exception) -> Exception:
        raise NotImplementedError

    def execute_sql(self, sql, params=None):
        try:
            return super().execute_sql(sql, params)
        except (OperationalError, InterfaceError, ProgrammingError) as exc:
            translated = self._translate(exc)
            if isinstance(translated, DatabaseUnavailable):
                self._forget_connection()  # the next use connects again (a server restarted, a network blip)
            raise translated from exc
        except DatabaseError as exc:  # e.g. "database disk image is malformed": a page damaged from outside
            damaged = self._damaged(exc)
            if damaged is None:
                raise
            raise damaged from exc

    def _damaged(self, exc: Exception) -> Exception | None:
        return None

    def _forget_connection(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - a broken connection may refuse even to close; drop it
            self._state.reset()

    def begin(self, *args, **kwargs):
        try:
            return super().begin(*args, **kwargs)
        except (OperationalError, InterfaceError) as exc:
            raise self._translate(exc) from exc

    def commit(self):
        try:
            return super().commit()
        except (OperationalError, InterfaceError) as exc:
            raise self._translate(exc) from exc

    def connect(self, reuse_if_open=False):
        try:
            return super().connect(reuse_if_open)
        except (OperationalError, InterfaceError) as exc:
            raise self._translate(exc) from exc


class SqliteEngine(_Translating, SqliteDatabase):
    kind = "sqlite"

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

    def _translate(self, exc: Exception) -> Exception:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return DatabaseBusy(self.where, self.busy_timeout)
        if "disk is full" in text or "disk full" in text:
            return DiskFull(self.where)
        return exc

    def _damaged(self, exc: Exception) -> Exception | None:
        """A file damaged past what opening checks: the person is told, with the restore command."""
        text = str(exc).lower()
        if "malformed" not in text and "not a database" not in text:
            return None
        from db.backup import folder_beside, latest_backup

        path = Path(self.where)
        return DatabaseCorrupt(path, str(exc), latest_backup(folder_beside(path)))


def _server_reason(exc: Exception) -> str:
    text = str(exc)
    lowered = text.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return "sai tên đăng nhập hoặc mật khẩu"
    if "does not exist" in lowered and "database" in lowered:
        return "máy chủ không có cơ sở dữ liệu này (hãy tạo bằng CREATE DATABASE)"
    if "does not exist" in lowered and "role" in lowered:
        return "máy chủ không có tài khoản này"
    if "refused" in lowered or "could not connect" in lowered or "timeout" in lowered or "no route" in lowered:
        return "máy chủ không trả lời (kiểm tra địa chỉ, cổng, mạng và máy chủ PostgreSQL)"
    if "closed" in lowered or "terminat" in lowered or "lost" in lowered:
        return "mất kết nối với máy chủ; chưa lưu gì — hãy thử lại (chương trình tự kết nối lại)"
    if "resolve host" in lowered or "name or service not known" in lowered or "nodename nor servname" in lowered:
        return "không tìm thấy máy chủ có tên này (kiểm tra tên hoặc địa chỉ máy chủ)"
    if "permission denied" in lowered:
        return "tài khoản này không có quyền trên các bảng của CCHC Desktop (người quản trị cần cấp quyền)"
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return redact(first)


class PostgresEngine(_Translating, PostgresqlDatabase):
    kind = "postgresql"

    def __init__(self, target: ServerTarget, busy_timeout: float = BUSY_TIMEOUT, connect_timeout: int = 10):
        self.where = safe_url(target.url)
        self.busy_timeout = busy_timeout
        super().__init__(
            target.url, prefer_psycopg3=True, connect_timeout=connect_timeout, application_name="CCHC Desktop"
        )

    def _initialize_connection(self, conn):
        # A writer waits for another's lock at most the busy timeout, as on SQLite, then is told.
        conn.execute("SELECT set_config('lock_timeout', %s, false)", (f"{int(self.busy_timeout * 1000)}ms",))

    def exclusive(self, *key: int) -> None:
        """Within a transaction: wait for, then hold until commit, the advisory lock of `key`."""
        self.execute(Select(columns=[fn.pg_advisory_xact_lock(*key)]))

    def _translate(self, exc: Exception) -> Exception:
        original = next((arg for arg in exc.args if isinstance(arg, Exception)), exc.__context__)
        state = getattr(original, "sqlstate", None)
        if state == "55P03":
            return DatabaseBusy(self.where, self.busy_timeout)
        if state == "42501":  # insufficient privilege
            return DatabaseUnavailable(self.where, _server_reason(exc))
        if state in BUSY_STATES:
            return DatabaseBusy(self.where)
        if isinstance(exc, OperationalError | InterfaceError) and (
            state is None or state.startswith(("08", "57", "28", "3D"))
        ):
            return DatabaseUnavailable(self.where, _server_reason(exc))
        return exc


def make_engine(target, busy_timeout: float = BUSY_TIMEOUT):
    if isinstance(target, ServerTarget):
        return PostgresEngine(target, busy_timeout)
    return SqliteEngine(target, busy_timeout)


def looks_like_sqlite(path) -> bool:
    """Cheap check of the file header (no page is read beyond the first 16 bytes)."""
    with open(path, "rb") as handle:
        return handle.read(16) == SQLITE_HEADER


__all__ = ["StorageError", "SqliteEngine", "PostgresEngine", "make_engine", "looks_like_sqlite"]
