"""Combine entry periods into longer periods (by `time`) and child units into a parent (by `units`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from forms.catalog import Template


def aggregate_time(template: Template, series: Sequence[Mapping[str, object]]) -> dict[str, object]:
    """The values of a longer period from its entry periods' values, oldest first.

    `sum` adds the periods that have a value, `last`/`first` take the last/first one that has
    one, `derived` is the first period's opening balance plus every period's flow.
    Text (narratives) is not aggregated: it belongs to the report period itself.
    """
    result: dict[str, object] = {}
    present = {code for values in series for code in values}
    for code in present:
        indicator = template.indicators.get(code)
        if indicator is None or indicator.type == "text":
            continue
        found = [values[code] for values in series if values.get(code) is not None]
        if not found:
            continue
        if indicator.time == "sum":
            result[code] = sum(found)
        elif indicator.time == "first":
            result[code] = found[0]
        elif indicator.time == "last":
            result[code] = found[-1]
    for indicator in template.indicators.values():
        if indicator.time == "derived":
            value = _derived(indicator, series)
            if value is not None:
                result[indicator.code] = value
    return result


def _derived(indicator, series) -> int | None:
    """Opening of the first period that has data, plus each period's new flow."""
    total = None
    opening_taken = False
    for values in series:
        flows = [values.get(code) for code in indicator.flow]
        flows = [value for value in flows if value is not None]
        opening = values.get(indicator.opening)
        own = values.get(indicator.code)
        if flows:
            new = sum(flows)
        elif own is not None:
            new = own - (opening or 0)
        else:
            if opening is None:
                continue
            new = 0
        if not opening_taken:
            new += opening or 0
            opening_taken = True
        total = new if total is None else total + new
    return total


def aggregate_units(
    template: Template, own: Mapping[str, object], children: Sequence[Mapping[str, object]]
) -> dict[str, object]:
    """The grand total: own plus children's values for `units = sum`; own values for `units = none`."""
    result: dict[str, object] = {}
    codes = set(own).union(*children) if children else set(own)
    for code in codes:
        indicator = template.indicators.get(code)
        if indicator is None:
            continue
        if indicator.units == "sum" and indicator.is_numeric:
            found = [values[code] for values in (own, *children) if values.get(code) is not None]
            if found:
                result[code] = sum(found)
        elif own.get(code) is not None:
            result[code] = own[code]
    return result
