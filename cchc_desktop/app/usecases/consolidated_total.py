"""A parent's consolidated figures with the sums in the database: the grand total (`get --consolidated`)
and the figures of each level (the report's live figures, `{code@xa}`).

The same figures as `consolidate(...).total` and its `levels`, read without loading every child's
values: per entry frequency, the children whose months are regular (db.sums) and who hold one same set
of figures, none of them taking part in a derivation (each identity's figures all held or none), are
added up by the database (GROUP BY code, level), with the members lacking a figure named from that
set; every other child, the unit itself, and any template version other than the period's go through
the per-unit path (forms.aggregate), which stays the model. Partial sums stay partial: a figure of the
set a regular child lacks makes the sum partial with its name, as Excel's SUM of the cells filled.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc_desktop.app.usecases.consolidated import ConsolidatedCache, level_order, with_shared
from cchc_desktop.app.usecases.context import as_period
from db import sums
from forms.aggregate import Summed, aggregate_units
from forms.catalog import Template
from forms.computed import complete
from forms.figures import Figures, holds_figures, identity_groups
from forms.periods import Period


@dataclass(frozen=True)
class SummedFigures:
    """What `consolidate` gives a report, its children added up by the database: `own` (with computed
    values), `total`, and `levels` (level → its figures, in the order of `consolidate(...).levels`)."""

    template: Template
    own: Figures
    total: Figures
    levels: dict[str, Figures]


def consolidated_total(
    consolidated: ConsolidatedCache,
    period: Period | str,
    unit_code: str | None = None,
    template: Template | None = None,
) -> dict[str, object]:
    """`consolidated.figures(period, unit_code, template).total`, the children's sums made by the database."""
    summed = summed_figures(consolidated, period, unit_code, template)
    return summed.total if summed is not None else consolidated.figures(period, unit_code, template).total


def summed_figures(
    consolidated: ConsolidatedCache,
    period: Period | str,
    unit_code: str | None = None,
    template: Template | None = None,
) -> SummedFigures | None:
    """The figures of `consolidate`'s total and levels, the children's sums made by the database;
    None where only the model can say them (no child, another template version, a damaged text)."""
    ctx = consolidated.ctx
    unit = ctx.unit_row(unit_code)
    period = as_period(period)
    template = template or ctx.template_for(period)
    children = [child for child in ctx.reads.children_of(unit) if not period.is_shorter_than_entry(child.frequency)]
    if not children:
        return None
    groups = {frequency: [str(p) for p in period.entry_periods(frequency)] for frequency in _frequencies(children)}
    wanted = sorted({p for entries in groups.values() for p in entries} | {str(period)})
    if sums.other_versions(unit.code, wanted, template.version):
        return None
    figures = [code for code, ind in template.indicators.items() if ind.type != "text"]
    by_time = {
        code: ind.time
        for code, ind in template.indicators.items()
        if ind.type == "int" and ind.units == "sum" and ind.time in ("sum", "last")
    }
    position = {child.id: index for index, child in enumerate(children, start=1)}
    regular: dict[int, frozenset] = {}  # child id → the figures it holds
    values: dict[str, int] = {}
    by_level: dict[str, dict[str, int]] = {}
    for frequency, entries in groups.items():
        found = sums.regular_sums(unit.code, frequency, entries, figures, by_time)
        if found.odd:  # a figure not written as the program writes it: the model reads (and says) it
            return None
        held = _uniform(template, found, by_time)
        if held is None:
            continue
        for unit_id in found.units:
            regular[unit_id] = held
        for code, amount in found.totals.items():
            values[code] = values.get(code, 0) + amount
        for (code, level), amount in found.by_level.items():
            level_sums = by_level.setdefault(level, {})
            level_sums[code] = level_sums.get(code, 0) + amount
    if not regular:  # no child summed by the database: the model's figures, which the window keeps per action
        return None
    rest = [child for child in children if child.id not in regular]
    read = consolidated.reader.many_own_values([unit, *rest], period, template)
    own = read.get(unit.id, {})
    members = [
        (position[child.id], child.code, child.level, regular[child.id]) for child in children if child.id in regular
    ]

    held_sets = set(regular.values())  # one per entry frequency: the members of one hold the same figures

    def lacking(level: str | None):
        def named(code: str) -> list[tuple[int, str]]:
            if all(code in holds for holds in held_sets):
                return []  # every member holds it (most figures: no member to look at)
            indicator = template.indicators[code]
            row = _row_codes(template, code)
            return [
                (at, name)
                for at, name, of, holds in members
                if (level is None or of == level)
                and code not in holds
                and indicator.applies(of)
                and (row is None or holds & row)
            ]

        return named

    summed = Summed(values, lacking(None))
    names = [unit.code, *(child.code for child in rest)]
    levels = [unit.level, *(child.level for child in rest)]
    positions = [0, *(position[child.id] for child in rest)]
    total = aggregate_units(template, own, [read[child.id] for child in rest], names, levels, positions, summed)
    total = complete(template, total)
    total.missing = own.missing if isinstance(own, Figures) else ()
    holding = [child for child in rest if holds_figures(template, read[child.id])]
    if not regular and not holding:
        return None  # no child holds figures: the unit's own figures, as the model says them
    present = {child.level for child in holding} | {level for _, _, level, _ in members}
    result: dict[str, Figures] = {}
    if present:
        order = [unit.level] + [level for level in level_order(template) if level != unit.level and level in present]
        for level in order + sorted(present - set(order)):
            parts = [(0, unit, own)] if unit.level == level else []
            parts += [(position[child.id], child, read[child.id]) for child in holding if child.level == level]
            result[level] = _level_sum(template, level, parts, Summed(by_level.get(level, {}), lacking(level)))
    return SummedFigures(template, complete(template, own), total, result)


