"""The door to the data: units, settings, giải trình and statuses here; the reads (db.reads, db.guards, db.ahead)
and the writes of values (db.value_writes) re-exported, so the app names one module. Every write is audited."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime

from peewee import SQL, fn

from db import compiled
from db.ahead import natural_key, period_reads, self_and_children, units_from  # noqa: F401
from db.audit import audit, current_user  # noqa: F401
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
    explanations,
    last_imports,
    last_updates,
    periods_of_version,
    stored_values,
    stray_value,
    units_explanations,
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
from db.value_writes import (  # noqa: F401
    import_unit_periods,
    period_texts,
    replace_period_values,
    write_file_values,
    write_values,
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


def rename_unit_code(old: str, new: str) -> Unit:
    """Change a unit's code in one audited transaction (its children follow)."""
    with database.atomic():
        UnitRow.update(code=new).where(UnitRow.code == old).execute()
        UnitRow.update(parent_code=new).where(UnitRow.parent_code == old).execute()
        audit("doi_ma_don_vi", old, old=old, new=new)
        return unit_by_code(new)


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


def put_settings(values: Mapping[str, str]) -> None:
    """Several settings in one transaction: all stored, or (on a failure) none."""
    with database.atomic():
        for key, value in values.items():
            put_setting(key, value)


def put_setting(key: str, value: str) -> None:
    with database.atomic():
        old = get_setting(key, None)
        Setting.insert(key=key, value=value).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value}
        ).execute()
        if old != value:
            audit("cai_dat", code=key, old=old, new=value)
