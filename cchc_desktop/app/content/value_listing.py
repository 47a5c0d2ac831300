"""Values as the command line lists them: label, value with its unit, and the code `set` takes."""

from __future__ import annotations

from datetime import date, datetime

from forms.catalog import Template
from forms.figures import DERIVED, PARTIAL, Figures, state_of
from forms.numbers import format_datetime, show_date
from forms.periods import parse_period
from forms.values import display_code, to_json

MAX_TEXT = 80


def value_rows(template: Template, values: dict[str, object]) -> list[tuple[str, str, str]]:
    """(label, shown value with its unit, code) in the template's order; long texts cut to one line."""
    order = {code: index for index, code in enumerate([*template.indicators, *template.computed])}
    rows = []
    for code in sorted(values, key=lambda c: order.get(c, len(order))):
        value = values[code]
        shown = display_code(template, code, value)
        if isinstance(value, str):
            shown = shown.replace("\n", " ")
            shown = shown if len(shown) <= MAX_TEXT else shown[: MAX_TEXT - 3] + "…"
        unit = "" if code.startswith("rate.") else template.unit_of(code)
        suffix = unit if unit == "%" else f" {unit}" if unit else ""
        rows.append((template.label_of(code), f"{shown}{suffix}{_state_note(values, code)}", code))
    return rows


def _state_note(values: dict[str, object], code: str) -> str:
    state = state_of(values, code)
    if state == DERIVED:
        return " (suy ra)"
    if state == PARTIAL:
        return " (chưa đủ số liệu)"
    return ""


def missing_text(values: dict[str, object]) -> str:
    """`Thiếu số liệu tháng 11/2024, tháng 12/2024` for a period made of entry periods some of which hold
    no figure; "" when none is missing."""
    missing = values.missing if isinstance(values, Figures) else ()
    if not missing:
        return ""
    return "Thiếu số liệu " + ", ".join(parse_period(p).short_label().lower() for p in missing)


def values_json(values: dict[str, object]) -> dict[str, object]:
    """Values as JSON numbers and strings (`get --json`), and how they are known:
    `_missing_periods` — the entry periods of the period that hold no figure (`["2024-11", "2024-12"]`);
    `_derived` — the codes worked out from an identity rule (not typed);
    `_partial` — the sums some month or unit that reported lacks a part of (code → those months/units).
    Each of the three is present only when it is not empty, and none for a period without any figure."""
    result: dict[str, object] = {code: to_json(value) for code, value in values.items()}
    if isinstance(values, Figures) and result:  # a period with no figure at all is just `{}`
        if values.missing:
            result["_missing_periods"] = list(values.missing)
        derived = sorted(code for code in values.derived if code in values)
        if derived:
            result["_derived"] = derived
        partial = {code: list(who) for code, who in sorted(values.partial.items()) if code in values}
        if partial:
            result["_partial"] = partial
    return result


def date_text(day: date) -> str:
    """A date as the command line shows it, dd/mm/yyyy (`14/01/2023`)."""
    return show_date(day)


def time_text(moment: datetime) -> str:
    """A moment as the command line says it: `13:42 ngày 05/10/2023`."""
    return format_datetime(moment)
