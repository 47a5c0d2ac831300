"""The window's recovery on a damaged database: lists its backups and restores the chosen one, through
a presenter a fake view can drive."""

from __future__ import annotations

from typing import Protocol

from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.usecases.maintenance import Restored
from cchc_desktop.app.usecases.recovery import BackupRow, RecoveryOffer
from cchc_desktop.app.workspace.restore import restore_database


class RecoveryView(Protocol):
    def show_backups(self, problem: str, rows: list[BackupRow]) -> None: ...
    def show_error(self, text: str) -> None: ...
    def restored(self, text: str) -> None: ...


class RecoveryPresenter:
    """Lists the backups of a damaged database and restores the chosen one (the damaged file kept)."""

    def __init__(self, offer: RecoveryOffer, view: RecoveryView):
        self.offer = offer
        self.view = view
        self.rows: list[BackupRow] = []
        self.result: Restored | None = None

    def start(self) -> None:
        self.rows = self.offer.rows()
        choose = "Chọn một bản sao lưu để khôi phục (tệp hỏng được giữ lại bên cạnh, không bị xóa):"
        self.view.show_backups(f"{self.offer.problem}\n\n{choose}", self.rows)

    def restore(self, index: int | None) -> bool:
        if index is None or not 0 <= index < len(self.rows):
            self.view.show_error("Hãy chọn một bản sao lưu trong danh sách.")
            return False
        try:
            self.result = restore_database(self.offer.target, self.rows[index].path)
        except UserError as exc:
            self.view.show_error(str(exc))
            return False
        self.view.restored(self.result.message())
        return True
