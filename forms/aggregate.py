"""Combine entry periods into longer periods (by `time`) and child units into a parent (by `units`).

Both are computed from what was entered, never invented. A month (or unit) that filled in some figure
of a block of the form (a group of indicators, or a row of a table) is a member for that block; a
member without one of the block's figures makes that figure's sum partial (Excel's `SUM` of the filled
cells, named as incomplete). A commune that reports only its dossiers does not make the city's
computers partial; a month without any figure is listed in `Figures.missing`. Each month's (unit's)
figures are completed by their identities (`forms.figures.derive`) before they are added up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from forms.figures import Derivation, Figures, derive
from forms.model import Indicator, Template


def block_of(indicator: Indicator) -> tuple:
    """The block of the form a figure belongs to: its table row, or its group."""
    if indicator.table:
        return (indicator.table, indicator.cap, indicator.row)
    return (indicator.group or indicator.code,)


def _blocks(template: Template, values: Mapping[str, object]) -> set[tuple]:
    """The blocks of the form in which `values` holds some figure."""
    found = set()
    for code, value in values.items():
        indicator = template.indicators.get(code)
        if value is not None and indicator is not None and indicator.type != "text":
            found.add(block_of(indicator))
    return found


def aggregate_time(
    template: Template, series: Sequence[Mapping[str, object]], names: Sequence[str] | None = None
) -> Figures:
    """The figures of a longer period from its entry periods' figures, oldest first.

    `names`: each entry period's name for a person (`tháng 8/2023`), for what is partial or missing.
    `sum` adds the months that have a value, `last`/`first` take the last/first month holding figures
    (an unknown when that month lacks it for `first`), `derived` (tiếp nhận) is the opening of the
    first month plus each later month's new dossiers. Text is not aggregated: it belongs to the report
    period itself."""
    names = list(names) if names is not None else [f"kỳ {i + 1}" for i in range(len(series))]
    months = [(name, derive(template, values)) for name, values in zip(names, series, strict=True)]
    blocks = [_blocks(template, values) for _, values in months]
    result = Figures(missing=[name for (name, _), held in zip(months, blocks, strict=True) if not held])
    present = set().union(*(values.keys() for _, values in months))
    for code, indicator in template.indicators.items():
        if indicator.type == "text" or (code not in present and indicator.time != "derived"):
            continue
        block = block_of(indicator)
        members = [month for month, held in zip(months, blocks, strict=True) if block in held]
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
        result[code] = sum(values[code] for _, values in found)
        lacking = [name for name, values in members if values.get(code) is None]
        lacking += [name for name, values in found if code in values.partial]
        if lacking:
            result.partial[code] = tuple(lacking)
        _note_derived(result, code, [name for name, values in found if code in values.derived])
        return
    if indicator.time == "first":
        name, values = members[0]
        if values.get(code) is None:
            return  # the opening of the first month holding figures is unknown: not the next month's
    else:  # last: the value of the last month that has one
        name, values = found[-1]
    result[code] = values[code]
    if code in values.partial:
        result.partial[code] = values.partial[code]
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
    if own is None or opening is None:
        return None
    return own - opening


def _sum_known(codes: Sequence[str], values: Mapping[str, object]):
    found = [values.get(code) for code in codes]
    return None if any(value is None for value in found) else sum(found)


def _note_derived(result: Figures, code: str, names: list[str]) -> None:
    """A sum some of whose parts were derived (in the months or units `names`) is derived too."""
    if names and code in result:
        result.derived[code] = Derivation(code, result[code], "", "", tuple(names))


def aggregate_units(
    template: Template,
    own: Mapping[str, object],
    children: Sequence[Mapping[str, object]],
    names: Sequence[str] | None = None,
) -> Figures:
    """The grand total: own plus children's values for `units = sum`; own values for `units = none`.

    Each unit's figures are completed by their identities first; a unit that filled in the figure's
    block but not this figure makes the sum partial (`names`: the units' ids, own first, for saying
    which)."""
    names = list(names) if names is not None else [f"đơn vị {i + 1}" for i in range(1 + len(children))]
    units = [(name, derive(template, values)) for name, values in zip(names, (own, *children), strict=True)]
    own_figures = units[0][1]
    blocks = [_blocks(template, values) for _, values in units]
    result = Figures()
    codes = set().union(*(values.keys() for _, values in units))
    for code in codes:
        indicator = template.indicators.get(code)
        if indicator is None:
            continue
        if indicator.units == "sum" and indicator.is_numeric:
            block = block_of(indicator)
            members = [unit for unit, held in zip(units, blocks, strict=True) if block in held]
            found = [(name, values) for name, values in members if values.get(code) is not None]
            if not found:
                continue
            result[code] = sum(values[code] for _, values in found)
            lacking = [name for name, values in members if values.get(code) is None]
            lacking += [name for name, values in found if code in values.partial]
            if lacking:
                result.partial[code] = tuple(lacking)
            _note_derived(result, code, [name for name, values in found if code in values.derived])
        elif own_figures.get(code) is not None:
            result[code] = own_figures[code]
            if code in own_figures.derived:
                result.derived[code] = own_figures.derived[code]
    return result
