"""“Cùng kỳ năm trước” of a unit created by a merger: the sum of the units it replaced.

A new commune (from 1/7/2025) has no figures of its own for quý III/2024; its figures of the same
period last year are those of the old communes it replaced, added up (`units = sum` indicators; a
`units = none` indicator keeps the value its predecessors agree on). A predecessor without figures
of its own for that period is itself looked up through its predecessors (two mergers in a row).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from cchc_desktop.app.usecases.annex_periods import Coverage, coverage
from cchc_desktop.app.usecases.context import as_period
from cchc_desktop.app.usecases.unit_mergers import predecessor_rows, valid_in
from forms.catalog import Template
from forms.computed import complete
from forms.periods import Period

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.usecases.entry import Entry
    from cchc_desktop.app.usecases.units import Units

ReadValues = Callable[[Period], dict[str, object]]


def last_year_coverage(
    units: Units,
    entry: Entry,
    period: Period | str,
    unit_code: str | None = None,
    read: ReadValues | None = None,
    template: Template | None = None,
) -> Coverage:
    """The unit's figures of the same period last year (as `annex_periods.coverage`): its own when it
    has any, else the sum over the units it replaced that were in force then (recursively).

    read: the unit's own stored values of an entry period (see AnnexBuilder); the predecessors'
    are read by `entry`, named by `template`'s codes."""
    period = as_period(period)
    template = template or entry.ctx.template_for(period)
    return span_coverage(units, entry, period.same_period_last_year(), unit_code, read, template)


def span_coverage(
    units: Units,
    entry: Entry,
    span: Period,
    unit_code: str | None,
    read: ReadValues | None,
    template: Template,
    seen: frozenset[str] = frozenset(),
) -> Coverage:
    """A unit's coverage of `span`; when it holds no figures there, its predecessors' added up (a
    predecessor in force then without figures leaves the sum empty: never a sum short of a unit)."""
    unit = units.unit(unit_code)
    own = Coverage()
    if not span.is_shorter_than_entry(unit.frequency):
        own = coverage(entry, span.entry_periods(unit.frequency), unit.code, read=read, template=template)
    if own.exists:
        return own
    parts = [
        span_coverage(units, entry, span, old.code, None, template, seen | {unit.code})
        for old in predecessor_rows(unit.code)
        if old.code not in seen and valid_in(old, span)
    ]
    if not any(part.exists for part in parts):
        return own
    # An old unit in force then without figures makes the sum incomplete: its codes are left empty
    # (coverage marks every figure of a span without data unreliable) rather than summed short.
    return combined(template, parts)


def combined(template: Template, parts: list[Coverage]) -> Coverage:
    """Several units' coverages of one span as one: `units = sum` figures added up, a `units = none`
    figure kept when the units agree; a code unreliable in any part is left empty."""
    result = Coverage(
        present=sorted({p for part in parts for p in part.present}),
        missing=sorted({p for part in parts for p in part.missing}),
        unreliable=set().union(*(part.unreliable for part in parts)),
        withheld=set().union(*(part.withheld for part in parts)),
    )
    result.withheld |= {code for code in result.unreliable if any(part.values.get(code) is not None for part in parts)}
    values: dict[str, object] = {}
    for code, indicator in template.indicators.items():
        if code in result.unreliable:
            continue
        found = [part.values[code] for part in parts if part.values.get(code) is not None]
        if not found:
            continue
        if indicator.units == "sum" and indicator.is_numeric:
            values[code] = sum(value for value in found if isinstance(value, int | Decimal))  # all, being numeric
        elif all(value == found[0] for value in found):
            values[code] = found[0]
    values = complete(template, values)
    for code in result.unreliable:
        values.pop(code, None)
    result.values = values
    return result
