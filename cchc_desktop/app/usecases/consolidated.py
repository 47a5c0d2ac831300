"""The consolidated figures of a parent unit for any period: one model for `get --consolidated`, the
report's live figures, and the annexes, so that a figure is the same everywhere.

For a unit and a period: its own figures; each child's (children entering monthly or quarterly,
each aggregated over time by its own entry periods); the sum per level (the unit's own level first,
then the child levels from the highest down); and the grand total. `units = sum` indicators are added up;
`units = none` indicators are not: the total keeps the unit's own value, a level keeps the value its
units share (none when they differ), and `listed` names each unit's value. Computed values (`rate.*`,
`sum.*`) are recomputed on every sum, never added up.

Read in one query for the unit and all its children, whatever their number.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from cchc_desktop.app.usecases.context import as_period
from cchc_desktop.app.usecases.units import UnitInfo
from forms.aggregate import aggregate_units
from forms.catalog import Template
from forms.computed import complete
from forms.figures import Figures, derive, holds_figures
from forms.periods import Period
from forms.values import to_json

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.usecases.context import Context
    from cchc_desktop.app.usecases.reading import Reader

Values = dict[str, object]


@dataclass(frozen=True)
class UnitFigures:
    """One unit's own figures of the period (`stored`); `values` adds its computed values (worked out
    when first asked: a thousand children's rates are not needed to add their figures up)."""

    unit: UnitInfo
    stored: Values
    template: Template = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    @cached_property
    def values(self) -> Values:
        return _with_computed(self.template, self.stored) if self.template is not None else dict(self.stored)

    def to_json(self) -> dict:
        return {**_unit_json(self.unit), "values": _values_json(self.values)}


@dataclass(frozen=True)
class LevelFigures:
    """The units of one level (the parent itself, when it is of that level, first) and their sum."""

    level: str
    name: str  # "cấp xã"
    units: list[UnitInfo]
    values: Values

    def to_json(self) -> dict:
        return {
            "level": self.level,
            "name": self.name,
            "units": [unit.code for unit in self.units],
            "values": _values_json(self.values),
        }


@dataclass(frozen=True)
class ConsolidatedFigures:
    """A unit's period: own figures, each child's, the sum per level and the grand total."""

    unit: UnitInfo
    period: Period
    mine: UnitFigures  # this unit's own figures
    children: list[UnitFigures]  # the children holding figures for the period, by code
    total: Values
    template: Template = field(repr=False, compare=False)
    side: _ChildrenPart = field(repr=False, compare=False)  # what the children make of it (kept while it stands)

    @cached_property
    def levels(self) -> list[LevelFigures]:
        """The sum of each level: the unit's own level first, then each child level present. Added up when
        first asked (an annex's "cùng kỳ" and "lũy kế" columns read the total alone)."""
        if not self.children:
            return []
        return _levels(self.template, self.mine, self.children, self.side.level_sums)

    @property
    def own(self) -> Values:
        """This unit's own figures with their computed values."""
        return self.mine.values

    @property
    def has_children(self) -> bool:
        return bool(self.children)

    def units_part(self) -> Values:
        """The children's figures added up alone (the units' part of the total), with computed values:
        worked out once while the children's data stands."""
        return self.side.units_part

    def level(self, level: str) -> LevelFigures | None:
        return next((item for item in self.levels if item.level == level), None)

    def units(self) -> list[UnitFigures]:
        """This unit's figures first, then each child's."""
        return [self.mine, *self.children]

    def listed(self) -> dict[str, list[tuple[UnitInfo, object]]]:
        """`units = none` numeric indicators, each unit's value (they are not added up)."""
        result: dict[str, list[tuple[UnitInfo, object]]] = {}
        for code, indicator in self.template.indicators.items():
            if indicator.units == "sum" or indicator.type == "text":
                continue
            found = [(item.unit, item.stored[code]) for item in self.units() if item.stored.get(code) is not None]
            if found:
                result[code] = found
        return result

    def to_json(self) -> dict:
        """The breakdown `get --consolidated --by-unit --json` prints under `_by_unit`."""
        return {
            "unit": _unit_json(self.unit),
            "period": str(self.period),
            "own": _values_json(self.own),
            "levels": [level.to_json() for level in self.levels],
            "children": [child.to_json() for child in self.children],
            "listed": {
                code: [{"unit": unit.code, "value": to_json(value)} for unit, value in found]
                for code, found in self.listed().items()
            },
        }


