"""Consistency rules: evaluate a period's whole value map in one pass and name every violation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from forms.catalog import Rule, Template
from forms.computed import with_computed
from forms.numbers import format_number, round_half_up

COMPARE = {
    "=": lambda a, b: a == b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}


@dataclass
class Violation:
    """A broken rule: which, how grave, the message with the figures, and the codes involved."""

    rule: str
    importance: str
    message: str
    codes: tuple[str, ...]
    left: object = None
    right: object = None
    period: str = ""
    explanation: str = ""

    @property
    def is_error(self) -> bool:
        return self.importance == "error"

    def to_json(self) -> dict:
        def plain(value):
            if isinstance(value, Decimal):
                return int(value) if value == value.to_integral_value() else float(value)
            return value

        data = {
            "rule": self.rule,
            "importance": self.importance,
            "message": self.message,
            "codes": list(self.codes),
            "left": plain(self.left),
            "right": plain(self.right),
        }
        if self.period:
            data["period"] = self.period
        data["explanation"] = self.explanation or None
        return data


@dataclass
class CheckContext:
    """What rules need beyond the period's own values."""

    period_label: str = ""
    previous: Mapping[str, object] | None = None
    history: Sequence[Mapping[str, object]] = field(default_factory=list)
    previous_entry: Mapping[str, object] | None = None
    previous_entry_label: str = ""


def evaluate(template: Template, values: Mapping[str, object], context: CheckContext | None = None) -> list[Violation]:
    """Every violation of the template's rules for one period's values (computed values included)."""
    context = context or CheckContext()
    merged = with_computed(template, values)
    found: list[Violation] = []
    for rule in template.rules:
        check = _KINDS[rule.kind]
        found.extend(check(template, rule, merged, context))
    return found


def _operand(values: Mapping[str, object], codes: Sequence[str], as_zero: bool):
    parts = [values.get(code) for code in codes]
    if any(part is None for part in parts) and not as_zero:
        return None, True
    present = [part for part in parts if part is not None]
    return (sum(present) if present else 0), not present


def _fmt(value) -> str:
    return format_number(value) if isinstance(value, int | Decimal) else str(value)


def _message(rule: Rule, left, right, **extra) -> str:
    fields = {
        "left": _fmt(left),
        "right": _fmt(right),
        "diff": _fmt(abs(left - right)) if left is not None and right is not None else "",
        "period": extra.pop("period", ""),
    }
    fields.update({key: _fmt(value) if isinstance(value, int | Decimal) else value for key, value in extra.items()})
    try:
        return rule.message.format(**fields)
    except (KeyError, IndexError):
        return rule.message


def _compare_values(rule: Rule, values, left_codes, right_codes, left_values=None, right_values=None):
    left_values = values if left_values is None else left_values
    right_values = values if right_values is None else right_values
    left, left_empty = _operand(left_values, left_codes, rule.empty_as_zero)
    right, right_empty = _operand(right_values, right_codes, rule.empty_as_zero)
    if left is None or right is None or (left_empty and right_empty):
        return None
    if COMPARE[rule.op](left, right):
        return None
    return left, right


def _compare(template: Template, rule: Rule, values, context: CheckContext) -> list[Violation]:
    if rule.when_any and not any(values.get(code) is not None for code in template.codes_matching(rule.when_any)):
        return []
    broken = _compare_values(rule, values, rule.left, rule.right)
    if broken is None:
        return []
    left, right = broken
    return [
        Violation(
            rule=rule.id,
            importance=rule.importance,
            message=_message(rule, left, right, period=context.period_label),
            codes=rule.left + rule.right,
            left=left,
            right=right,
        )
    ]


