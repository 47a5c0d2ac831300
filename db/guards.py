"""What a write decides inside its own transaction, so that no other process changes it in between: the
unit's write lock, the submitted (locked) report periods, and whether the values a writer saw are still
the ones stored.

A decision read before the transaction (a period still open, a period holding no values yet) may be
stale by the time the transaction writes: another process may submit the period or import the same file
in between. So the writer takes the unit's lock first, then reads again what it decides on, then writes,
all in one transaction: SQLite's BEGIN IMMEDIATE holds the file's write lock from the start (its reads
see every earlier commit), PostgreSQL's transaction-level advisory lock of the unit is held until commit
by every writer of the unit's values, by its submission and by the imports into it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from peewee import SQL

from db import compiled
from db.errors import PeriodLocked
from db.models import Audit, Explanation, PeriodStatus, Value, database
from db.records import PeriodStatus as StatusRecord
from db.records import Unit, status_record
from forms.errors import UserError
from forms.periods import Period, parse_period

WRITE_LOCK = 4_202_312  # PostgreSQL advisory lock namespace: one writer of a unit's values at a time


def lock_unit(unit: Unit) -> None:
    """Within a transaction: wait for, then hold until commit, the unit's write lock (a server's
    transaction lock; SQLite's write lock is already held since BEGIN IMMEDIATE)."""
    database.exclusive(WRITE_LOCK, unit.id)


@contextmanager
def locked_units(*units: Unit) -> Iterator[None]:
    """One transaction holding the write lock of each unit, in the order given: what is read inside
    is what the writes inside replace. Always take a parent's lock before its child's."""
    with database.atomic():
        for unit in units:
            lock_unit(unit)
        yield


def _select_submitted(unit_id, status):
    return PeriodStatus.select(PeriodStatus.period).where(
        (PeriodStatus.unit == unit_id) & (PeriodStatus.status == status)
    )


def submitted_periods(unit: Unit) -> list[str]:
    cursor = compiled.run(("submitted",), _select_submitted, [unit.id, "submitted"])
    return [row[0] for row in cursor.fetchall()]


def _select_decided(unit_id, period, status, *codes):
    stored = Value.select(SQL("'v'"), Value.code, Value.value, Value.updated_by, Value.updated_at).where(
        (Value.unit == unit_id) & (Value.period == period) & Value.code.in_(codes)
    )
    submitted = PeriodStatus.select(SQL("'s'"), PeriodStatus.period, SQL("''"), SQL("''"), SQL("NULL")).where(
        (PeriodStatus.unit == unit_id) & (PeriodStatus.status == status)
    )
    return stored.union_all(submitted) if codes else submitted


def stored_and_submitted(unit: Unit, period: str, codes: list[str]) -> tuple[dict[str, tuple], list[str]]:
    """Inside a write's transaction, after the unit's lock: what is stored of `codes` in the period,
    {code: (text, author, stamp as the driver gives it)}, and the unit's submitted periods — what the
    write decides on, in one query (a few more for thousands of codes)."""
    first, rest = codes[:400], codes[400:]
    cursor = compiled.run(("decided", len(first)), _select_decided, [unit.id, period, "submitted", *first])
    stored: dict[str, tuple] = {}
    submitted: list[str] = []
    for tag, key, text, author, stamp in cursor.fetchall():
        if tag == "v":
            stored[key] = (text, author, stamp)
        else:
            submitted.append(key)
    for start in range(0, len(rest), 400):
        chunk = rest[start : start + 400]
        cursor = compiled.run(("decided_more", len(chunk)), _select_stored, [unit.id, period, *chunk])
        for code, text, author, stamp in cursor.fetchall():
            stored[code] = (text, author, stamp)
    return stored, submitted


def _select_stored(unit_id, period, *codes):
    return Value.select(Value.code, Value.value, Value.updated_by, Value.updated_at).where(
        (Value.unit == unit_id) & (Value.period == period) & (Value.code.in_(codes))
    )


@dataclass
class ImportReads:
    """What an import decides on inside its transaction, after the units' locks: each unit's submitted
    periods {unit id: [period]}, and what the unit written holds of the file's periods: its texts
    {period: {code: text}} and its giải trình {(period, rule): text}."""

    submitted: dict[int, list[str]]
    texts: dict[str, dict[str, str]]
    explanations: dict[tuple[str, str], str]


