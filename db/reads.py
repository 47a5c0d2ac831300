"""Reads of many units at once (consolidation, completeness, template versions): one query each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from peewee import JOIN, Select, fn
from peewee import Value as Literal

from db import compiled
from db.models import Audit, Explanation, PeriodStatus, Value
from db.models import Unit as UnitRow
from db.records import Unit
from db.state import damage_found, opened_state
from forms.errors import UserError
from forms.periods import parse_period

STATUSES = ("open", "submitted")


def values_of_units(units: Iterable[Unit], periods: Iterable[str]) -> dict[tuple[int, str], dict[str, str]]:
    """Stored texts of several units and periods in one query: {(unit_id, period): {code: text}}."""
    ids = [unit.id for unit in units]
    periods = list(periods)
    result: dict[tuple[int, str], dict[str, str]] = {(uid, p): {} for uid in ids for p in periods}
    if not ids or not periods:
        return result
    query = Value.select(Value.unit, Value.period, Value.code, Value.value).where(
        Value.unit.in_(ids) & Value.period.in_(periods)
    )
    for unit_id, period, code, text in query.tuples():
        result[(unit_id, period)][code] = text
    return result


def last_updates(units: Iterable[Unit], periods: Iterable[str]) -> dict[int, datetime | None]:
    """When each unit's values for these periods last changed (None: no value), in one query."""
    ids = [unit.id for unit in units]
    periods = list(periods)
    result: dict[int, datetime | None] = dict.fromkeys(ids)
    if not ids or not periods:
        return result
    query = (
        Value.select(Value.unit, fn.MAX(Value.updated_at))
        .where(Value.unit.in_(ids) & Value.period.in_(periods))
        .group_by(Value.unit)
    )
    for unit_id, stamp in query.tuples():
        result[unit_id] = _as_datetime(stamp)
    return result


def updates_by_period(units: Iterable[Unit], periods: Iterable[str]) -> dict[int, dict[str, datetime]]:
    """For each unit, the periods among these that hold values and when each last changed, in one query:
    one seek of the index (unit_id, period, updated_at) per unit and period (a province's children's
    year is four million values; their stamps are not read one by one)."""
    ids = [unit.id for unit in units]
    periods = list(periods)
    result: dict[int, dict[str, datetime]] = {unit_id: {} for unit_id in ids}
    if not ids or not periods:
        return result
    asked = None
    for period in periods:
        one = Select(columns=[Literal(period).alias("period")])
        asked = one if asked is None else asked.union_all(one)
    asked = asked.alias("asked")
    latest = Value.select(fn.MAX(Value.updated_at)).where((Value.unit == UnitRow.id) & (Value.period == asked.c.period))
    query = (
        UnitRow.select(UnitRow.id, asked.c.period, latest.alias("stamp"))
        .join(asked, JOIN.CROSS)
        .where(UnitRow.id.in_(ids))
        .tuples()
    )
    for unit_id, period, stamp in query:
        if stamp is not None:
            result[unit_id][period] = _as_datetime(stamp)
    return result


def last_imports(unit_codes: Iterable[str], periods: Iterable[str], chunk: int = 400) -> dict[str, tuple]:
    """The latest import record (`nhap_tep` audit row) of each unit for any of these periods, a few
    hundred units a query: {unit_code: (at, period, new)} where `new` is the file's JSON record."""
    codes, periods = list(dict.fromkeys(unit_codes)), list(periods)
    result: dict[str, tuple] = {}
    if not periods:
        return result
    for start in range(0, len(codes), chunk):
        part = codes[start : start + chunk]
        query = (
            Audit.select(Audit.unit_code, Audit.at, Audit.period, Audit.new)
            .where((Audit.action == "nhap_tep") & Audit.unit_code.in_(part) & Audit.period.in_(periods))
            .order_by(Audit.id)
        )
        for code, at, period, new in query.tuples():
            result[code] = (_as_datetime(at, f"thời điểm nhập tệp của đơn vị {code}"), period, new)
    return result


def deadline_days() -> dict[str, str]:
    """Every unit's deadline day as stored ("" = the default), by code, in one query."""
    query = UnitRow.select(UnitRow.code, UnitRow.deadline_day).where(UnitRow.deadline_day != "").tuples()
    return dict(query)


def _as_datetime(stamp, what: str = "thời điểm lưu một giá trị") -> datetime | None:
    """A stored time as a datetime; a text that is not one is damage (the program never writes it)."""
    if isinstance(stamp, str):
        try:
            return datetime.fromisoformat(stamp)
        except ValueError:
            raise damage_found(f"{what} là “{stamp[:40]}”, không phải ngày giờ") from None
    return stamp


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
    # The driver's rows as they are (ids, texts): peewee's per-field conversion of each row would cost
    # more than the read itself for a province's thousand communes.
    for unit_id, period, code, text, version in Value._meta.database.execute(query):
        result[(unit_id, period)].append((code, text, version))
    return result


def versions_other_than(known: Iterable[str]) -> dict[str, list[str]]:
    """Template versions the stored values use that are not in `known`, with the periods holding
    them. Asked at every open: each distinct version is found by one seek on the index of
    (template_version, period) (a loose index scan), not by reading every value."""
    known = set(known)
    found: dict[str, list[str]] = {}
    version = ""
    while True:
        query = Value.select(Value.template_version).where(Value.template_version > version)
        version = query.order_by(Value.template_version).limit(1).scalar()
        if version is None:
            return found
        if version not in known:
            found[version] = periods_of_version(version)


