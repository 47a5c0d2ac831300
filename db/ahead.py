"""Reads ahead: what one action of a person asks for, in as few queries as the engine allows (issue 20,
item 4).

A typed figure or a period switch shows and checks one unit's period: it needs this installation's unit
and its children, the values of the periods shown and compared, the giải trình of the periods checked
and the report period's drafts. Asked one by one, that is five round trips before the first field is
drawn; here it is two: the unit with its children, then the period's values, explanations and drafts
together (one UNION ALL, each row tagged with what it is). They serve one action only (the caller keeps
them no longer): a write still decides inside its own transaction on what it reads there (db.guards).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from peewee import SQL

from db import compiled
from db.models import Explanation, Setting, Value, database
from db.models import Unit as UnitRow
from db.records import Unit
from db.unit_checks import checked

_VALUE, _EXPLANATION, _SETTING = "v", "e", "s"


def natural_key(code: str) -> tuple:
    """Codes in the order a person counts them: P2 before P10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", code) if part)


def units_from(cursor) -> list[Unit]:
    """The units a compiled query found, their values converted as the model converts them."""
    fields = UnitRow._meta.columns
    names = [fields[column[0]].name for column in cursor.description]
    converters = [fields[column[0]].python_value for column in cursor.description]
    return [
        Unit(**{name: convert(value) for name, convert, value in zip(names, converters, row, strict=True)})
        for row in cursor.fetchall()
    ]


def _select_self_and_children(limit, also_limit):
    mine = UnitRow.alias()
    first = mine.select(mine.id).where(SQL("is_self")).order_by(mine.id).limit(limit)
    code = mine.select(mine.code).where(SQL("is_self")).order_by(mine.id).limit(also_limit)
    return UnitRow.select().where((UnitRow.id == first) | (UnitRow.parent_code == code))


def self_and_children() -> tuple[Unit | None, list[Unit]]:
    """This installation's unit and its children (as `store.children_of` orders them), in one query;
    (None, []) when no unit is this installation's."""
    found = units_from(compiled.run(("self_and_children",), _select_self_and_children, [1, 1]))
    own = min((unit for unit in found if unit.is_self), key=lambda unit: unit.id, default=None)
    if own is None:
        return None, []
    children = [unit for unit in found if unit.id != own.id and unit.parent_code == own.code]
    return checked(own), sorted((checked(unit) or unit for unit in children), key=lambda unit: natural_key(unit.code))


@dataclass
class PeriodReads:
    """One unit's period data read together: {period: [(code, text, template version)]}, its giải
    trình {(period, rule): text} and the settings starting with the prefix asked ({key: text})."""

    values: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    explanations: dict[tuple[str, str], str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)


def period_reads(
    unit: Unit, periods: Iterable[str], explained: Iterable[str] = (), prefix: str | None = None
) -> PeriodReads:
    """The unit's values of `periods`, its giải trình of `explained` and (`prefix` given) the settings
    whose key starts with it and that hold a value (as `store.settings_starting`), in ONE query."""
    periods, explained = list(dict.fromkeys(periods)), list(dict.fromkeys(explained))
    found = PeriodReads(values={period: [] for period in periods})
    parts = []
    if periods:
        parts.append(
            Value.select(SQL(f"'{_VALUE}'"), Value.period, Value.code, Value.value, Value.template_version).where(
                (Value.unit == unit.id) & Value.period.in_(periods)
            )
        )
    if explained:
        parts.append(
            Explanation.select(
                SQL(f"'{_EXPLANATION}'"), Explanation.period, Explanation.rule, Explanation.text, SQL("''")
            ).where((Explanation.unit == unit.id) & Explanation.period.in_(explained))
        )
    if prefix is not None:
        parts.append(
            Setting.select(SQL(f"'{_SETTING}'"), SQL("''"), Setting.key, Setting.value, SQL("''")).where(
                Setting.key.startswith(prefix) & (Setting.value != "")
            )
        )
    if not parts:
        return found
    query = parts[0]
    for part in parts[1:]:
        query = query.union_all(part)
    # The driver's rows as they are: peewee's per-field conversion costs more than the read.
    for tag, period, key, text, version in database.execute(query):
        if tag == _VALUE:
            found.values[period].append((key, text, version))
        elif tag == _EXPLANATION:
            found.explanations[(period, key)] = text
        else:
            found.settings[key] = text
    return found
