"""Sums in the database: a parent's children's figures added up by SQL (GROUP BY), not loaded into Python.

What is added up here are the children whose months are regular (each figure they hold is in every
month holding figures, each stored integer as the program writes it), read through the query builder
on both engines; the caller decides which figures may be added so (forms.aggregate) and reads the
other children one by one, as before.

Two reads, each one pass over the rows of the children's periods, none of them testing a code list
row by row: the months of each child (how many, the last) from the index (unit_id, period, code)
alone; then, for the children sharing the most common last month, how many rows and what sum per
month, figure and level (by the index (period, code, unit_id, value) on SQLite, in the order of the
GROUP BY: no sort of millions of rows). A child is regular when every figure the children hold is in
every one of their months (each figure counted as often as their months together); when one is not,
the children are told apart by a third read (each one's figures and months), as rarely needed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from peewee import SQL, Case, Select, fn
from peewee import Value as Literal

from db.models import Unit, Value, database
from db.reads import versions_other_than

MAX_LISTED = 30_000  # ids written into one statement (SQLite takes 32,766 parameters)


@dataclass
class RegularSums:
    """The regular children of a parent of one entry frequency, for the entry periods asked.

    `units`: their ids (and the last month holding figures of each); `levels`: how many of each level;
    `holders[(code, level)]`: how many of them hold the figure; `totals[code]`: their sum, of every month
    (`over` = "sum") or of each one's last month holding figures ("last"); `by_level[(code, level)]`: the
    same sum for the children of one level; `odd`: a text of `by_time` is not an integer as the program
    writes it (none of the sums is then to be used: the caller reads every child, as the model)."""

    units: dict[int, str] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    holders: dict[tuple[str, str], int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    by_level: dict[tuple[str, str], int] = field(default_factory=dict)
    odd: bool = False


def other_versions(parent_code: str, periods: Sequence[str], version: str) -> bool:
    """Whether a child of the parent holds, in `periods`, a value stored with another template version."""
    periods = set(periods)
    others = [other for other, held in versions_other_than([version]).items() if periods.intersection(held)]
    if not others:  # as a rule: one seek of the index (template_version, period) per version stored
        return False
    children = Unit.select(Unit.id).where(Unit.parent_code == parent_code)
    query = (
        Value.select(SQL("1"))
        .where(Value.template_version.in_(others) & Value.period.in_(sorted(periods)) & Value.unit.in_(children))
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
    read) when a figure it holds is missing from one of its months holding figures, when it holds
    another code (a text) in them, or when its last month is not the one most children share;
    `excluded`: left out as well."""
    figures, entries, excluded = set(figures), list(entries), set(excluded)
    children = Unit.select(Unit.id).where((Unit.parent_code == parent_code) & (Unit.frequency == frequency))
    level_of = {
        unit_id: level
        for unit_id, level in database.execute(children.select(Unit.id, Unit.level).tuples())
        if unit_id not in excluded
    }
    months = _months(Unit.select(Unit.id), entries)  # every unit's: whose rows the periods hold
    lasts = {unit_id: last for unit_id, (last, _) in months.items() if unit_id in level_of}
    result = RegularSums()
    if not lasts:
        return result
    common = Counter(lasts.values()).most_common(1)[0][0]
    chosen = {unit_id for unit_id, last in lasts.items() if last == common}
    rows = _sums(chosen, set(months), level_of, entries, by_time)
    if rows is None:
        result.odd = True
        return result
    expected = {level: 0 for level in level_of.values()}
    for unit_id in chosen:
        expected[level_of[unit_id]] += months[unit_id][1]
    counted: dict[tuple[str, str], int] = {}
    for code, level, _, count, _, _ in rows:
        counted[(code, level)] = counted.get((code, level), 0) + count
    if any(code not in figures or count != expected[level] for (code, level), count in counted.items()):
        chosen = _regular(children, chosen, entries, figures)  # some child is not regular: which
        if not chosen:
            return result
        rows = _sums(chosen, set(months), level_of, entries, by_time)
        if rows is None:
            result.odd = True
            return result
    for code, level, period, count, odd, total in rows:
        over = by_time.get(code)
        if over is not None and odd:
            result.odd = True
        if period == common:
            result.holders[(code, level)] = int(count)
        if total is None or over is None or (over == "last" and period != common):
            continue
        result.totals[code] = result.totals.get(code, 0) + int(total)
        result.by_level[(code, level)] = result.by_level.get((code, level), 0) + int(total)
    for unit_id in chosen:
        result.units[unit_id] = common
        result.levels[level_of[unit_id]] = result.levels.get(level_of[unit_id], 0) + 1
    return result


