"""Consolidation use case: what the child units sent for a period, and their figures added up."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime

from cchc_desktop.app import unit_mergers
from cchc_desktop.app.context import as_period
from cchc_desktop.app.units import UnitInfo
from db import store
from forms.periods import Period

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.workspace import Workspace


@dataclass(frozen=True)
class Received:
    """Whether a child unit's figures for a period are in, how (an imported file, or typed in here by
    hand), when, and whether late against its deadline."""

    unit: UnitInfo
    received_at: datetime | None  # the import time of the file, or the last change of values typed by hand
    deadline: date
    today: date
    source: str = ""  # SOURCE_FILE, SOURCE_MANUAL, or "" when nothing was received
    file_name: str = ""
    file_modified: datetime | None = None  # the file's modified time when it was imported
    exported_at: datetime | None = None  # when the unit exported the file (its `_cchc` header)
    submitted: bool | None = None  # had the unit submitted (locked) the period at export; None: unknown
    submitted_at: datetime | None = None
    gaps: tuple[Period, ...] = ()  # entry periods without figures while others have some (3 months of 1)

    @property
    def complete(self) -> bool:
        """Figures received for every entry period of the period (a month of three is not a quarter)."""
        return self.received and not self.gaps

    @property
    def received(self) -> bool:
        return self.received_at is not None

    @property
    def imported_at(self) -> datetime | None:
        return self.received_at if self.source == SOURCE_FILE else None

    @property
    def sent_at(self) -> datetime | None:
        """When the figures left the unit: the file's export time, else the import (or typing) time."""
        return self.exported_at or self.received_at

    @property
    def late(self) -> bool:
        """Sent after its deadline, or not sent and the deadline has passed. Figures typed in here by
        hand are never late: when typing them says nothing about when the unit sent them."""
        if self.source == SOURCE_MANUAL:
            return False
        if self.sent_at is not None:
            return self.sent_at.date() > self.deadline
        return self.today > self.deadline

    @property
    def state(self) -> str:
        """ "on_time", "late" (received after the deadline), "manual" (typed in here, sending time
        unknown), "partial" (some of its months or quarters missing), "missing" (deadline passed) or
        "waiting"."""
        if self.received and self.gaps:
            return "partial"
        if self.source == SOURCE_MANUAL:
            return "manual"
        if self.received:
            return "late" if self.late else "on_time"
        return "missing" if self.late else "waiting"

    def to_json(self) -> dict:
        return {
            "code": self.unit.code,
            "name": self.unit.name,
            "level": self.unit.level,
            "received": self.received,
            "received_at": _stamp(self.received_at),
            "deadline": self.deadline.isoformat(),
            "late": self.late,
            "state": self.state,
            "source": self.source,
            "file": self.file_name,
            "file_modified": _stamp(self.file_modified),
            "exported_at": _stamp(self.exported_at),
            "imported_at": _stamp(self.imported_at),
            "submitted_before_export": self.submitted,
            "submitted_at": _stamp(self.submitted_at),
            "missing_periods": [str(p) for p in self.gaps],
        }


SOURCE_FILE, SOURCE_MANUAL = "file", "manual"
SOURCE_LABELS = {SOURCE_FILE: "nhập từ tệp", SOURCE_MANUAL: "nhập tay"}


def _stamp(value: datetime | None) -> str:
    return value.isoformat(sep=" ") if value else ""


