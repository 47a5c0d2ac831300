"""Maintenance use case: backups and restoring one; the database's settings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from db import backup as db_backup
from db import store
from db.models import database
from db.restore import restore_from
from forms.errors import UserError

if TYPE_CHECKING:
    from cchc_desktop.app.workspace import Workspace


class Maintenance:
    """Backup and restore of the open database."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.ctx = ws.ctx

    def backup(self, dest: str | Path | None = None) -> Path:
        """Online backup to dest, or into the backups folder beside the database."""
        path = self.ctx.path
        if dest is None:
            return db_backup.make_backup(database.connection(), path, "thu-cong")
        dest = Path(dest)
        if dest.resolve() == path.resolve():
            raise UserError("Không thể sao lưu đè lên chính cơ sở dữ liệu đang mở.")
        return db_backup.copy_database(database.connection(), dest)

    def restore(self, source: str | Path) -> Path:
        """Replace the database with a backup; the current database is backed up first."""
        safety = restore_from(Path(source), self.ctx.path)
        store.audit("khoi_phuc", old=str(safety), new=str(source))
        return safety


class Settings:
    """Key/value settings of the database (report header fields, drafts, …)."""

    def get(self, key: str, default: str = "") -> str:
        return store.get_setting(key, default)

    def starting(self, prefix: str) -> dict[str, str]:
        return store.settings_starting(prefix)

    def put(self, key: str, value: str) -> None:
        store.put_setting(key, value)