def _months(children, entries: list[str]) -> dict[int, tuple[str, int]]:
    """unit id → (its last entry period holding rows, how many of them): one seek of the index
    (unit_id, period, code) per child and period, not a read of every row. (OFFSET 0 keeps
    PostgreSQL from turning the EXISTS into a join over the whole table.)"""
    held = None
    for period in entries:
        seek = Value.select(SQL("1")).where((Value.unit == Unit.id) & (Value.period == period)).offset(0)
        part = children.select(Unit.id.alias("unit_id"), Literal(period).alias("period")).where(fn.EXISTS(seek))
        held = part if held is None else held.union_all(part)
    held = held.alias("held")
    query = (
        Select([held], [held.c.unit_id, fn.MAX(held.c.period), fn.COUNT(SQL("*"))]).group_by(held.c.unit_id).tuples()
    )
    return {unit_id: (last, count) for unit_id, last, count in database.execute(query)}


def _sums(chosen: set[int], holding: set[int], level_of: dict, entries: list[str], by_time: dict):
    """(code, level, period, rows, odd texts, sum) of the `chosen` children, one read per level (no
    join: the GROUP BY follows the index); None when a text of an integer figure is no integer."""
    engine = database.obj
    rows = []
    for level in sorted(set(level_of.values())):
        members = {unit_id for unit_id in chosen if level_of[unit_id] == level}
        if not members:
            continue
        others = sorted(unit_id for unit_id in holding if unit_id not in members)
        if not others:
            which = True  # every row of the periods is theirs: no test of the unit
        elif len(others) < len(members) and len(others) <= MAX_LISTED:
            which = Value.unit.not_in(others)  # the unit itself, a few others: a short list
        elif len(members) <= MAX_LISTED:
            which = Value.unit.in_(sorted(members))
        else:
            return None  # never in a country: told as odd, the model reads them
        total, odd = engine.integer_sums(Value.value, Value.code, by_time)
        query = (
            Value.select(Value.code, Value.period, fn.COUNT(SQL("*")), odd, total)
            .where(Value.period.in_(entries) if which is True else which & Value.period.in_(entries))
            .group_by(Value.period, Value.code)
            .tuples()
        )
        found = engine.summing(query)
        if found is None:
            return None
        rows += [(code, level, period, count, odd, total) for code, period, count, odd, total in found]
    return rows


def _regular(children, chosen: set[int], entries: list[str], figures: set[str]) -> set[int]:
    """The children of `chosen` holding each of their figures in each of their months, nothing else."""
    figure = database.obj.not_a_key(Value.code).in_(sorted(figures))  # sought by (unit, month), then filtered
    query = (
        Value.select(
            Value.unit,
            fn.COUNT(SQL("*")),
            fn.SUM(Case(None, [(figure, 1)], 0)),
            fn.COUNT(Value.code.distinct()),
            fn.COUNT(Value.period.distinct()),
        )
        .where(Value.unit.in_(children) & Value.period.in_(entries))
        .group_by(Value.unit)
        .tuples()
    )
    return {
        unit_id
        for unit_id, count, of_figures, codes, periods in database.execute(query)
        if unit_id in chosen and count == of_figures == codes * periods
    }
