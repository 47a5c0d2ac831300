"""Combine entry periods into longer periods (by `time`) and child units into a parent (by `units`).

Both are computed from what was entered, never invented. A month (or unit) holding some figure is a
member; a member without one of the figures (that its level reports, `Template.applies`) makes that
figure's sum partial (Excel's `SUM` of the filled cells, named as incomplete): a commune that sent its
annex without its Bộ phận Một cửa leaves the total of them unknown, not short by one. A table is made
of the rows each unit added (the lĩnh vực it reviewed): for a table cell the members are those holding
a cell of its row. A month without any figure is listed in `Figures.missing` instead. Each month's
(unit's) figures are completed by their identities (`forms.figures.derive`) before they are added up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from forms.figures import Derivation, Figures, as_figures, derive
from forms.model import Indicator, Template


def _holds(template: Template, values: Mapping[str, object]) -> set[tuple]:
    """What a month or unit holds figures of: `()` for any figure, and each table row `(table, cap, row)`."""
    found: set[tuple] = set()
    for code, value in values.items():
        indicator = template.indicators.get(code)
        if value is not None and indicator is not None and indicator.type != "text":
            found.add(())
            if indicator.table:
                found.add((indicator.table, indicator.cap, indicator.row))
    return found


def _member_key(indicator: Indicator) -> tuple:
    """What makes a month or unit a member for a figure: a cell of its table row, else any figure."""
    return (indicator.table, indicator.cap, indicator.row) if indicator.table else ()


def aggregate_time(
    template: Template, series: Sequence[Mapping[str, object]], names: Sequence[str] | None = None
) -> Figures:
    """The figures of a longer period from its entry periods' figures, oldest first.

    `names`: each entry period's id, for saying what is partial or missing.
    `sum` adds the months that have a value; `first` takes the first month holding figures (unknown
    when that month lacks it); `last` the last month that has one (partial when a later month holding
    figures lacks it: the stock at the end is not known); `derived` (tiếp nhận) is the opening of the
    first month plus each later month's new dossiers. Text is not aggregated: it belongs to the report
    period itself."""
    names = list(names) if names is not None else [f"kỳ {i + 1}" for i in range(len(series))]
    months = [(name, derive(template, values)) for name, values in zip(names, series, strict=True)]
    holding = [_holds(template, values) for _, values in months]
    result = Figures(missing=[name for (name, _), held in zip(months, holding, strict=True) if not held])
    present = set().union(*(values.keys() for _, values in months))
    for code, indicator in template.indicators.items():
        if indicator.type == "text" or (code not in present and indicator.time != "derived"):
            continue
        key = _member_key(indicator)
        members = [month for month, held in zip(months, holding, strict=True) if key in held]
        if indicator.time == "derived":
            _opening_plus_flows(indicator, members, result)
        else:
            _by_time(indicator, members, result)
    return result


def _by_time(indicator: Indicator, members, result: Figures) -> None:
    code = indicator.code
    found = [(name, values) for name, values in members if values.get(code) is not None]
    if not found:
        return
    if indicator.time == "sum":
        _add_up(code, members, found, result)
        return
    lacking: list[str] = []
    if indicator.time == "first":
        name, values = members[0]
        if values.get(code) is None:
            return  # the opening of the first month holding figures is unknown: not the next month's
    else:  # last: the value of the last month that has one; a later month holding figures lacks it
        name, values = found[-1]
        lacking = [later for later, _ in members[[m for m, _ in members].index(name) + 1 :]]
        if lacking:
            result.stale.add(code)
    result[code] = values[code]
    lacking += list(values.partial.get(code, ()))
    if code in values.stale:
        result.stale.add(code)
    if lacking:
        result.partial[code] = tuple(lacking)
    _note_derived(result, code, [name] if code in values.derived else [])


def _opening_plus_flows(indicator: Indicator, members, result: Figures) -> None:
    """tiếp nhận (3) = kỳ trước of the first month + each later month's new dossiers, where a month's
    new dossiers are trực tuyến + trực tiếp, or, when those are not both known, tiếp nhận − kỳ trước."""
    code = indicator.code
    if not members:
        return
    total = None
    lacking, derived = [], []
    for position, (name, values) in enumerate(members):
        if position == 0:
            part = values.get(code)
            if part is None:
                part = _sum_known((indicator.opening, *indicator.flow), values)
        else:
            part = _new_flow(indicator, values)
        if part is None or any(c in values.partial for c in (code, indicator.opening, *indicator.flow)):
            lacking.append(name)
        if part is None:
            continue
        if code in values.derived or (position and any(c in values.derived for c in indicator.flow)):
            derived.append(name)
        total = part if total is None else total + part
    if total is None:
        return
    result[code] = total
    if lacking:
        result.partial[code] = tuple(lacking)
    _note_derived(result, code, derived)


def _new_flow(indicator: Indicator, values: Mapping[str, object]):
    flows = _sum_known(indicator.flow, values)
    if flows is not None:
        return flows
    own, opening = values.get(indicator.code), values.get(indicator.opening)
    if not isinstance(own, int | Decimal) or not isinstance(opening, int | Decimal):  # unknown (None)
        return None
    return own - opening


def _sum_known(codes: Sequence[str], values: Mapping[str, object]):
    found = [values.get(code) for code in codes]
    return None if any(value is None for value in found) else sum(found)


def _add_up(code: str, members, found, result: Figures) -> None:
    """The sum of the months or units `found` holding the figure: partial when a member lacks it (or
    holds only a partial one), stale when one of the parts is, derived when one of them was."""
    result[code] = sum(values[code] for _, values in found)
    lacking = [name for name, values in members if values.get(code) is None]
    lacking += [name for name, values in found if code in values.partial]
    if lacking:
        result.partial[code] = tuple(lacking)
    if any(code in values.stale for _, values in found):
        result.stale.add(code)
    _note_derived(result, code, [name for name, values in found if code in values.derived])


def _note_derived(result: Figures, code: str, names: list[str]) -> None:
    """A sum some of whose parts were derived (in the months or units `names`) is derived too."""
    if names and code in result:
        result.derived[code] = Derivation(code, result[code], "", "", tuple(names))


@dataclass(frozen=True)
class Summed:
    """Units added up elsewhere (by the database), none with a derived, partial or stale figure: each
    figure's sum over those holding it, and `lacking(code)`: those that are members for the figure and
    lack it, as (position, name), positions counted as in `aggregate_units`' `positions`."""

    values: Mapping[str, object]
    lacking: Callable[[str], Sequence[tuple[int, str]]]


