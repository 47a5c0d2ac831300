"""Which data the window is on: the clerk's own unit, a unit declared anew, or the sample data.

Tệp → Khai báo đơn vị mới… makes a NEW database (paths.new_unit_db_path) — the one open, the sample
above all, is never touched —, declares the unit in it (the unit dialog), and remembers it: the next
start and `cchc` without --db open it. Tệp → Mở dữ liệu mẫu opens the sample (created the first time),
and Tệp → Mở dữ liệu của đơn vị goes back. The window's switching itself is the entry point's
(gui_session); the presenter decides where to go (presenters/data_files_presenter.py); the databases
are made and removed by workspace/databases.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cchc_desktop.app.infra import paths

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


def new_unit_note(target: Path, current) -> str:
    """Under the unit dialog: where the new unit's data goes, and that the data shown stays as it is."""
    shown = "dữ liệu mẫu" if paths.is_sample(current) else f"dữ liệu đang mở ({current})"
    return f"Đơn vị được khai báo trong tệp dữ liệu mới: {target}. {shown[0].upper()}{shown[1:]} giữ nguyên."
