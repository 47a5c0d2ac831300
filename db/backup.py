"""Backups on both engines: always an SQLite file with the current schema (a server database is
copied row by row), so a backup can be handed to anyone; daily backups kept 30 days; restore."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from peewee import SqliteDatabase, fn

from db import migrations
from db.engines import looks_like_sqlite
from db.errors import BackupInvalid, DatabaseCorrupt, DatabaseTooNew, StorageError
from db.models import DATA_MODELS, Audit, database
from db.target import ServerTarget

log = logging.getLogger(__name__)

KEEP_DAYS = 30
PREFIX = "cchc-"
CHUNK = 500


def folder_beside(db_path: Path) -> Path:
    """Backups of a file live in a `backups` folder beside it."""
    return Path(db_path).resolve().parent / "backups"


def _is_server() -> bool:
    return migrations.engine_kind(database) == "postgresql"


# ----- copying out ---------------------------------------------------------------------------
def _copy_rows(source, dest, model) -> int:
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


def _export_server(dest: Path) -> None:
    """A server database into a new SQLite file migrated to the same schema, in one read transaction."""
    target = SqliteDatabase(str(dest))
    target.connect()
    try:
        migrations.migrate(target)
        with database.atomic(), target.atomic():
            database.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for model in DATA_MODELS:
                _copy_rows(database, target, model)
    finally:
        target.close()


def backup_to(dest: str | os.PathLike) -> Path:
    """Copy the open database to the SQLite file `dest` atomically (temporary file, then replace)."""
    from db.connection import opened

    dest = Path(dest)
    current = opened().target
    if isinstance(current, Path) and dest.resolve() == current.resolve():
        raise StorageError("Không thể sao lưu đè lên chính cơ sở dữ liệu đang mở.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    temp = dest.with_name(dest.name + ".tmp")
    temp.unlink(missing_ok=True)
    try:
        if _is_server():
            _export_server(temp)
        else:
            target = sqlite3.connect(temp)
            try:
                database.connection().backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        os.replace(temp, dest)
    finally:
        temp.unlink(missing_ok=True)
    return dest


def make_backup(folder: Path | None = None, reason: str = "thu-cong") -> Path:
    """A timestamped backup in the backups folder (reason: ngay, truoc-nang-cap, truoc-khoi-phuc…)."""
    from db.connection import opened

    folder = folder or opened().backups
    if folder is None:
        raise StorageError("Chưa có thư mục sao lưu cho cơ sở dữ liệu này; hãy chỉ rõ tệp đích (-o).")
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S_%f")
    dest = backup_to(Path(folder) / f"{PREFIX}{stamp}-{reason}.sqlite")
    log.info("backup written: %s", dest)
    return dest


# ----- the backups folder --------------------------------------------------------------------
def list_backups(folder: Path | None) -> list[Path]:
    """Backups in the folder, newest first."""
    if folder is None or not Path(folder).is_dir():
        return []
    return sorted(Path(folder).glob(f"{PREFIX}*.sqlite"), reverse=True)


def latest_backup(folder: Path | None) -> Path | None:
    backups = list_backups(folder)
    return backups[0] if backups else None


def integrity_problem() -> str | None:
    """SQLite's quick_check of the open file (None when healthy); a server checks itself."""
    if _is_server():
        return None
    result = database.execute_sql("PRAGMA quick_check").fetchone()[0]
    return None if result == "ok" else result


def daily_backup(folder: Path, target=None, today: date | None = None) -> Path | None:
    """At the first open of a day: check the file's integrity, back up, drop backups older than KEEP_DAYS.

    The integrity check runs here, once a day, not at every open (it reads the whole file)."""
    today = today or date.today()
    day = today.isoformat()
    if any(p.name.startswith(f"{PREFIX}{day}") and p.name.endswith("-ngay.sqlite") for p in list_backups(folder)):
        return None
    problem = integrity_problem()
    if problem is not None:
        raise DatabaseCorrupt(target, problem, latest_backup(folder))
    stamp_time = datetime.now().strftime("%H%M%S_%f")
    dest = backup_to(Path(folder) / f"{PREFIX}{day}_{stamp_time}-ngay.sqlite")
    prune(folder, today)
    return dest


def prune(folder: Path, today: date | None = None) -> list[Path]:
    """Delete backups older than KEEP_DAYS days; returns what was deleted."""
    today = today or date.today()
    limit = today - timedelta(days=KEEP_DAYS)
    removed = []
    for path in list_backups(folder):
        try:
            made = date.fromisoformat(path.name[len(PREFIX) : len(PREFIX) + 10])
        except ValueError:
            continue
        if made < limit:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


# ----- restore -------------------------------------------------------------------------------
def verify_backup(source: Path) -> int:
    """Check a backup file before anything is replaced; returns its schema version."""
    if not source.is_file():
        raise BackupInvalid(source, "không tìm thấy tệp")
    if not looks_like_sqlite(source):
        raise BackupInvalid(source, "không phải tệp SQLite")
    try:
        probe = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            ok = probe.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            if "schema_version" in tables:
                version = max(version, probe.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        raise BackupInvalid(source, str(exc)) from None
    if ok != "ok":
        raise BackupInvalid(source, f"hỏng: {ok}")
    if not {"unit", "value", "setting"} <= tables or version < 1:
        raise BackupInvalid(source, "thiếu các bảng dữ liệu CCHC")
    if version > migrations.LATEST:
        raise DatabaseTooNew(version, migrations.LATEST)
    return version


def _reset_sequences() -> None:
    """A server's id sequences continue after the restored rows."""
    for model in DATA_MODELS:
        key = model._meta.primary_key
        if key.field_type != "AUTO":
            continue
        sequence = fn.pg_get_serial_sequence(model._meta.table_name, key.column_name)
        database.execute(model.select(fn.setval(sequence, fn.COALESCE(fn.MAX(key), 1), fn.MAX(key).is_null(False))))


def _restore_into_server(source: Path, work: Path) -> None:
    """Rows of a (verified) backup file replace the server database's, in one transaction."""
    import shutil

    shutil.copyfile(source, work)
    origin = SqliteDatabase(str(work))
    origin.connect()
    try:
        migrations.migrate(origin)  # an older backup is brought to the current schema first
        with database.atomic():
            for model in reversed(DATA_MODELS):
                database.execute(model.delete())
            for model in DATA_MODELS:
                _copy_rows(origin, database, model)
            _reset_sequences()
    finally:
        origin.close()


def restore_from(source: str | os.PathLike) -> Path:
    """Replace the open database's data with a backup file; returns the safety backup made first.

    The source is verified before anything changes (opens, intact, holds the CCHC tables, schema not
    newer than this program); then the current data is backed up; then replaced."""
    from db.connection import open_database, opened

    source = Path(source)
    verify_backup(source)
    state = opened()
    safety = make_backup(state.backups, "truoc-khoi-phuc")
    if _is_server():
        work = Path(str(safety) + ".nhap")
        try:
            _restore_into_server(source, work)
        finally:
            work.unlink(missing_ok=True)
    else:
        source_conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            source_conn.backup(database.connection())
        finally:
            source_conn.close()
    open_database(state.target, backup_dir=state.backups, daily_backup=False)
    database.execute(
        Audit.insert(
            at=datetime.now().replace(microsecond=0),
            author=_user(),
            action="khoi_phuc",
            old=str(safety),
            new=str(source),
        )
    )
    return safety


def _user() -> str:
    from db.store import current_user

    return current_user()


__all__ = ["ServerTarget", "backup_to", "make_backup", "daily_backup", "restore_from", "verify_backup"]
