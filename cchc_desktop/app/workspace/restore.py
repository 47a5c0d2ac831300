"""Restoring a backup into a database named as --db takes it, whatever state it is in: the workspace is
opened here (a damaged file never is) and its maintenance restores."""

from __future__ import annotations

from pathlib import Path

from cchc_desktop import __version__
from cchc_desktop.app.infra import paths
from cchc_desktop.app.infra.template_versions import template_set
from cchc_desktop.app.usecases.maintenance import Restored
from cchc_desktop.app.workspace import Workspace
from db import restore as db_restore
from db.errors import DatabaseCorrupt, ProgramTooOld
from db.verify import file_problem


def restore_database(db, source: str | Path) -> Restored:
    """Restore a backup into the database `db` (as --db takes it), whatever state it is in.

    A database file that is damaged, emptied, a folder, or missing is never opened: the verified backup
    takes its place and the damaged file is kept beside it. A healthy one is backed up, then replaced."""
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
