"""Figures of a span of entry periods (cùng kỳ, lũy kế) computed only from the periods that hold figures.

Adding up whatever exists would show a quarterly unit's quý III as its nine-month total. Here each
indicator's value is kept only when every entry
period its time aggregation needs holds figures; the others are left empty and the missing
periods are named for the annex's "Ghi chú".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from forms.aggregate import aggregate_time
from forms.catalog import Template
from forms.computed import complete
from forms.figures import holds_figures
from forms.periods import Period

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.usecases.entry import Entry

_ROMAN = ("I", "II", "III", "IV")


@dataclass
class Coverage:
    """A span's values, which entry periods hold figures, and the codes left empty for lack of them."""

    values: dict[str, object] = field(default_factory=dict)
    present: list[Period] = field(default_factory=list)
    missing: list[Period] = field(default_factory=list)
    unreliable: set[str] = field(default_factory=set)
    withheld: set[str] = field(default_factory=set)  # unreliable codes the periods present did hold a value of

    @property
    def exists(self) -> bool:
        """True when at least one entry period of the span holds figures."""
        return bool(self.present)


has_figures = holds_figures  # a period holding any figure (a narrative alone is not data)


def coverage(
    entry: Entry,
    entries: list[Period],
    unit_code: str | None = None,
    read: Callable[[Period], dict[str, object]] | None = None,
    template: Template | None = None,
) -> Coverage:
    """The values of the span made of `entries` (oldest first), from the entry periods that hold figures.

    read: an entry period's stored values (without computed ones) named by `template`'s codes —
    the caller translates values stored with another template version; default: as stored."""
    template = template or (entry.ctx.template_for(entries[-1]) if entries else entry.ctx.template)
    if read is None:
        series = [entry.get_values(p, unit_code, computed=False, template=template) for p in entries]
    else:
        series = [read(p) for p in entries]
    filled = [has_figures(template, values) for values in series]
    result = Coverage(
        present=[p for p, ok in zip(entries, filled, strict=True) if ok],
        missing=[p for p, ok in zip(entries, filled, strict=True) if not ok],
    )
    if not result.present:
        result.unreliable = _numeric_codes(template)
        return result
    gaps = {index for index, ok in enumerate(filled) if not ok}
    if gaps:
        result.unreliable = {
            code
            for code, indicator in template.indicators.items()
            if indicator.type != "text" and _needed(indicator.time, len(entries)) & gaps
        }
    kept = [(values, str(p)) for values, p, ok in zip(series, entries, filled, strict=True) if ok]
    values = aggregate_time(template, [v for v, _ in kept], [name for _, name in kept])
    result.withheld = {code for code in result.unreliable if values.get(code) is not None}
    for code in result.unreliable:
        values.pop(code, None)
    values = complete(template, values)
    broken = {code for code in template.computed if _leaves(template, code) & result.unreliable}
    result.unreliable |= broken
    result.withheld |= {code for code in broken if _leaves(template, code) & result.withheld}
    for code in broken:
        values.pop(code, None)
    result.values = values
    return result


def _needed(time: str, count: int) -> set[int]:
    """The entry periods (by position) an indicator's value over the span is made from."""
    if time == "last":
        return {count - 1}
    if time == "first":
        return {0}
    return set(range(count))


def _numeric_codes(template: Template) -> set[str]:
    codes = {code for code, indicator in template.indicators.items() if indicator.type != "text"}
    return codes | set(template.computed)


def _leaves(template: Template, code: str, seen: frozenset[str] = frozenset()) -> set[str]:
    """The stored codes a computed value is made from."""
    computed = template.computed.get(code)
    if computed is None or code in seen:
        return {code}
    found: set[str] = set()
    for operand in (*computed.num, *computed.den):
        found |= _leaves(template, operand, seen | {code})
    return found


def year_entries(period: Period, frequency: str) -> list[Period]:
    """The entry periods from January to the end of `period`."""
    year = Period("year", period.year, 1)
    return [p for p in year.entry_periods(frequency) if p.last_month <= period.last_month]


def missing_text(periods: list[Period]) -> str:
    """`quý I, quý II năm 2023`, `tháng 1 đến tháng 6, tháng 8 năm 2023`: the periods, grouped by year."""
    parts = []
    for year in sorted({p.year for p in periods}):
        indexes = sorted(p.index for p in periods if p.year == year)
        kind = next(p.kind for p in periods if p.year == year)
        names = [_name(kind, first, last) for first, last in _runs(indexes, 3 if kind == "month" else 5)]
        parts.append(f"{', '.join(names)} năm {year}")
    return "; ".join(parts)


def _name(kind: str, first: int, last: int) -> str:
    word = "quý" if kind == "quarter" else "tháng"

    def one(index: int) -> str:
        return f"{word} {_ROMAN[index - 1] if kind == 'quarter' else index}"

    return one(first) if first == last else f"{one(first)} đến {one(last)}"


def _runs(indexes: list[int], shortest: int) -> list[tuple[int, int]]:
    """Consecutive runs of at least `shortest` become (first, last); the rest stay single."""
    runs: list[list[int]] = []
    for index in indexes:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    result: list[tuple[int, int]] = []
    for run in runs:
        if len(run) >= shortest:
            result.append((run[0], run[-1]))
        else:
            result.extend((index, index) for index in run)
    return result
