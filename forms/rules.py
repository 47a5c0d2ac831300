"""Consistency rules: evaluate a period's whole value map in one pass and name every violation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from forms.catalog import Rule, Template
from forms.computed import with_computed
from forms.figures import Figures, lacking_text
from forms.numbers import format_number, round_half_up
from forms.violations import INFO, CheckContext, Violation, distinct_violations, one_per_slip

__all__ = ["INFO", "SHARE_RULE", "CheckContext", "Violation", "distinct_violations", "evaluate", "one_per_slip"]

COMPARE = {
    "=": lambda a, b: a == b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}


SHARE_RULE = "ty_le.vuot_100"  # a share whose part exceeds its whole (the rate is not printed)


def evaluate(template: Template, values: Mapping[str, object], context: CheckContext | None = None) -> list[Violation]:
    """Every violation of the template's rules for one period's figures (derived and computed values
    included), and an information item for each equality the missing figures leave open (unless the
    context asks for the slips alone: `CheckContext.infos`)."""
    context = context or CheckContext()
    merged = with_computed(template, values)
    found: list[Violation] = []
    for rule in template.rules:
        check = _KINDS[rule.kind]
        found.extend(check(template, rule, merged, context))
    found.extend(_shares(template, merged, found, context))
    return found


@dataclass
class _Side:
    """One side of a comparison: what its known figures add up to, and what is not known of it."""

    known: int | Decimal = 0
    any_known: bool = False
    unknown: list[str] = field(default_factory=list)  # unknown figures, and partial sums (their rest unknown)

    @property
    def closed(self) -> bool:
        return not self.unknown


def _side(rule: Rule, values: Mapping[str, object], codes: Sequence[str]) -> _Side:
    side = _Side()
    partial = values.partial if isinstance(values, Figures) else {}
    stale = values.stale if isinstance(values, Figures) else set()
    for code in codes:
        value = values.get(code)
        if code in stale and rule.missing != "zero":
            value = None  # an earlier month's stock bounds nothing: as unknown
        if not isinstance(value, int | Decimal):
            if code not in rule.optional and rule.missing != "zero":
                side.unknown.append(code)
            continue
        side.known += value
        side.any_known = True
        if code in partial and rule.missing != "zero":
            side.unknown.append(code)
    return side


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


def _broken(rule: Rule, left: _Side, right: _Side) -> bool:
    """Whether the rule fails whatever the unknown figures are (counts: an unknown part is ≥ 0)."""
    tolerance = rule.tolerance or 0
    if rule.op == "=":
        if left.closed and right.closed:
            return _gap(left, right) > tolerance
        if left.closed:
            return right.known > left.known + tolerance
        if right.closed:
            return left.known > right.known + tolerance
        return False
    if rule.op == "<=":
        return right.closed and left.known > right.known + tolerance
    return left.closed and right.known > left.known + tolerance


def _compare_sides(rule: Rule, left: _Side, right: _Side):
    """None when the rule is kept or cannot be decided; else (left, right) as the message shows them."""
    if not left.any_known and not right.any_known:
        return None
    if rule.missing == "skip" and (left.unknown or right.unknown):
        return None
    if rule.missing == "zero":
        kept = COMPARE[rule.op](left.known, right.known) or _within(rule, left, right)
        return None if kept else (left.known, right.known)
    return (left.known, right.known) if _broken(rule, left, right) else None


def _within(rule: Rule, left: _Side, right: _Side) -> bool:
    return rule.op == "=" and _gap(left, right) <= (rule.tolerance or 0)


def _gap(left: _Side, right: _Side) -> int | Decimal:
    """How far apart the known sums are (abs() of an int | Decimal reads as an object to the type checker)."""
    difference = left.known - right.known
    return -difference if difference < 0 else difference


def _open_note(template: Template, context: CheckContext, values, left: _Side, right: _Side) -> str:
    """What a slip's message adds when some figures are not known: the known ones already decide it."""
    unknown = left.unknown + right.unknown
    if not unknown:
        return ""
    return f" (Chưa có số liệu {_names(template, context, values, unknown)}; riêng phần đã nhập đã sai.)"


def _names(template: Template, context: CheckContext, values, codes: Sequence[str]) -> str:
    """The figures a person must still enter: `“A”, “B” (thiếu số liệu của Phường 2)`."""
    partial = values.partial if isinstance(values, Figures) else {}
    shown = []
    for code in codes:
        label = f"“{template.label_of(code)}”"
        if partial.get(code):
            label += f" (thiếu số liệu của {lacking_text(partial[code], context.name)})"
        shown.append(label)
    return ", ".join(shown)