KEPT_PERIODS = 4  # the periods a clerk goes back and forth between (a switch back reads nothing again)
KEPT_CHILD_FIGURES = 2000  # children's figures kept across them: a province of 3 321 communes keeps one period


class ConsolidatedCache:
    """The consolidated figures of a unit's period (see the module's docstring), each read once.

    Kept until the data changes (a window's refresh, its checks and its texts read them in turn): the
    figures returned are shared, never to be changed by the caller. One per workspace (the window's
    workspace and a worker's detached one share nothing)."""

    def __init__(self, ctx: Context, reader: Reader):
        self.ctx = ctx
        self.reader = reader
        self._kept: OrderedDict[tuple, ConsolidatedFigures] = OrderedDict()
        # The children's side, kept while no child's data changes: the parent's clerk typing its own
        # figures re-reads and re-adds only its own (a keystroke of a city with 100 communes).
        self._children: OrderedDict[tuple, _ChildrenPart] = OrderedDict()

    def clear(self) -> None:
        """Forget what was kept (a new template set: the figures read with the old one are stale)."""
        self._kept.clear()
        self._children.clear()

    def figures(
        self,
        period: Period | str,
        unit_code: str | None = None,
        template: Template | None = None,
        keep: bool = True,
    ) -> ConsolidatedFigures:
        """The consolidated figures of a unit's period; one read of the values. `keep=False`: a period
        read on the side (an annex's "cùng kỳ" and "lũy kế" columns) leaves the kept one in place, so the
        period being exported is consolidated once, not again after its side reads."""
        ctx = self.ctx
        unit = ctx.unit_row(unit_code)
        period = as_period(period)
        template = template or ctx.template_for(period)
        cache = self._kept
        key = (str(period), UnitInfo.of(unit), template.version, id(template), ctx.reads.data_version())
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        children = self._children_part(unit, period, template, key, keep)
        figures = _consolidate(ctx, self.reader, unit, period, template, children)
        if keep:
            _keep(cache, key, figures, lambda kept: len(kept.children))
        return figures

    def _children_part(self, unit, period: Period, template: Template, key: tuple, keep: bool) -> _ChildrenPart:
        """The children's side of a consolidation: kept (when `keep`) until a child's data changes."""
        ctx = self.ctx
        if not ctx.reads.children_of(unit):
            return _ChildrenPart(template, [], [], "")  # no data version asked: a ward's keystroke costs none
        children_key = (*key[:4], ctx.reads.data_version(excluding=unit.code))
        found = self._children.get(children_key)
        if found is None:
            found = _read_children(ctx, self.reader, unit, period, template)
            if keep:
                _keep(self._children, children_key, found, lambda kept: len(kept.parts))
        else:
            self._children.move_to_end(children_key)
        return found


def _keep(cache: OrderedDict, key: tuple, value, children: Callable[[Any], int]) -> None:
    """Keep `value` as the newest of the cache: the last KEPT_PERIODS periods, the oldest let go first,
    and only the newest one once they hold more than KEPT_CHILD_FIGURES children's figures in all."""
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > KEPT_PERIODS or (
        len(cache) > 1 and sum(children(kept) for kept in cache.values()) > KEPT_CHILD_FIGURES
    ):
        cache.popitem(last=False)


@dataclass(frozen=True)
class _ChildrenPart:
    """What a consolidation reads and adds up of the children alone: each child holding figures, and the
    sum of each level the parent is not of (shared, never changed)."""

    template: Template
    parts: list[UnitFigures]
    derived: list[Figures]  # each part's figures with what its identities determine (derive), in order
    own_level: str  # the parent's level: the children's of another level are summed here

    @cached_property
    def level_sums(self) -> dict[str, LevelFigures]:
        """The sum of each children's level the parent is not of (when first asked)."""
        found = _levels(self.template, None, self.parts, derived=self.derived)
        return {item.level: item for item in found if item.level != self.own_level}

    @cached_property
    def units_part(self) -> Values:
        """The children's figures added up alone, with computed values."""
        names = ["", *(part.unit.code for part in self.parts)]
        levels: list[str | None] = [None, *(part.unit.level for part in self.parts)]
        total = aggregate_units(self.template, {}, self.derived, names, levels, children_derived=True)
        return complete(self.template, total)


