"""The files a database is kept in, by path and name only (nothing here opens a database): an SQLite
file's header and the files SQLite keeps beside it, the backups folder (where the backups of a file go,
how they are named, newest first, pruned after KEEP_DAYS), where a restore prepares its copy.

At the bottom of db/: the engines, the opening of a database and the checks of a backup ask it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
KEEP_DAYS = 30
PREFIX = "cchc-"
SIDE_FILES = ("-wal", "-shm", "-journal")  # what SQLite keeps beside a database file


def folder_beside(db_path: Path) -> Path:
    """Backups of a file live in a `backups` folder beside it."""
    return Path(db_path).resolve().parent / "backups"


def list_backups(folder: Path | None) -> list[Path]:
    """Backups in the folder, newest first."""
    if folder is None or not Path(folder).is_dir():
        return []
    return sorted(Path(folder).glob(f"{PREFIX}*.sqlite"), reverse=True)


def latest_backup(folder: Path | None) -> Path | None:
    backups = list_backups(folder)
    return backups[0] if backups else None


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


def looks_like_sqlite(path) -> bool:
    """Cheap check of the file header (no page is read beyond the first 16 bytes)."""
    with open(path, "rb") as handle:
        return handle.read(16) == SQLITE_HEADER


def work_path(target: Path, source: Path) -> Path:
    """Where the copy being restored into the file `target` is prepared, beside it (never the source
    itself: the copy an interrupted restore left there can be the source of the next one)."""
    work = target.with_name(target.name + ".khoi-phuc.tmp")
    if work.exists() and Path(source).resolve() == work.resolve():
        work = target.with_name(target.name + ".khoi-phuc-2.tmp")
    return work
