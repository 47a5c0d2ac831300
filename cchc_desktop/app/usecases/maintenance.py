"""Maintenance use case: backups and restoring one; the database's settings."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from cchc_desktop import __version__
from cchc_desktop.app.infra import paths
from cchc_desktop.app.infra.errors import UserError
from db import backup as db_backup
from db import restore as db_restore
from db import store
from forms.errors import os_reason

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.usecases.context import Context


class Maintenance:
    """Backup and restore of the open database."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def backup(self, dest: str | Path | None = None) -> Path:
        """Online backup (an SQLite file, from either engine) to dest, or into the backups folder."""
        if dest is None:
            return db_backup.make_backup(reason="thu-cong")
        return db_backup.backup_to(Path(dest))

    def backups_folder(self) -> Path:
        """Where this database's backups are: beside its file, or the server database's folder."""
        # backups_dir answers for a server database, so a file's path reaches folder_beside
        return paths.backups_dir(self.ctx.path) or db_backup.folder_beside(self.ctx.path)  # type: ignore[arg-type]

    def restore(self, source: str | Path) -> Path:
        """Replace the data with a backup, verified first (every figure of its indicator's type, not written
        by a later version); the current data is backed up first."""
        return db_restore.restore_from(Path(source), __version__, self.ctx.templates)


@dataclass(frozen=True)
class Restored:
    """What a restore did: the safety backup of a healthy database, or where a damaged one was put."""

    source: Path
    safety: Path | None = None
    damaged_kept: Path | None = None
    problem: str | None = None

    def message(self) -> str:
        text = f"Đã khôi phục từ {self.source}."
        if self.safety is not None:
            text += f" Cơ sở dữ liệu cũ được sao lưu tại {self.safety}."
        if self.damaged_kept is not None:
            text += f" Tệp hỏng ({self.problem}) được giữ lại tại {self.damaged_kept}."
        return text


class Settings:
    """Key/value settings of the database (report header fields, drafts, …); `ctx`: the context whose
    action reads them once (see Context.action)."""

    def __init__(self, ctx: Context | None = None):
        self.ctx = ctx

    def get(self, key: str, default: str = "") -> str:
        return store.get_setting(key, default)

    def starting(self, prefix: str) -> dict[str, str]:
        return self.ctx.reads.settings_starting(prefix) if self.ctx is not None else store.settings_starting(prefix)

    def put(self, key: str, value: str) -> None:
        store.put_setting(key, value)  # its own transaction: no savepoint inside another
        self._forget()

    def put_many(self, values: dict[str, str]) -> None:
        """Several settings at once: all stored in one transaction, or none."""
        store.put_settings(values)
        self._forget()

    def _forget(self) -> None:
        if self.ctx is not None:
            self.ctx.reads.forget()


def copy_backup(source: str | Path, dest: str | Path) -> Path:
    """A backup file copied to `dest` (a USB stick, another drive) completely or not at all: written
    beside it under a temporary name, flushed, then renamed; the file there before stays until then."""
    source, dest = Path(source), Path(dest)
    if dest.resolve() == source.resolve():
        raise UserError("Tệp chép ra trùng với chính bản sao lưu; hãy chọn nơi khác (USB, ổ đĩa khác).")
    temp = dest.with_name(dest.name + ".tmp")
    try:
        with open(source, "rb") as reader, open(temp, "wb") as writer:
            shutil.copyfileobj(reader, writer, 1 << 20)
            writer.flush()
            os.fsync(writer.fileno())
        os.replace(temp, dest)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UserError(
            f"Không chép được bản sao lưu ra {dest} ({os_reason(exc)}). Bản sao lưu trong máy vẫn còn."
        ) from exc
    return dest
