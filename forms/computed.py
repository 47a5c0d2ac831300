"""Computed values: rates (100 × num / den, 2 decimals half up) and sums, from a period's values."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from forms.catalog import Template
from forms.numbers import round_half_up


def compute(template: Template, values: Mapping[str, object]) -> dict[str, int | Decimal]:
    """Every computed value that has one for these values (codes `rate.*`, `sum.*`)."""
    memo: dict[str, int | Decimal | None] = {}

    def get(code: str):
        if code in values:
            value = values[code]
            return value if isinstance(value, int | Decimal) else None
        if code not in template.computed:
            return None
        if code not in memo:
            memo[code] = None
            memo[code] = _evaluate(template.computed[code], get)
        return memo[code]

    result = {}
    for code in template.computed:
        value = get(code)
        if value is not None:
            result[code] = value
    return result


def _total(operands, get):
    present = [get(code) for code in operands]
    present = [value for value in present if value is not None]
    if not present:
        return None
    return sum(present)


def _evaluate(computed, get):
    numerator = _total(computed.num, get)
    if computed.kind == "sum":
        return numerator
    denominator = _total(computed.den, get)
    if numerator is None or not denominator:
        return None
    return round_half_up(Decimal(100) * Decimal(numerator) / Decimal(denominator), 2)


def with_computed(template: Template, values: Mapping[str, object]) -> dict[str, object]:
    """The values plus their computed values, in one map."""
    merged = dict(values)
    merged.update(compute(template, values))
    return merged