def _read_children(ctx: Context, reader: Reader, unit, period: Period, template: Template) -> _ChildrenPart:
    children = [child for child in ctx.reads.children_of(unit) if not period.is_shorter_than_entry(child.frequency)]
    # The rows are not kept for the action: what is added up of them is (ConsolidatedCache), and an annex
    # reads a thousand children's months once each (keeping them all held 330 MB).
    read = reader.many_own_values(children, period, template, keep=False) if children else {}
    parts = [
        UnitFigures(UnitInfo.of(child), read[child.id], template)
        for child in children
        if holds_figures(template, read[child.id])
    ]
    derived = [derive(template, part.stored) for part in parts]  # once each: the levels' sums use them too
    return _ChildrenPart(template, parts, derived, UnitInfo.of(unit).level)


def _consolidate(
    ctx: Context, reader: Reader, unit, period: Period, template: Template, children: _ChildrenPart
) -> ConsolidatedFigures:
    own = reader.many_own_values([unit], period, template).get(unit.id, {})
    info = UnitInfo.of(unit)
    parts = children.parts
    names = [info.code, *(part.unit.code for part in parts)]
    levels = [info.level, *(part.unit.level for part in parts)]
    total = aggregate_units(template, own, children.derived, names, levels, children_derived=True) if parts else own
    total = _with_computed(template, total)
    total.missing = own.missing if isinstance(own, Figures) else ()
    return ConsolidatedFigures(
        unit=info,
        period=period,
        mine=UnitFigures(info, own, template),
        children=parts,
        total=total,
        template=template,
        side=children,
    )


def level_sum(
    template: Template,
    members: list[Values],
    names: list[str] | None = None,
    level: str | None = None,
    derived: list[Figures] | None = None,
) -> Values:
    """The figures of a group of units (of one `level`): sums for `units = sum` (partial where a unit
    holding figures lacks one its level reports), the value they share for the others (none when they
    differ), computed values recomputed. `names`: the units' codes, in the order of `members`; `derived`:
    the members' figures with what their identities determine (`derive`'s, made already), in that order."""
    names = ["", *(names or [str(i) for i in range(len(members))])]
    if derived is not None:
        values = aggregate_units(template, {}, derived, names, [level] * len(names), children_derived=True)
    else:
        values = aggregate_units(template, {}, members, names, [level] * len(names))
    return _with_computed(template, with_shared(template, members, values))


def with_shared(template: Template, members: list[Values], values: Values) -> Values:
    """`values` with, for each figure not added up (not `units = sum`), the value the members share
    (none when they differ)."""
    for code in set().union(*members) if members else set():
        indicator = template.indicators.get(code)
        if indicator is None or (indicator.units == "sum" and indicator.is_numeric):
            continue
        found = [unit[code] for unit in members if unit.get(code) not in (None, "")]
        if found and len({str(value) for value in found}) == 1:
            values[code] = found[0]
    return values


def _levels(
    template: Template,
    own: UnitFigures | None,
    children: list[UnitFigures],
    known: dict[str, LevelFigures] | None = None,
    derived: list[Figures] | None = None,
) -> list[LevelFigures]:
    """The sum of each level: the parent's own first (`own`; None: the children's levels alone), then the
    children's from the highest down; `known`: levels already added up (the children's, kept);
    `derived`: the children's levels alone, each child's figures with what its identities determine
    (derived once), in the order of `children`."""
    present = {child.unit.level for child in children}
    first = [own.unit.level] if own is not None else []
    order = first + [level for level in level_order(template) if level not in first and level in present]
    order += sorted(present - set(order))
    units = [own, *children] if own is not None else children
    result = []
    for level in order:
        if known and level in known:
            result.append(known[level])
            continue
        members = [item for item in units if item.unit.level == level]
        made = None
        if derived is not None and own is None:
            made = [figures for child, figures in zip(children, derived, strict=True) if child.unit.level == level]
        names = [item.unit.code for item in members]
        values = level_sum(template, [item.stored for item in members], names, level, derived=made)
        result.append(LevelFigures(level, template.level_name(level), [item.unit for item in members], values))
    return result


def level_order(template: Template) -> list[str]:
    """The template's levels from the highest (tỉnh) down to the lowest (xã), as a report lists them."""
    return list(reversed(template.levels))


def _with_computed(template: Template, values: Values) -> Figures:
    return complete(template, values)


def _unit_json(unit: UnitInfo) -> dict:
    return {"code": unit.code, "name": unit.name, "level": unit.level}


def _values_json(values: Values) -> dict:
    return {code: to_json(value) for code, value in values.items()}