def aggregate_units(
    template: Template,
    own: Mapping[str, object],
    children: Sequence[Mapping[str, object]],
    names: Sequence[str] | None = None,
    levels: Sequence[str | None] | None = None,
    positions: Sequence[int] | None = None,
    summed: Summed | None = None,
    children_derived: bool = False,
) -> Figures:
    """The grand total: own plus children's values for `units = sum`; own values for `units = none`.

    Each unit's figures are completed by their identities first; a unit holding figures but not this
    one, that its level reports, makes the sum partial (`names`: the units' ids, own first, for saying
    which; `levels`: their levels, None where unknown). `summed`: more units, added up already; the
    units given are then at `positions` (own first) among all, which orders the units lacking a figure.
    `children_derived`: the children's figures are `derive`'s already (kept from an earlier sum)."""
    if summed is not None:
        return _with_summed(template, own, children, names, levels, positions, summed)
    count = 1 + len(children)
    names = list(names) if names is not None else [f"đơn vị {i + 1}" for i in range(count)]
    levels = list(levels) if levels is not None else [None] * count
    units = [(names[0], derive(template, own))]
    units += [
        (name, as_figures(values) if children_derived else derive(template, values))
        for name, values in zip(names[1:], children, strict=True)
    ]
    own_figures = units[0][1]
    holding = [_holds(template, values) for _, values in units]
    result = Figures()
    codes = set().union(*(values.keys() for _, values in units))
    for code in codes:
        indicator = template.indicators.get(code)
        if indicator is None:
            continue
        if indicator.units == "sum" and indicator.is_numeric:
            key = _member_key(indicator)
            members = [
                unit
                for unit, held, level in zip(units, holding, levels, strict=True)
                if key in held and indicator.applies(level)
            ]
            found = [(name, values) for name, values in units if values.get(code) is not None]  # whoever sent it
            if found:
                _add_up(code, members, found, result)
        elif own_figures.get(code) is not None:
            result[code] = own_figures[code]
            for state in ("derived", "partial"):
                if code in getattr(own_figures, state):
                    getattr(result, state)[code] = getattr(own_figures, state)[code]
            if code in own_figures.stale:
                result.stale.add(code)
    return result


def _with_summed(template, own, children, names, levels, positions, summed: Summed) -> Figures:
    """`aggregate_units` of the units given and the units `summed`: the same figures, partial names in
    the same order (the members lacking a figure by position, then the units whose part is partial)."""
    count = 1 + len(children)
    positions = list(positions) if positions is not None else list(range(count))
    result = aggregate_units(template, own, children, names, levels)
    names = list(names) if names is not None else [f"đơn vị {i + 1}" for i in range(count)]
    levels = list(levels) if levels is not None else [None] * count
    units = [derive(template, values) for values in (own, *children)]
    holding = [_holds(template, values) for values in units]
    for code in set(result) | set(summed.values):
        indicator = template.indicators.get(code)
        if indicator is None or not (indicator.units == "sum" and indicator.is_numeric):
            continue
        extra = summed.values.get(code)
        if code in result and extra is not None:
            result[code] = result[code] + extra
            if code in result.derived:
                result.derived[code] = Derivation(code, result[code], "", "", result.derived[code].parts)
        elif extra is not None:
            result[code] = extra
        key = _member_key(indicator)
        lacking = [
            (position, name)
            for position, name, values, held, level in zip(positions, names, units, holding, levels, strict=True)
            if key in held and indicator.applies(level) and values.get(code) is None
        ]
        lacking = [name for _, name in sorted([*lacking, *summed.lacking(code)], key=lambda item: item[0])]
        partial = [
            name
            for name, values in zip(names, units, strict=True)
            if code in values.partial and values.get(code) is not None
        ]
        if lacking or partial:
            result.partial[code] = tuple(lacking + partial)
        else:
            result.partial.pop(code, None)
    return result
