"""Queries and writes of units, values, explanations and statuses; every write is audited."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable, Mapping
from datetime import datetime

from peewee import fn

from db.models import Audit, Explanation, PeriodStatus, Setting, Unit, Value, database


def current_user() -> str:
    """Who makes a change: the operating-system user."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems; still record something
        return "không rõ"


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def audit(action: str, unit_code: str = "", period: str = "", code: str = "", old=None, new=None) -> None:
    Audit.create(
        at=now(), author=current_user(), action=action, unit_code=unit_code, period=period, code=code, old=old, new=new
    )


def self_unit() -> Unit | None:
    cursor = database.execute_sql("SELECT * FROM unit WHERE is_self = 1 ORDER BY id LIMIT 1")
    row = cursor.fetchone()
    if row is None:
        return None
    unit = Unit(**dict(zip([column[0] for column in cursor.description], row, strict=True)))
    unit._dirty.clear()
    return unit


def unit_by_code(code: str) -> Unit | None:
    return Unit.get_or_none(Unit.code == code)


def children_of(unit: Unit) -> list[Unit]:
    return list(Unit.select().where(Unit.parent_code == unit.code).order_by(Unit.code))


def all_units() -> list[Unit]:
    return list(Unit.select().order_by(Unit.is_self.desc(), Unit.code))


def unit_recipients(unit: Unit) -> list[str]:
    return json.loads(unit.recipients or "[]")


def save_unit(fields: Mapping[str, object], is_self: bool) -> Unit:
    """Create or update a unit by code (audited)."""
    data = dict(fields)
    if isinstance(data.get("recipients"), list):
        data["recipients"] = json.dumps(data["recipients"], ensure_ascii=False)
    with database.atomic():
        unit = unit_by_code(str(data["code"]))
        if unit is None:
            unit = Unit.create(created_at=now(), is_self=is_self, **data)
            audit("tao_don_vi", unit.code, new=json.dumps(data, ensure_ascii=False, default=str))
        else:
            old = {key: getattr(unit, key) for key in data}
            for key, value in data.items():
                setattr(unit, key, value)
            unit.is_self = unit.is_self or is_self
            unit.save()
            audit(
                "sua_don_vi",
                unit.code,
                old=json.dumps(old, ensure_ascii=False, default=str),
                new=json.dumps(data, ensure_ascii=False, default=str),
            )
    return unit


def stored_values(unit: Unit, periods: Iterable[str]) -> dict[str, dict[str, str]]:
    """Raw stored texts per period for a unit: {period: {code: text}}."""
    periods = list(periods)
    result: dict[str, dict[str, str]] = {period: {} for period in periods}
    if not periods:
        return result
    query = Value.select(Value.period, Value.code, Value.value).where(
        (Value.unit == unit) & (Value.period.in_(periods))
    )
    for period, code, text in query.tuples():
        result[period][code] = text
    return result


def data_version() -> int:
    """A number that grows with every stored change (the newest audit row): cheap to ask, to know
    whether figures read earlier are still current."""
    return Audit.select(fn.MAX(Audit.id)).scalar() or 0


def last_update(unit: Unit, periods: Iterable[str]) -> datetime | None:
    """When the unit's values for these periods last changed, or None if it has none."""
    stamp = (
        Value.select(fn.MAX(Value.updated_at)).where((Value.unit == unit) & (Value.period.in_(list(periods)))).scalar()
    )
    if isinstance(stamp, str):
        return datetime.fromisoformat(stamp)
    return stamp


def periods_with_values(unit: Unit) -> set[str]:
    return {row[0] for row in Value.select(Value.period).where(Value.unit == unit).distinct().tuples()}


_UPSERT = (
    "INSERT INTO value (unit_id, period, code, value, template_version, updated_at, updated_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id, period, code) DO UPDATE SET "
    "value = excluded.value, template_version = excluded.template_version, "
    "updated_at = excluded.updated_at, updated_by = excluded.updated_by"
)
_DELETE = "DELETE FROM value WHERE unit_id = ? AND period = ? AND code = ?"
_AUDIT = "INSERT INTO audit (at, author, action, unit_code, period, code, old, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"


def write_values(unit: Unit, period: str, changes: Mapping[str, str | None], version: str, action: str = "nhap") -> int:
    """Store texts (None deletes) in one transaction with one audit row per real change.

    Plain parameterized SQL (portable to PostgreSQL): this is the hot path of data entry.
    """
    user, stamp = current_user(), now().isoformat(sep=" ")
    codes = list(changes)
    written = 0
    with database.atomic():
        marks = ", ".join("?" for _ in codes)
        existing = dict(
            database.execute_sql(
                f"SELECT code, value FROM value WHERE unit_id = ? AND period = ? AND code IN ({marks})",
                (unit.id, period, *codes),
            ).fetchall()
        )
        for code, text in changes.items():
            old = existing.get(code)
            if old == text:
                continue
            if text is None:
                database.execute_sql(_DELETE, (unit.id, period, code))
            else:
                database.execute_sql(_UPSERT, (unit.id, period, code, text, version, stamp, user))
            database.execute_sql(_AUDIT, (stamp, user, action, unit.code, period, code, old, text))
            written += 1
    return written


