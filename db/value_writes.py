"""Writes of values: typed figures (with the conflict check), a period replaced, an import's periods and
giải trình; each in one transaction, a few multi-row statements, every change audited."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import datetime

from db import compiled
from db.audit import audit, current_user
from db.errors import Conflict, ValueConflict
from db.guards import lock_unit, refuse_if_locked, stored_and_submitted, submitted_periods
from db.models import Audit, Explanation, Value, database
from db.reads import _as_datetime, explanations, stored_values
from db.records import Unit
from db.state import now


def _upsert(*flat):
    rows = [flat[i : i + len(_VALUE_FIELDS)] for i in range(0, len(flat), len(_VALUE_FIELDS))]
    return Value.insert_many(rows, fields=_VALUE_FIELDS).on_conflict(
        conflict_target=[Value.unit, Value.period, Value.code],
        preserve=[Value.value, Value.template_version, Value.updated_at, Value.updated_by],
    )


def _delete(unit_id, period, *codes):
    return Value.delete().where((Value.unit == unit_id) & (Value.period == period) & (Value.code.in_(codes)))


def _insert_audits(*flat):
    rows = [flat[i : i + len(_AUDIT_FIELDS)] for i in range(0, len(flat), len(_AUDIT_FIELDS))]
    return Audit.insert_many(rows, fields=_AUDIT_FIELDS)


def _conflicts(
    unit: Unit, period: str, expected: Mapping[str, str | None], stored: dict[str, tuple[str, str, datetime]]
) -> list[Conflict]:
    found = []
    for code, seen in expected.items():
        text = stored[code][0] if code in stored else None
        if text == seen:
            continue
        if code in stored:
            found.append(Conflict(code, text, stored[code][1], stored[code][2]))
            continue
        last = (  # deleted since: who deleted it is in the audit log
            Audit.select(Audit.author, Audit.at)
            .where((Audit.unit_code == unit.code) & (Audit.period == period) & (Audit.code == code))
            .order_by(Audit.id.desc())
            .first()
        )
        found.append(Conflict(code, None, last.author if last else "", last.at if last else None))
    return found


def _chunks(items: list, size: int = 400):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_values(
    unit: Unit,
    period: str,
    changes: Mapping[str, str | None],
    version: str,
    action: str = "nhap",
    expected: Mapping[str, str | None] | None = None,
) -> int:
    """Store texts (None deletes) in one transaction with one audit row per real change; a period
    the unit has submitted (locked) is refused inside it (PeriodLocked), whenever it was submitted.

    `expected` maps code -> the stored text the writer last saw (None: no value); if any stored text
    differs, nothing is written and ValueConflict tells who changed what and when. This is the hot path
    of data entry: one read (the stored texts and the submitted periods), then one upsert, one delete and
    one audit insert for the whole batch.
    """
    user, stamp = current_user(), now()
    expected = dict(expected or {})
    codes = list(dict.fromkeys([*changes, *expected]))
    with database.atomic():
        lock_unit(unit)  # a server's lock (a statement); SQLite's BEGIN IMMEDIATE already holds the file's
        found, submitted = stored_and_submitted(unit, period, codes)
        refuse_if_locked(unit, period, submitted=submitted)
        stored = {code: (text, author, _as_datetime(stamp)) for code, (text, author, stamp) in found.items()}
        conflicts = _conflicts(unit, period, expected, stored) if expected else []
        if conflicts:
            raise ValueConflict(conflicts)
        writes = _Writes(unit, version, action, user, stamp)
        writes.add(period, changes, {code: row[0] for code, row in stored.items()})
        return writes.run()


class _Writes:
    """The rows of one write: upserts, deletes and audit rows (in the order they happen), sent as a few
    multi-row statements inside the caller's transaction."""

    def __init__(self, unit: Unit, version: str, action: str, user: str, stamp: datetime):
        self.unit, self.version, self.action, self.user, self.stamp = unit, version, action, user, stamp
        self.upserts: list[tuple] = []
        self.deletes: dict[str, list[str]] = {}
        self.audits: list[tuple] = []
        self.changed = 0

    def audit(self, action: str, period: str, code: str = "", old=None, new=None) -> None:
        self.audits.append((self.stamp, self.user, action, self.unit.code, period, code, old, new))

    def add(self, period: str, changes: Mapping[str, str | None], stored: Mapping[str, str]) -> None:
        """`changes` of a period (None deletes) against what is `stored` ({code: text}): real changes only."""
        unit = self.unit
        for code, text in changes.items():
            old = stored.get(code)
            if old == text:
                continue
            if text is None:
                self.deletes.setdefault(period, []).append(code)
            else:
                self.upserts.append((unit.id, period, code, text, self.version, self.stamp, self.user))
            self.audit(self.action, period, code, old, text)
            self.changed += 1

    def run(self) -> int:
        for chunk in _chunks(self.upserts, 200):
            compiled.run(("upsert", len(chunk)), _upsert, [v for row in chunk for v in row])
        for period, codes in self.deletes.items():
            for chunk in _chunks(codes):
                compiled.run(("delete", len(chunk)), _delete, [self.unit.id, period, *chunk])
        for chunk in _chunks(self.audits, 200):
            compiled.run(("audit", len(chunk)), _insert_audits, [v for row in chunk for v in row])
        return self.changed


