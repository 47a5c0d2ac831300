"""Reporting use case: a report period's status, submitting (locking) it and reopening it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cchc_desktop.app.checking import violation_text
from cchc_desktop.app.context import as_period, report_period_of, sentence_case
from db import store
from forms.errors import UserError
from forms.numbers import format_datetime
from forms.periods import Period
from forms.values import check_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.workspace import Workspace


@dataclass(frozen=True)
class PeriodState:
    """Whether a period is open or submitted, who submitted or reopened it and when, what locks it,
    and its data cut-off dates (Nghị định 09/2019)."""

    period: Period
    status: str  # "open" or "submitted"
    by: str
    at: datetime | None
    reason: str
    locked_by: Period | None
    cutoff_start: date
    cutoff_end: date
    deadline: date

    @property
    def label(self) -> str:
        return self.period.label()

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"

    def to_json(self) -> dict:
        return {
            "period": str(self.period),
            "label": self.label,
            "status": self.status,
            "by": self.by,
            "at": self.at.isoformat(sep=" ") if self.at else "",
            "reason": self.reason,
            "locked_by": str(self.locked_by) if self.locked_by else None,
            "cutoff_start": self.cutoff_start.isoformat(),
            "cutoff_end": self.cutoff_end.isoformat(),
            "deadline": self.deadline.isoformat(),
        }


class Reports:
    """Status, submit and reopen of report periods."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.ctx = ws.ctx

    def status(self, period: Period | str, unit_code: str | None = None) -> PeriodState:
        """Status of a report period: open/submitted, who and when, and its cut-off dates."""
        unit = self.ctx.unit_row(unit_code)
        period = as_period(period)
        row = self.ctx.reads.status_of(unit, str(period))
        start, end = period.cutoff()
        return PeriodState(
            period=period,
            status=row.status if row else "open",
            by=row.author if row else "",
            at=row.at if row else None,
            reason=row.reason if row else "",
            locked_by=self.ctx.locked_by(unit, period),
            cutoff_start=start,
            cutoff_end=end,
            deadline=self.ctx.deadline(unit.code, period),
        )

    def submitted_at(self, period: Period | str) -> str:
        """When this unit submitted (locked) the period, or the report period holding it (ISO 8601);
        "" while it is open. Written into the annex so the level above knows."""
        unit = self.ctx.self_row()
        lock = self.ctx.locked_by(unit, as_period(period))
        row = store.status_of(unit, str(lock)) if lock is not None else None
        return row.at.isoformat() if row is not None and row.at else ""

    def submit(self, period: Period | str) -> None:
        """Lock a report period; refused while an unexplained error stands.

        Decided and stored in one transaction holding the unit's write lock (as every write of its
        values, and imports into its children, hold it): no value changes between the check and the
        lock, and none after it."""
        unit = self.ctx.self_row()
        period = as_period(period)
        self.ctx.require_report_period(period, "Việc gửi báo cáo", "gửi")
        with store.locked_units(unit):
            row = store.status_of(unit, str(period))
            if row is not None and row.status == "submitted":
                raise UserError(
                    f"{sentence_case(period.label())} đã được gửi lúc {format_datetime(row.at)} "
                    f"(người gửi: {row.author})."
                )
            open_errors = self.ws.checks.open_errors(period)
            if open_errors:
                raise UserError(
                    f"Chưa thể gửi {period.label()}: còn {len(open_errors)} lỗi chưa sửa hoặc chưa giải trình:",
                    [violation_text(v) for v in open_errors],
                )
            store.set_status(unit, str(period), "submitted")

    def reopen(self, period: Period | str, reason: str) -> None:
        """Unlock a submitted report period; the reason is logged."""
        unit = self.ctx.self_row()
        period = as_period(period)
        reason = (reason or "").strip()
        report = report_period_of(period)
        if report != period:
            raise UserError(
                f"{sentence_case(period.label())} thuộc báo cáo {report.label()}: hãy mở lại "
                f"{report.label()} (--period {report})."
            )
        if not reason:
            raise UserError("Phải nêu lý do mở lại kỳ báo cáo.")
        check_text("Lý do mở lại", reason, max_chars=2000)
        with store.locked_units(unit):
            row = store.status_of(unit, str(period))
            if row is None or row.status != "submitted":
                raise UserError(f"{sentence_case(period.label())} chưa được gửi nên không cần mở lại.")
            store.set_status(unit, str(period), "open", reason)