def _per_row(template: Template, rule: Rule, values, context: CheckContext) -> list[Violation]:
    table = template.tables[rule.table]
    found = []
    for cap in table.caps:
        for row in template.lists[table.rows_list]:
            left_codes = tuple(table.cell_code(key, cap, row) for key in rule.left)
            right_codes = tuple(table.cell_code(key, cap, row) for key in rule.right)
            broken = _compare_values(rule, values, left_codes, right_codes)
            if broken is None:
                continue
            left, right = broken
            row_label = f"{template.caps[cap]} / {template.lists[table.rows_list][row]}"
            found.append(
                Violation(
                    rule=rule.id,
                    importance=rule.importance,
                    message=_message(rule, left, right, row=row_label, period=context.period_label),
                    codes=left_codes + right_codes,
                    left=left,
                    right=right,
                )
            )
    return found


def _carry(template: Template, rule: Rule, values, context: CheckContext) -> list[Violation]:
    previous = context.previous
    if not previous or all(previous.get(code) is None for code in rule.right):
        return []
    broken = _compare_values(rule, values, rule.left, rule.right, right_values=previous)
    if broken is None:
        return []
    left, right = broken
    return [
        Violation(
            rule=rule.id,
            importance=rule.importance,
            message=_message(rule, left, right, period=context.period_label),
            codes=rule.left,
            left=left,
            right=right,
        )
    ]


def _outlier(template: Template, rule: Rule, values, context: CheckContext) -> list[Violation]:
    factor = Decimal(str(rule.params.get("factor", 3)))
    depth = int(rule.params.get("history", 4))
    min_periods = int(rule.params.get("min_periods", 2))
    min_mean = Decimal(str(rule.params.get("min_mean", 10)))
    history = list(context.history)[:depth]
    found = []
    for code, indicator in template.indicators.items():
        value = values.get(code)
        if indicator.time != "sum" or not indicator.is_numeric or value is None:
            continue
        past = [period.get(code) for period in history]
        past = [item for item in past if item is not None]
        if len(past) < min_periods:
            continue
        mean = Decimal(sum(past)) / len(past)
        if mean < min_mean:
            continue
        if Decimal(value) > factor * mean or Decimal(value) * factor < mean:
            shown_mean = round_half_up(mean, 1)
            found.append(
                _about_one_code(
                    rule,
                    code,
                    value,
                    shown_mean,
                    context,
                    label=indicator.label,
                    value=value,
                    mean=shown_mean,
                    unit=indicator.unit,
                    periods=len(past),
                )
            )
    return found


def _about_one_code(rule: Rule, code: str, left, right, context: CheckContext, **fields) -> Violation:
    """A violation about one indicator's value (outlier, year-to-date), its message filled from fields."""
    return Violation(
        rule=rule.id,
        importance=rule.importance,
        message=_message(rule, left, right, period=context.period_label, **fields),
        codes=(code,),
        left=left,
        right=right,
    )


def _ytd(template: Template, rule: Rule, values, context: CheckContext) -> list[Violation]:
    previous = context.previous_entry
    if not previous:
        return []
    found = []
    for pattern in rule.patterns:
        for code in template.codes_matching(pattern):
            value, before = values.get(code), previous.get(code)
            if value is None or before is None or value >= before:
                continue
            indicator = template.indicators[code]
            found.append(
                _about_one_code(
                    rule,
                    code,
                    value,
                    before,
                    context,
                    label=indicator.label,
                    value=value,
                    previous=before,
                    previous_period=context.previous_entry_label,
                    unit=indicator.unit,
                )
            )
    return found


_KINDS = {
    "compare": _compare,
    "per_row": _per_row,
    "carry": _carry,
    "outlier": _outlier,
    "ytd": _ytd,
}


def distinct_violations(violations: list[Violation]) -> list[int]:
    """Indexes of the violations to list once. Checking a period longer than the entry periods (a
    monthly unit's quarter) finds a slip both in the aggregated figures and in the month where it
    is; a violation of the whole period with the same rule and codes as some entry period's is
    left out, since the month says where the slip is. One that no entry period explains stays."""
    parts = {(v.rule, v.codes) for v in violations if v.period}
    return [i for i, v in enumerate(violations) if v.period or (v.rule, v.codes) not in parts]
