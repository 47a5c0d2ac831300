"""Reading a unit's values: stored texts typed by the template, aggregated over time and over units."""

from __future__ import annotations

from collections.abc import Mapping

from cchc_desktop.app.context import Context
from db import store
from db.models import Unit
from forms.aggregate import aggregate_time, aggregate_units
from forms.computed import compute
from forms.errors import UserError
from forms.periods import Period
from forms.values import from_storage

Cache = dict[Period, dict[str, object]]


class Reader:
    """The values of a unit's periods, as the template types them."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def typed(self, period: Period, texts: Mapping[str, str]) -> dict[str, object]:
        template = self.ctx.template_for(period)
        values = {}
        for code, text in texts.items():
            indicator = template.indicators.get(code)
            if indicator is not None:
                values[code] = from_storage(indicator, text)
        return values

    def series(self, unit: Unit, periods: list[Period]) -> Cache:
        raw = store.stored_values(unit, [str(p) for p in periods])
        return {p: self.typed(p, raw[str(p)]) for p in periods}

    def own_values(self, unit: Unit, period: Period, cache: Cache | None = None) -> dict[str, object]:
        """Stored values of an entry period, or aggregated ones of a longer period, plus its texts."""
        if period.is_shorter_than_entry(unit.frequency):
            raise UserError(f"Đơn vị {unit.name} nhập số liệu theo quý; không có số liệu {period.label()}.")
        entries = period.entry_periods(unit.frequency)
        wanted = [p for p in entries + [period] if cache is None or p not in cache]
        loaded: Cache = self.series(unit, wanted) if wanted else {}
        if cache is not None:
            cache.update(loaded)
        source = cache if cache is not None else loaded
        if entries == [period]:
            return dict(source[period])
        template = self.ctx.template_for(period)
        result = aggregate_time(template, [source[p] for p in entries])
        result.update({code: value for code, value in source[period].items() if _is_text(template, code)})
        return result

    def many_own_values(self, units: list[Unit], period: Period) -> dict[int, dict[str, object]]:
        """Each unit's own values for the period, read in one query for all of them (units whose entry
        period is longer than `period` are left out)."""
        units = [unit for unit in units if not period.is_shorter_than_entry(unit.frequency)]
        needed = {unit.id: list(dict.fromkeys([*period.entry_periods(unit.frequency), period])) for unit in units}
        wanted = list(dict.fromkeys(p for periods in needed.values() for p in periods))
        raw = store.values_of_units(units, [str(p) for p in wanted])
        result = {}
        for unit in units:
            cache = {p: self.typed(p, raw[(unit.id, str(p))]) for p in needed[unit.id]}
            result[unit.id] = self.own_values(unit, period, cache)
        return result

    def children_values(self, unit: Unit, period: Period) -> list[dict[str, object]]:
        """Each child's values for the period (children entering quarterly have none for a month)."""
        return list(self.many_own_values(store.children_of(unit), period).values())

    def values(self, unit: Unit, period: Period, consolidated: bool = False, computed: bool = True) -> dict:
        """A period's values (aggregated for a longer period), with `rate.*`/`sum.*` when computed."""
        template = self.ctx.template_for(period)
        values = self.own_values(unit, period)
        if consolidated:
            values = aggregate_units(template, values, self.children_values(unit, period))
        if computed:
            values.update(compute(template, values))
        return values


def _is_text(template, code: str) -> bool:
    indicator = template.indicators.get(code)
    return indicator is not None and indicator.type == "text"
