"""Tệp → Nhập số liệu từ Hệ thống Một cửa…: the preview of what the one-stop export would store beside what is
stored, then the clerk's Lưu or Hủy (app/usecases/onestop.py reads and stores)."""

from __future__ import annotations

from typing import Protocol

from cchc_desktop.app.usecases.onestop import OneStop, OneStopPlan
from forms.errors import UserError

TITLE = "Nhập số liệu từ Hệ thống Một cửa"
MENU_LABEL = f"{TITLE}…"
FILE_TYPES = [("Sổ tính Excel (.xlsx)", "*.xlsx"), ("Mọi tệp", "*")]
COLUMNS = (("unit", "Đơn vị"), ("number", "Cột"), ("label", "Chỉ tiêu"), ("current", "Đang lưu"), ("new", "Trong tệp"))
KEEP = "(trống: giữ nguyên)"


class OneStopView(Protocol):
    def show_plan(self, heading: str, rows: list[tuple[str, ...]], notes: list[str], can_store: bool) -> None:
        """The table (COLUMNS, one row per figure; a row that changes ends with "đổi"), what to know, and
        whether Lưu is offered."""

    def show_refusal(self, text: str) -> None:
        """The file refused (or the store refused): the reasons; the dialog then only closes."""

    def show_stored(self, text: str) -> None: ...


class OneStopPresenter:
    def __init__(self, onestop: OneStop, view: OneStopView, period: str, path: str):
        self.onestop, self.view, self.period, self.path = onestop, view, period, path
        self.plan: OneStopPlan | None = None
        self.stored = False

    def start(self) -> None:
        try:
            self.plan = self.onestop.preview(self.path, self.period)
        except UserError as exc:
            self.view.show_refusal(str(exc))
            return
        plan = self.plan
        heading = f"Tệp {plan.file_name} — số liệu hồ sơ TTHC {plan.period_label}"
        rows: list[tuple[str, ...]] = [
            (
                target.unit_name if plan.by_unit else "",
                figure.number,
                figure.label,
                figure.current or "—",
                figure.new_text or KEEP,
                "đổi" if figure.changes else "",
            )
            for target in plan.targets
            for figure in target.figures
        ]
        if plan.by_unit:  # a line per unit would hide the rest: the table names each unit
            notes = [f"{len(plan.targets)} đơn vị, mỗi đơn vị lấy từ dòng mang tên hoặc mã của mình trong tệp."]
        else:
            notes = [f"{target.unit_name}: lấy từ {target.source}." for target in plan.targets]
        if plan.unmatched:
            notes.append(f"Không khớp đơn vị nào, không lưu: {'; '.join(plan.unmatched)}.")
        notes += plan.notes
        if not plan.changed:
            notes.append("Số trong tệp giống số đang lưu: không có gì để lưu.")
        self.view.show_plan(heading, rows, notes, plan.changed > 0)

    def store(self) -> None:
        """Lưu: the figures shown, in one transaction."""
        assert self.plan is not None  # start() read it; Lưu is offered only then
        try:
            changed = self.onestop.store(self.plan)
        except UserError as exc:
            self.view.show_refusal(str(exc))
            return
        self.stored = True
        self.view.show_stored(f"Đã lưu {changed} số liệu {self.plan.period_label} từ tệp {self.plan.file_name}.")
