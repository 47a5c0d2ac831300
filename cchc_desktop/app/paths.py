"""Where the database and the log live: --db, then CCHC_DB, then the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_NAME = "cchc.sqlite"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir("CCHC Desktop", appauthor=False))


def default_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file the command line and the window open."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("CCHC_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / DB_NAME


def log_path() -> Path:
    return data_dir() / "cchc.log"


def documents_dir() -> Path:
    """Where the save dialog opens: the user's Documents folder, or the home folder when there is none."""
    try:
        folder = Path(platformdirs.user_documents_dir())
    except (OSError, KeyError, ValueError):
        return Path.home()
    return folder if folder.is_dir() else Path.home()
