"""Restore a backup over the open SQLite database (checked first, the current data backed up)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from db import backup as db_backup
from db.connection import open_database
from db.errors import StorageError
from db.models import database


def restore_from(source: Path, db_path: Path) -> Path:
    """Replace the database at db_path with the backup `source`; returns the safety backup."""
    if not source.is_file():
        raise StorageError(f"Không tìm thấy tệp sao lưu {source}.")
    try:
        probe = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            ok = probe.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"Tệp {source} không phải bản sao lưu hợp lệ ({exc}); không khôi phục.") from None
    if ok != "ok" or not {"unit", "value"} <= tables:
        raise StorageError(f"Tệp {source} không phải bản sao lưu cơ sở dữ liệu CCHC hợp lệ; không khôi phục.")
    safety = db_backup.make_backup(database.connection(), db_path, "truoc-khoi-phuc")
    source_conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        source_conn.backup(database.connection())
    finally:
        source_conn.close()
    open_database(db_path)
    return safety
