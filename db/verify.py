"""Checks of an SQLite file that never change it: is a database file healthy, is a backup fit to restore.

A backup is verified before anything is replaced: it is an SQLite file, `integrity_check` passes, its
schema version is known (not 0, not newer than this program), every table and column of that version is
there, and every stored value has its column's declared type (an 'abc' where an integer belongs is refused).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from pathlib import Path

from db import migrations
from db.engine_sqlite import SQLITE_WORDS
from db.errors import (
    NOT_A_DATABASE,
    BackupInvalid,
    BackupTooNew,
    DatabaseTooNew,
    StorageError,
    os_reason,
    sqlite_damage,
)
from db.files import SQLITE_HEADER, list_backups
from db.program_version import KEY as PROGRAM_KEY
from db.program_version import is_newer
from forms.registry import TemplateSet
from forms.values import TYPE_WORDS, storage_reader

log = logging.getLogger(__name__)

CREATE_TABLE = re.compile(r"CREATE TABLE (\w+)")
# What typeof() may answer for each declared type (NULL only where the column allows it).
ALLOWED = {"INTEGER": {"integer"}, "DATETIME": {"text"}, "TEXT": {"text"}, "VARCHAR": {"text"}}
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d{1,6})?)?$")


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def file_problem(path: Path) -> str | None:
    """Why the database file at `path` cannot be used (None when healthy), without writing to it.

    Reads the whole file (integrity_check): for restore and the daily check, not for every open."""
    path = Path(path)
    if path.is_dir():
        return "đường dẫn là một thư mục, không phải tệp"
    if not path.exists():
        return "không có tệp"
    if path.stat().st_size == 0:
        return "tệp rỗng (0 byte)"
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != SQLITE_HEADER:
                return NOT_A_DATABASE
        probe = _read_only(path)
        try:
            rows = [row[0] for row in probe.execute("PRAGMA integrity_check(20)")]
        finally:
            probe.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return None  # someone is writing to it: a living database (restore waits for its turn)
        if "unable to open" in str(exc):
            return None  # not damage: the folder cannot be written (opening the database says so)
        return _damage(path, exc)
    except sqlite3.DatabaseError as exc:
        return _damage(path, exc)
    except OSError as exc:
        return f"không đọc được tệp: {os_reason(exc)}"
    return None if rows == ["ok"] else _damage(path, "; ".join(rows[:5]))


def _damage(path: Path, said) -> str:
    """SQLite's words for a damaged file, in Vietnamese; its own (English) words go to the log."""
    log.warning("%s is damaged: %s", path, said)
    return sqlite_damage(str(said))


def reference_columns(version: int) -> dict[str, dict[str, tuple[str, bool]]]:
    """Tables of schema `version` -> column -> (declared type word, nullable), built in memory."""
    conn = sqlite3.connect(":memory:")
    try:
        for step in range(version):
            for statement in migrations.statements(step, SQLITE_WORDS):
                conn.execute(statement)
        tables = {}
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"):
            columns = {}
            for _cid, column, declared, notnull, _default, primary in conn.execute(f'PRAGMA table_info("{name}")'):
                word = declared.split("(")[0].strip().upper()
                columns[column] = (word, not notnull and not primary)
            tables[name] = columns
        return tables
    finally:
        conn.close()


def _version(probe: sqlite3.Connection, tables: set[str], source) -> int:
    user_version = probe.execute("PRAGMA user_version").fetchone()[0]
    if user_version < 1:
        raise BackupInvalid(source, "không rõ phiên bản lược đồ (user_version = 0)")
    if "schema_version" in tables:
        recorded = probe.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        if recorded is not None and recorded != user_version:
            if max(recorded, user_version) > migrations.LATEST:
                raise DatabaseTooNew(max(recorded, user_version), migrations.LATEST)
            raise BackupInvalid(
                source, f"hai ghi chép phiên bản lược đồ không khớp nhau ({recorded} và {user_version})"
            )
    if user_version > migrations.LATEST:
        raise DatabaseTooNew(user_version, migrations.LATEST)
    return user_version


def _check_types(probe: sqlite3.Connection, expected: dict, source) -> None:
    for table, columns in expected.items():
        for column, (word, nullable) in columns.items():
            allowed = set(ALLOWED.get(word, {"integer", "real", "text", "blob"}))
            if nullable:
                allowed.add("null")
            marks = ", ".join("?" * len(allowed))
            bad = probe.execute(
                f'SELECT rowid, "{column}" FROM "{table}" WHERE typeof("{column}") NOT IN ({marks}) LIMIT 1',
                sorted(allowed),
            ).fetchone()
            if bad is None and word == "DATETIME":
                for rowid, text in probe.execute(
                    f'SELECT rowid, "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'
                ):
                    if not DATETIME.match(text):
                        bad = (rowid, text)
                        break
            if bad is not None:
                shown = repr(bad[1])[:40]
                kind = {"INTEGER": "số nguyên", "DATETIME": "ngày giờ"}.get(word, "chuỗi")
                raise BackupInvalid(
                    source, f"bảng {table}, dòng {bad[0]}, cột {column} chứa {shown}, không phải {kind}"
                )


