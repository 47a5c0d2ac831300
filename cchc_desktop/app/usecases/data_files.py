"""Which data the window is on: the clerk's own unit, a unit declared anew, or the sample data.

Tệp → Khai báo đơn vị mới… makes a NEW database (paths.new_unit_db_path) — the one open, the sample
above all, is never touched —, declares the unit in it (the unit dialog), and remembers it: the next
start and `cchc` without --db open it. Tệp → Mở dữ liệu mẫu opens the sample (created the first time),
and Tệp → Mở dữ liệu của đơn vị goes back. The window's switching itself is the entry point's
(gui_session); the presenter decides where to go."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cchc_desktop.app.infra import paths
from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.workspace import Workspace
from db.backup import SIDE_FILES

log = logging.getLogger(__name__)

NEW_UNIT_TITLE = "Khai báo đơn vị mới"
NEW_UNIT_LABEL = "Khai báo đơn vị mới…"
SAMPLE_LABEL = "Mở dữ liệu mẫu"
OWN_LABEL = "Mở dữ liệu của đơn vị"


def own_db_path() -> Path | None:
    """The clerk's own database when it exists (the one declared from the window, else cchc.sqlite)."""
    own = paths.chosen_db_path() or paths.data_dir() / paths.DB_NAME
    return own if own.exists() else None


@dataclass(frozen=True)
class DataFileActions:
    """Which of Tệp's data entries apply to the database shown."""

    sample: bool  # Mở dữ liệu mẫu: not when the sample is shown
    own: bool  # Mở dữ liệu của đơn vị: when another database is shown and the unit's exists


def data_file_actions(current) -> DataFileActions:
    own = own_db_path()
    on_own = own is not None and isinstance(current, Path) and current.resolve() == own.resolve()
    return DataFileActions(sample=not paths.is_sample(current), own=own is not None and not on_own)


def start_new_unit(target: Path, clock=None) -> Workspace:
    """The new unit's database, created empty at `target` (never over an existing one)."""
    if target.exists() or target.is_symlink():
        raise UserError(f"Đã có dữ liệu tại {target}; không ghi đè. Hãy thử lại (chương trình chọn tệp khác).")
    return Workspace.open(target, create=True, clock=clock)


def new_unit_note(target: Path, current) -> str:
    """Under the unit dialog: where the new unit's data goes, and that the data shown stays as it is."""
    shown = "dữ liệu mẫu" if paths.is_sample(current) else f"dữ liệu đang mở ({current})"
    return f"Đơn vị được khai báo trong tệp dữ liệu mới: {target}. {shown[0].upper()}{shown[1:]} giữ nguyên."


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
    from cchc_desktop.app.usecases.demo import create_demo

    sample = paths.sample_db_path()
    if not sample.exists():
        create_demo(sample)
    return sample


def first_start_demo(db_path):
    """The first start's “Mở dữ liệu mẫu”: for the default database, the sample in its own file (the
    unit's own file is made only when a unit is declared); for a database named with --db, that file."""
    from cchc_desktop.app.usecases.demo import create_demo

    if isinstance(db_path, Path) and not os.environ.get("CCHC_DB") and db_path == paths.default_db_path():
        return ensure_sample()
    create_demo(db_path)
    return db_path


class DataFilesView(Protocol):
    """What these menu entries ask of the window (MainView has it)."""

    def open_database(self, target: Path, how: str) -> None: ...
    def show_message(self, title: str, text: str, error: bool = False) -> None: ...


class DataFilesMixin:
    """Tệp → Khai báo đơn vị mới…, Mở dữ liệu mẫu, Mở dữ liệu của đơn vị (a mixin of MainPresenter)."""

    ws: Workspace  # MainPresenter's, as its view
    if TYPE_CHECKING:

        @property
        def view(self) -> DataFilesView: ...

    def new_unit(self) -> None:
        """A new database for the clerk's own unit; the window switches to it once the unit is saved."""
        self.view.open_database(paths.new_unit_db_path(), "new")

    def open_sample(self) -> None:
        if paths.is_sample(self.ws.path):
            self.view.show_message(SAMPLE_LABEL, "Cửa sổ đang mở dữ liệu mẫu.")
            return
        self.view.open_database(paths.sample_db_path(), "sample")

    def open_own(self) -> None:
        own = own_db_path()
        if own is None:
            self.view.show_message(
                OWN_LABEL, f"Chưa có dữ liệu của đơn vị. Hãy khai báo đơn vị ở Tệp → {NEW_UNIT_LABEL}"
            )
            return
        self.view.open_database(own, "open")

    def data_file_actions(self) -> DataFileActions:
        return data_file_actions(self.ws.path)
