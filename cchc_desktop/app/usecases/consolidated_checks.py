"""The rules on a parent's consolidated figures and on each child's figures.

A child's slips are listed under its name (`cchc check` of the parent, PL4), with the giải trình the
child gave (stored for the child's unit). They are the child's to correct or explain: they do not
block the parent's `submit`, which only this unit's own errors block. Slips of the consolidated
figures are listed when no unit's own figures already show the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc_desktop.app.usecases.action_reads import DIRECT
from cchc_desktop.app.usecases.consolidated import ConsolidatedFigures
from cchc_desktop.app.usecases.context import as_period, report_period_of
from cchc_desktop.app.usecases.units import UnitInfo
from db import store
from forms.periods import Period
from forms.rules import CheckContext, Violation, distinct_violations, evaluate

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.usecases.checking import Checks
    from cchc_desktop.app.usecases.consolidated import ConsolidatedCache
    from cchc_desktop.app.usecases.context import Context

CHUNK = 50  # children read per query: bounded parameters, bounded memory


@dataclass(frozen=True)
class UnitChecks:
    """A child unit and its standing slips (each once), in the order its own `check` lists them."""

    unit: UnitInfo
    violations: list[Violation]
    numbers: list[int]  # each slip's number in the child's own `cchc check --unit CODE` list

    def to_json(self) -> list[dict]:
        return [{**v.to_json(), "unit": self.unit.code} for v in self.violations]


def child_checks(checks: Checks, period: Period | str, unit_code: str | None = None) -> list[UnitChecks]:
    """The slips of each child holding figures for the period (children without slips left out).

    The children are read and checked a chunk at a time: what a chunk's checks read is let go before
    the next chunk is read (a thousand children's history does not sit in memory at once)."""
    figures = checks.consolidated.figures(period, unit_code)
    ctx = checks.ctx
    rows = {row.code: row for row in ctx.reads.children_of(ctx.unit_row(figures.unit.code))}
    result = []
    for start in range(0, len(figures.children), CHUNK):
        chunk = figures.children[start : start + CHUNK]
        units = [rows[c.unit.code] for c in chunk if c.unit.code in rows]
        caches = _read_children(checks, figures, units)
        _read_ahead(ctx, units, figures.period)
        for child in chunk:
            cache = caches.pop(child.unit.code, None)
            found = checks.check(figures.period, child.unit.code, cache=cache, slips_only=True)
            indexes = [i for i in distinct_violations(found) if not found[i].is_info]  # the child's slips
            if indexes:
                result.append(UnitChecks(child.unit, [found[i] for i in indexes], [i + 1 for i in indexes]))
    return result


def _read_ahead(ctx: Context, units: list, period: Period) -> None:
    """Inside an action, what `check` asks of each child besides its figures, for the whole chunk in one
    query each: its row, its giải trình, its texts (the live figures' warnings). Outside one nothing is
    kept, so each check reads its own."""
    reads = ctx.reads
    if reads is DIRECT:
        return
    ctx.remember_rows(units)
    report = report_period_of(period)
    entries = {entry for frequency in {unit.frequency for unit in units} for entry in period.entry_periods(frequency)}
    reads.read_explanations(units, [str(p) for p in dict.fromkeys([period, report, *sorted(entries)])])
    reads.versioned_values(units, [str(report)])


def _read_children(checks: Checks, figures: ConsolidatedFigures, units: list) -> dict[str, dict]:
    """Every period the checks of these children read, for all of them in one query (not one per child)."""
    wanted = {unit.id: checks.periods_read(unit, figures.period) for unit in units}
    periods = list(dict.fromkeys(p for periods in wanted.values() for p in periods))
    raw = store.versioned_values(units, [str(p) for p in periods])
    return {
        unit.code: {p: checks.reader.typed(figures.template, raw[(unit.id, str(p))], unit, p) for p in wanted[unit.id]}
        for unit in units
    }


def consolidated_checks(
    consolidated: ConsolidatedCache,
    period: Period | str,
    unit_code: str | None = None,
    known: set[str] | None = None,
) -> list[Violation]:
    """The rules on the consolidated figures (a parent with children holding figures), leaving out the
    rules that `known` (the rules already standing on the units' own figures) names; with the
    explanations this unit stored for them."""
    period = as_period(period)
    figures = consolidated.figures(period, unit_code)
    if not figures.has_children:
        return []
    found = evaluate(figures.template, figures.total, CheckContext(period_label=period.label()))
    none_codes = {code for code, indicator in figures.template.indicators.items() if indicator.units == "none"}
    found = [
        v for v in found if not v.is_info and v.rule not in (known or set()) and not none_codes & set(v.codes)
    ]  # slips only; a unit's own listed figure (units = none) is never compared with the grand total
    unit = consolidated.ctx.unit_row(figures.unit.code)
    report = str(report_period_of(period))
    notes = store.explanations(unit, list(dict.fromkeys([str(period), report])))
    for violation in found:
        violation.explanation = notes.get((str(period), violation.rule)) or notes.get((report, violation.rule), "")
    return found


def standing_rules(own: list[Violation], children: list[UnitChecks]) -> set[str]:
    return {v.rule for v in own} | {v.rule for item in children for v in item.violations}
