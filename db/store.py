"""Queries and writes of units, values, explanations and statuses; every write is audited."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterable, Mapping
from datetime import datetime

from peewee import SQL, fn

from db import compiled
from db.ahead import natural_key, period_reads, self_and_children, units_from  # noqa: F401
from db.errors import Conflict, ValueConflict
from db.guards import (  # noqa: F401 - the door to the data is this module
    WRITE_LOCK,
    fingerprint_of,
    import_reads,
    last_change,
    lock_of,
    lock_unit,
    locked_error,
    locked_units,
    refuse_if_locked,
    stored_and_submitted,
    submitted_by_unit,
    submitted_periods,
    values_fingerprint,
)
from db.models import Audit, Explanation, PeriodStatus, Setting, Value, database
from db.models import Unit as UnitRow
from db.reads import (  # noqa: F401
    _as_datetime,
    deadline_days,
    last_imports,
    last_updates,
    periods_of_version,
    stray_value,
    updates_by_period,
    values_of_units,
    versioned_values,
    versions_in,
    versions_other_than,
)
from db.records import PeriodStatus as StatusRecord
from db.records import Unit, status_record, unit_record
from db.state import damage_found, now
from db.unit_checks import checked


@functools.cache
def current_user() -> str:
    """Who makes a change: the operating-system user (asked once per process)."""
    import getpass  # only when a change is written (and its terminal module with it)

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems; still record something
        return "không rõ"


def audit(action: str, unit_code: str = "", period: str = "", code: str = "", old=None, new=None) -> None:
    Audit.create(
        at=now(), author=current_user(), action=action, unit_code=unit_code, period=period, code=code, old=old, new=new
    )


def _select_self_unit(limit):
    return UnitRow.select().where(SQL("is_self")).order_by(UnitRow.id).limit(limit)


def _select_unit_by_code(code, limit):
    return UnitRow.select().where(UnitRow.code == code).limit(limit)


def _unit_from(cursor) -> Unit | None:
    """The unit a compiled query found (the first), its values converted as the model converts them."""
    found = units_from(cursor)
    return found[0] if found else None


def self_unit() -> Unit | None:
    """This installation's unit (asked at every entry: compiled once, not rebuilt by peewee each time)."""
    return checked(_unit_from(compiled.run(("self_unit",), _select_self_unit, [1])))


def unit_by_code(code: str) -> Unit | None:
    return checked(_unit_from(compiled.run(("unit_by_code",), _select_unit_by_code, [code, 1])))


def unit_count() -> int:
    return UnitRow.select().count()


def children_of(unit: Unit) -> list[Unit]:
    rows = UnitRow.select().where(UnitRow.parent_code == unit.code)
    return sorted((checked(unit_record(row)) for row in rows), key=lambda row: natural_key(row.code))


def units_replaced_by(code: str) -> list[Unit]:
    """The units a merger replaced by the unit `code`."""
    rows = UnitRow.select().where(UnitRow.replaced_by == code)
    return sorted((checked(unit_record(row)) for row in rows), key=lambda row: natural_key(row.code))


def all_units() -> list[Unit]:
    return sorted(
        (checked(unit_record(row)) for row in UnitRow.select()),
        key=lambda row: (not row.is_self, natural_key(row.code)),
    )


def unit_recipients(unit: Unit) -> list[str]:
    """The unit's Nơi nhận as stored (a JSON list of texts); anything else is damage."""
    try:
        recipients = json.loads(unit.recipients or "[]")
    except (ValueError, TypeError):
        recipients = None
    if not isinstance(recipients, list) or not all(isinstance(item, str) for item in recipients):
        raise damage_found(f"danh sách nơi nhận của đơn vị {unit.code} không đọc được (“{str(unit.recipients)[:40]}”)")
    return recipients


def save_unit(fields: Mapping[str, object], is_self: bool) -> Unit:
    """Create or update a unit by code (audited)."""
    data = dict(fields)
    if isinstance(data.get("recipients"), list):
        data["recipients"] = json.dumps(data["recipients"], ensure_ascii=False)
    with database.atomic():
        unit = unit_by_code(str(data["code"]))
        if unit is None:
            row = UnitRow.create(created_at=now(), is_self=is_self, **data)
            audit("tao_don_vi", row.code, new=json.dumps(data, ensure_ascii=False, default=str))
        else:
            old = {key: getattr(unit, key) for key in data}
            UnitRow.update(is_self=unit.is_self or is_self, **data).where(UnitRow.id == unit.id).execute()
            audit(
                "sua_don_vi",
                unit.code,
                old=json.dumps(old, ensure_ascii=False, default=str),
                new=json.dumps(data, ensure_ascii=False, default=str),
            )
        return unit_by_code(str(data["code"]))


def stored_values(unit: Unit, periods: Iterable[str]) -> dict[str, dict[str, str]]:
    """Raw stored texts per period for a unit: {period: {code: text}}."""
    periods = list(periods)
    result: dict[str, dict[str, str]] = {period: {} for period in periods}
    if not periods:
        return result
    cursor = compiled.run(("stored_values", len(periods)), _select_stored_values, [unit.id, *periods])
    for period, code, text in cursor.fetchall():  # texts: as the driver gives them
        result[period][code] = text
    return result


