"""Maintenance use case: backups and restoring one; the database's settings."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from cchc_desktop import __version__
from cchc_desktop.app import paths
from cchc_desktop.app.errors import UserError
from cchc_desktop.app.template_versions import template_set
from db import backup as db_backup
from db import restore as db_restore
from db import store
from db.errors import DatabaseCorrupt, ProgramTooOld
from db.verify import file_problem
from forms.errors import os_reason

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.context import Context
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

    def backups_folder(self) -> Path:
        """Where this database's backups are: beside its file, or the server database's folder."""
        return paths.backups_dir(self.ws.path) or db_backup.folder_beside(self.ws.path)

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


def restore_database(db, source: str | Path) -> Restored:
    """Restore a backup into the database `db` (as --db takes it), whatever state it is in.

    A database file that is damaged, emptied, a folder, or missing is never opened: the verified backup
    takes its place and the damaged file is kept beside it. A healthy one is backed up, then replaced."""
    from cchc_desktop.app.workspace import Workspace

    target = paths.default_db_path(db)
    source = Path(source)
    if isinstance(target, Path):
        problem = file_problem(target)
        if problem is not None:
            kept = db_restore.restore_file(target, source, paths.backups_dir(target), __version__, template_set())
            return Restored(source, damaged_kept=kept, problem=problem)
    try:
        ws = Workspace.open(target)
    except ProgramTooOld:  # a later version wrote it: the person replaces it with a backup this one reads
        ws = Workspace.open(target, refuse_newer=False)
    except DatabaseCorrupt as exc:  # a healthy SQLite file that is not a CCHC database
        if not isinstance(target, Path):
            raise
        kept = db_restore.restore_file(target, source, paths.backups_dir(target), __version__, template_set())
        return Restored(source, damaged_kept=kept, problem=exc.detail)
    try:
        return Restored(source, safety=ws.maintenance.restore(source))
    finally:
        ws.close()


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
        store.put_setting(key, value)
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
