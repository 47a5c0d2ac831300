"""Plain records: what db/ hands to the rest of the program instead of peewee rows.

A record is a frozen dataclass holding a row's fields as the program reads them. It has no connection
to the database: nothing outside db/ can run a query or save through it (issue 20, item 3). Two records
of the same stored unit are equal (by id), as two rows of it were.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime


@dataclass(frozen=True, slots=True, eq=False)
class Unit:
    """A reporting unit: this installation's own, or a child unit whose annexes are imported.
    `id` is 0 for a unit not stored yet (a child declared from an annex's header, being checked): stored
    ids start at 1."""

    id: int = 0
    code: str = ""
    name: str = ""
    short_name: str = ""
    body: str = ""
    level: str = "xa"
    frequency: str = "month"
    place: str = ""
    parent_code: str = ""
    parent_name: str = ""
    signer_name: str = ""
    signer_title: str = ""
    authority_line: str = ""
    recipients: str = "[]"
    is_self: bool = False
    valid_from: str = ""
    valid_to: str = ""
    replaced_by: str = ""
    deadline_day: str = ""
    created_at: datetime | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unit) and self.id != 0 and self.id == other.id

    def __hash__(self) -> int:
        return hash((Unit, self.id))


UNIT_FIELDS = tuple(field.name for field in fields(Unit))


def unit_record(row) -> Unit:
    """The record of a peewee Unit row (its fields as the model converted them)."""
    return Unit(**{name: getattr(row, name) for name in UNIT_FIELDS})


@dataclass(frozen=True, slots=True)
class PeriodStatus:
    """Whether a unit's report period is open or submitted (locked), with who and when."""

    unit_id: int
    period: str
    status: str
    author: str
    at: datetime
    reason: str = ""


def status_record(row) -> PeriodStatus | None:
    """The record of a peewee PeriodStatus row (None stays None)."""
    if row is None:
        return None
    return PeriodStatus(row.unit_id, row.period, row.status, row.author, row.at, row.reason)


def unit_from_fields(fields: Mapping[str, object], id: int = 0) -> Unit:
    """A unit from named fields (e.g. declared from an annex's header, not stored yet: id 0); an unknown
    field name is a TypeError, as for the dataclass itself."""
    return Unit(id=id, **fields)  # type: ignore[arg-type]  # each field's own type is the caller's
