"""Kỳ báo cáo → Thông tin văn bản báo cáo…: the report period's number, date, trích yếu, preamble, signer and
Nơi nhận in the unit form's dialog (its SetupView), stored all at once or refused with the reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc_desktop.app.presenters.setup_presenter import SetupView, UnitField, stored_or_shown
from cchc_desktop.app.usecases.report_fields import FIELDS

if TYPE_CHECKING:
    from cchc_desktop.app.usecases.report_header import ReportHeader

FORM = tuple(UnitField(field.key, field.label, multiline=field.lines, hint=field.hint) for field in FIELDS)


class ReportHeaderPresenter:
    """The header fields of one report period (`period`, e.g. "2023-Q3")."""

    def __init__(self, header: ReportHeader, view: SetupView, period: str):
        self.header = header
        self.view = view
        self.period = period
        self.saved = False

    def title(self) -> str:
        return f"Thông tin văn bản — báo cáo {self.header.report_period(self.period).label()}"

    def start(self) -> None:
        self.view.show_form(FORM, self.header.show(self.period), False)

    def save(self, values: dict[str, str]) -> bool:
        self.saved = stored_or_shown(self.view, lambda: self.header.set(self.period, values))
        return self.saved
