"""Sums in the database: a parent's children's figures added up by SQL (GROUP BY), not loaded into Python.

What is added up here are the children whose months are regular (each figure they hold is in every
month holding figures, each stored integer as the program writes it), read through the query builder
on both engines; the caller decides which figures may be added so (forms.aggregate) and reads the
other children one by one, as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from peewee import SQL, Case, fn

from db.models import Unit, Value, database


@dataclass
class RegularSums:
    """The regular children of a parent of one entry frequency, for the entry periods asked.

    `units`: their ids (and the last month holding figures of each); `levels`: how many of each level;
    `holders[(code, level)]`: how many of them hold the figure; `totals[code]`: their sum, of every month
    (`over` = "sum") or of each one's last month holding figures ("last")."""

    units: dict[int, str] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    holders: dict[tuple[str, str], int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)


def other_versions(parent_code: str, periods: Sequence[str], version: str) -> bool:
    """Whether a child of the parent holds, in `periods`, a value stored with another template version."""
    children = Unit.select(Unit.id).where(Unit.parent_code == parent_code)
    query = (
        Value.select(SQL("1"))
        .where(Value.period.in_(list(periods)) & (Value.template_version != version) & Value.unit.in_(children))
        .limit(1)
    )
    return database.execute(query).fetchone() is not None


def regular_sums(
    parent_code: str,
    frequency: str,
    entries: Sequence[str],
    figures: Iterable[str],
    by_time: dict[str, str],
    excluded: Iterable[int] = (),
) -> RegularSums:
    """The sums of the parent's children entering at `frequency` over their `entries` (entry periods).

    `figures`: the codes that make a month hold figures (the template's non-text ones); `by_time`:
    integer code → "sum" or "last", the figures added up here. A child is left out (for the caller to
    read) when a figure it holds is missing from one of its months holding figures, or when one of the
    texts of `by_time` is not an integer as the program writes it; `excluded`: left out as well."""
    figures, entries, excluded = list(figures), list(entries), list(excluded)
    engine = database.obj
    integers = list(by_time)
    children = Unit.select(Unit.id).where((Unit.parent_code == parent_code) & (Unit.frequency == frequency))
    if excluded:
        children = children.where(Unit.id.not_in(excluded))
    odd = fn.SUM(Case(None, [(Value.code.in_(integers) & engine.not_integer_text(Value.value), 1)], 0))
    regular = (
        Value.select(Value.unit.alias("unit_id"), fn.MAX(Value.period).alias("last"))
        .where(Value.unit.in_(children) & Value.period.in_(entries) & Value.code.in_(figures))
        .group_by(Value.unit)
        .having(
            (fn.COUNT(SQL("*")) == fn.COUNT(Value.code.distinct()) * fn.COUNT(Value.period.distinct())) & (odd == 0)
        )
        .alias("regular")
    )
    result = RegularSums()
    query = Unit.select(Unit.id, regular.c.last, Unit.level).join(regular, on=(Unit.id == regular.c.unit_id)).tuples()
    for unit_id, last, level in database.execute(query):
        result.units[unit_id] = last
        result.levels[level] = result.levels.get(level, 0) + 1
    if not result.units:
        return result
    is_last = Value.period == regular.c.last
    summed = [code for code, over in by_time.items() if over == "sum"]
    lasts = [code for code, over in by_time.items() if over == "last"]
    number = engine.as_integer(Value.value)
    query = (
        Value.select(
            Value.code,
            Unit.level,
            fn.SUM(Case(None, [(is_last, 1)], 0)),
            fn.SUM(Case(None, [(Value.code.in_(summed), number)], None)),
            fn.SUM(Case(None, [(is_last & Value.code.in_(lasts), number)], None)),
        )
        .join(regular, on=(Value.unit == regular.c.unit_id))
        .join(Unit, on=(Value.unit == Unit.id))
        .where(Value.period.in_(entries) & Value.code.in_(figures))
        .group_by(Value.code, Unit.level)
        .tuples()
    )
    for code, level, holders, over_all, at_last in database.execute(query):
        result.holders[(code, level)] = int(holders)
        part = over_all if code in summed else at_last
        if part is not None:
            result.totals[code] = result.totals.get(code, 0) + int(part)
    return result
