"""Who has reported: each child unit's annex for a period as the clerk reads it (the window's table
Đơn vị → Tình hình nhận báo cáo…, the count on the top bar, and `cchc status`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

from cchc_desktop.app.usecases.annex_periods import missing_text
from cchc_desktop.app.usecases.checking import violation_text
from cchc_desktop.app.usecases.consolidated_checks import UnitChecks, child_checks
from cchc_desktop.app.usecases.consolidation import SOURCE_FILE, CompletenessSummary, Received
from cchc_desktop.app.usecases.context import as_period, sentence_case
from cchc_desktop.app.workspace import Workspace
from forms.numbers import format_datetime, show_date, show_datetime
from forms.periods import Period

STATE_LABELS = {
    "manual": "Đã nhận (nhập tay)",
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "missing": "Chưa nhận — quá hạn",
    "waiting": "Chưa nhận",
    "partial": "Chưa đủ các kỳ",
}
COLUMNS = (
    ("name", "Đơn vị"),
    ("level", "Cấp"),
    ("file_time", "Thời gian tệp"),
    ("imported", "Nhận lúc"),
    ("submitted", "Đã gửi khi xuất"),
    ("deadline", "Hạn gửi"),
    ("state", "Tình trạng"),
)


@dataclass(frozen=True)
class StatusRow:
    """One child's line, every cell already worded; `state` picks the colour (on_time, late, missing,
    waiting) and `tip` says more (the file's name, how it came in)."""

    code: str
    name: str
    level: str
    file_time: str
    imported: str
    submitted: str
    deadline: str
    state: str
    state_label: str
    tip: str
    checks: str = ""  # "2 lỗi, 1 cảnh báo" (the window only)
    slips: tuple[str, ...] = ()  # each standing slip of the unit's figures, worded, with its giải trình

    def cells(self, columns=COLUMNS) -> tuple[str, ...]:
        return tuple(getattr(self, key) if key != "state" else self.state_label for key, _ in columns)


WINDOW_COLUMNS = (*COLUMNS, ("checks", "Sai sót"))


def checks_text(item: UnitChecks | None) -> str:
    """`2 lỗi, 1 cảnh báo` (short, for a table column; the slips themselves say which are explained),
    or `Không có sai sót`."""
    if item is None:
        return "Không có sai sót"
    errors = sum(1 for v in item.violations if v.is_error)
    warnings = len(item.violations) - errors
    return ", ".join(part for part in (f"{errors} lỗi" * bool(errors), f"{warnings} cảnh báo" * bool(warnings)) if part)


def _slip(violation) -> str:
    kind = "Lỗi" if violation.is_error else "Cảnh báo"
    explained = f" — Giải trình: {violation.explanation}" if violation.explanation else ""
    return f"{kind}: {violation_text(violation)}{explained}"


def with_checks(ws: Workspace, period: Period, rows: list[StatusRow]) -> list[StatusRow]:
    """The rows with each received unit's standing slips (rules run on its own figures)."""
    found = {item.unit.code: item for item in child_checks(ws, period)}
    result = []
    for row in rows:
        if not row.file_time and not row.imported:  # nothing received: nothing to check
            result.append(row)
            continue
        item = found.get(row.code)
        slips = tuple(_slip(v) for v in item.violations) if item else ()
        result.append(replace(row, checks=checks_text(item), slips=slips))
    return result


def _when(stamp: datetime | None) -> str:
    """`15/09/2023 08:12`: short enough for a table column."""
    return show_datetime(stamp) if stamp else ""


def _submitted(item: Received) -> str:
    if not item.received:
        return ""
    if item.source != SOURCE_FILE:
        return "—"
    if item.submitted is None:
        return "Không rõ"
    if item.submitted:
        return f"Đã gửi {_when(item.submitted_at)}" if item.submitted_at else "Đã gửi"
    return "Chưa gửi"


def _gaps_text(item: Received) -> str:
    """`Thiếu tháng 8, tháng 9` (the year said only when it is not the period's own)."""
    text = missing_text(list(item.gaps))
    years = {period.year for period in item.gaps}
    return f"Thiếu {text.rsplit(' năm ', 1)[0] if len(years) == 1 else text}"


def status_row(item: Received, levels: dict[str, str]) -> StatusRow:
    """A child's Received as the table shows it."""
    if item.source == SOURCE_FILE:
        file_time = _when(item.exported_at or item.file_modified)
        imported = _when(item.received_at)
        tip = f"Tệp {item.file_name}" + (
            f", sửa lần cuối {format_datetime(item.file_modified)}" if item.file_modified else ""
        )
    elif item.received:
        file_time, imported = "(nhập tay)", _when(item.received_at)
        tip = "Số liệu nhập tay tại đơn vị này, không có tệp phụ lục."
    else:
        file_time = imported = tip = ""
    return StatusRow(
        item.unit.code,
        item.unit.name,
        sentence_case(levels.get(item.unit.level, item.unit.level)),
        file_time,
        imported,
        _submitted(item),
        show_date(item.deadline),
        item.state,
        _gaps_text(item) if item.gaps else STATE_LABELS[item.state],
        tip,
    )


def status_table(ws: Workspace, period: Period | str, today: date | None = None):
    """The rows of every child and the counts, read in a bounded number of queries."""
    items = ws.consolidation.completeness(period, today)
    levels = ws.units.levels()
    return [status_row(item, levels) for item in items], CompletenessSummary.of(items)


def count_text(ws: Workspace, period: Period | str, today: date | None = None) -> str:
    """`Đã nhận 7/9 đơn vị` (and how many late) for the top bar of a parent; "" for a unit without children."""
    items = ws.consolidation.completeness(period, today)
    if not items:
        return ""
    return CompletenessSummary.of(items).text()


class ReceivedStatusView(Protocol):
    def show_status(self, title: str, rows: list[StatusRow], summary: str) -> None: ...


class ReceivedStatusPresenter:
    """The table of who has reported for a report period."""

    def __init__(self, ws: Workspace, view: ReceivedStatusView, today: date | None = None):
        self.ws = ws
        self.view = view
        self.today = today
        self.period: Period | None = None

    def start(self, period: Period | str) -> None:
        self.period = as_period(period)
        self.refresh()

    def refresh(self) -> None:
        assert self.period is not None  # start() chose it
        rows, summary = status_table(self.ws, self.period, self.today)
        title = f"Tình hình nhận báo cáo {self.period.label()}"
        if not rows:
            self.view.show_status(title, [], "Đơn vị này chưa có đơn vị trực thuộc nào.")
            return
        self.view.show_status(title, with_checks(self.ws, self.period, rows), summary.text() + ".")


def table_lines(rows: list[StatusRow]) -> list[str]:
    """The rows as an aligned text table with Vietnamese headers (the command line's `cchc status`)."""
    headers = ("Mã", *(label for _, label in COLUMNS))
    lines = [headers, *((row.code, *row.cells()) for row in rows)]
    widths = [max(len(line[index]) for line in lines) for index in range(len(headers))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in lines]
