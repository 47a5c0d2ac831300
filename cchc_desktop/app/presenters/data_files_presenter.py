"""The window's data files: which database to switch to (the switching itself is gui_session's)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cchc_desktop.app.infra import paths
from cchc_desktop.app.usecases.data_files import (
    NEW_UNIT_LABEL,
    OWN_LABEL,
    SAMPLE_LABEL,
    DataFileActions,
    data_file_actions,
    own_db_path,
)

if TYPE_CHECKING:
    from db.target import ServerTarget


class DataFilesView(Protocol):
    def open_database(self, target, how: str, done_text: str = "") -> None: ...
    def show_message(self, title: str, text: str, error: bool = False) -> None: ...


class DataFilesPresenter:
    """Tệp → Khai báo đơn vị mới…, Mở dữ liệu mẫu, Mở dữ liệu của đơn vị (a part of MainPresenter):
    `current` says which database the window shows."""

    def __init__(self, view: DataFilesView, current: Callable[[], Path | ServerTarget]):
        self.view = view
        self.current = current

    def new_unit(self) -> None:
        """A new database for the clerk's own unit; the window switches to it once the unit is saved."""
        self.view.open_database(paths.new_unit_db_path(), "new")

    def open_sample(self) -> None:
        if paths.is_sample(self.current()):
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
        return data_file_actions(self.current())