def _info(template: Template, rule: Rule, values, context: CheckContext, sides, row: str = ""):
    """An equality left open by missing figures, as information: which figures, and what is known.

    Only when the total is known and its known parts fall short of it (parts that already make the
    total leave nothing open: the unknown ones are 0)."""
    (left, left_codes), (right, right_codes) = sides
    if rule.op != "=" or rule.missing != "parts" or left.closed == right.closed:
        return None
    (total, total_codes), parts = ((left, left_codes), right) if left.closed else ((right, right_codes), left)
    if not total.any_known or total.known - parts.known <= 0:
        return None
    if not parts.any_known and not rule.derive:
        return None  # a cross-check (the balance) whose other side is not entered at all: nothing to say
    total_label = " + ".join(template.label_of(code) for code in total_codes)
    where = f"{row}: " if row else ""
    missing = _names(template, context, values, parts.unknown)
    if parts.any_known:
        known = (
            f"“{total_label}” là {_fmt(total.known)}, các phần đã có cộng lại {_fmt(parts.known)} "
            f"(còn {_fmt(total.known - parts.known)} chưa rõ thuộc phần nào)."
        )
    else:
        known = f"“{total_label}” ({_fmt(total.known)}) chưa được chia thành các phần này."
    message = f"{where}Chưa có số liệu để kiểm tra đủ: {missing}. {known}"
    return Violation(
        rule=rule.id, importance=INFO, message=message, codes=tuple(parts.unknown), left=left.known, right=right.known
    )


def _check(template: Template, rule: Rule, values, context: CheckContext, left_codes, right_codes, **extra):
    """A violation of `left op right`, an information item, or nothing."""
    left_values = extra.pop("left_values", values)
    right_values = extra.pop("right_values", values)
    left = _side(rule, left_values, left_codes)
    right = _side(rule, right_values, right_codes)
    broken = _compare_sides(rule, left, right)
    codes = tuple(left_codes) + tuple(right_codes)
    if broken is None:
        if extra.get("info", True) and context.infos:
            sides = ((left, left_codes), (right, right_codes))
            return _info(template, rule, values, context, sides, extra.get("row", ""))
        return None
    shown_left, shown_right = broken
    message = _message(rule, shown_left, shown_right, row=extra.get("row", ""), period=context.period_label)
    if rule.missing == "parts":
        message += _open_note(template, context, values, left, right)
    return Violation(
        rule=rule.id,
        importance=rule.importance,
        message=message,
        codes=extra.get("codes", codes),
        left=shown_left,
        right=shown_right,
    )


def _compare(template: Template, rule: Rule, values, context: CheckContext) -> list[Violation]:
    if rule.when_any and not any(values.get(code) is not None for code in template.codes_matching(rule.when_any)):
        return []
    found = _check(template, rule, values, context, rule.left, rule.right)
    return [found] if found else []


def _per_row(template: Template, rule: Rule, values, context: CheckContext) -> list[Violation]:
    table = template.tables[rule.table]
    found = []
    for cap in table.caps:
        for row in template.lists[table.rows_list]:
            left_codes = tuple(table.cell_code(key, cap, row) for key in rule.left)
            right_codes = tuple(table.cell_code(key, cap, row) for key in rule.right)
            row_label = f"{template.caps[cap]} / {template.lists[table.rows_list][row]}"
            item = _check(template, rule, values, context, left_codes, right_codes, row=row_label)
            if item:
                found.append(item)
    return found


def _carry(template: Template, rule: Rule, values, context: CheckContext) -> list[Violation]:
    """This period's opening (`left`) against the previous period's closing (`right`): only when both
    periods hold them; an untouched period carries nothing over yet, whatever `missing` says."""
    previous = context.previous
    if not previous or all(previous.get(code) is None for code in rule.right):
        return []
    if all(values.get(code) is None for code in rule.left):
        return []
    found = _check(
        template, rule, values, context, rule.left, rule.right, right_values=previous, info=False, codes=rule.left
    )
    return [found] if found else []


def _outlier(template: Template, rule: Rule, values, context: CheckContext) -> list[Violation]:
    factor = Decimal(str(rule.params.get("factor", 3)))
    depth = int(rule.params.get("history", 4))
    min_periods = int(rule.params.get("min_periods", 2))
    min_mean = Decimal(str(rule.params.get("min_mean", 10)))
    history = list(context.history)[:depth]
    found: list[Violation] = []
    for code, indicator in template.indicators.items():
        value = values.get(code)
        if indicator.time != "sum" or not indicator.is_numeric or value is None:
            continue
        seen = [period.get(code) for period in history]
        past = [item for item in seen if isinstance(item, int | Decimal)]  # a numeric figure's values
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


def _shares(template: Template, values, found: list[Violation], context: CheckContext) -> list[Violation]:
    """A share above 100 % (its part exceeds its whole) that no rule already points at."""
    over = values.over if isinstance(values, Figures) else {}
    flagged = {code for violation in found if violation.importance != INFO for code in violation.codes}
    result = []
    for code, (numerator, denominator) in over.items():
        computed = template.computed[code]
        if flagged & set(_stored_operands(template, computed.num + computed.den)):
            continue
        result.append(
            Violation(
                rule=SHARE_RULE,
                importance="warning",
                message=(
                    f"{computed.label}: tử số ({_fmt(numerator)}) lớn hơn mẫu số ({_fmt(denominator)}), tỷ lệ vượt "
                    "100% nên không được in; hãy kiểm tra lại các số liệu này."
                ),
                codes=tuple(_stored_operands(template, computed.num + computed.den)),
                left=numerator,
                right=denominator,
            )
        )
    return result


def _stored_operands(template: Template, codes: Sequence[str]) -> list[str]:
    result: list[str] = []
    for code in codes:
        if code in template.computed:
            result.extend(_stored_operands(template, template.computed[code].num + template.computed[code].den))
        else:
            result.append(code)
    return result
