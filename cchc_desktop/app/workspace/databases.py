"""The databases the window switches between, made and removed: a new unit's (created empty, removed
again when its declaration is cancelled), the sample (created the first time). What the window offers
and says around them: usecases/data_files.py."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from cchc_desktop.app.infra import paths
from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.usecases.data_files import SAMPLE_LABEL
from cchc_desktop.app.workspace import Workspace
from db.backup import SIDE_FILES

log = logging.getLogger(__name__)


def start_new_unit(target: Path, clock=None) -> Workspace:
    """The new unit's database, created empty at `target` (never over an existing one)."""
    if target.exists() or target.is_symlink():
        raise UserError(f"Đã có dữ liệu tại {target}; không ghi đè. Hãy thử lại (chương trình chọn tệp khác).")
    return Workspace.open(target, create=True, clock=clock)


def abandon_new_unit(ws: Workspace, target: Path) -> None:
    """The declaration was cancelled: the database made for it holds no unit, nothing of the clerk's;
    it is removed with what SQLite kept beside it, and its folder when it was made for it and is empty.
    A database holding a unit is never removed."""
    has_unit = ws.units.has_unit()
    ws.close()
    if has_unit:
        return
    for path in (target, *(Path(str(target) + side) for side in SIDE_FILES)):
        path.unlink(missing_ok=True)
    folder = target.parent
    if folder != paths.data_dir() and folder.parent == paths.data_dir():
        try:
            folder.rmdir()  # only when empty
        except OSError:
            pass


def unit_declared(ws: Workspace, target: Path) -> str:
    """Remember the new unit's database as the clerk's own; what the window then says."""
    paths.remember_db(target)
    unit = ws.units.self_unit()
    log.info("unit %s declared in %s (remembered as the default database)", unit.code, target)
    return (
        f"Đã khai báo {unit.name}. Dữ liệu của đơn vị lưu tại {target}; từ nay chương trình mở dữ liệu này. "
        f"Dữ liệu mẫu giữ nguyên, vẫn xem được ở Tệp → {SAMPLE_LABEL}."
    )


def ensure_sample() -> Path:
    """The sample database, created the first time it is asked for (0,7 s)."""
    from cchc_desktop.app.workspace.demo import create_demo

    sample = paths.sample_db_path()
    if not sample.exists():
        create_demo(sample)
    return sample


def first_start_demo(db_path):
    """The first start's “Mở dữ liệu mẫu”: for the default database, the sample in its own file (the
    unit's own file is made only when a unit is declared); for a database named with --db, that file."""
    from cchc_desktop.app.workspace.demo import create_demo

    if isinstance(db_path, Path) and not os.environ.get("CCHC_DB") and db_path == paths.default_db_path():
        return ensure_sample()
    create_demo(db_path)
    return db_path
