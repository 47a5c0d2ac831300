"""Where the database and the log live: --db, then CCHC_DB, then the user's data folder.

The database is a file (a Path) or a PostgreSQL server database given as a
`postgresql://user:password@host:port/dbname` URL (a ServerTarget, whose str() hides the password)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from db.connection import target_has_data
from db.target import ServerTarget, parse_target

DB_NAME = "cchc.sqlite"
DATA_DIR_ENV = "CCHC_DATA_DIR"


def data_dir() -> Path:
    """The user's data folder: CCHC_DATA_DIR when set (tests, a CI machine: on Windows platformdirs asks the
    system for AppData and ignores %LOCALAPPDATA%), else the platform's (…\\AppData\\Local\\CCHC Desktop)."""
    chosen = os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen)
    return Path(platformdirs.user_data_dir("CCHC Desktop", appauthor=False))


def default_db_path(explicit: str | os.PathLike | ServerTarget | None = None) -> Path | ServerTarget:
    """The database the command line and the window open: a file, or a server database."""
    if explicit:
        return parse_target(explicit)
    env = os.environ.get("CCHC_DB")
    if env:
        return parse_target(env)
    return data_dir() / DB_NAME


def is_server(target: Path | ServerTarget) -> bool:
    return isinstance(target, ServerTarget)


def backups_dir(target: Path | ServerTarget) -> Path | None:
    """Where backups go: beside a file (None lets db decide), or per server database in the data folder."""
    if isinstance(target, ServerTarget):
        return data_dir() / "backups" / target.folder_name()
    return None


def database_exists(target: Path | ServerTarget) -> bool:
    """Whether the window opens an existing database (else it asks: a new unit or the demo)."""
    if isinstance(target, ServerTarget):
        return target_has_data(target)
    return target.exists()


def lock_path(target: Path | ServerTarget) -> Path:
    """The file that keeps one window per database on this PC: beside a database file, or in the
    data folder for a server database (other PCs' windows are other clerks, welcome)."""
    if isinstance(target, ServerTarget):
        return data_dir() / "locks" / f"{target.folder_name()}.lock"
    return target.with_name(target.name + ".lock")


def log_path() -> Path:
    return data_dir() / "cchc.log"


def documents_dir() -> Path:
    """Where the save dialog opens: the user's Documents folder, or the home folder when there is none."""
    try:
        folder = Path(platformdirs.user_documents_dir())
    except (OSError, KeyError, ValueError):
        return Path.home()
    return folder if folder.is_dir() else Path.home()