def _select_stored_values(unit_id, *periods):
    return Value.select(Value.period, Value.code, Value.value).where(
        (Value.unit == unit_id) & (Value.period.in_(periods))
    )


def data_version(excluding: str | None = None) -> int:
    """A number that grows with every stored change (the newest audit row): cheap to ask, to know
    whether figures read earlier are still current. `excluding`: a unit whose own changes do not count
    (what a parent's window keeps of its children stays current while its clerk types)."""
    if excluding is None:
        row = compiled.run(("data_version",), _select_data_version, []).fetchone()
    else:
        row = compiled.run(("data_version_excluding",), _select_data_version, [excluding]).fetchone()
    return (row[0] if row else None) or 0


def _select_data_version(*excluding):
    query = Audit.select(fn.MAX(Audit.id))
    return query.where(Audit.unit_code != excluding[0]) if excluding else query


def last_update(unit: Unit, periods: Iterable[str]) -> datetime | None:
    """When the unit's values for these periods last changed, or None if it has none."""
    return last_updates([unit], periods)[unit.id]


def periods_with_values(unit: Unit) -> set[str]:
    return {row[0] for row in Value.select(Value.period).where(Value.unit == unit.id).distinct().tuples()}


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


def rename_unit_code(old: str, new: str) -> Unit:
    """Change a unit's code in one audited transaction (its children follow)."""
    with database.atomic():
        UnitRow.update(code=new).where(UnitRow.code == old).execute()
        UnitRow.update(parent_code=new).where(UnitRow.parent_code == old).execute()
        audit("doi_ma_don_vi", old, old=old, new=new)
        return unit_by_code(new)


def replace_period_values(unit: Unit, period: str, texts: Mapping[str, str], version: str, action: str) -> int:
    """Replace all values of a unit's period (import): removed and changed values stay in the audit log."""
    with database.atomic():
        lock_unit(unit)  # before reading what is replaced: no other import writes in between
        current = stored_values(unit, [period])[period]
        changes: dict[str, str | None] = {code: None for code in current if code not in texts}
        changes.update(texts)
        return write_values(unit, period, changes, version, action)


def explanations(unit: Unit, periods: Iterable[str]) -> dict[tuple[str, str], str]:
    """{(period, rule): text}."""
    periods = list(periods)
    cursor = compiled.run(("explanations", len(periods)), _select_explanations, [unit.id, *periods])
    return {(period, rule): text for period, rule, text in cursor.fetchall()}


def _select_explanations(unit_id, *periods):
    return Explanation.select(Explanation.period, Explanation.rule, Explanation.text).where(
        (Explanation.unit == unit_id) & (Explanation.period.in_(periods))
    )


def save_explanation(unit: Unit, period: str, rule: str, text: str | None) -> None:
    """Store (None: remove) a giải trình; refused (PeriodLocked) once the period is submitted."""
    with database.atomic():
        lock_unit(unit)
        refuse_if_locked(unit, period, "giải trình")
        row = Explanation.get_or_none(
            (Explanation.unit == unit.id) & (Explanation.period == period) & (Explanation.rule == rule)
        )
        old = row.text if row else None
        if text is None:
            if row:
                row.delete_instance()
        elif row:
            row.text, row.author, row.at = text, current_user(), now()
            row.save()
        else:
            Explanation.create(unit=unit.id, period=period, rule=rule, text=text, author=current_user(), at=now())
        audit("giai_trinh", unit.code, period, rule, old, text)


def status_of(unit: Unit, period: str) -> StatusRecord | None:
    return status_record(_status_row(unit, period))


def _status_row(unit: Unit, period: str) -> PeriodStatus | None:
    return PeriodStatus.get_or_none((PeriodStatus.unit == unit.id) & (PeriodStatus.period == period))


def set_status(unit: Unit, period: str, status: str, reason: str = "") -> None:
    """Submit or reopen a report period, holding the unit's write lock: a write of the unit's values
    is wholly before or wholly after it."""
    with database.atomic():
        lock_unit(unit)
        row = _status_row(unit, period)
        old = row.status if row else "open"
        if row is None:
            PeriodStatus.create(
                unit=unit.id, period=period, status=status, author=current_user(), at=now(), reason=reason
            )
        else:
            row.status, row.author, row.at, row.reason = status, current_user(), now(), reason
            row.save()
        audit("trang_thai", unit.code, period, "", old, status if not reason else f"{status}: {reason}")


def stored_template_versions() -> set[str]:
    """The template versions that values of the open database were stored with."""
    return {row[0] for row in Value.select(Value.template_version).distinct().tuples()}


def get_setting(key: str, default: str = "") -> str:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else default


def settings_starting(prefix: str) -> dict[str, str]:
    """Every setting whose key starts with `prefix` and that holds a value, in one query."""
    query = Setting.select(Setting.key, Setting.value).where(Setting.key.startswith(prefix) & (Setting.value != ""))
    return {row.key: row.value for row in query}


def put_setting(key: str, value: str) -> None:
    with database.atomic():
        old = get_setting(key, None)
        Setting.insert(key=key, value=value).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value}
        ).execute()
        if old != value:
            audit("cai_dat", code=key, old=old, new=value)


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