def import_reads(locked: Iterable[Unit], unit: Unit, periods: list[str]) -> ImportReads:
    """`ImportReads` in ONE query: the submitted periods of the `locked` units (the importer's own and
    the child's), the child's values and giải trình of `periods`."""
    ids = list(dict.fromkeys(each.id for each in locked if each.id))
    found = ImportReads({unit_id: [] for unit_id in ids}, {period: {} for period in periods}, {})
    parts = []
    if ids:
        parts.append(
            PeriodStatus.select(SQL("'s'"), PeriodStatus.unit, PeriodStatus.period, SQL("''"), SQL("''")).where(
                PeriodStatus.unit.in_(ids) & (PeriodStatus.status == "submitted")
            )
        )
    if unit.id and periods:
        parts.append(
            Value.select(SQL("'v'"), Value.unit, Value.period, Value.code, Value.value).where(
                (Value.unit == unit.id) & Value.period.in_(periods)
            )
        )
        parts.append(
            Explanation.select(
                SQL("'e'"), Explanation.unit, Explanation.period, Explanation.rule, Explanation.text
            ).where((Explanation.unit == unit.id) & Explanation.period.in_(periods))
        )
    if not parts:
        return found
    query = parts[0]
    for part in parts[1:]:
        query = query.union_all(part)
    for tag, unit_id, period, key, text in database.execute(query):
        if tag == "s":
            found.submitted[unit_id].append(period)
        elif tag == "v":
            found.texts[period][key] = text
        else:
            found.explanations[(period, key)] = text
    return found


def _parsed(text: str) -> Period | None:
    try:
        return parse_period(text)
    except UserError:
        return None


def submitted_by_unit(units: Iterable[Unit]) -> dict[int, list[str]]:
    """The submitted periods of several units in one query: {unit id: [period]} (an importer reads its
    own and the child's at once, inside the transaction holding both locks)."""
    ids = list(dict.fromkeys(unit.id for unit in units if unit.id))
    result: dict[int, list[str]] = {unit_id: [] for unit_id in ids}
    if not ids:
        return result
    query = PeriodStatus.select(PeriodStatus.unit, PeriodStatus.period).where(
        PeriodStatus.unit.in_(ids) & (PeriodStatus.status == "submitted")
    )
    for unit_id, period in query.tuples():
        result[unit_id].append(period)
    return result


def lock_of(unit: Unit, period: str, submitted: list[str] | None = None) -> StatusRecord | None:
    """The unit's submitted report period that locks `period` (the same period or one containing it),
    with who submitted it and when; None while `period` is open. `submitted`: the unit's submitted
    periods when the caller has just read them in the same transaction (else they are read here)."""
    written = _parsed(period)
    for text in submitted_periods(unit) if submitted is None else submitted:
        lock = _parsed(text)
        if text == period or (lock is not None and written is not None and lock.contains(written)):
            return status_record(
                PeriodStatus.get_or_none((PeriodStatus.unit == unit.id) & (PeriodStatus.period == text))
            )
    return None


def locked_error(row: StatusRecord, what: str = "số liệu") -> PeriodLocked:
    """The refusal of a change (`what`: số liệu, giải trình) to a period that `row` locks."""
    lock = _parsed(row.period)
    label = lock.label() if lock is not None else row.period
    return PeriodLocked(row.period, label, row.author, row.at, what)


def refuse_if_locked(unit: Unit, period: str, what: str = "số liệu", submitted: list[str] | None = None) -> None:
    """Inside the write's transaction, after the unit's lock: a change to a submitted period is refused."""
    row = lock_of(unit, period, submitted)
    if row is not None:
        raise locked_error(row, what)


def values_fingerprint(unit: Unit, periods: Iterable[str]) -> str:
    """What is stored of a unit's periods, in a few characters: "" when nothing is; another text as
    soon as any value is added, changed or removed. A writer keeps what it saw, and compares inside its
    transaction before replacing."""
    periods = list(periods)
    if not unit.id or not periods:
        return ""
    query = Value.select(Value.period, Value.code, Value.value).where(
        (Value.unit == unit.id) & Value.period.in_(periods)
    )
    return _fingerprint(query.tuples())


def fingerprint_of(texts: dict[str, dict[str, str]]) -> str:
    """`values_fingerprint` of texts already read ({period: {code: text}}), without reading them again."""
    return _fingerprint((period, code, text) for period, codes in texts.items() for code, text in codes.items())


def _fingerprint(rows: Iterable[tuple[str, str, str]]) -> str:
    rows = sorted(tuple(row) for row in rows)
    if not rows:
        return ""
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def last_change(unit_code: str, periods: Iterable[str], skip: Iterable[str] = ()) -> Audit | None:
    """The latest audited change of a unit's periods (who, when, which action), actions in `skip` left out."""
    query = Audit.select().where((Audit.unit_code == unit_code) & Audit.period.in_(list(periods)))
    skip = list(skip)
    if skip:
        query = query.where(Audit.action.not_in(skip))
    return query.order_by(Audit.id.desc()).first()
