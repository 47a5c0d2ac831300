"""Maintenance use case: backups and restoring one; the database's settings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from db import backup as db_backup
from db import store

if TYPE_CHECKING:
    from cchc_desktop.app.workspace import Workspace


class Maintenance:
    """Backup and restore of the open database."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.ctx = ws.ctx

    def backup(self, dest: str | Path | None = None) -> Path:
        """Online backup (an SQLite file, from either engine) to dest, or into the backups folder."""
        if dest is None:
            return db_backup.make_backup(reason="thu-cong")
        return db_backup.backup_to(Path(dest))

    def restore(self, source: str | Path) -> Path:
        """Replace the data with a backup, verified first; the current data is backed up first."""
        return db_backup.restore_from(Path(source))


class Settings:
    """Key/value settings of the database (report header fields, drafts, …)."""

    def get(self, key: str, default: str = "") -> str:
        return store.get_setting(key, default)

    def starting(self, prefix: str) -> dict[str, str]:
        return store.settings_starting(prefix)

    def put(self, key: str, value: str) -> None:
        store.put_setting(key, value)