def verify_backup(path: Path, shown=None, program: str | None = None, templates: TemplateSet | None = None) -> int:
    """Check a backup file before anything is replaced; returns its schema version (else BackupInvalid,
    DatabaseTooNew or BackupTooNew, with a Vietnamese message naming `shown`, by default the file itself).

    `program`: the running version; a backup last written by a later one is refused (this program could
    not open the data afterwards). `templates`: every stored figure must read as its indicator's type."""
    path = Path(path)
    source = shown or path
    if path.is_dir() or not path.exists():
        raise BackupInvalid(source, "không tìm thấy tệp")
    problem = file_problem(path)
    if problem is not None:
        raise BackupInvalid(source, problem if NOT_A_DATABASE in problem or "rỗng" in problem else f"hỏng: {problem}")
    try:
        probe = _read_only(path)
        try:
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"unit", "value", "setting"} <= tables:
                raise BackupInvalid(source, "thiếu các bảng dữ liệu CCHC")
            version = _version(probe, tables, source)
            expected = reference_columns(version)
            missing = sorted(set(expected) - tables)
            if missing:
                raise BackupInvalid(source, f"thiếu bảng {', '.join(missing)}")
            for table, columns in expected.items():
                present = {row[1] for row in probe.execute(f'PRAGMA table_info("{table}")')}
                lacking = sorted(set(columns) - present)
                if lacking:
                    raise BackupInvalid(source, f"bảng {table} thiếu cột {', '.join(lacking)}")
            _check_types(probe, expected, source)
            _check_program(probe, program, source)
            _check_values(probe, templates, source)
            broken = probe.execute("PRAGMA foreign_key_check").fetchone()
            if broken is not None:
                raise BackupInvalid(source, f"bảng {broken[0]}, dòng {broken[1]} trỏ tới dòng không tồn tại")
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        raise BackupInvalid(source, _damage(path, exc)) from None
    return version


def _check_program(probe: sqlite3.Connection, program: str | None, source) -> None:
    if not program:
        return
    row = probe.execute("SELECT value FROM setting WHERE key = ?", (PROGRAM_KEY,)).fetchone()
    if row and isinstance(row[0], str) and is_newer(row[0], program):
        raise BackupTooNew(source, row[0], program)


def _check_values(probe: sqlite3.Connection, templates: TemplateSet | None, source) -> None:
    """Every stored figure reads as its indicator's type in the template version it was stored with
    (a version or a code this computer does not know is left to the template checks at opening)."""
    if templates is None:
        return
    readers: dict[tuple[str, str], tuple | None] = {}
    query = (
        "SELECT value.code, value.value, value.template_version, value.period, unit.code "
        "FROM value LEFT JOIN unit ON unit.id = value.unit_id"
    )
    for code, text, version, period, unit in probe.execute(query):
        key = (version, code)
        if key not in readers:
            indicator = templates.version(version).indicators.get(code) if templates.has(version) else None
            readers[key] = (storage_reader(indicator), indicator.type) if indicator is not None else None
        reader = readers[key]
        if reader is None:
            continue
        try:
            reader[0](text)
        except ValueError:
            shown = repr(text)[:40]
            raise BackupInvalid(
                source, f"mã {code}, kỳ {period}, đơn vị {unit} chứa {shown}, không phải {TYPE_WORDS[reader[1]]}"
            ) from None


def last_value_time(path: Path) -> str | None:
    """The time of the newest stored value in a backup (as stored), None when it holds none or
    cannot be read: shown to the person choosing which backup to restore."""
    try:
        probe = _read_only(Path(path))
        try:
            row = probe.execute("SELECT MAX(updated_at) FROM value").fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError:
        raise ValueError(f"{path} is not readable") from None
    return row[0] if row else None


def restorable_backup(folder: Path | None, program: str | None = None, templates=None) -> Path | None:
    """The newest backup in `folder` that passes the checks a restore makes (a daily backup taken after a
    record was damaged holds the damage too, and would be refused): offered when damage is found on read."""
    for path in list_backups(folder):
        try:
            verify_backup(path, program=program, templates=templates)
        except StorageError:
            continue
        return path
    return None