def _parse_stamp(text: object) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def _from_import(info: UnitInfo, record: tuple, deadline: date, today: date) -> Received:
    at, _, new = record
    try:
        data = json.loads(new or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    submitted = data.get("submitted")
    return Received(
        info,
        at,
        deadline,
        today,
        SOURCE_FILE,
        str(data.get("file", "")),
        _parse_stamp(data.get("modified")),
        _parse_stamp(data.get("exported_at")),
        submitted if isinstance(submitted, bool) else None,
        _parse_stamp(data.get("submitted_at")),
    )


@dataclass(frozen=True)
class CompletenessSummary:
    """How many children sent all their figures for a period, how many only part of them, how many
    nothing (and of those, how many past their deadline), how many arrived late."""

    total: int
    received: int  # complete
    late: int  # received after the deadline
    overdue: int  # nothing received and the deadline has passed
    partial: int = 0  # some of their months (quarters) missing

    @property
    def missing(self) -> int:
        return self.total - self.received - self.partial

    @classmethod
    def of(cls, items: list[Received]) -> CompletenessSummary:
        states = [item.state for item in items]
        complete = sum(item.complete for item in items)
        late = sum(item.late for item in items if item.received)
        return cls(len(items), complete, late, states.count("missing"), states.count("partial"))

    def text(self) -> str:
        """`Đã nhận 7/9 đơn vị (1 gửi trễ hạn), 1 đơn vị chưa gửi đủ các kỳ, thiếu 1 (1 đã quá hạn)`."""
        late = f" ({self.late} gửi trễ hạn)" if self.late else ""
        if self.received == self.total:
            return f"Đã nhận đủ {self.received}/{self.total} đơn vị{late}"
        text = f"Đã nhận {self.received}/{self.total} đơn vị{late}"
        if self.partial:
            text += f", {self.partial} đơn vị chưa gửi đủ các kỳ"
        if self.missing:
            overdue = f" ({self.overdue} đã quá hạn)" if self.overdue else ""
            text += f", thiếu {self.missing}{overdue}"
        return text

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "received": self.received,
            "partial": self.partial,
            "missing": self.missing,
            "late": self.late,
            "overdue": self.overdue,
        }


class Consolidation:
    """The child units' side of a parent's period."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.ctx = ws.ctx

    def completeness(self, period: Period | str, today: date | None = None) -> list[Received]:
        """For each child unit: whether figures for the period were received (an imported file, or
        values typed in by hand), when, and whether late; only the children in force during the period
        (a merger's old units for the periods before it, the new unit from its date). A bounded number of
        queries (one per entry frequency and per few hundred children), not one per child."""
        today = today or self.ws.clock().date()
        period = as_period(period)
        children = [  # a unit entering by quarter owes no month's report
            child
            for child in self.ctx.reads.children_of(self.ctx.self_row())
            if unit_mergers.valid_in(child, period) and not period.is_shorter_than_entry(child.frequency)
        ]
        stamps: dict[int, object] = {}
        gaps: dict[int, tuple[Period, ...]] = {}  # the entry periods a child holds no figures for (some held)
        periods: set[str] = {str(period)}
        for frequency in {child.frequency for child in children}:
            group = [child for child in children if child.frequency == frequency]
            entries = period.entry_periods(frequency)
            periods.update(str(p) for p in entries)
            held = store.updates_by_period(group, [str(p) for p in entries] + [str(period)])
            for child in group:
                figures = {p: stamp for p, stamp in held[child.id].items() if p != str(period)}
                stamps[child.id] = max(held[child.id].values(), default=None)
                if figures and len(figures) < len(entries):
                    gaps[child.id] = tuple(p for p in entries if str(p) not in figures)
        imports = store.last_imports([child.code for child in children], sorted(periods))
        deadline = self.ctx.deadlines(period)
        result = []
        for child in children:
            info, due = UnitInfo.of(child), deadline(child.code)
            if child.code in imports:
                item = _from_import(info, imports[child.code], due, today)
            elif stamps.get(child.id) is not None:
                item = Received(info, stamps[child.id], due, today, SOURCE_MANUAL)
            else:
                item = Received(info, None, due, today)
            result.append(replace(item, gaps=gaps.get(child.id, ())))
        return result

    def summary(self, period: Period | str, today: date | None = None) -> CompletenessSummary:
        """The counts of `completeness`: received, missing, late."""
        return CompletenessSummary.of(self.completeness(period, today))

    def children_with_data(self, period: Period | str) -> list[UnitInfo]:
        """This unit's children that have figures for the period."""
        return [item.unit for item in self.completeness(period) if item.received]
