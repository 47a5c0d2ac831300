"""Đơn vị → Tình hình nhận báo cáo…: the table of who has reported for a report period."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from cchc_desktop.app.usecases.checking import Checks
from cchc_desktop.app.usecases.consolidation import Consolidation
from cchc_desktop.app.usecases.context import as_period
from cchc_desktop.app.usecases.received_status import StatusRow, status_table, with_checks
from cchc_desktop.app.usecases.units import Units
from forms.periods import Period


class ReceivedStatusView(Protocol):
    def show_status(self, title: str, rows: list[StatusRow], summary: str) -> None: ...


class ReceivedStatusPresenter:
    """The table of who has reported for a report period."""

    def __init__(
        self,
        consolidation: Consolidation,
        units: Units,
        checks: Checks,
        view: ReceivedStatusView,
        today: date | None = None,
    ):
        self.consolidation = consolidation
        self.units = units
        self.checks = checks
        self.view = view
        self.today = today
        self.period: Period | None = None

    def start(self, period: Period | str) -> None:
        self.period = as_period(period)
        self.refresh()

    def refresh(self) -> None:
        assert self.period is not None  # start() chose it
        rows, summary = status_table(self.consolidation, self.units, self.period, self.today)
        title = f"Tình hình nhận báo cáo {self.period.label()}"
        if not rows:
            self.view.show_status(title, [], "Đơn vị này chưa có đơn vị trực thuộc nào.")
            return
        self.view.show_status(title, with_checks(self.checks, self.period, rows), summary.text() + ".")