def periods_of_version(version: str) -> list[str]:
    """The periods holding values stored with `version`, in text order: one seek on the index of
    (template_version, period) per period, however many values each holds."""
    periods: list[str] = []
    while True:
        condition = Value.template_version == version
        if periods:
            condition &= Value.period > periods[-1]
        found = Value.select(fn.MIN(Value.period)).where(condition).scalar()
        if found is None:
            return periods
        periods.append(found)


def versions_in(periods: Iterable[str], versions: Iterable[str]) -> set[str]:
    """Which of `versions` values stored for any of `periods` (any unit) were written with: one
    seek on the index of (template_version, period) per version."""
    periods = list(periods)
    if not periods:
        return set()
    key = ("version_in", len(periods))  # asked when a period is opened: compiled once per shape
    return {
        version
        for version in versions
        if compiled.run(key, _select_version_in, [version, 1, *periods]).fetchone() is not None
    }


def _select_version_in(version, limit, *periods):
    query = Value.select(Value.id).where((Value.template_version == version) & Value.period.in_(periods))
    return query.limit(limit)


def stray_value() -> str | None:
    """A stored value that no unit or no report period owns, described (None when there is none): no
    reading of a unit's period ever meets it, so without this look it would be a figure silently missing
    from every total; a submission (lock) or an explanation of no period, or a status the program never
    writes, likewise. Looked for once per opening: one seek per unit and per period holding values (not
    a scan of the value table: a second on a province's database), a scan of the small status and
    explanation tables (a unit deleted by the program takes its values with it, and every period
    the program stores is one it can read)."""
    state = opened_state()
    looked = state.looked if state is not None else {}
    if "stray" not in looked:
        looked["stray"] = _first_stray()
    return looked["stray"]


def _first_stray() -> str | None:
    orphan = _distinct(Value.unit, not_in=UnitRow.select(UnitRow.id)).limit(1).scalar()
    if orphan is not None:
        code, period = Value.select(Value.code, Value.period).where(Value.unit == orphan).limit(1).tuples().first()
        return (
            f"giá trị mã {code} kỳ “{str(period)[:20]}” thuộc đơn vị số {orphan}, không còn trong danh sách đơn vị "
            "(số liệu này không được tính vào đâu)"
        )
    for (period,) in _distinct(Value.period).tuples():
        if not _is_period(period):
            code = Value.select(Value.code).where(Value.period == period).limit(1).scalar()
            return (
                f"giá trị mã {code} được lưu cho kỳ “{str(period)[:20]}”, không phải một kỳ báo cáo "
                "(số liệu này không được tính vào kỳ nào)"
            )
    for period, status in PeriodStatus.select(PeriodStatus.period, PeriodStatus.status).tuples():
        if not _is_period(period):  # a submission whose period is lost: the period would look open
            return f"trạng thái gửi (khóa) được lưu cho kỳ “{str(period)[:20]}”, không phải một kỳ báo cáo"
        if status not in STATUSES:
            return f"trạng thái của kỳ {period} được lưu là “{str(status)[:20]}”, không phải “mở” hay “đã gửi”"
    for (period,) in Explanation.select(Explanation.period).distinct().tuples():
        if not _is_period(period):
            return f"giải trình được lưu cho kỳ “{str(period)[:20]}”, không phải một kỳ báo cáo"
    return None


def _distinct(field, not_in: Select | None = None) -> Select:
    """The distinct values of an indexed column of the value table (those `not_in` a subquery's), as a
    query: one seek on the column's index per distinct value (a loose index scan, in one statement on
    both engines), not a scan of every value: a province's millions of values hold a few thousand units
    and a few dozen periods."""
    seen = Value.select(fn.MIN(field).alias("id")).cte("seen", recursive=True, columns=("id",))
    step = Value.select(fn.MIN(field)).where(field > seen.c.id)
    walk = seen.union_all(Select((seen,), (step,)).where(seen.c.id.is_null(False)))
    query = walk.select_from(walk.c.id).where(walk.c.id.is_null(False))
    return query if not_in is None else query.where(walk.c.id.not_in(not_in))


def _is_period(text) -> bool:
    try:
        parse_period(str(text))
    except UserError:
        return False
    return True


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


def explanations(unit: Unit, periods: Iterable[str]) -> dict[tuple[str, str], str]:
    """{(period, rule): text}."""
    periods = list(periods)
    cursor = compiled.run(("explanations", len(periods)), _select_explanations, [unit.id, *periods])
    return {(period, rule): text for period, rule, text in cursor.fetchall()}


def units_explanations(units: Iterable[Unit], periods: Iterable[str]) -> dict[tuple[int, str, str], str]:
    """{(unit id, period, rule): text} of several units, in one query."""
    ids, periods = [unit.id for unit in units], list(periods)
    if not ids or not periods:
        return {}
    query = Explanation.select(Explanation.unit, Explanation.period, Explanation.rule, Explanation.text).where(
        Explanation.unit.in_(ids) & Explanation.period.in_(periods)
    )
    return {(unit_id, period, rule): text for unit_id, period, rule, text in query.tuples()}


def _select_explanations(unit_id, *periods):
    return Explanation.select(Explanation.period, Explanation.rule, Explanation.text).where(
        (Explanation.unit == unit_id) & (Explanation.period.in_(periods))
    )
