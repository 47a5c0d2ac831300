"""Values as the command line lists them: label, value with its unit, and the code `set` takes."""

from __future__ import annotations

from datetime import date

from forms.catalog import Template
from forms.numbers import format_date
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
        rows.append((template.label_of(code), f"{shown}{suffix}", code))
    return rows


def values_json(values: dict[str, object]) -> dict[str, object]:
    """Values as JSON numbers and strings (`get --json`)."""
    return {code: to_json(value) for code, value in values.items()}


def date_text(day: date) -> str:
    """A date as Vietnamese documents write it (`14/1/2023`)."""
    return format_date(day)
