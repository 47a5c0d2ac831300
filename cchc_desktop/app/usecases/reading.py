"""Reading a unit's values: stored texts typed by the template, aggregated over time and over units.

Values keep the template version they were stored with; a period is read in the template given
(by default the one in force for it), values of another version translated through [renamed].
"""

from __future__ import annotations

from cchc_desktop.app.usecases.context import Context
from db.connection import damage_found
from db.errors import DamagedRecord
from db.records import Unit
from forms.aggregate import aggregate_time, aggregate_units
from forms.catalog import Template
from forms.computed import complete
from forms.errors import UserError
from forms.figures import Figures
from forms.periods import Period
from forms.values import TYPE_WORDS, storage_reader

Cache = dict[Period, dict[str, object]]


class Reader:
    """The values of a unit's periods, as a template types them."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def typed(
        self,
        template: Template,
        rows: list[tuple[str, str, str]],
        unit: Unit | None = None,
        period: Period | None = None,
    ) -> dict[str, object]:
        """Stored (code, text, version) rows (of `unit`'s `period`) as the template's values; a text that
        does not read as its indicator's type is damage, said with the way to get good data back."""
        version = template.version
        if all(row[2] == version for row in rows):
            texts = [(code, text) for code, text, _ in rows]
        else:
            from cchc_desktop.app.usecases.templates import translate_rows  # with the pack reader: rarely needed

            texts = list(translate_rows(self.ctx.templates, rows, version).items())
        typers = _typers(template)
        values = {}
        for code, text in texts:
            typer = typers.get(code)
            if typer is not None:
                try:
                    values[code] = typer(text)
                except ValueError:
                    raise _damaged(template, code, text, unit, period) from None
        return values

    def series(self, unit: Unit, periods: list[Period], template: Template | None = None) -> Cache:
        raw = self.ctx.reads.versioned_values([unit], [str(p) for p in periods])
        return {p: self.typed(template or self.ctx.template_for(p), raw[(unit.id, str(p))], unit, p) for p in periods}

    def own_values(
        self, unit: Unit, period: Period, cache: Cache | None = None, template: Template | None = None
    ) -> dict[str, object]:
        """Stored values of an entry period (as entered), or the figures of a longer period aggregated
        from its entry periods (Figures: which are partial, which entry periods hold nothing), plus
        its texts. A cache holds the unit's periods as read from the database in this action, in one
        template: the caller passes the same template (the aggregation is made once per action)."""
        require_entry(unit, period)
        template = template or self.ctx.template_for(period)
        entries = period.entry_periods(unit.frequency)
        wanted = [p for p in entries + [period] if cache is None or p not in cache]
        loaded: Cache = self.series(unit, wanted, template) if wanted else {}
        if cache is not None:
            cache.update(loaded)
        source = cache if cache is not None else loaded
        if entries == [period]:
            return dict(source[period])
        result = self.ctx.reads.aggregated(
            (unit.id, str(period), template.version, id(template)),
            lambda: aggregate_time(template, [source[p] for p in entries], [str(p) for p in entries]),
        )
        result.update({code: value for code, value in source[period].items() if _is_text(template, code)})
        return result

    def many_own_values(
        self, units: list[Unit], period: Period, template: Template | None = None, keep: bool = True
    ) -> dict[int, dict[str, object]]:
        """Each unit's own values for the period, read in one query for all of them (units whose entry
        period is longer than `period` are left out). keep=False: the rows read are not kept for the
        action's later steps (ActionReads.versioned_values)."""
        template = template or self.ctx.template_for(period)
        units = [unit for unit in units if not period.is_shorter_than_entry(unit.frequency)]
        needed = {unit.id: list(dict.fromkeys([*period.entry_periods(unit.frequency), period])) for unit in units}
        wanted = list(dict.fromkeys(p for periods in needed.values() for p in periods))
        raw = self.ctx.reads.versioned_values(units, [str(p) for p in wanted], keep=keep)
        result = {}
        for unit in units:
            cache = {p: self.typed(template, raw[(unit.id, str(p))], unit, p) for p in needed[unit.id]}
            result[unit.id] = self.own_values(unit, period, cache, template)
        return result

    def values(
        self,
        unit: Unit,
        period: Period,
        consolidated: bool = False,
        computed: bool = True,
        template: Template | None = None,
    ) -> dict:
        """A period's values (aggregated for a longer period); when `computed`, the figures the
        identities determine and the `rate.*`/`sum.*` values too (Figures: how each is known)."""
        template = template or self.ctx.template_for(period)
        values = self.own_values(unit, period, template=template)
        if consolidated:
            children = [
                child for child in self.ctx.reads.children_of(unit) if not period.is_shorter_than_entry(child.frequency)
            ]
            read = self.many_own_values(children, period, template)
            missing = values.missing if isinstance(values, Figures) else ()
            names = [unit.code, *(child.code for child in children)]
            levels = [unit.level, *(child.level for child in children)]
            values = aggregate_units(template, values, [read[child.id] for child in children], names, levels)
            values.missing = missing
        if computed:
            values = complete(template, values)
        return values


def require_entry(unit: Unit, period: Period) -> None:
    """A unit entering quarterly has no figures of its own for a month."""
    if period.is_shorter_than_entry(unit.frequency):
        raise UserError(f"Đơn vị {unit.name} nhập số liệu theo quý; không có số liệu {period.label()}.")


_TYPERS: dict[int, tuple[Template, dict]] = {}


def _typers(template: Template) -> dict:
    """code → the function typing its stored text (`storage_reader`), built once per template."""
    cached = _TYPERS.get(id(template))
    if cached is None or cached[0] is not template:
        typers = {code: storage_reader(indicator) for code, indicator in template.indicators.items()}
        cached = _TYPERS[id(template)] = (template, typers)
    return cached[1]


def _damaged(template: Template, code: str, text, unit: Unit | None, period: Period | None) -> DamagedRecord:
    """A stored figure that is not of its indicator's type: what and where it is, and how to correct it."""
    indicator = template.indicators[code]
    where = (f", {period.label()}" if period else "") + (f", đơn vị {unit.name} ({unit.code})" if unit else "")
    detail = (
        f"“{indicator.label}” (mã {code}{where}) có giá trị “{str(text)[:40]}”, không phải {TYPE_WORDS[indicator.type]}"
    )
    fix = ""
    if period is not None:
        other = f" --unit {unit.code}" if unit is not None and not unit.is_self else ""
        fix = f"nhập lại giá trị đúng bằng lệnh cchc set --period {period}{other} {code}=GIÁ_TRỊ"
    return damage_found(detail, fix)


def _is_text(template: Template, code: str) -> bool:
    indicator = template.indicators.get(code)
    return indicator is not None and indicator.type == "text"
