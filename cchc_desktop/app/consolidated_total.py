"""The grand total of a parent's period with the sums in the database (`get --consolidated`).

The same figures as `consolidate(...).total`, read without loading every child's values: per entry
frequency, the children whose months are regular (db.sums) and who hold one same set of figures,
none of them taking part in a derivation (each identity's figures all held or none), are added up
by the database (GROUP BY code), with the members lacking a figure named from that set; every other
child, the unit itself, and any template version other than the period's go through the per-unit
path (forms.aggregate), which stays the model. Partial sums stay partial: a figure of the set a
regular child lacks makes the sum partial with its name, as Excel's SUM of the cells filled.
"""

from __future__ import annotations

from cchc_desktop.app.consolidated import consolidate
from cchc_desktop.app.context import as_period
from db import store, sums
from forms.aggregate import Summed, aggregate_units
from forms.catalog import Template
from forms.computed import complete
from forms.figures import Figures, identity_groups
from forms.periods import Period

TYPE_CHECKING = False
if TYPE_CHECKING:
    from cchc_desktop.app.workspace import Workspace


def consolidated_total(
    ws: Workspace, period: Period | str, unit_code: str | None = None, template: Template | None = None
) -> Figures:
    """`consolidate(ws, period, unit_code, template).total`, the children's sums made by the database."""
    ctx = ws.ctx
    unit = ctx.unit_row(unit_code)
    period = as_period(period)
    template = template or ctx.template_for(period)
    children = [child for child in store.children_of(unit) if not period.is_shorter_than_entry(child.frequency)]
    groups = {child.frequency: [str(p) for p in period.entry_periods(child.frequency)] for child in children}
    wanted = sorted({p for entries in groups.values() for p in entries} | {str(period)})
    if not children or sums.other_versions(unit.code, wanted, template.version):
        return consolidate(ws, period, unit_code, template).total
    figures = [code for code, ind in template.indicators.items() if ind.type != "text"]
    by_time = {
        code: ind.time
        for code, ind in template.indicators.items()
        if ind.type == "int" and ind.units == "sum" and ind.time in ("sum", "last")
    }
    position = {child.id: index for index, child in enumerate(children, start=1)}
    regular: dict[int, frozenset] = {}  # child id → the figures it holds
    values: dict[str, int] = {}
    for frequency, entries in groups.items():
        found = sums.regular_sums(unit.code, frequency, entries, figures, by_time)
        held = _uniform(template, found, by_time)
        if held is None:
            continue
        for unit_id in found.units:
            regular[unit_id] = held
        for code, total in found.totals.items():
            values[code] = values.get(code, 0) + total
    rest = [child for child in children if child.id not in regular]
    read = ws.reader.many_own_values([unit, *rest], period, template)
    own = read.get(unit.id, {})
    names = [unit.code, *(child.code for child in rest)]
    levels = [unit.level, *(child.level for child in rest)]
    members = [
        (position[child.id], child.code, child.level, regular[child.id]) for child in children if child.id in regular
    ]

    def lacking(code: str) -> list[tuple[int, str]]:
        indicator = template.indicators[code]
        row = _row_codes(template, code)
        return [
            (at, name)
            for at, name, level, holds in members
            if code not in holds and indicator.applies(level) and (row is None or holds & row)
        ]

    summed = Summed(values, lacking)
    positions = [0, *(position[child.id] for child in rest)]
    total = aggregate_units(template, own, [read[child.id] for child in rest], names, levels, positions, summed)
    total = complete(template, total)
    total.missing = own.missing if isinstance(own, Figures) else ()
    return total


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
