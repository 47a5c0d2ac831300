"""The PostgreSQL engine: a shared server. A writer holds a transaction-level advisory lock; the
migrations run in one transaction under a lock of their own; a backup is the server's rows copied into
an SQLite file, a restore replaces them in one transaction; the server is backed up by its own dump."""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from peewee import Case, Cast, DataError, InterfaceError, OperationalError, PostgresqlDatabase, Select, Value, fn

from db import backup, migrations, server_driver
from db.engine import BUSY_TIMEOUT, Engine, driver_error
from db.engine_sqlite import SqliteFile
from db.errors import (
    DatabaseBusy,
    DatabaseUnavailable,
    DiskFull,
    NoServerRights,
    NotCchcDatabase,
    StorageError,
)
from db.files import PREFIX
from db.models import DATA_MODELS
from db.private import private_folder
from db.target import ServerTarget, safe_url

log = logging.getLogger(__name__)

BUSY_STATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available
CHUNK = 500  # rows copied per statement between the server and an SQLite file
POSTGRES_WORDS = {
    "id": "SERIAL PRIMARY KEY",
    "ts": "TIMESTAMP",
    "bool": "BOOLEAN NOT NULL DEFAULT FALSE",
    "summing_index": "CREATE INDEX value_period ON value (period)",  # db.migrations V7: a period's rows alone
}
GRANT_TABLES = (
    'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{user}"; '
    'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "{user}";'
)


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


def copy_rows(source, dest, model) -> int:
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


class PostgresEngine(Engine, PostgresqlDatabase):
    kind = "postgresql"
    schema_words = POSTGRES_WORDS

    @staticmethod
    def not_a_key(column):
        return column  # the planner weighs an IN list itself

    @staticmethod
    def integer_sums(value, code, integers):
        """Only the integer figures' texts are cast (a hashed IN list); a text that is no integer
        fails the cast (`summing`): no pattern tested on every row (a regular expression on four
        million rows costs seconds)."""
        number = Case(None, [(code.in_(list(integers)), Cast(value, "BIGINT"))], None)
        return fn.SUM(number), Value(0)

    def summing(self, query) -> list | None:
        try:
            with self.atomic():  # a savepoint inside a transaction: the failed cast leaves it usable
                return list(self.execute(query))
        except DataError:
            return None

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

    # ----- errors -----------------------------------------------------------------------------
    def _storage_error(self, exc: Exception, sql: str = "") -> StorageError | None:
        state = getattr(driver_error(exc), "sqlstate", None)
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

    # ----- opening ----------------------------------------------------------------------------
    def backups_folder(self, given: Path | None) -> Path | None:
        """The caller's data folder, or nowhere (a server database has no folder beside it)."""
        return given

    def check_before_open(self, create: bool, backups: Path | None) -> None:
        """Nothing: the server says what is wrong when connecting."""

    def has_data(self) -> bool:
        """Whether the server database has tables (connecting for the question only)."""
        self.connect()
        try:
            return bool(self.get_tables())
        finally:
            self.close()

    def strange_tables(self, tables: list[str], backups: Path | None) -> StorageError:
        return NotCchcDatabase(self._target, tables)

    def daily_care(self, backups: Path) -> str | None:
        """Never a copy of the whole server before a command: the advice to back it up on the server."""
        return backup.server_backup_advice(backups)

    # ----- writing ----------------------------------------------------------------------------
    def exclusive(self, *key: int) -> None:
        """Within a transaction: wait for, then hold until commit, the advisory lock of `key`."""
        self.execute(Select(columns=[fn.pg_advisory_xact_lock(*key)]))

    # ----- schema -----------------------------------------------------------------------------
    def schema_mark(self) -> int:
        return 0  # the schema_version table alone

    def mark_schema(self, version: int) -> None:
        """Nothing: the schema_version table alone."""

    def run_migrations(self, current: Callable[[], int], steps_to: Callable[[int], int], target: int, lock: int) -> int:
        """Every pending step in one transaction, holding `lock` so that two clients never migrate at once."""
        with self.atomic():
            self.exclusive(lock)
            return steps_to(target)

    # ----- backup and restore -----------------------------------------------------------------
    def is_own_file(self, path: Path) -> bool:
        return False

    def copy_size(self) -> int | None:
        return None

    def write_copy(self, dest: Path) -> None:
        """The server's rows into a new SQLite file migrated to the same schema, in one read transaction."""
        target = SqliteFile(dest)
        target.connect()
        try:
            migrations.migrate(target)
            with self.atomic(), target.atomic():
                self.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                for model in DATA_MODELS:
                    copy_rows(self, target, model)
        finally:
            target.close()

    def integrity_problem(self) -> str | None:
        return None  # a server checks itself

    def restore_work(self, source: Path, backups: Path | None) -> Path:
        """In the backups folder (else the temporary folder): a server has no folder of its own here."""
        folder = backups or Path(tempfile.gettempdir())
        private_folder(folder)
        return folder / f"{PREFIX}khoi-phuc-{os.getpid()}.tmp"

    def replace_data(self, prepared: Path) -> None:
        """The copy's rows replace the server database's, in one transaction; the id sequences follow."""
        origin = SqliteFile(prepared)
        origin.connect()
        try:
            with self.atomic():
                for model in reversed(DATA_MODELS):
                    self.execute(model.delete())
                for model in DATA_MODELS:
                    copy_rows(origin, self, model)
                self._reset_sequences()
        finally:
            origin.close()

    def _reset_sequences(self) -> None:
        """The id sequences continue after the restored rows."""
        for model in DATA_MODELS:
            key = model._meta.primary_key
            if key.field_type != "AUTO":
                continue
            sequence = fn.pg_get_serial_sequence(model._meta.table_name, key.column_name)
            self.execute(model.select(fn.setval(sequence, fn.COALESCE(fn.MAX(key), 1), fn.MAX(key).is_null(False))))


__all__ = ["PostgresEngine", "copy_rows"]