_VALUE_FIELDS = [
    Value.unit,
    Value.period,
    Value.code,
    Value.value,
    Value.template_version,
    Value.updated_at,
    Value.updated_by,
]
_AUDIT_FIELDS = [Audit.at, Audit.author, Audit.action, Audit.unit_code, Audit.period, Audit.code, Audit.old, Audit.new]


def replace_period_values(unit: Unit, period: str, texts: Mapping[str, str], version: str, action: str) -> int:
    """Replace all values of a unit's period (import): removed and changed values stay in the audit log."""
    with database.atomic():
        lock_unit(unit)  # before reading what is replaced: no other import writes in between
        current = stored_values(unit, [period])[period]
        changes: dict[str, str | None] = {code: None for code in current if code not in texts}
        changes.update(texts)
        return write_values(unit, period, changes, version, action)


def import_unit_periods(
    unit: Unit,
    periods: Mapping[str, Mapping[str, str]],
    version: str,
    action: str,
    source: str,
    notes: Mapping[tuple[str, str], str] | None = None,
    *,
    stored: Mapping[str, Mapping[str, str]] | None = None,
    submitted: list[str] | None = None,
    explained: Mapping[tuple[str, str], str] | None = None,
) -> int:
    """Store an imported file's values of a unit, several periods in ONE transaction: each period's
    values replace the stored ones (removed and changed values stay in the audit log, with `action`),
    and one `nhap_tep` audit row per period names the file (`source`). `notes` given: the file's
    giải trình {(period, rule): text} replace the unit's stored ones of those periods (audited).

    `stored` ({period: {code: text}}), `submitted` (the unit's submitted periods) and `explained` (its
    giải trình of those periods): what the caller read inside its own transaction after taking the unit's
    lock (guards.import_reads), so they are not read again; the
    values are written in a few multi-row statements whatever the number of periods. With `stored`,
    the write is part of the caller's transaction (which holds the unit's lock): no savepoint of its own,
    whatever fails rolls the caller's whole transaction back."""
    own = stored is None
    if not own and not database.in_transaction():
        raise RuntimeError("import_unit_periods(stored=...) belongs inside the caller's transaction")
    with database.atomic() if own else contextlib.nullcontext():
        if own:
            lock_unit(unit)
        if submitted is None:
            submitted = submitted_periods(unit)
        for period in periods:
            refuse_if_locked(unit, period, submitted=submitted)
        if stored is None:
            stored = period_texts(unit, list(periods))
        writes = _Writes(unit, version, action, current_user(), now())
        for period, texts in periods.items():
            writes.audit("nhap_tep", period, new=source)
            current = stored.get(period, {})
            changes: dict[str, str | None] = {code: None for code in current if code not in texts}
            changes.update(texts)
            writes.add(period, changes, current)
        changed = writes.run()
        if notes is not None:
            _replace_explanations(unit, list(periods), notes, submitted, explained)
    return changed


def write_file_values(
    targets: list[tuple[Unit, Mapping[str, str]]], period: str, version: str, action: str, source: str
) -> int:
    """Figures read from a file for one period of one unit or several, in ONE transaction: each unit locked,
    a submitted period refused (PeriodLocked: nothing stored), one `action` audit row per real change and one
    per unit naming the file (`source`). Only the codes given change; the unit's other figures stay."""
    user, stamp = current_user(), now()
    changed = 0
    with database.atomic():
        for unit, texts in targets:
            lock_unit(unit)
            found, submitted = stored_and_submitted(unit, period, list(texts))
            refuse_if_locked(unit, period, submitted=submitted)
            writes = _Writes(unit, version, action, user, stamp)
            writes.audit(action, period, new=source)
            writes.add(period, texts, {code: row[0] for code, row in found.items()})
            changed += writes.run()
    return changed


def period_texts(unit: Unit, periods: list[str]) -> dict[str, dict[str, str]]:
    """What is stored of a unit's periods, {period: {code: text}}, in one query (`stored_values` by another
    name, for a writer that reads inside its transaction)."""
    return stored_values(unit, periods)


def _replace_explanations(
    unit: Unit,
    periods: list[str],
    notes: Mapping[tuple[str, str], str],
    submitted: list[str],
    stored: Mapping[tuple[str, str], str] | None = None,
) -> None:
    """Within an import's transaction (the unit locked, its periods checked open): the giải trình of
    `periods` become `notes`, each change audited. `stored`: those periods' giải trình as just read in
    this transaction (else read here)."""
    for period in dict.fromkeys(period for period, _ in notes):
        if period not in periods:
            refuse_if_locked(unit, period, "giải trình", submitted)
    if stored is None:
        stored = explanations(unit, periods)
    for (period, rule), text in {**dict.fromkeys(stored), **notes}.items():
        old = stored.get((period, rule))
        if old == text:
            continue
        query = (Explanation.unit == unit.id) & (Explanation.period == period) & (Explanation.rule == rule)
        if text is None:
            Explanation.delete().where(query).execute()
        elif old is not None:
            Explanation.update(text=text, author=current_user(), at=now()).where(query).execute()
        else:
            Explanation.create(unit=unit.id, period=period, rule=rule, text=text, author=current_user(), at=now())
        audit("giai_trinh", unit.code, period, rule, old, text)
