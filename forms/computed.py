"""Computed values: rates (100 × num / den, 2 decimals half up) and sums, from a period's figures.

Unknown propagates: a sum needs every operand known; a rate needs its numerator and denominator known
and whole (a partial sum over units or months is no base for a rate), and a share above 100 % is a
slip, never a result (it is noted in `Figures.over` for the checks). A table's column total adds the
rows the table holds; a row with a cell of its own filled and this one unknown makes it partial.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from forms.figures import Figures, as_figures, derive
from forms.model import Computed, Template
from forms.numbers import round_half_up

HUNDRED = Decimal(100)


def compute(template: Template, values: Mapping[str, object]) -> Figures:
    """Every computed value that has one for these figures (codes `rate.*`, `sum.*`), as Figures:
    a computed sum over a partial figure is partial too."""
    figures = as_figures(values)
    result = Figures()
    memo: dict[str, tuple[object, bool] | None] = {}

    def get(code: str) -> tuple[object, bool] | None:
        """(value, whole) of a code, None when unknown."""
        if code in figures:
            value = figures[code]
            if not isinstance(value, int | Decimal):
                return None
            return value, code not in figures.partial
        if code not in template.computed:
            return None
        if code not in memo:
            memo[code] = None
            memo[code] = _evaluate(template, template.computed[code], get, figures, result)
        return memo[code]

    for code in template.computed:
        found = get(code)
        if found is None:
            continue
        result[code] = found[0]
        if not found[1]:
            result.partial[code] = ()
            if any(operand in figures.stale or operand in result.stale for operand in _all_operands(template, code)):
                result.stale.add(code)
    return result


def _all_operands(template: Template, code: str) -> list[str]:
    computed = template.computed[code]
    return list(computed.num + computed.den)


def _evaluate(template: Template, computed: Computed, get, figures: Figures, result: Figures):
    if computed.table:
        return _column_total(template, computed, get, figures)
    numerator = _all(computed.num, get)
    if computed.kind == "sum":
        return numerator
    denominator = _all(computed.den, get)
    if numerator is None or denominator is None or not (numerator[1] and denominator[1]) or not denominator[0]:
        return None
    rate = round_half_up(HUNDRED * Decimal(numerator[0]) / Decimal(denominator[0]), 2)
    if computed.share and rate > HUNDRED:
        result.over[computed.code] = (numerator[0], denominator[0])
        return None
    return rate, True


def _all(operands, get) -> tuple[int | Decimal, bool] | None:
    """The sum of operands that are all known (whole when each is), None when any is unknown."""
    found = [get(code) for code in operands]
    if not found or any(item is None for item in found):
        return None
    return sum(item[0] for item in found), all(item[1] for item in found)


def _column_total(template: Template, computed: Computed, get, figures: Figures):
    """A table column's total over the rows it holds (per cấp), or over the cấp totals."""
    found = [(code, get(code)) for code in computed.num]
    present = [item for _, item in found if item is not None]
    if not present:
        return None
    whole = all(item[1] for item in present)
    if computed.cap:
        table = template.tables[computed.table]
        for row, (_, item) in zip(template.lists[table.rows_list], found, strict=True):
            if item is None and any(
                figures.get(table.cell_code(column.key, computed.cap, row)) is not None for column in table.columns
            ):
                whole = False  # the row is in the table, this cell of it is unknown
    else:
        whole = whole and all(
            item is not None or not _cap_has_rows(template, computed, code, get) for code, item in found
        )
    return sum(item[0] for item in present), whole


def _cap_has_rows(template: Template, computed: Computed, cap_total: str, get) -> bool:
    """Whether a cấp holds rows of the table (a cấp total that is unknown while its rows are not)."""
    table = template.tables[computed.table]
    cap = cap_total.rpartition("@")[2]
    return any(get(table.sum_code(column.key, cap)) is not None for column in table.columns)


def complete(template: Template, values: Mapping[str, object]) -> Figures:
    """The figures with what the identities determine and every computed value: the one map the
    report, the annexes, the checks and the window read."""
    figures = derive(template, values)
    computed = compute(template, figures)
    figures.update(computed)
    figures.partial.update(computed.partial)
    figures.over.update(computed.over)
    figures.stale |= computed.stale
    return figures


def with_computed(template: Template, values: Mapping[str, object]) -> Figures:
    """The figures plus their derived and computed values, in one map (see `complete`)."""
    return complete(template, values)
