"""Online backup and restore with SQLite's backup API; daily automatic backups kept 30 days."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

KEEP_DAYS = 30
PREFIX = "cchc-"


def backup_dir_for(db_path: Path) -> Path:
    """Backups live in a `backups` folder beside the database."""
    return Path(db_path).resolve().parent / "backups"


def copy_database(source: sqlite3.Connection, dest_path: Path) -> Path:
    """Copy a live database to dest_path atomically (temporary file, then replace)."""
    dest_path = Path(dest_path)
    dest_path.parent.mkdir(parents=True, exist_ok=True)
    temp = dest_path.with_name(dest_path.name + ".tmp")
    if temp.exists():
        temp.unlink()
    target = sqlite3.connect(temp)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    os.replace(temp, dest_path)
    return dest_path


def make_backup(source: sqlite3.Connection, db_path: Path, reason: str) -> Path:
    """A timestamped backup in the backups folder (reason: ngay, truoc-nang-cap, truoc-khoi-phuc…)."""
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S_%f")
    dest = backup_dir_for(db_path) / f"{PREFIX}{stamp}-{reason}.sqlite"
    copy_database(source, dest)
    log.info("backup written: %s", dest)
    return dest


def list_backups(db_path: Path) -> list[Path]:
    """Backups of this database, newest first."""
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*.sqlite"), reverse=True)


def latest_backup(db_path: Path) -> Path | None:
    backups = list_backups(db_path)
    return backups[0] if backups else None


def daily_backup(source: sqlite3.Connection, db_path: Path, today: date | None = None) -> Path | None:
    """At the first start of a day, back up and drop backups older than KEEP_DAYS."""
    today = today or date.today()
    day = today.isoformat()
    if any(p.name.startswith(f"{PREFIX}{day}") and p.name.endswith("-ngay.sqlite") for p in list_backups(db_path)):
        return None
    stamp_time = datetime.now().strftime("%H%M%S_%f")
    dest = backup_dir_for(db_path) / f"{PREFIX}{day}_{stamp_time}-ngay.sqlite"
    copy_database(source, dest)
    prune(db_path, today)
    return dest


def prune(db_path: Path, today: date | None = None) -> list[Path]:
    """Delete backups older than KEEP_DAYS days; returns what was deleted."""
    today = today or date.today()
    limit = today - timedelta(days=KEEP_DAYS)
    removed = []
    for path in list_backups(db_path):
        try:
            made = date.fromisoformat(path.name[len(PREFIX) : len(PREFIX) + 10])
        except ValueError:
            continue
        if made < limit:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
