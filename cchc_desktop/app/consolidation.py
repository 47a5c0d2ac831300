"""Consolidation use case: what the child units sent for a period, and their figures added up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from cchc_desktop.app.context import as_period
from cchc_desktop.app.units import UnitInfo
from db import store
from forms.aggregate import aggregate_units
from forms.periods import Period

if TYPE_CHECKING:
    from cchc_desktop.app.workspace import Workspace


@dataclass(frozen=True)
class Received:
    """Whether a child unit's figures for a period are in, and when they last changed."""

    unit: UnitInfo
    received_at: datetime | None
    deadline: date
    today: date

    @property
    def received(self) -> bool:
        return self.received_at is not None

    @property
    def late(self) -> bool:
        """Sent after its deadline, or not sent and the deadline has passed."""
        if self.received_at is not None:
            return self.received_at.date() > self.deadline
        return self.today > self.deadline

    def to_json(self) -> dict:
        return {
            "code": self.unit.code,
            "name": self.unit.name,
            "received": self.received,
            "received_at": self.received_at.isoformat(sep=" ") if self.received_at else "",
            "deadline": self.deadline.isoformat(),
            "late": self.late,
        }


class Consolidation:
    """The child units' side of a parent's period."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.ctx = ws.ctx

    def completeness(self, period: Period | str, today: date | None = None) -> list[Received]:
        """For each child unit: whether figures for the period were received, when, and whether late."""
        today = today or date.today()
        period = as_period(period)
        children = store.children_of(self.ctx.self_row())
        stamps: dict[int, object] = {}
        for frequency in {child.frequency for child in children}:
            group = [child for child in children if child.frequency == frequency]
            short = period.is_shorter_than_entry(frequency)
            entries = [] if short else [str(p) for p in period.entry_periods(frequency)]
            stamps.update(store.last_updates(group, entries + [str(period)]))
        deadline = self.ctx.deadlines(period)
        return [Received(UnitInfo.of(child), stamps.get(child.id), deadline(child.code), today) for child in children]

    def children_with_data(self, period: Period | str) -> list[UnitInfo]:
        """This unit's children that have figures for the period."""
        return [item.unit for item in self.completeness(period) if item.received]

    def children_values(self, period: Period | str, unit_code: str | None = None) -> dict[str, object]:
        """The children's figures added up (`units = sum` codes only), without this unit's own."""
        unit = self.ctx.unit_row(unit_code)
        period = as_period(period)
        template = self.ctx.template_for(period)
        total = aggregate_units(template, {}, self.ws.reader.children_values(unit, period, template))
        return {code: value for code, value in total.items() if template.indicators[code].units == "sum"}