def _frequencies(children: list) -> list[str]:
    return list(dict.fromkeys(child.frequency for child in children))


def _level_sum(template: Template, level: str, parts: list, summed: Summed) -> Figures:
    """`consolidated.level_sum` of the units read (`parts`: position, unit, values) and those summed."""
    members = [values for _, _, values in parts]
    names = ["", *(unit.code for _, unit, _ in parts)]
    positions = [-1, *(at for at, _, _ in parts)]
    values = aggregate_units(template, {}, members, names, [level] * len(names), positions, summed)
    return complete(template, with_shared(template, members, values))


def _uniform(template: Template, found: sums.RegularSums, by_time: dict[str, str]) -> frozenset | None:
    """The figures every regular child holds, when they all hold the same ones, each added up by the
    database, and none takes part in a derivation; else None (the children are read one by one)."""
    count = sum(found.levels.values())
    if not count:
        return None
    holders: dict[str, int] = {}
    for (code, _), number in found.holders.items():
        holders[code] = holders.get(code, 0) + number
    if any(number != count for number in holders.values()):
        return None
    held = frozenset(holders)
    if any(code not in by_time for code in held):
        return None  # a decimal, a first or derived stock: added up per unit
    for group in _groups(template):
        inside = held.intersection(group)
        if inside and len(inside) < len(set(group)):
            return None
    return held


def _groups(template: Template) -> list[tuple[str, ...]]:
    derived = [(code, ind.opening, *ind.flow) for code, ind in template.indicators.items() if ind.time == "derived"]
    return [*identity_groups(template), *derived]


def _row_codes(template: Template, code: str) -> frozenset | None:
    """The codes of a table cell's row (a unit holding one of them is a member for the cell), else None."""
    indicator = template.indicators[code]
    if not indicator.table:
        return None
    key = (indicator.table, indicator.cap, indicator.row)
    return frozenset(c for c, ind in template.indicators.items() if ind.table and (ind.table, ind.cap, ind.row) == key)