def replace_period_values(unit: Unit, period: str, texts: Mapping[str, str], version: str, action: str) -> int:
    """Replace all values of a unit's period (import): removed and changed values stay in the audit log."""
    with database.atomic():
        current = stored_values(unit, [period])[period]
        changes: dict[str, str | None] = {code: None for code in current if code not in texts}
        changes.update(texts)
        return write_values(unit, period, changes, version, action)


def explanations(unit: Unit, periods: Iterable[str]) -> dict[tuple[str, str], str]:
    """{(period, rule): text}."""
    query = Explanation.select(Explanation.period, Explanation.rule, Explanation.text).where(
        (Explanation.unit == unit) & (Explanation.period.in_(list(periods)))
    )
    return {(period, rule): text for period, rule, text in query.tuples()}


def save_explanation(unit: Unit, period: str, rule: str, text: str | None) -> None:
    with database.atomic():
        row = Explanation.get_or_none(
            (Explanation.unit == unit) & (Explanation.period == period) & (Explanation.rule == rule)
        )
        old = row.text if row else None
        if text is None:
            if row:
                row.delete_instance()
        elif row:
            row.text, row.author, row.at = text, current_user(), now()
            row.save()
        else:
            Explanation.create(unit=unit, period=period, rule=rule, text=text, author=current_user(), at=now())
        audit("giai_trinh", unit.code, period, rule, old, text)


def status_of(unit: Unit, period: str) -> PeriodStatus | None:
    return PeriodStatus.get_or_none((PeriodStatus.unit == unit) & (PeriodStatus.period == period))


def submitted_periods(unit: Unit) -> list[str]:
    cursor = database.execute_sql(
        "SELECT period FROM period_status WHERE unit_id = ? AND status = 'submitted'", (unit.id,)
    )
    return [row[0] for row in cursor.fetchall()]


def set_status(unit: Unit, period: str, status: str, reason: str = "") -> None:
    with database.atomic():
        row = status_of(unit, period)
        old = row.status if row else "open"
        if row is None:
            PeriodStatus.create(unit=unit, period=period, status=status, author=current_user(), at=now(), reason=reason)
        else:
            row.status, row.author, row.at, row.reason = status, current_user(), now(), reason
            row.save()
        audit("trang_thai", unit.code, period, "", old, status if not reason else f"{status}: {reason}")


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


def values_of_units(units: Iterable[Unit], periods: Iterable[str]) -> dict[tuple[int, str], dict[str, str]]:
    """Raw stored texts of several units and periods in one query: {(unit_id, period): {code: text}}."""
    units, periods = list(units), list(periods)
    result: dict[tuple[int, str], dict[str, str]] = {(u.id, p): {} for u in units for p in periods}
    if not units or not periods:
        return result
    query = Value.select(Value.unit, Value.period, Value.code, Value.value).where(
        Value.unit.in_([u.id for u in units]) & Value.period.in_(periods)
    )
    for unit_id, period, code, text in query.tuples():
        result[(unit_id, period)][code] = text
    return result


def last_updates(units: Iterable[Unit], periods: Iterable[str]) -> dict[int, datetime | None]:
    """When each unit's values for these periods last changed (None: it has none), in one query."""
    units, periods = list(units), list(periods)
    result: dict[int, datetime | None] = {u.id: None for u in units}
    if not units or not periods:
        return result
    query = (
        Value.select(Value.unit, fn.MAX(Value.updated_at))
        .where(Value.unit.in_([u.id for u in units]) & Value.period.in_(periods))
        .group_by(Value.unit)
    )
    for unit_id, stamp in query.tuples():
        result[unit_id] = datetime.fromisoformat(stamp) if isinstance(stamp, str) else stamp
    return result


def versioned_values(
    units: Iterable[Unit], periods: Iterable[str]
) -> dict[tuple[int, str], list[tuple[str, str, str]]]:
    """Stored values with the template version each was written with, several units and periods in
    one query: {(unit_id, period): [(code, text, template_version)]}."""
    units, periods = list(units), list(periods)
    result: dict[tuple[int, str], list[tuple[str, str, str]]] = {(u.id, p): [] for u in units for p in periods}
    if not units or not periods:
        return result
    query = Value.select(Value.unit, Value.period, Value.code, Value.value, Value.template_version).where(
        Value.unit.in_([u.id for u in units]) & Value.period.in_(periods)
    )
    for unit_id, period, code, text, version in query.tuples():
        result[(unit_id, period)].append((code, text, version))
    return result
